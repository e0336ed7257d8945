package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.ArrayShares;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Buffers that change places through a temporary ({@code tmp = cur; cur = next; next = tmp;}, a
 * rotation {@code tmp = a; a = b; b = c; c = tmp;}), which solvers and time steppers write. Two
 * variables hold one array only within the rotation, but a points-to analysis that joins a loop's
 * trips finds each buffer in the others' places: {@link dev.flatgrad.processor.analyse.Aliasing}
 * is told to keep them apart ({@link #keptApart}), and the later stages get the rolling form they
 * follow ({@link #copied}): the last variable of the rotation given a copy of the temporary
 * ({@code next = tmp.clone()}, {@code Nd.copy(tmp)} for a matrix, rows too), so that each array is
 * written only while one buffer holds it, and its old contents are read as written.
 *
 * <p>Both are the same program only where nothing else still holds the temporary's array: where
 * the buffers (the rotated variables and every array local assigned from them as a whole, or
 * assigned one) are locals each given only new arrays ({@code new}, a vector's {@code clone()},
 * {@code Nd.copy}) or one another's in rotations; whose arrays and rows are put nowhere else (a
 * row of a matrix, another local, a call that may return them) but only read, indexed, measured,
 * copied or returned; and whose temporaries are read only by their rotations' last statements.
 * Then no two buffers hold one array outside a rotation, and within it the temporary holds the
 * first variable's array alone. Elsewhere the swap stays Aliasing's error.
 */
public final class SwappedBuffers {

  /** {@code temp = moved[0]; moved[0] = moved[1]; ...; moved[k] = temp;}: its statements, in order. */
  private record Rotation(Variable temp, List<Variable> moved, List<Stmt> stmts) {
    Stmt last() {
      return stmts.get(stmts.size() - 1);
    }
  }

  private final IrMethod method;
  private final List<Stmt> code;
  /** The method's result as lowering made it for its returns, which may be assigned a buffer. */
  private final Variable output;
  private final List<Rotation> rotations = new ArrayList<>();
  private final List<Rotation> safe = new ArrayList<>();
  private final Set<Variable> keptApart = new LinkedHashSet<>();

  private SwappedBuffers(IrMethod method) {
    this.method = method;
    this.code = method.body().stmts();
    this.output = method.output().kind() == Variable.Kind.TEMP ? method.output() : null;
  }

  /** The rotations of {@code m} and which of them can be made copies. */
  public static SwappedBuffers of(IrMethod m) {
    SwappedBuffers b = new SwappedBuffers(m);
    b.findRotations(b.code);
    for (Rotation r : b.rotations) {
      Set<Variable> family = b.family(r);
      if (b.safe(r, family)) {
        b.safe.add(r);
        b.keptApart.addAll(family);
      }
    }
    return b;
  }

  /**
   * The buffers of the rotations that can be made copies: no two of them hold one array where
   * anything writes into one, though a points-to analysis that joins the trips of a loop finds
   * each in the others' places.
   */
  public Set<Variable> keptApart() {
    return Set.copyOf(keptApart);
  }

  /** The method with the last statement of each rotation that can be, a copy. */
  public IrMethod copied() {
    Set<Stmt> copyAt = identitySet();
    safe.stream().map(Rotation::last).forEach(copyAt::add);
    return copyAt.isEmpty() ? method : method.withBody(new Block(withCopies(code, copyAt)));
  }

  private void findRotations(List<Stmt> stmts) {
    for (int k = 0; k < stmts.size(); k++) {
      rotationAt(stmts, k).ifPresent(rotations::add);
      if (stmts.get(k) instanceof Stmt.If f) {
        findRotations(f.then().stmts());
        findRotations(f.otherwise().stmts());
      } else if (stmts.get(k) instanceof Stmt.Loop l) {
        findRotations(l.body().stmts());
      }
    }
  }

  private static Optional<Rotation> rotationAt(List<Stmt> stmts, int start) {
    Stmt.Assign take = move(stmts.get(start));
    if (take == null) {
      return Optional.empty();
    }
    Variable temp = take.target();
    List<Variable> moved = new ArrayList<>(List.of(((Expr.Ref) take.value()).var()));
    for (int k = start + 1; k < stmts.size(); k++) {
      Stmt.Assign a = move(stmts.get(k));
      if (a == null || a.target() != moved.get(moved.size() - 1)) {
        return Optional.empty();
      }
      Variable from = ((Expr.Ref) a.value()).var();
      if (from == temp && moved.size() >= 2) {
        return Optional.of(new Rotation(temp, moved, List.copyOf(stmts.subList(start, k + 1))));
      }
      if (from == temp || moved.contains(from)) {
        return Optional.empty();
      }
      moved.add(from);
    }
    return Optional.empty();
  }

  /** {@code s} if it is {@code a = b} of two distinct local arrays, else null. */
  private static Stmt.Assign move(Stmt s) {
    return s instanceof Stmt.Assign a && a.compound() == null && a.target().type().isArray()
        && a.target().kind() == Variable.Kind.LOCAL && a.value() instanceof Expr.Ref r
        && r.var().kind() == Variable.Kind.LOCAL && r.var() != a.target() ? a : null;
  }

  private boolean safe(Rotation r, Set<Variable> buffers) {
    Set<Variable> temps = new LinkedHashSet<>();
    Set<Stmt> moves = identitySet();
    for (Rotation other : rotations) {
      if (buffers.contains(other.temp())) {
        temps.add(other.temp());
        moves.addAll(other.stmts());
      }
    }
    if (buffers.stream().anyMatch(v -> v.kind() != Variable.Kind.LOCAL || !copyable(v.type()))
        || rotations.stream().anyMatch(o -> buffers.contains(o.temp()) && o.moved().stream().anyMatch(temps::contains))) {
      return false;
    }
    boolean[] ok = {true};
    for (Stmt top : code) {
      Stmts.walk(top, s -> ok[0] &= keepsApart(s, buffers, temps, moves));
    }
    return ok[0];
  }

  /** Whether {@code s} gives a buffer only a new array or another's in a rotation, puts none elsewhere, reads no temporary. */
  private boolean keepsApart(Stmt s, Set<Variable> buffers, Set<Variable> temps, Set<Stmt> moves) {
    if (moves.contains(s)) {
      return true;
    }
    for (Expr e : Stmts.ownExprs(s)) {
      if (e != null && temps.stream().anyMatch(t -> Exprs.reads(e, t))) {
        return false;
      }
    }
    if (s instanceof Stmt.Assign a && buffers.contains(a.target())) {
      return a.compound() == null && isNew(a.value()) && !escapes(a.value(), buffers, false);
    }
    if (s instanceof Stmt.Assign a) {
      return !escapes(a.value(), buffers, a.target() != output && a.target().type().isArray());
    }
    if (s instanceof Stmt.Store st) {
      boolean rowOfBuffer = buffers.contains(st.array()) && st.value().type().isArray();
      return st.indices().stream().noneMatch(i -> escapes(i, buffers, false))
          && (rowOfBuffer ? isNew(st.value()) && !escapes(st.value(), buffers, false)
              : !escapes(st.value(), buffers, st.value().type().isArray()));
    }
    return Stmts.ownExprs(s).stream().noneMatch(e -> e != null && escapes(e, buffers, false));
  }

  /**
   * The rotation's variables and every array local assigned, as a whole, one of them or from one
   * (its rows too), whichever way round; not the result a return is assigned.
   */
  private Set<Variable> family(Rotation r) {
    Set<Variable> rotated = new LinkedHashSet<>(r.moved());
    rotated.add(r.temp());
    return ArrayShares.closure(rotated, code, a -> a.target() != output);
  }

  /** Whether {@code e} is an array no variable holds: made here, or a copy (its rows too). */
  private static boolean isNew(Expr e) {
    return e instanceof Expr.NewArray || e instanceof Expr.ArrayLit lit && lit.type().rank() == 1
        || e instanceof Expr.Call c && Intrinsics.isClone(c.callee()) && c.type().rank() == 1
        || NdCalls.is(e, "copy") || NdCalls.is(e, "copyOf") || NdCalls.is(e, "copyOfRange");
  }

  /**
   * Whether {@code e} may give a buffer's array, or one of its rows, to whatever takes its value
   * ({@code kept}: an array variable, a row, a call's argument that it may return).
   */
  private static boolean escapes(Expr e, Set<Variable> buffers, boolean kept) {
    if (e instanceof Expr.Ref r) {
      return kept && buffers.contains(r.var());
    }
    if (e instanceof Expr.Index i) {
      return escapes(i.array(), buffers, kept && e.type().isArray()) || escapes(i.index(), buffers, false);
    }
    if (e instanceof Expr.Length l) {
      return escapes(l.array(), buffers, false);
    }
    if (e instanceof Expr.Cond c) {
      return escapes(c.cond(), buffers, false) || escapes(c.whenTrue(), buffers, kept)
          || escapes(c.whenFalse(), buffers, kept);
    }
    // A call returning a number, or a copy, keeps no array, any other may return one it was given;
    // other expressions keep their array operands (an initialiser's rows).
    boolean keptByCall = e instanceof Expr.Call c && c.type().isArray() && !isNew(c);
    for (Expr child : Exprs.children(e)) {
      if (escapes(child, buffers, child.type().isArray() && (keptByCall || !(e instanceof Expr.Call)))) {
        return true;
      }
    }
    return false;
  }

  /** Statements by identity: two alike on one line are two statements. */
  private static Set<Stmt> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** Whether a copy of an array of {@code t} is one flatgrad writes: a vector's clone, a matrix's Nd.copy. */
  private static boolean copyable(Type t) {
    return t.rank() == 1 || t.rank() == 2 && t.prim() == Type.Prim.DOUBLE;
  }

  private static List<Stmt> withCopies(List<Stmt> code, Set<Stmt> copyAt) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : Stmts.withNestedBlocks(code, inner -> withCopies(inner, copyAt))) {
      if (copyAt.contains(s) && s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.target(), null, NdCalls.copy(a.value()), a.declares(), a.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
