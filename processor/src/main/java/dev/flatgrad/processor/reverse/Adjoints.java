package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The adjoint of every active variable at the current point of the backward pass, tracked
 * symbolically so that the code emitted is what a person writes: an adjoint is zero until its
 * first contribution, which declares it ({@code double dx = ...}) rather than adding to zero; a
 * pure copy ({@code dx = dz} through an add gate) stays an alias until something would change
 * what it reads; later contributions add ({@code dx += ...}). Arrays are updated in place only
 * when this adjoint owns them.
 */
final class Adjoints {

  private enum Kind {
    ZERO,
    LAZY,
    HELD
  }

  private static final class Slot {
    final Variable adjoint;
    Kind kind = Kind.ZERO;
    Expr lazy;
    boolean owned;
    int declaredAt = -1;

    Slot(Variable adjoint) {
      this.adjoint = adjoint;
    }

    Slot copy() {
      Slot s = new Slot(adjoint);
      s.kind = kind;
      s.lazy = lazy;
      s.owned = owned;
      s.declaredAt = declaredAt;
      return s;
    }

    /** Same value for the code that follows (ownership aside). */
    boolean sameAs(Slot o) {
      return kind == o.kind && java.util.Objects.equals(lazy, o.lazy) && declaredAt == o.declaredAt;
    }
  }

  /** The bookkeeping at one point, to generate alternative branches from the same state. */
  static final class Snapshot {
    private final Map<Variable, Slot> slots;

    private Snapshot(Map<Variable, Slot> slots) {
      this.slots = slots;
    }
  }

  Snapshot snapshot() {
    Map<Variable, Slot> copy = new HashMap<>();
    slots.forEach((p, s) -> copy.put(p, s.copy()));
    return new Snapshot(copy);
  }

  void restore(Snapshot snapshot) {
    slots.clear();
    snapshot.slots.forEach((p, s) -> slots.put(p, s.copy()));
  }

  /** The primals among {@code candidates} whose adjoints differ between two snapshots. */
  static Set<Variable> differing(Snapshot a, Snapshot b, Set<Variable> candidates) {
    Set<Variable> out = new java.util.LinkedHashSet<>();
    for (Variable p : candidates) {
      Slot x = a.slots.get(p);
      Slot y = b.slots.get(p);
      boolean same = x == null ? y == null || y.kind == Kind.ZERO && y.declaredAt < 0
          : y == null ? x.kind == Kind.ZERO && x.declaredAt < 0 : x.sameAs(y);
      if (!same) {
        out.add(p);
      }
    }
    return out;
  }

  private final Map<Variable, Slot> slots = new java.util.LinkedHashMap<>();
  private final Consumer<Stmt> out;
  private int depth;

  Adjoints(Consumer<Stmt> out) {
    this.out = out;
  }

  private Slot slot(Variable primal) {
    return slots.computeIfAbsent(primal, p -> new Slot(Variable.adjointOf(p)));
  }

  /** The adjoint variable of a primal (whether or not it holds anything yet). */
  Variable adjointVar(Variable primal) {
    return slot(primal).adjoint;
  }

  /** Starts the backward pass with {@code seed} as the adjoint of the output. */
  void seed(Variable output, Expr seed) {
    Slot s = slot(output);
    s.kind = Kind.LAZY;
    s.lazy = seed;
  }

  /** The current adjoint of {@code v} as an expression, or null if it is zero. */
  Expr read(Variable v) {
    Slot s = slot(v);
    return switch (s.kind) {
      case ZERO -> null;
      case LAZY -> s.lazy;
      case HELD -> new Expr.Ref(s.adjoint);
    };
  }

  /** The adjoint of {@code v} as a final value: zero spelled out if nothing reached it. */
  Expr value(Variable v) {
    Expr e = read(v);
    return e != null ? e : zeros(v);
  }

  /** Adds {@code c} to the adjoint of {@code v}. */
  void contribute(Variable v, Expr c) {
    if (c instanceof Expr.Cast cast && cast.type().equals(v.type())) {
      // An int widens to double by itself where it is assigned.
      c = cast.operand();
    }
    Slot s = slot(v);
    Type t = v.type();
    if (s.kind == Kind.ZERO && c instanceof Expr.Ref r && r.var() == s.adjoint) {
      s.kind = Kind.HELD;
      return;
    }
    beforeWrite(s.adjoint);
    switch (s.kind) {
      case ZERO -> {
        if (c instanceof Expr.Const || Exprs.isAtom(c) && !v.isUserNamed()) {
          s.kind = Kind.LAZY;
          s.lazy = c;
          share(c);
        } else {
          assign(s, c, isFresh(c));
        }
      }
      case LAZY -> {
        Expr sum = Simplifier.add(s.lazy, c);
        assign(s, sum, t.isArray());
      }
      case HELD -> {
        if (!t.isArray()) {
          Simplifier.Signed signed = Simplifier.sign(c);
          BinaryOp op = signed.negative() ? BinaryOp.SUB : BinaryOp.ADD;
          out.accept(new Stmt.Assign(s.adjoint, op, signed.magnitude(), false, Pos.NONE));
        } else if (s.owned) {
          out.accept(new Stmt.Eval(NdCalls.addInPlace(new Expr.Ref(s.adjoint), c), Pos.NONE));
        } else {
          assign(s, NdCalls.add(new Expr.Ref(s.adjoint), c), true);
        }
      }
    }
  }

  /** Adds {@code c} to element {@code indices} of the adjoint of array {@code a}. */
  void contributeElement(Variable a, List<Expr> indices, Expr c) {
    Slot s = owned(a);
    Expr element = new Expr.Ref(s.adjoint);
    for (int i = 0; i < indices.size() - 1; i++) {
      element = new Expr.Index(element, indices.get(i));
    }
    if (c.type().isArray()) {
      out.accept(new Stmt.Eval(NdCalls.addInPlace(new Expr.Index(element, indices.get(indices.size() - 1)), c), Pos.NONE));
      return;
    }
    out.accept(new Stmt.Store(s.adjoint, indices, BinaryOp.ADD, c, Pos.NONE));
  }

  /** Sets element {@code indices} of the adjoint of {@code a} to zero (its value was overwritten). */
  void zeroElement(Variable a, List<Expr> indices) {
    if (slot(a).kind == Kind.ZERO) {
      return;
    }
    Slot s = owned(a);
    Type element = a.type();
    for (int i = 0; i < indices.size(); i++) {
      element = element.element();
    }
    Expr zero = zeroOf(element);
    if (element.isArray()) {
      // A row of a matrix: its adjoint becomes a zero row as long as the row it replaced.
      Expr row = new Expr.Ref(a);
      for (Expr i : indices) {
        row = new Expr.Index(row, i);
      }
      zero = element.rank() == 1
          ? new Expr.NewArray(element, List.of(new Expr.Length(row)))
          : NdCalls.call("zerosLike", element, row);
    }
    out.accept(new Stmt.Store(s.adjoint, indices, null, zero, Pos.NONE));
  }

  private static Expr zeroOf(Type t) {
    return Expr.Const.ofDouble(0.0);
  }

  /** The adjoint of {@code v} is zero from here on (backwards): its primal was just assigned. */
  void kill(Variable v) {
    Slot s = slot(v);
    if (s.kind == Kind.LAZY) {
      s.lazy = null;
    }
    s.kind = Kind.ZERO;
    s.owned = false;
  }

  /** Before the backward pass writes {@code x}: aliases that read it become real variables. */
  void beforeWrite(Variable x) {
    for (Map.Entry<Variable, Slot> e : new ArrayList<>(slots.entrySet())) {
      Slot s = e.getValue();
      if (s.kind == Kind.LAZY && s.adjoint != x && Exprs.reads(s.lazy, x)) {
        assign(s, s.lazy, false);
      }
    }
  }

  /**
   * Before a nested block (a branch or a loop body) that touches the adjoints of {@code primals}:
   * each is made a declared variable here, so that the block can add to it and what follows can
   * read it.
   */
  void prepare(Set<Variable> primals, Set<Variable> writtenInside) {
    for (Variable w : writtenInside) {
      beforeWrite(w);
    }
    for (Variable p : primals) {
      beforeWrite(slot(p).adjoint);
      materialize(p);
    }
  }

  /** At the end of a nested block: the prepared adjoints hold their values again. */
  void settle(Set<Variable> primals) {
    for (Variable p : primals) {
      materialize(p);
    }
  }

  private void materialize(Variable p) {
    Slot s = slot(p);
    switch (s.kind) {
      case ZERO -> assign(s, zeros(p), p.type().isArray());
      case LAZY -> assign(s, s.lazy, false);
      case HELD -> {}
    }
  }

  /**
   * Puts a lazily known adjoint of {@code v} into its variable and returns a read of it; null if
   * it was not lazy (zero, or already held).
   */
  Expr hold(Variable v) {
    Slot s = slot(v);
    if (s.kind != Kind.LAZY) {
      return null;
    }
    assign(s, s.lazy, false);
    return new Expr.Ref(s.adjoint);
  }

  /** Whether the adjoint array of {@code a} is owned (may be updated in place). */
  boolean isOwned(Variable a) {
    Slot s = slot(a);
    return s.kind == Kind.HELD && s.owned;
  }

  /** Marks the adjoint of {@code a} as shared, so the next in-place update copies it first. */
  void disown(Variable a) {
    slot(a).owned = false;
  }

  /** Whether the adjoint of {@code a} was owned in a snapshot. */
  boolean isOwnedIn(Snapshot s, Variable a) {
    Slot slot = s.slots.get(a);
    return slot != null && slot.kind == Kind.HELD && slot.owned;
  }

  private final Set<Variable> neverOwned = new java.util.HashSet<>();

  /** From now on, the adjoint of {@code a} is never updated in place. */
  void disownFromNowOn(Variable a) {
    neverOwned.add(a);
    disown(a);
  }

  /** Enters a nested backward block. */
  void enter() {
    depth++;
  }

  /** Leaves it: adjoints declared inside are out of scope. */
  void exit() {
    for (Slot s : slots.values()) {
      if (s.declaredAt > depth - 1) {
        s.declaredAt = -1;
        s.kind = Kind.ZERO;
        s.lazy = null;
        s.owned = false;
      }
    }
    depth--;
  }

  /** Forgets the adjoints of primals that go out of scope (declared in a block being left). */
  void forget(Set<Variable> primals) {
    for (Variable p : primals) {
      slots.remove(p);
    }
  }

  /** A snapshot of ownership, for merging after branches. */
  Map<Variable, Boolean> ownership() {
    Map<Variable, Boolean> m = new HashMap<>();
    slots.forEach((p, s) -> m.put(p, s.kind == Kind.HELD && s.owned));
    return m;
  }

  /** Keeps ownership only where both branches kept it. */
  void intersectOwnership(Map<Variable, Boolean> other) {
    slots.forEach((p, s) -> {
      if (!other.getOrDefault(p, false)) {
        s.owned = false;
      }
    });
  }

  /** Makes the adjoint array of {@code a} this code's own (a copy if it is shared). */
  void own(Variable a) {
    owned(a);
  }

  private Slot owned(Variable a) {
    Slot s = slot(a);
    beforeWrite(s.adjoint);
    switch (s.kind) {
      case ZERO -> assign(s, zeros(a), true);
      case LAZY -> assign(s, NdCalls.copy(s.lazy), true);
      case HELD -> {
        if (!s.owned) {
          assign(s, NdCalls.copy(new Expr.Ref(s.adjoint)), true);
        }
      }
    }
    return s;
  }

  private void assign(Slot s, Expr value, boolean owned) {
    if (neverOwned.contains(primalOf(s))) {
      owned = false;
    }
    boolean declare = s.declaredAt < 0;
    if (value instanceof Expr.Ref r && r.var() == s.adjoint) {
      s.kind = Kind.HELD;
      return;
    }
    share(value);
    out.accept(new Stmt.Assign(s.adjoint, null, value, declare, Pos.NONE));
    if (declare) {
      s.declaredAt = depth;
    }
    s.kind = Kind.HELD;
    s.lazy = null;
    s.owned = owned;
  }

  private Variable primalOf(Slot s) {
    return s.adjoint.primal();
  }

  /** An array adjoint read as a whole by another value is shared from now on. */
  private void share(Expr value) {
    if (!value.type().isArray() || isFresh(value)) {
      return;
    }
    for (Variable v : Exprs.reads(value)) {
      for (Slot s : slots.values()) {
        if (s.adjoint == v) {
          s.owned = false;
        }
      }
    }
  }

  /** Whether an array expression certainly evaluates to a new array nobody else holds. */
  private static boolean isFresh(Expr e) {
    if (e instanceof Expr.NewArray) {
      return true;
    }
    if (e instanceof Expr.Call c) {
      return Intrinsics.isClone(c.callee())
          || (c.callee().kind() == Callee.Kind.ND && !c.callee().name().equals("unbroadcast")
              && !c.callee().name().equals("broadcast"));
    }
    return false;
  }

  /** Zero of the primal's type: 0.0, or a zero array shaped like it. */
  static Expr zeros(Variable p) {
    Type t = p.type();
    if (!t.isArray()) {
      return Expr.Const.ofDouble(0.0);
    }
    if (t.rank() == 1) {
      return new Expr.NewArray(t, List.of(new Expr.Length(new Expr.Ref(p))));
    }
    return NdCalls.call("zerosLike", t, new Expr.Ref(p));
  }
}
