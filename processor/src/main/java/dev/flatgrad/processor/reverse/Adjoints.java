package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
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
import java.util.HashSet;
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
    /** The order slots were made in: work over several slots is done in this order. */
    final int seq;
    Kind kind = Kind.ZERO;
    Expr lazy;
    boolean owned;
    int declaredAt = -1;

    Slot(Variable adjoint, int seq) {
      this.adjoint = adjoint;
      this.seq = seq;
    }

    Slot copy() {
      Slot s = new Slot(adjoint, seq);
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

    /** As if there were no slot: zero, and not declared. */
    boolean isPristine() {
      return kind == Kind.ZERO && declaredAt < 0;
    }
  }

  /**
   * The bookkeeping at one point, to generate alternative branches from the same state. Taking one
   * costs nothing: it keeps the earlier value of each slot changed after it (an undo log), so it
   * can be read and restored while it is open. Close it when done with it.
   */
  final class Snapshot implements AutoCloseable {
    /** The value each slot changed since had when the snapshot was taken; null if it had none. */
    private final Map<Variable, Slot> earlier = new HashMap<>();

    private Slot view(Variable p) {
      return earlier.containsKey(p) ? earlier.get(p) : slots.get(p);
    }

    @Override
    public void close() {
      open.remove(this);
    }
  }

  Snapshot snapshot() {
    Snapshot s = new Snapshot();
    open.add(s);
    return s;
  }

  /** Puts the bookkeeping back as it was when {@code snapshot} was taken (it stays open). */
  void restore(Snapshot snapshot) {
    for (Map.Entry<Variable, Slot> e : snapshot.earlier.entrySet()) {
      Variable p = e.getKey();
      log(p, snapshot);
      if (e.getValue() == null) {
        slots.remove(p);
      } else {
        Slot s = e.getValue().copy();
        slots.put(p, s);
        index(p, s);
      }
    }
    snapshot.earlier.clear();
  }

  /** The primals among {@code candidates} whose adjoints differ between two open snapshots. */
  Set<Variable> differing(Snapshot a, Snapshot b, Set<Variable> candidates) {
    Set<Variable> out = new java.util.LinkedHashSet<>();
    for (Variable p : candidates) {
      Slot x = a.view(p);
      Slot y = b.view(p);
      boolean same = x == null ? y == null || y.isPristine() : y == null ? x.isPristine() : x.sameAs(y);
      if (!same) {
        out.add(p);
      }
    }
    return out;
  }

  private final Map<Variable, Slot> slots = new HashMap<>();
  private final List<Snapshot> open = new ArrayList<>();
  /** For each variable, the primals whose adjoint may be an alias reading it (checked when used). */
  private final Map<Variable, Set<Variable>> lazyReaders = new HashMap<>();
  /**
   * For each primal array, the primals whose adjoint may be a variable holding it, or a row of it,
   * not a copy (checked when used): the backward pass restores arrays in place ({@link #beforeWrite}).
   */
  private final Map<Variable, Set<Variable>> heldReaders = new HashMap<>();
  /** For each nesting depth, the primals whose adjoint may be declared there (checked when used). */
  private final Map<Integer, Set<Variable>> declaredAtDepth = new HashMap<>();
  /** The primals whose adjoint array may be owned (checked when used). */
  private final Set<Variable> maybeOwned = new HashSet<>();
  /** The primals whose adjoint is an array the caller passed in ({@link #given}). */
  private final Set<Variable> givenArrays = new HashSet<>();
  private final Consumer<Stmt> out;
  private int depth;
  private int slotsMade;

  Adjoints(Consumer<Stmt> out) {
    this.out = out;
  }

  /** Records the slot's value in every open snapshot that has none for it yet (but {@code except}). */
  private void log(Variable p, Snapshot except) {
    for (Snapshot s : open) {
      if (s != except && !s.earlier.containsKey(p)) {
        Slot current = slots.get(p);
        s.earlier.put(p, current == null ? null : current.copy());
      }
    }
  }

  /** The slot of {@code p}, to read. */
  private Slot slot(Variable primal) {
    Slot s = slots.get(primal);
    if (s == null) {
      log(primal, null);
      s = new Slot(Variable.adjointOf(primal), slotsMade++);
      slots.put(primal, s);
    }
    return s;
  }

  /** The slot of {@code p}, about to be changed: its value so far is logged first. */
  private Slot change(Variable primal) {
    log(primal, null);
    return slot(primal);
  }

  /** Keeps the indexes up to date with what slot {@code p} now holds. */
  private void index(Variable p, Slot s) {
    if (s.kind == Kind.LAZY) {
      for (Variable read : Exprs.reads(s.lazy)) {
        lazyReaders.computeIfAbsent(read, k -> new HashSet<>()).add(p);
      }
    }
    if (s.declaredAt >= 0) {
      declaredAtDepth.computeIfAbsent(s.declaredAt, k -> new HashSet<>()).add(p);
    }
    if (s.owned) {
      maybeOwned.add(p);
    }
  }

  /** The primals of {@code candidates}, in the order their slots were made. */
  private List<Variable> inSlotOrder(java.util.Collection<Variable> candidates) {
    List<Variable> sorted = new ArrayList<>();
    for (Variable p : candidates) {
      if (slots.containsKey(p)) {
        sorted.add(p);
      }
    }
    sorted.sort(java.util.Comparator.comparingInt(p -> slots.get(p).seq));
    return sorted;
  }

  /** The adjoint variable of a primal (whether or not it holds anything yet). */
  Variable adjointVar(Variable primal) {
    return slot(primal).adjoint;
  }

  /** Starts the backward pass with {@code seed} as the adjoint of the output. */
  void seed(Variable output, Expr seed) {
    Slot s = change(output);
    s.kind = Kind.LAZY;
    s.lazy = seed;
    index(output, s);
  }

  /**
   * The adjoint of {@code primal} is an array the caller passed in to be added into (a
   * pullback's): held and owned from the start, declared as a parameter. Returns its variable.
   */
  Variable given(Variable primal) {
    Slot s = change(primal);
    s.kind = Kind.HELD;
    s.owned = true;
    s.declaredAt = 0;
    index(primal, s);
    givenArrays.add(primal);
    return s.adjoint;
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
    Slot s = change(v);
    Type t = v.type();
    if (s.kind == Kind.ZERO && c instanceof Expr.Ref r && r.var() == s.adjoint) {
      s.kind = Kind.HELD;
      return;
    }
    beforeWrite(s.adjoint);
    switch (s.kind) {
      case ZERO -> {
        if (c instanceof Expr.Const || Exprs.isAtom(c) && (!v.isUserNamed() || isShareOf(c, s))) {
          s.kind = Kind.LAZY;
          s.lazy = c;
          index(v, s);
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
        } else if (s.owned && NdCalls.is(c, "negative")) {
          // d -= x, as for scalars: not d += -x
          Expr x = ((Expr.Call) c).args().get(0);
          out.accept(new Stmt.Eval(NdCalls.subtractInPlace(new Expr.Ref(s.adjoint), x), Pos.NONE));
        } else if (s.owned) {
          out.accept(new Stmt.Eval(NdCalls.accumulate(new Expr.Ref(s.adjoint), c), Pos.NONE));
        } else {
          assign(s, NdCalls.add(new Expr.Ref(s.adjoint), c), true);
        }
      }
    }
  }

  /**
   * Whether {@code c} is a temporary a rule named after this adjoint (the quotient rule's share of
   * a numerator, read again for the denominator's): it is the adjoint's first value, not a copy.
   */
  private static boolean isShareOf(Expr c, Slot s) {
    return c instanceof Expr.Ref r && r.var().kind() == Variable.Kind.TEMP
        && r.var().primal() == s.adjoint.primal() && !r.var().type().isArray();
  }

  /**
   * For {@code from = to} reversed, where the caller kills {@code from}'s adjoint right after: an
   * adjoint array {@code from} owns passes to {@code to}, whose adjoint is still zero, with its
   * ownership ({@code double[] dcn = dc;}, then {@code dcn} is updated in place where a copy would
   * otherwise be made). Nothing else holds the array (an owned array has no alias) and nothing
   * reads {@code from}'s adjoint variable once it is zero, until it is assigned a new array.
   * Only where {@link #canHandOver} says so.
   */
  void handOver(Variable from, Variable to) {
    Slot s = change(to);
    beforeWrite(s.adjoint);
    assign(s, new Expr.Ref(slot(from).adjoint), true);
  }

  /** Whether {@code from}'s adjoint is an owned array that {@link #handOver} can pass to {@code to}. */
  boolean canHandOver(Variable from, Variable to) {
    Slot f = slot(from);
    return f.kind == Kind.HELD && f.owned && slot(to).kind == Kind.ZERO && to.type().equals(from.type());
  }

  /**
   * For {@code a[i] = to} reversed, where {@code to}'s adjoint is still zero and the caller then
   * puts a zero row in {@link #zeroElement its place}: {@code a}'s adjoint row passes to {@code to}
   * with ownership ({@code double[] drow = dp[r];}, then {@code drow} is updated in place where a
   * clone would otherwise be made), and {@code a}'s adjoint stays owned. Its rows were its own
   * alone (an owned adjoint's rows come from {@code Nd.copy}, a zero row, or an Nd result, and are
   * never handed out but here), so the row then has one holder and the matrix only new rows.
   * Only where {@link #canTakeRow} says so.
   */
  void takeRow(Variable a, List<Expr> indices, Variable to) {
    Expr row = new Expr.Ref(slot(a).adjoint);
    for (Expr i : indices) {
      row = new Expr.Index(row, i);
    }
    Slot s = change(to);
    beforeWrite(s.adjoint);
    assign(s, row, true);
    change(a).owned = true; // reading a row disowned it; the zero row the caller stores makes it true again
  }

  /**
   * Whether {@link #takeRow} can hand a row of {@code a}'s adjoint to {@code to}: {@code a}'s is
   * owned and not the caller's ({@link #given}, whose rows the caller may hold), {@code to}'s zero.
   */
  boolean canTakeRow(Variable a, Variable to) {
    Slot f = slot(a);
    return f.kind == Kind.HELD && f.owned && !givenArrays.contains(a) && slot(to).kind == Kind.ZERO;
  }

  /** Adds {@code c} to element {@code indices} of the adjoint of array {@code a}. */
  void contributeElement(Variable a, List<Expr> indices, Expr c) {
    Slot s = owned(a);
    Expr element = new Expr.Ref(s.adjoint);
    for (int i = 0; i < indices.size() - 1; i++) {
      element = new Expr.Index(element, indices.get(i));
    }
    if (c.type().isArray()) {
      out.accept(new Stmt.Eval(NdCalls.accumulate(new Expr.Index(element, indices.get(indices.size() - 1)), c), Pos.NONE));
      return;
    }
    Simplifier.Signed signed = Simplifier.sign(c);
    out.accept(new Stmt.Store(s.adjoint, indices, signed.negative() ? BinaryOp.SUB : BinaryOp.ADD,
        signed.magnitude(), Pos.NONE));
  }

  /** Sets element {@code indices} (a scalar) of the adjoint of {@code a} to {@code c}. */
  void setElement(Variable a, List<Expr> indices, Expr c) {
    Slot s = owned(a);
    out.accept(new Stmt.Store(s.adjoint, indices, null, c, Pos.NONE));
  }

  /** Sets element {@code indices} of the adjoint of {@code a} to zero (its value was overwritten). */
  void zeroElement(Variable a, List<Expr> indices) {
    zeroElement(a, indices, false);
  }

  /**
   * As {@link #zeroElement(Variable, List)}; {@code restored}: the element is a row the backward
   * pass has just put back, which may be null (a row of {@code new double[n][]} before its first
   * write), so its zero row is null then too.
   */
  void zeroElement(Variable a, List<Expr> indices, boolean restored) {
    if (!slots.containsKey(a) || slots.get(a).kind == Kind.ZERO) {
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
      zero = element.rank() > 1 ? NdCalls.call("zerosLike", element, row)
          : restored ? NdCalls.call("zerosLikeRow", element, row)
          : new Expr.NewArray(element, List.of(new Expr.Length(row)));
    }
    out.accept(new Stmt.Store(s.adjoint, indices, null, zero, Pos.NONE));
  }

  private static Expr zeroOf(Type t) {
    return Expr.Const.ofDouble(0.0);
  }

  /** The adjoint of {@code v} is zero from here on (backwards): its primal was just assigned. */
  void kill(Variable v) {
    Slot s = change(v);
    if (s.kind == Kind.LAZY) {
      s.lazy = null;
    }
    s.kind = Kind.ZERO;
    s.owned = false;
  }

  /** Before the backward pass writes {@code x}: aliases that read it become real variables. */
  void beforeWrite(Variable x) {
    // Kept after use: a branch's snapshot, restored, may hold the array again.
    for (Variable p : inSlotOrder(heldReaders.getOrDefault(x, Set.of()))) {
      Slot s = slots.get(p);
      if (s.kind == Kind.HELD && !s.owned) {
        // It holds x's array, whose values it must keep: a copy of its own before x changes.
        assign(s, NdCalls.copy(new Expr.Ref(s.adjoint)), true);
      }
    }
    Set<Variable> readers = lazyReaders.remove(x);
    if (readers == null) {
      return;
    }
    for (Variable p : inSlotOrder(readers)) {
      Slot s = slots.get(p);
      if (s.kind != Kind.LAZY || !Exprs.reads(s.lazy, x)) {
        continue; // no longer an alias of x
      }
      if (s.adjoint == x) {
        lazyReaders.computeIfAbsent(x, k -> new HashSet<>()).add(p);
      } else {
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
    Slot s = change(p);
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
    Slot s = change(v);
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
    change(a).owned = false;
  }

  /** Whether the adjoint of {@code a} was owned in an open snapshot. */
  boolean isOwnedIn(Snapshot s, Variable a) {
    Slot slot = s.view(a);
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
    Set<Variable> declaredHere = declaredAtDepth.remove(depth);
    for (Variable p : declaredHere == null ? List.<Variable>of() : inSlotOrder(declaredHere)) {
      if (slots.get(p).declaredAt >= depth) {
        Slot s = change(p);
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
      if (slots.containsKey(p)) {
        log(p, null);
        slots.remove(p);
      }
    }
  }

  /** Keeps ownership only where the other branch, as {@code other} (open) saw it, kept it too. */
  void intersectOwnership(Snapshot other) {
    for (Variable p : inSlotOrder(maybeOwned)) {
      if (slots.get(p).owned && !isOwnedIn(other, p)) {
        change(p).owned = false;
      }
    }
  }

  /** Makes the adjoint array of {@code a} this code's own (a copy if it is shared). */
  void own(Variable a) {
    owned(a);
  }

  private Slot owned(Variable a) {
    Slot s = change(a);
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
    Variable p = primalOf(s);
    change(p);
    if (neverOwned.contains(p)) {
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
    index(p, s);
    if (!owned && value.type().isArray() && !isFresh(value)) {
      for (Variable read : Exprs.reads(value)) {
        if (read.kind() != Variable.Kind.ADJOINT && read.type().isArray()) {
          heldReaders.computeIfAbsent(read, k -> new HashSet<>()).add(p);
        }
      }
    }
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
      Slot s = v.kind() == Variable.Kind.ADJOINT ? slots.get(v.primal()) : null;
      if (s != null && s.adjoint == v && s.owned) {
        change(v.primal()).owned = false;
      }
    }
  }

  /** Whether an array expression certainly evaluates to a new array nobody else holds. */
  private static boolean isFresh(Expr e) {
    return NdCalls.isNewArray(e) || e instanceof Expr.Call c && Intrinsics.isClone(c.callee());
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
