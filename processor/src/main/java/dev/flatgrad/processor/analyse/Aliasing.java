package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.ArrayShares;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.RowSwaps;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes through arrays that something else also holds. Arrays are references: after {@code b =
 * a}, {@code b[0] = 1} changes {@code a} too, which the differentiation (which sees two
 * variables) would get wrong, and a write into (a row of) a parameter would change the caller's
 * data. Both are errors on the write's line saying what to copy. A points-to analysis over the
 * structured code: each array variable may point to some abstract arrays (a parameter's, its
 * rows, those allocated at a statement — the latest allocation there kept apart from older ones,
 * so that {@code next = new double[n]; ...; h = next;} in a loop is fine). A write is an error
 * only while the other variable may still be read holding the shared array: not after an
 * enhanced for over the rows has ended, nor once a call's result is assigned anew. Two rows of a
 * matrix swapped through a temporary put no array in two rows ({@link #inRowSwap}).
 */
public final class Aliasing {

  /** An abstract array: where it was made, whether it is the latest one from there, or rows of one. */
  private record Obj(Object site, boolean recent, boolean rows, String name) {
    Obj rowsOf() {
      return new Obj(site, recent, true, name);
    }

    Obj older() {
      return new Obj(site, false, rows, name);
    }
  }

  private final List<Problem> problems = new ArrayList<>();
  private final Set<Variable> params;
  /** The method's statements, for what a message says about how two variables came to share. */
  private final List<Stmt> code;
  /**
   * The result as the lowering made it for returns inside the body ({@code out = prod} where the
   * user wrote {@code return prod;}): assigned only just before control leaves for the method's
   * end, so no write can follow while it shares an array.
   */
  private final Variable result;
  private final Map<Variable, Set<Stmt>> laterReads = new HashMap<>();
  /**
   * The arrays put into rows of an array ({@code m[i] = v}), on any path so far: a matrix holds
   * them as it holds its rows. Aged as the allocations are, so that the row a loop's next trip
   * makes is not the one the last trip put in place.
   */
  private final Map<Obj, Set<Obj>> storedRows = new HashMap<>();

  /** The user's methods whose result is an array they made, never one they were given. */
  private final Predicate<Callee> returnsNewArray;
  /**
   * Buffers swapped through temporaries that hold one array only within a swap (lower.SwappedBuffers),
   * though this analysis, joining a loop's trips, finds each in the others' places.
   */
  private final Set<Variable> keptApart;
  /** For the buffers of swaps that stay as written, why they may share an array (lower.SwappedBuffers). */
  private final Map<Variable, String> whyShared;
  /** Locals swapped with a row ({@code t = m[i]; m[i] = v; v = t;}), by the store that puts them in the row. */
  private final Map<Variable, Stmt.Store> rowSwappedLocals = new HashMap<>();
  /**
   * The stores of locals swapped with rows whose local and matrix are {@link #keptApart}: the local
   * is given only new arrays and the row's copy, so it puts no array in two rows.
   */
  private final Set<Stmt.Store> keptRowSwaps = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private Aliasing(IrMethod m, Predicate<Callee> returnsNewArray, Set<Variable> keptApart,
      Map<Variable, String> whyShared) {
    this.params = new LinkedHashSet<>(m.params());
    this.code = m.body().stmts();
    this.returnsNewArray = returnsNewArray;
    this.keptApart = keptApart;
    this.whyShared = whyShared;
    List<List<Stmt>> lists = new ArrayList<>(List.of(code));
    Stmts.walk(m.body(), s -> lists.addAll(nestedLists(s)));
    for (List<Stmt> list : lists) {
      for (int k = 0; k < list.size(); k++) {
        Stmt.Store put = RowSwaps.withLocalAt(list, k);
        if (put != null) {
          rowSwappedLocals.put(((Expr.Ref) put.value()).var(), put);
        }
        Stmt.Store swap = RowSwaps.localSwapAt(list, k);
        if (swap != null && keptApart.contains(swap.array()) && keptApart.contains(((Expr.Ref) swap.value()).var())) {
          keptRowSwaps.add(swap);
        }
      }
    }
    this.result = m.output().kind() == Variable.Kind.TEMP ? m.output() : null;
  }

  /**
   * The writes through shared or parameter arrays in {@code m}; {@code returnsNewArray} tells the
   * user's methods whose result shares nothing with their arguments, {@code keptApart} the
   * buffers swapped that never share an array where one is written, {@code whyShared} why the
   * others may.
   */
  public static List<Problem> check(IrMethod m, Predicate<Callee> returnsNewArray, Set<Variable> keptApart,
      Map<Variable, String> whyShared) {
    Aliasing a = new Aliasing(m, returnsNewArray, keptApart, whyShared);
    // In the order the variables are first assigned: a write that shares with two reports the first
    // (identity hashes made the message change from run to run).
    Map<Variable, Set<Obj>> state = new LinkedHashMap<>();
    for (Variable p : m.params()) {
      if (p.type().isArray()) {
        state.put(p, Set.of(new Obj(p, true, false, p.hint())));
      }
    }
    a.block(m.body().stmts(), state, List.of());
    // A loop's body is analysed until its states settle: a write in it may be found on each pass.
    Map<String, Problem> once = new LinkedHashMap<>();
    for (Problem p : a.problems) {
      once.putIfAbsent(p.pos() + " " + p.tag() + " " + p.getMessage(), p);
    }
    return List.copyOf(once.values());
  }

  /**
   * Where the states of a block go: on to what follows it ({@code normal}, null if it cannot
   * complete normally), out of the enclosing loop (its breaks), or to the loop's next trip (its
   * continues).
   */
  private record Flow(Map<Variable, Set<Obj>> normal, List<Map<Variable, Set<Obj>>> breaks,
      List<Map<Variable, Set<Obj>>> continues) {}

  /** {@code after}: statement lists that may run after these (for "read later"). */
  private Flow block(List<Stmt> stmts, Map<Variable, Set<Obj>> state, List<List<Stmt>> after) {
    List<Map<Variable, Set<Obj>>> breaks = new ArrayList<>();
    List<Map<Variable, Set<Obj>>> continues = new ArrayList<>();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      List<Stmt> rest = stmts.subList(k + 1, stmts.size());
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        Set<Obj> value = pointsTo(a.value(), state, s);
        state = copy(state);
        state.put(a.target(), value);
      } else if (s instanceof Stmt.Store st) {
        checkStore(st, state, with(after, rest));
        if (st.indices().size() == 1 && st.value().type().isArray() && !inRowSwap(stmts, k, after)) {
          Set<Obj> value = pointsTo(st.value(), state, s);
          for (Obj o : state.getOrDefault(st.array(), Set.of())) {
            if (keptRowSwaps.contains(st)) {
              // The local's array, which its swap gave it from a row no longer in the matrix.
              value.stream().filter(v -> !v.equals(o.rowsOf()))
                  .forEach(v -> storedRows.computeIfAbsent(o, x -> new LinkedHashSet<>()).add(v));
              continue;
            }
            putRows(o, value, st.value() instanceof Expr.Ref v && rowSwappedLocals.get(v.var()) == st
                ? swappedWithRow(v.var(), st) : inTwoRows("`" + st.array().hint() + "`"), s);
          }
          state = withFormerRow(st, tookTheRow(stmts, k, st), state);
        }
      } else if (s instanceof Stmt.Break) {
        breaks.add(state);
        return new Flow(null, breaks, continues);
      } else if (s instanceof Stmt.Continue) {
        continues.add(state);
        return new Flow(null, breaks, continues);
      } else if (s instanceof Stmt.Throw) {
        return new Flow(null, breaks, continues);
      } else if (s instanceof Stmt.If f) {
        List<List<Stmt>> inner = with(after, rest);
        Flow then = block(f.then().stmts(), copy(state), inner);
        Flow otherwise = block(f.otherwise().stmts(), copy(state), inner);
        breaks.addAll(then.breaks());
        breaks.addAll(otherwise.breaks());
        continues.addAll(then.continues());
        continues.addAll(otherwise.continues());
        state = then.normal() == null ? otherwise.normal()
            : otherwise.normal() == null ? then.normal() : join(then.normal(), otherwise.normal());
        if (state == null) {
          return new Flow(null, breaks, continues);
        }
      } else if (s instanceof Stmt.Loop l) {
        state = loop(l, state, with(after, rest));
      }
    }
    return new Flow(state, breaks, continues);
  }

  /**
   * Whether the statement at {@code k} is one of the two stores of a swap of two rows of a matrix,
   * {@code t = m[i]; m[i] = m[j]; m[j] = t;}, with {@code t} not read after: the matrix holds the
   * same arrays after as before, one row each (the one array in two rows between the stores is
   * never seen), so its rows are not put again.
   */
  private static boolean inRowSwap(List<Stmt> stmts, int k, List<List<Stmt>> after) {
    for (int start = Math.max(0, k - 2); start <= k - 1; start++) {
      Variable t = RowSwaps.tempAt(stmts, start);
      if (t != null && !readLater(t, with(after, stmts.subList(start + 3, stmts.size())))) {
        return true;
      }
    }
    return false;
  }

  /** Where the array a row replaced ({@code m[i] = new double[n]}) held before is. */
  private record FormerRow(Stmt.Store replaced) {}

  /**
   * The locals that took the row {@code st} replaces, earlier in the same statements ({@code old =
   * m[i]}, with {@code old}, {@code m} and what {@code i} reads unchanged since, so the same row).
   */
  private static Set<Variable> tookTheRow(List<Stmt> stmts, int k, Stmt.Store st) {
    Expr index = st.indices().get(0);
    Set<Variable> out = new LinkedHashSet<>();
    if (!Exprs.isRepeatable(index)) {
      return out;
    }
    for (int j = k - 1; j >= 0; j--) {
      if (stmts.get(j) instanceof Stmt.Assign a && a.compound() == null && a.value() instanceof Expr.Index i
          && i.array() instanceof Expr.Ref r && r.var() == st.array() && i.index().equals(index)) {
        Set<Variable> changed = Stmts.assigned(stmts.subList(j + 1, k));
        if (!changed.contains(a.target()) && !changed.contains(st.array())
            && Exprs.reads(index).stream().noneMatch(changed::contains)) {
          out.add(a.target());
        }
      }
    }
    return out;
  }

  /**
   * The state after {@code st} replaced a row that {@code took} held: each now holds an array the
   * matrix no longer holds (its rows are distinct arrays: one array in two rows is an error), a
   * former row, which a variable that may have held the same array (another row taken before, a
   * clone's rows) may still hold. Unchanged where a row of the matrix may be another's row
   * ({@code m[1] = m[0]}), or the row a parameter's.
   */
  private Map<Variable, Set<Obj>> withFormerRow(Stmt.Store st, Set<Variable> took, Map<Variable, Set<Obj>> state) {
    Set<Obj> matrix = state.getOrDefault(st.array(), Set.of());
    if (took.isEmpty() || matrix.isEmpty() || matrix.stream().anyMatch(o -> o.rows() || o.site() instanceof Variable
        || storedRows.getOrDefault(o, Set.of()).stream().anyMatch(r -> r.rows() || r.site() instanceof Variable))) {
      return state;
    }
    Set<Obj> rows = new LinkedHashSet<>();
    for (Obj o : matrix) {
      rows.add(o.rowsOf());
      rows.addAll(storedRows.getOrDefault(o, Set.of()));
    }
    Obj former = new Obj(new FormerRow(st), false, true, null);
    Map<Variable, Set<Obj>> out = copy(state);
    for (Map.Entry<Variable, Set<Obj>> e : out.entrySet()) {
      if (e.getValue().stream().anyMatch(rows::contains)) {
        Set<Obj> now = new LinkedHashSet<>(e.getValue());
        if (took.contains(e.getKey())) {
          now.removeAll(rows);
        }
        now.add(former);
        e.setValue(now);
      }
    }
    return out;
  }

  private static String inTwoRows(String matrixName) {
    return "one array in two rows of " + matrixName + ": a write through one row changes the other, which flatgrad"
        + " cannot differentiate; give each row its own copy (.clone())";
  }

  /**
   * Why a local swapped with a row ({@code t = m[i]; m[i] = v; v = t;}) is refused: what else may
   * hold the arrays (lower.SwappedBuffers), and what to write instead.
   */
  private String swappedWithRow(Variable v, Stmt.Store put) {
    String m = put.array().hint();
    String row = m + "[" + (put.indices().get(0) instanceof Expr.Ref i ? i.var().hint() : "i") + "]";
    String why = whyShared.getOrDefault(v, whyShared.get(put.array()));
    return "`" + v.hint() + "` is swapped with row `" + row + "` (line " + put.pos().line() + "): after the swap it"
        + " holds the array that was the row, which flatgrad follows only where nothing else holds the local's"
        + " arrays or the rows of `" + m + "`, and " + (why != null ? why : "it cannot tell it from the rows `" + m
        + "` holds") + "; swap their elements instead (for (int j = 0; j < " + v.hint() + ".length; j++) { double e = "
        + row + "[j]; " + row + "[j] = " + v.hint() + "[j]; " + v.hint() + "[j] = e; })";
  }

  /** The statement lists directly inside {@code s}: an if's branches, a loop's body. */
  private static List<List<Stmt>> nestedLists(Stmt s) {
    if (s instanceof Stmt.If f) {
      return List.of(f.then().stmts(), f.otherwise().stmts());
    }
    return s instanceof Stmt.Loop l ? List.of(l.body().stmts()) : List.of();
  }

  /** The state after a loop: where its test fails or a break leaves it, after any number of trips. */
  private Map<Variable, Set<Obj>> loop(Stmt.Loop l, Map<Variable, Set<Obj>> state, List<List<Stmt>> after) {
    // Another trip of the body may run after any point of it.
    List<List<Stmt>> inner = with(after, l.body().stmts());
    Map<Variable, Set<Obj>> in = state;
    for (Stmt init : l.init()) {
      if (init instanceof Stmt.Assign a && a.target().type().isArray()) {
        in = copy(in);
        in.put(a.target(), pointsTo(a.value(), in, init));
      }
    }
    while (true) {
      Flow body = block(l.body().stmts(), copy(in), inner);
      Map<Variable, Set<Obj>> next = in;
      if (body.normal() != null) {
        next = join(next, body.normal());
      }
      for (Map<Variable, Set<Obj>> c : body.continues()) {
        next = join(next, c);
      }
      if (next.equals(in)) {
        Map<Variable, Set<Obj>> out = in;
        for (Map<Variable, Set<Obj>> b : body.breaks()) {
          out = join(out, b);
        }
        return out;
      }
      in = next;
    }
  }

  /**
   * The array variables {@code v} may share its array with: itself, and those it (or one of them)
   * is assigned as a whole ({@code out = res}, {@code out = c ? a : b}), whichever way round.
   */
  public static Set<Variable> mayShareWith(Variable v, List<Stmt> code) {
    return ArrayShares.closure(Set.of(v), code, a -> true);
  }

  /** Whether each of {@code a} and {@code b} is given the other's array (through temporaries too): a swap. */
  private boolean swapped(Variable a, Variable b) {
    return receives(a, b) && receives(b, a);
  }

  /** Whether {@code to} is assigned, as a whole, an array {@code from} held (through other variables). */
  private boolean receives(Variable to, Variable from) {
    Set<Variable> sources = new LinkedHashSet<>(List.of(to));
    List<Stmt.Assign> assignments = ArrayShares.arrayAssignments(code);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt.Assign a : assignments) {
        if (sources.contains(a.target())) {
          changed |= sources.addAll(ArrayShares.wholeArrays(a.value()));
        }
      }
    }
    sources.remove(to);
    return sources.contains(from);
  }

  private static List<List<Stmt>> with(List<List<Stmt>> scopes, List<Stmt> more) {
    List<List<Stmt>> out = new ArrayList<>(scopes);
    out.add(more);
    return out;
  }

  private Set<Obj> pointsTo(Expr e, Map<Variable, Set<Obj>> state, Stmt at) {
    if (e instanceof Expr.Ref r) {
      return state.getOrDefault(r.var(), Set.of());
    }
    if (e instanceof Expr.Index i && e.type().isArray()) {
      Set<Obj> rows = new LinkedHashSet<>();
      for (Obj o : pointsTo(i.array(), state, at)) {
        rows.add(o.rowsOf());
        rows.addAll(storedRows.getOrDefault(o, Set.of()));
      }
      return rows;
    }
    if (e instanceof Expr.Cond c) {
      Set<Obj> both = new LinkedHashSet<>(pointsTo(c.whenTrue(), state, at));
      both.addAll(pointsTo(c.whenFalse(), state, at));
      return both;
    }
    if (e instanceof Expr.Call c && Intrinsics.isClone(c.callee())) {
      // A copy of the outer array only: a double[][]'s clone shares its rows.
      Set<Obj> out = new LinkedHashSet<>(fresh(at, state));
      for (Obj o : pointsTo(c.receiver(), state, at)) {
        if (e.type().rank() == 2) {
          out.add(o.rowsOf());
        }
      }
      return out;
    }
    if (e instanceof Expr.Call c && c.callee().kind() != Callee.Kind.ND && c.callee().kind() != Callee.Kind.MATH
        && !returnsNewArray.test(c.callee())) {
      // A method of the user's may return (rows of) an array it was given.
      Set<Obj> out = new LinkedHashSet<>(fresh(at, state));
      for (Expr arg : c.args()) {
        for (Obj o : pointsTo(arg, state, at)) {
          out.add(o);
          out.add(o.rowsOf());
        }
      }
      return out;
    }
    if (e instanceof Expr.ArrayLit lit && e.type().rank() >= 2) {
      // {v, w}: a new matrix whose rows are the arrays written.
      Obj matrix = fresh(at, state).iterator().next();
      for (Expr row : lit.elements()) {
        putRows(matrix, pointsTo(row, state, at), inTwoRows("the initializer"), at);
      }
      return Set.of(matrix);
    }
    return fresh(at, state);
  }

  /**
   * Records that the rows of {@code matrix} may be {@code rows}. One array in two rows (the latest
   * from its allocation, so one array for sure) is an error: a write through either row changes
   * both, which flatgrad cannot follow.
   */
  private void putRows(Obj matrix, Set<Obj> rows, String inTwoRows, Stmt at) {
    Set<Obj> held = storedRows.computeIfAbsent(matrix, x -> new LinkedHashSet<>());
    if (rows.stream().anyMatch(r -> r.recent() && !r.rows() && !(r.site() instanceof Variable) && held.contains(r))) {
      problems.add(new Problem(at.pos(), Tag.ALIASING, inTwoRows));
    }
    held.addAll(rows);
  }

  /** A new array made at {@code at}: older ones from there stop being the latest. */
  private Set<Obj> fresh(Stmt at, Map<Variable, Set<Obj>> state) {
    for (Map.Entry<Variable, Set<Obj>> e : state.entrySet()) {
      e.setValue(aged(e.getValue(), at));
    }
    Map<Obj, Set<Obj>> rows = new HashMap<>();
    storedRows.forEach((o, in) -> rows.computeIfAbsent(o.site() == at ? o.older() : o, x -> new LinkedHashSet<>())
        .addAll(aged(in, at)));
    storedRows.clear();
    storedRows.putAll(rows);
    return Set.of(new Obj(at, true, false, null));
  }

  private static Set<Obj> aged(Set<Obj> objs, Stmt at) {
    Set<Obj> aged = new LinkedHashSet<>();
    for (Obj o : objs) {
      aged.add(o.site() == at ? o.older() : o);
    }
    return aged;
  }

  private void checkStore(Stmt.Store st, Map<Variable, Set<Obj>> state, List<List<Stmt>> later) {
    Set<Obj> written = new LinkedHashSet<>();
    for (Obj o : state.getOrDefault(st.array(), Set.of())) {
      if (st.indices().size() >= 2) {
        written.add(o.rowsOf());
      } else if (!(o.rows() && st.array().type().rank() >= 2)) {
        // A row replaced (W[0] = x) writes the matrix's own array, not the rows it may share
        // (those of the matrix it was cloned from).
        written.add(o);
      }
    }
    // A parameter put in as a row (W[0] = x) is what an element write through the row changes.
    Set<Obj> reached = new LinkedHashSet<>();
    if (st.indices().size() >= 2) {
      state.getOrDefault(st.array(), Set.of()).forEach(o -> reached.addAll(storedRows.getOrDefault(o, Set.of())));
    }
    reached.addAll(written);
    // Each parameter it may change is named: the analysis does not tell W[1] (A's row) from W[0] (x).
    List<String> into = new ArrayList<>();
    List<String> copies = new ArrayList<>();
    for (Obj o : reached) {
      if (o.site() instanceof Variable p && params.contains(p)) {
        into.add((o.rows() ? "a row of " : "") + (st.array() == p ? "parameter array `" + p.hint() + "`"
            : "the array of parameter `" + p.hint() + "` (through `" + st.array().hint() + "`)"));
        copies.add(p.type().rank() == 2 ? "Nd.copy(" + p.hint() + ") copies the rows too" : p.hint() + ".clone()");
      }
    }
    if (!into.isEmpty()) {
      problems.add(new Problem(st.pos(), Tag.PARAMETER_WRITE, "writing into " + String.join(" or ", into)
          + ": generated code never changes its inputs; copy it first (" + String.join("; ", copies) + ")"));
      return;
    }
    // An element written through a row that may be another row of the same matrix too (m[1] = m[0]).
    for (Obj o : st.indices().size() >= 2 ? state.getOrDefault(st.array(), Set.of()) : Set.<Obj>of()) {
      if (!o.rows() && storedRows.getOrDefault(o, Set.of()).contains(o.rowsOf())) {
        problems.add(new Problem(st.pos(), Tag.ALIASING, "writing into a row of `" + st.array().hint()
            + "` that may be another of its rows too: " + inTwoRows("`" + st.array().hint() + "`")));
        return;
      }
    }
    for (Map.Entry<Variable, Set<Obj>> e : state.entrySet()) {
      Variable other = e.getKey();
      if (other == st.array() || other == result || keptApart.contains(other) && keptApart.contains(st.array())
          || !readLater(other, later)) {
        continue;
      }
      for (Obj o : e.getValue()) {
        // A matrix holds its rows: a write into one through another variable changes what it reads.
        boolean rowOfOther = !o.rows() && other.type().rank() >= 2 && (reached.contains(o.rowsOf())
            || storedRows.getOrDefault(o, Set.of()).stream().anyMatch(reached::contains));
        if (written.contains(o) || rowOfOther && st.indices().size() >= 2) {
          problems.add(new Problem(st.pos(), Tag.ALIASING, swapped(st.array(), other)
              ? "writing into `" + st.array().hint() + "`, which is swapped with `" + other.hint() + "`: flatgrad"
                  + " keeps two arrays that change places apart only where nothing else holds them, and "
                  + whyShared.getOrDefault(st.array(), whyShared.getOrDefault(other, "they may be one array here"))
                  + "; make a new array each trip instead (double[] next = new double[n]; ... "
                  + other.hint() + " = next;)"
              : "writing into `" + st.array().hint() + "`, which shares its array with `" + other.hint()
                  + "`: a write through one changes the other, which flatgrad cannot differentiate;"
                  + " make `" + st.array().hint() + "` a copy (.clone(), or Nd.copy for a double[][])"));
          return;
        }
        Stmt.Store swap = rowSwappedLocals.get(st.array());
        if (rowOfOther && swap != null && swap.array() == other) {
          problems.add(new Problem(st.pos(), Tag.ALIASING, swappedWithRow(st.array(), swap)));
          return;
        }
        if (rowOfOther) {
          problems.add(new Problem(st.pos(), Tag.ALIASING,
              "writing into `" + st.array().hint() + "`, which holds a row of `" + other.hint()
                  + "`: flatgrad cannot differentiate a write through it that changes `" + other.hint()
                  + "`; write the element through `" + other.hint() + "` (" + other.hint() + "[i][j] = ...)"
                  + ", or make `" + st.array().hint() + "` a copy (.clone()) if `" + other.hint()
                  + "` must not change"));
          return;
        }
      }
    }
  }

  /**
   * Whether {@code v} may be read, still holding the array it holds now, in statements that may
   * run later: each list in {@code later} is where some path from here goes on, from its start,
   * so {@code v} is dead there if every path through it assigns {@code v} anew before reading it
   * (an enhanced-for variable on the loop's next run, a call's result assigned again).
   */
  private static boolean readLater(Variable v, List<List<Stmt>> later) {
    for (List<Stmt> stmts : later) {
      if (firstUse(stmts, v) == Use.READ) {
        return true;
      }
    }
    return false;
  }

  /**
   * What statements do first with a variable, on paths from their start: {@code READ} if some
   * path reads it before assigning it as a whole; else {@code REPLACED} if every path that gets to
   * the statements' end has assigned it (a path that jumps away leaves, and where it lands is in
   * {@code later} itself); else {@code NONE}.
   */
  private enum Use {
    READ,
    REPLACED,
    NONE
  }

  private static Use firstUse(List<Stmt> stmts, Variable v) {
    for (Stmt s : stmts) {
      Use u = firstUse(s, v);
      if (u != Use.NONE) {
        return u;
      }
    }
    return Use.NONE;
  }

  private static Use firstUse(Stmt s, Variable v) {
    if (s instanceof Stmt.If f) {
      if (Exprs.reads(f.cond()).contains(v)) {
        return Use.READ;
      }
      Use then = firstUse(f.then().stmts(), v);
      Use otherwise = firstUse(f.otherwise().stmts(), v);
      return then == Use.READ || otherwise == Use.READ ? Use.READ
          : then == Use.REPLACED && otherwise == Use.REPLACED ? Use.REPLACED : Use.NONE;
    }
    if (s instanceof Stmt.Loop l) {
      Use init = firstUse(l.init(), v);
      if (init != Use.NONE) {
        return init;
      }
      // Any trip may be the first, or none run: a read anywhere counts, an assignment does not carry past.
      boolean read = Exprs.reads(l.cond()).contains(v) || firstUse(l.body().stmts(), v) == Use.READ
          || firstUse(l.update(), v) == Use.READ;
      return read ? Use.READ : Use.NONE;
    }
    if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      return Use.REPLACED;
    }
    if (Stmts.read(List.of(s)).contains(v)) {
      return Use.READ;
    }
    if (s instanceof Stmt.Return || s instanceof Stmt.Throw) {
      return Use.REPLACED;
    }
    return s instanceof Stmt.Assign a && a.target() == v ? Use.REPLACED : Use.NONE;
  }

  private static Map<Variable, Set<Obj>> copy(Map<Variable, Set<Obj>> state) {
    Map<Variable, Set<Obj>> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(k, new LinkedHashSet<>(v)));
    return out;
  }

  private static Map<Variable, Set<Obj>> join(Map<Variable, Set<Obj>> a, Map<Variable, Set<Obj>> b) {
    Map<Variable, Set<Obj>> out = copy(a);
    b.forEach((k, v) -> out.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    return out;
  }
}
