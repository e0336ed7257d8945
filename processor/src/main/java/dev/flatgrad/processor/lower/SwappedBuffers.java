package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.ArrayShares;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.RowSwaps;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  /** Swaps of two rows of one matrix ({@code t = m[i]; m[i] = m[j]; m[j] = t;}): moved, the matrix. */
  private final List<Rotation> rowSwaps = new ArrayList<>();
  /**
   * A local swapped with a row of a matrix ({@code t = m[i]; m[i] = v; v = t;}, or closed by the
   * user with {@code v = t.clone()}): moved, the local and the matrix.
   */
  private final List<Rotation> localRowSwaps = new ArrayList<>();
  private final List<Rotation> safe = new ArrayList<>();
  private final List<Rotation> safeRowSwaps = new ArrayList<>();
  private final Set<Variable> keptApart = new LinkedHashSet<>();
  private final Map<Variable, String> whyShared = new LinkedHashMap<>();
  /**
   * Locals that only read rows ({@code for (double[] row : cur)}): given nothing but rows of local
   * arrays, never written into, read only by element or length. They put no buffer's array
   * anywhere, so they are no buffers; Aliasing checks them against writes as any other reader.
   */
  private final Set<Variable> rowReaders;

  private SwappedBuffers(IrMethod method) {
    this.method = method;
    this.code = method.body().stmts();
    this.output = method.output().kind() == Variable.Kind.TEMP ? method.output() : null;
    this.rowReaders = rowReaders(code);
  }

  /** The rotations of {@code m} (its early temporaries moved) and which of them can be made copies. */
  public static SwappedBuffers of(IrMethod m) {
    SwappedBuffers b = new SwappedBuffers(EarlyTemporaries.moved(m));
    b.findRotations(b.code);
    b.keepApart(b.rotations, b.safe);
    b.keepApart(b.localRowSwaps, b.safeRowSwaps);
    return b;
  }

  private void keepApart(List<Rotation> found, List<Rotation> safeOnes) {
    for (Rotation r : found) {
      Set<Variable> family = family(r);
      String why = whyShared(family);
      if (why == null) {
        safeOnes.add(r);
        keptApart.addAll(family);
      } else {
        family.forEach(v -> whyShared.putIfAbsent(v, why));
      }
    }
  }

  /**
   * For each buffer of a rotation that stays as written, why it may hold one array with another
   * variable where one is written ({@code `tmp` is read at line 12 after the swap, still holding
   * ...}), for Aliasing's message.
   */
  public Map<Variable, String> whyShared() {
    return Map.copyOf(whyShared);
  }

  /**
   * The buffers of the rotations that can be made copies: no two of them hold one array where
   * anything writes into one, though a points-to analysis that joins the trips of a loop finds
   * each in the others' places.
   */
  public Set<Variable> keptApart() {
    return Set.copyOf(keptApart);
  }

  /** The method as written but for its early temporaries taken where their rotations go on: the one checked. */
  public IrMethod checked() {
    return method;
  }

  /**
   * The method with the last statement of each rotation that can be, a copy: of a local swapped
   * with a row too ({@code v = t.clone()}), which holds what the row held, and nothing else the
   * row's old array (the matrix's rows are its own, one array each).
   */
  public IrMethod copied() {
    Set<Stmt> copyAt = identitySet();
    safe.stream().map(Rotation::last).filter(last -> move(last) != null).forEach(copyAt::add);
    safeRowSwaps.stream().map(Rotation::last).filter(last -> move(last) != null).forEach(copyAt::add);
    return copyAt.isEmpty() ? method : method.withBody(new Block(withCopies(code, copyAt)));
  }

  /**
   * The moves {@link #copied} makes copies ({@code next = tmp}): a later stage that finds nothing
   * could tell a copy from the array may make each a move again.
   */
  public List<Stmt.Assign> copiedMoves() {
    return safe.stream().map(r -> move(r.last())).filter(Objects::nonNull).toList();
  }

  /** The variables rotated by the moves {@link #copiedMoves} (not their temporaries). */
  public Set<Variable> copiedBuffers() {
    Set<Variable> buffers = new LinkedHashSet<>();
    safe.stream().filter(r -> move(r.last()) != null).forEach(r -> buffers.addAll(r.moved()));
    return buffers;
  }

  private void findRotations(List<Stmt> stmts) {
    for (int k = 0; k < stmts.size(); k++) {
      rotationAt(stmts, k).ifPresent(rotations::add);
      Stmt.Store put = RowSwaps.localSwapAt(stmts, k);
      if (put != null) {
        Variable local = ((Expr.Ref) put.value()).var();
        localRowSwaps.add(new Rotation(((Stmt.Assign) stmts.get(k)).target(), List.of(local, put.array()),
            List.copyOf(stmts.subList(k, k + 3))));
      }
      Variable rowTemp = RowSwaps.tempAt(stmts, k);
      if (rowTemp != null) {
        Variable matrix = ((Stmt.Store) stmts.get(k + 1)).array();
        rowSwaps.add(new Rotation(rowTemp, List.of(matrix), List.copyOf(stmts.subList(k, k + 3))));
      }
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
      if (a == null && moved.size() >= 2 && copiesTemp(stmts.get(k), temp, moved.get(moved.size() - 1))) {
        // Closed by the user with the copy flatgrad would make: checked as a rotation, left as written.
        return Optional.of(new Rotation(temp, moved, List.copyOf(stmts.subList(start, k + 1))));
      }
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

  /** Whether {@code s} is {@code last = temp.clone()} or {@code last = Nd.copy(temp)}. */
  private static boolean copiesTemp(Stmt s, Variable temp, Variable last) {
    return s instanceof Stmt.Assign a && a.compound() == null && a.target() == last
        && NdCalls.copied(a.value()) instanceof Expr.Ref r && r.var() == temp;
  }

  /** {@code s} if it is {@code a = b} of two distinct local arrays, else null. */
  static Stmt.Assign move(Stmt s) {
    return s instanceof Stmt.Assign a && a.compound() == null && a.target().type().isArray()
        && a.target().kind() == Variable.Kind.LOCAL && a.value() instanceof Expr.Ref r
        && r.var().kind() == Variable.Kind.LOCAL && r.var() != a.target() ? a : null;
  }

  /** Why two of the buffers may hold one array where one is written; null if they cannot. */
  private String whyShared(Set<Variable> buffers) {
    Set<Variable> temps = new LinkedHashSet<>();
    Set<Stmt> moves = identitySet();
    List<Rotation> all = new ArrayList<>(rotations);
    all.addAll(localRowSwaps);
    for (Rotation other : all) {
      if (buffers.contains(other.temp())) {
        temps.add(other.temp());
        moves.addAll(other.stmts());
      }
    }
    // Two rows of a buffer swapped: its rows stay its own, one each.
    for (Rotation rows : rowSwaps) {
      if (buffers.contains(rows.moved().get(0))) {
        temps.add(rows.temp());
        moves.addAll(rows.stmts());
      }
    }
    for (Variable v : buffers) {
      if (v.kind() != Variable.Kind.LOCAL) {
        return "`" + v.hint() + "` is one of the buffers, an array of the caller's";
      }
      if (!copyable(v.type())) {
        return "`" + v.hint() + "` is a " + v.type() + ", which flatgrad does not copy for a swap (only double[][], or a vector)";
      }
    }
    for (Rotation o : rotations) {
      if (buffers.contains(o.temp())) {
        for (Variable moved : o.moved()) {
          if (temps.contains(moved)) {
            return "`" + moved.hint() + "` is the temporary of one swap and a buffer moved in another";
          }
        }
      }
    }
    for (Stmt top : code) {
      String[] why = {null};
      Stmts.walk(top, s -> {
        if (why[0] == null) {
          why[0] = whyNotApart(s, buffers, temps, moves);
        }
      });
      if (why[0] != null) {
        return why[0];
      }
    }
    return null;
  }

  /**
   * Why {@code s} may leave a buffer's array with another variable: it reads a temporary outside
   * its rotation, gives a buffer an array that is not new nor another buffer's in a rotation, or
   * puts a buffer's array elsewhere; null if it does none of these.
   */
  private String whyNotApart(Stmt s, Set<Variable> buffers, Set<Variable> temps, Set<Stmt> moves) {
    if (moves.contains(s)) {
      return null;
    }
    String line = " at line " + s.pos().line();
    for (Expr e : Stmts.ownExprs(s)) {
      for (Variable t : temps) {
        if (e != null && Exprs.reads(e, t)) {
          return "`" + t.hint() + "` is read" + line + ", outside its swap, where it may still hold the array a buffer"
              + " was given by the swap";
        }
      }
    }
    if (s instanceof Stmt.Assign a && rowReaders.contains(a.target())) {
      return null;
    }
    if (s instanceof Stmt.Assign a && buffers.contains(a.target())) {
      if (a.compound() != null || !isNew(a.value())) {
        return "`" + a.target().hint() + "` is given" + line + " an array that is not new (`new`, `.clone()`, `Nd.copy`)"
            + " nor another buffer's in a swap, so something else may still hold it";
      }
      return heldBy(a.value(), buffers, false, line);
    }
    if (s instanceof Stmt.Assign a) {
      return heldBy(a.value(), buffers, a.target() != output && a.target().type().isArray(), line);
    }
    if (s instanceof Stmt.Store st) {
      for (Expr i : st.indices()) {
        String why = heldBy(i, buffers, false, line);
        if (why != null) {
          return why;
        }
      }
      boolean rowOfBuffer = buffers.contains(st.array()) && st.value().type().isArray();
      if (rowOfBuffer && !isNew(st.value())) {
        return "a row of `" + st.array().hint() + "` is given" + line + " an array that is not new,"
            + " so another variable or row may still hold it";
      }
      return heldBy(st.value(), buffers, !rowOfBuffer && st.value().type().isArray(), line);
    }
    for (Expr e : Stmts.ownExprs(s)) {
      String why = e == null ? null : heldBy(e, buffers, false, line);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** Why {@code e} may leave a buffer's array, or a row of it, with what takes its value; null if it does not. */
  private static String heldBy(Expr e, Set<Variable> buffers, boolean kept, String line) {
    Variable escaped = escaping(e, buffers, kept);
    return escaped == null ? null
        : "the array of `" + escaped.hint() + "` (or a row of it) is put" + line
            + " where another variable, row or call's result may still hold it after the swap";
  }

  /**
   * The rotation's variables and every array local assigned, as a whole, one of them or from one
   * (its rows too), whichever way round; not the result a return is assigned.
   */
  private Set<Variable> family(Rotation r) {
    Set<Variable> rotated = new LinkedHashSet<>(r.moved());
    rotated.add(r.temp());
    return ArrayShares.closure(rotated, code, a -> a.target() != output && !rowReaders.contains(a.target()));
  }

  private static Set<Variable> rowReaders(List<Stmt> code) {
    Set<Variable> candidates = new LinkedHashSet<>();
    Set<Variable> not = new LinkedHashSet<>();
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
          boolean row = a.compound() == null && a.target().kind() == Variable.Kind.LOCAL
              && a.value() instanceof Expr.Index i && i.array() instanceof Expr.Ref m && m.var().kind() == Variable.Kind.LOCAL;
          (row ? candidates : not).add(a.target());
        }
        if (s instanceof Stmt.Store st) {
          not.add(st.array());
        }
        for (Expr e : Stmts.ownExprs(s)) {
          if (e != null) {
            not.addAll(readWhole(e));
          }
        }
      });
    }
    candidates.removeAll(not);
    return candidates;
  }

  /** The array variables {@code e} reads as a whole: not only an element or the length of. */
  private static Set<Variable> readWhole(Expr e) {
    Set<Variable> out = new LinkedHashSet<>();
    if (e instanceof Expr.Ref r) {
      out.add(r.var());
    } else if (e instanceof Expr.Index i && i.array() instanceof Expr.Ref && !e.type().isArray()) {
      out.addAll(readWhole(i.index()));
    } else if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref) {
      return out;
    } else {
      Exprs.children(e).forEach(c -> out.addAll(readWhole(c)));
    }
    return out;
  }

  /** Whether {@code e} is an array no variable holds: made here, or a copy (its rows too). */
  private static boolean isNew(Expr e) {
    return e instanceof Expr.NewArray || e instanceof Expr.ArrayLit lit && lit.type().rank() == 1
        || e instanceof Expr.Call c && Intrinsics.isClone(c.callee()) && c.type().rank() == 1
        || NdCalls.is(e, "copy") || NdCalls.is(e, "copyOf") || NdCalls.is(e, "copyOfRange");
  }

  /**
   * The buffer whose array, or one of whose rows, {@code e} may give to whatever takes its value
   * ({@code kept}: an array variable, a row, a call's argument that it may return); null if none.
   */
  private static Variable escaping(Expr e, Set<Variable> buffers, boolean kept) {
    if (e instanceof Expr.Ref r) {
      return kept && buffers.contains(r.var()) ? r.var() : null;
    }
    if (e instanceof Expr.Index i) {
      Variable v = escaping(i.array(), buffers, kept && e.type().isArray());
      return v != null ? v : escaping(i.index(), buffers, false);
    }
    if (e instanceof Expr.Length l) {
      return escaping(l.array(), buffers, false);
    }
    if (e instanceof Expr.Cond c) {
      Variable v = escaping(c.cond(), buffers, false);
      v = v != null ? v : escaping(c.whenTrue(), buffers, kept);
      return v != null ? v : escaping(c.whenFalse(), buffers, kept);
    }
    // A call returning a number, or a copy, keeps no array, any other may return one it was given;
    // other expressions keep their array operands (an initialiser's rows).
    boolean keptByCall = e instanceof Expr.Call c && c.type().isArray() && !isNew(c);
    for (Expr child : Exprs.children(e)) {
      Variable v = escaping(child, buffers, child.type().isArray() && (keptByCall || !(e instanceof Expr.Call)));
      if (v != null) {
        return v;
      }
    }
    return null;
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
