package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.engine.Problem;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes through arrays that something else also holds. Arrays are references: after {@code b =
 * a}, {@code b[0] = 1} changes {@code a} too, which the differentiation (which sees two
 * variables) would get wrong, and a write into (a row of) a parameter would change the caller's
 * data. Both are errors on the write's line saying what to copy. A points-to analysis over the
 * structured code: each array variable may point to some abstract arrays (a parameter's, its
 * rows, those allocated at a statement — the latest allocation there kept apart from older ones,
 * so that {@code next = new double[n]; ...; h = next;} in a loop is fine).
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
  private final Map<Variable, Set<Stmt>> laterReads = new HashMap<>();

  private Aliasing(IrMethod m) {
    this.params = new LinkedHashSet<>(m.params());
  }

  public static List<Problem> check(IrMethod m) {
    Aliasing a = new Aliasing(m);
    Map<Variable, Set<Obj>> state = new HashMap<>();
    for (Variable p : m.params()) {
      if (p.type().isArray()) {
        state.put(p, Set.of(new Obj(p, true, false, p.hint())));
      }
    }
    a.block(m.body().stmts(), state, List.of());
    return List.copyOf(new LinkedHashSet<>(a.problems));
  }

  /** {@code after}: statement lists that may run after these (for "read later"). */
  private Map<Variable, Set<Obj>> block(List<Stmt> stmts, Map<Variable, Set<Obj>> state, List<List<Stmt>> after) {
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      List<Stmt> rest = stmts.subList(k + 1, stmts.size());
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        Set<Obj> value = pointsTo(a.value(), state, s);
        state = copy(state);
        state.put(a.target(), value);
      } else if (s instanceof Stmt.Store st) {
        checkStore(st, state, with(after, rest));
      } else if (s instanceof Stmt.If f) {
        List<List<Stmt>> inner = with(after, rest);
        Map<Variable, Set<Obj>> then = block(f.then().stmts(), copy(state), inner);
        Map<Variable, Set<Obj>> otherwise = block(f.otherwise().stmts(), copy(state), inner);
        state = join(then, otherwise);
      } else if (s instanceof Stmt.Loop l) {
        // Another trip of the body may run after any point of it.
        List<List<Stmt>> inner = with(with(after, rest), l.body().stmts());
        Map<Variable, Set<Obj>> in = state;
        for (Stmt init : l.init()) {
          if (init instanceof Stmt.Assign a && a.target().type().isArray()) {
            in = copy(in);
            in.put(a.target(), pointsTo(a.value(), in, init));
          }
        }
        while (true) {
          Map<Variable, Set<Obj>> out = block(l.body().stmts(), copy(in), inner);
          Map<Variable, Set<Obj>> next = join(in, out);
          if (next.equals(in)) {
            break;
          }
          in = next;
        }
        state = in;
      }
    }
    return state;
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
    if (e instanceof Expr.Call c && c.callee().kind() != Callee.Kind.ND && c.callee().kind() != Callee.Kind.MATH) {
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
    return fresh(at, state);
  }

  /** A new array made at {@code at}: older ones from there stop being the latest. */
  private static Set<Obj> fresh(Stmt at, Map<Variable, Set<Obj>> state) {
    for (Map.Entry<Variable, Set<Obj>> e : state.entrySet()) {
      Set<Obj> aged = new LinkedHashSet<>();
      for (Obj o : e.getValue()) {
        aged.add(o.site() == at ? o.older() : o);
      }
      e.setValue(aged);
    }
    return Set.of(new Obj(at, true, false, null));
  }

  private void checkStore(Stmt.Store st, Map<Variable, Set<Obj>> state, List<List<Stmt>> later) {
    Set<Obj> written = new LinkedHashSet<>();
    for (Obj o : state.getOrDefault(st.array(), Set.of())) {
      written.add(st.indices().size() >= 2 ? o.rowsOf() : o);
    }
    for (Obj o : written) {
      if (o.site() instanceof Variable p && params.contains(p)) {
        problems.add(new Problem(st.pos(), "FlatgradParameterWrite",
            "writing into " + (o.rows() ? "a row of " : "")
                + (st.array() == p ? "parameter array `" + p.hint() + "`"
                    : "the array of parameter `" + p.hint() + "` (through `" + st.array().hint() + "`)")
                + ": generated code never changes its inputs; copy it first ("
                + (p.type().rank() == 2 ? "Nd.copy(" + p.hint() + ") copies the rows too" : p.hint() + ".clone()") + ")"));
        return;
      }
    }
    for (Map.Entry<Variable, Set<Obj>> e : state.entrySet()) {
      Variable other = e.getKey();
      if (other == st.array() || !readLater(other, later)) {
        continue;
      }
      for (Obj o : e.getValue()) {
        if (written.contains(o)) {
          problems.add(new Problem(st.pos(), "FlatgradAliasing",
              "writing into `" + st.array().hint() + "`, which shares its array with `" + other.hint()
                  + "`: a write through one changes the other, which flatgrad cannot differentiate;"
                  + " make `" + st.array().hint() + "` a copy (.clone(), or Nd.copy for a double[][])"));
          return;
        }
      }
    }
  }

  /** Whether {@code v} is read in statements that may run later. */
  private static boolean readLater(Variable v, List<List<Stmt>> later) {
    for (List<Stmt> stmts : later) {
      if (Stmts.read(stmts).contains(v)) {
        return true;
      }
    }
    return false;
  }

  private static Map<Variable, Set<Obj>> copy(Map<Variable, Set<Obj>> state) {
    Map<Variable, Set<Obj>> out = new HashMap<>();
    state.forEach((k, v) -> out.put(k, new LinkedHashSet<>(v)));
    return out;
  }

  private static Map<Variable, Set<Obj>> join(Map<Variable, Set<Obj>> a, Map<Variable, Set<Obj>> b) {
    Map<Variable, Set<Obj>> out = copy(a);
    b.forEach((k, v) -> out.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
    return out;
  }
}
