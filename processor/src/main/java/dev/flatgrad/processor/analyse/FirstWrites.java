package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Element stores that write each element of a freshly allocated array at most once, such as
 * {@code next[j] = ...} in the counting loop over {@code j} after {@code new double[n]}: the
 * array's only store, of a whole element, inside counting loops only since the allocation, each of
 * which names another element on every trip ({@link Loops#distinctPerTrip}: {@code next[j + 1]},
 * {@code out[n - 1 - i]} too). What they overwrite is the allocation's zero, so the backward pass
 * need not clear the element's adjoint afterwards.
 */
final class FirstWrites {

  private FirstWrites() {}

  static void find(Block body, Set<Stmt.Store> out) {
    Map<Variable, Integer> allocations = new HashMap<>();
    Map<Variable, List<Stmt.Store>> stores = new HashMap<>();
    Stmts.walk(body, s -> {
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        allocations.merge(a.target(), a.value() instanceof Expr.NewArray && a.declares() ? 1 : 2, Integer::sum);
      } else if (s instanceof Stmt.Store st) {
        stores.computeIfAbsent(st.array(), k -> new ArrayList<>()).add(st);
      }
    });
    Set<Stmt.Store> candidates = new HashSet<>();
    stores.forEach((array, list) -> {
      if (allocations.getOrDefault(array, 0) == 1 && list.size() == 1 && list.get(0).compound() == null) {
        candidates.add(list.get(0));
      }
    });
    if (!candidates.isEmpty()) {
      walk(body.stmts(), new ArrayDeque<>(), null, candidates, out);
    }
  }

  /** Walks with the counting loops entered (innermost first) and the depth each array was allocated at. */
  private static void walk(
      List<Stmt> stmts, Deque<Stmt.Loop> loops, Map<Variable, Integer> depthAtAllocation,
      Set<Stmt.Store> candidates, Set<Stmt.Store> out) {
    Map<Variable, Integer> allocated = depthAtAllocation == null ? new HashMap<>() : depthAtAllocation;
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && a.value() instanceof Expr.NewArray) {
        allocated.put(a.target(), loops.size());
      } else if (s instanceof Stmt.Store st && candidates.contains(st)) {
        Integer depth = allocated.get(st.array());
        if (depth != null && writesEachOnce(st, new ArrayList<>(loops).subList(0, loops.size() - depth))) {
          out.add(st);
        }
      } else if (s instanceof Stmt.If f) {
        walk(f.then().stmts(), loops, new HashMap<>(allocated), candidates, out);
        walk(f.otherwise().stmts(), loops, new HashMap<>(allocated), candidates, out);
      } else if (s instanceof Stmt.Loop l) {
        if (Loops.counting(l).isPresent()) {
          loops.push(l);
          walk(l.body().stmts(), loops, new HashMap<>(allocated), candidates, out);
          loops.pop();
        } else {
          Map<Variable, Integer> none = new HashMap<>();
          walk(l.body().stmts(), loops, none, candidates, out);
        }
      }
    }
  }

  /** A whole element, another on every trip of the loops entered since the allocation. */
  private static boolean writesEachOnce(Stmt.Store st, List<Stmt.Loop> loops) {
    return st.indices().size() == st.array().type().rank() && Loops.distinctPerTrip(st.indices(), loops);
  }
}
