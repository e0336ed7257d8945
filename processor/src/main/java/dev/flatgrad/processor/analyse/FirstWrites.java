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
 * Element stores that write each element of a freshly allocated array exactly once, such as
 * {@code next[j] = ...} in the counting loop over {@code j} after {@code new double[n]}. What
 * they overwrite is the allocation's zero, so the backward pass need not clear the element's
 * adjoint afterwards.
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

  /** Walks with the counting-loop indices entered since each array was allocated. */
  private static void walk(
      List<Stmt> stmts, Deque<Variable> indices, Map<Variable, Integer> depthAtAllocation,
      Set<Stmt.Store> candidates, Set<Stmt.Store> out) {
    Map<Variable, Integer> allocated = depthAtAllocation == null ? new HashMap<>() : depthAtAllocation;
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && a.value() instanceof Expr.NewArray) {
        allocated.put(a.target(), indices.size());
      } else if (s instanceof Stmt.Store st && candidates.contains(st)) {
        Integer depth = allocated.get(st.array());
        if (depth != null && writesEachOnce(st, new ArrayList<>(indices).subList(0, indices.size() - depth))) {
          out.add(st);
        }
      } else if (s instanceof Stmt.If f) {
        walk(f.then().stmts(), indices, new HashMap<>(allocated), candidates, out);
        walk(f.otherwise().stmts(), indices, new HashMap<>(allocated), candidates, out);
      } else if (s instanceof Stmt.Loop l) {
        var counting = Loops.counting(l);
        if (counting.isPresent()) {
          indices.push(counting.get().index());
          walk(l.body().stmts(), indices, new HashMap<>(allocated), candidates, out);
          indices.pop();
        } else {
          Map<Variable, Integer> none = new HashMap<>();
          walk(l.body().stmts(), indices, none, candidates, out);
        }
      }
    }
  }

  /** The store's indices are exactly the given loop indices, each once. */
  private static boolean writesEachOnce(Stmt.Store st, List<Variable> loopIndices) {
    if (st.indices().size() != st.array().type().rank() || loopIndices.size() != st.indices().size()) {
      return false;
    }
    Set<Variable> used = new HashSet<>();
    for (Expr i : st.indices()) {
      if (!(i instanceof Expr.Ref r) || !loopIndices.contains(r.var()) || !used.add(r.var())) {
        return false;
      }
    }
    return true;
  }
}
