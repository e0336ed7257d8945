package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The element stores of a counting loop's body that no later trip reads: {@code da[i] = new
 * double[a[i].length];} (an adjoint's row made zero after a row clone's adjoint was added) where
 * the loop names {@code da} only as {@code da[i]...} (its own trip's element: each trip has
 * another {@code i}) and nothing after the store in the body names it, nor any variable that may
 * hold the same array. One level deeper, {@code dp[r][j] = 0.0;} in a loop over {@code j} in the
 * body of one over {@code r}: the inner loop names {@code dp} only as {@code dp[r][j]}, the outer
 * only as {@code dp[r]...}, nothing after either names it, and each row is an array of its own
 * ({@link OwnRows}), so that another {@code r} is another row. Whether anything after the (outer)
 * loop reads one of them is the caller's question (liveness, {@link DeadStores}); only adjoints'
 * stores are asked about, never the user's arrays.
 */
final class UnreadTripElements {

  private UnreadTripElements() {}

  /**
   * The stores of {@code l}'s body, and of the body of a counting loop in it, that no later
   * statement of the loop reads (in {@code code}, where a variable assigned the array as a whole
   * may hold it too), each with the variables that may hold its array: the caller asks whether any
   * is read after the loop.
   */
  static Map<Stmt.Store, Set<Variable>> of(Stmt.Loop l, List<Stmt> code) {
    Map<Stmt.Store, Set<Variable>> out = new IdentityHashMap<>();
    Variable counter = counter(l);
    if (counter == null) {
      return out;
    }
    List<Stmt> body = l.body().stmts();
    for (int k = 0; k < body.size(); k++) {
      List<Stmt> rest = body.subList(k + 1, body.size());
      if (body.get(k) instanceof Stmt.Store st && ownElement(st, List.of(counter))) {
        Set<Variable> holders = holders(st, code);
        if (holders.stream().allMatch(h -> onlyAtTheTrip(l, h, List.of(counter)) && !named(rest, h))) {
          out.put(st, holders);
        }
      } else if (body.get(k) instanceof Stmt.Loop inner && counter(inner) != null) {
        List<Variable> both = List.of(counter, counter(inner));
        List<Stmt> innerBody = inner.body().stmts();
        for (int i = 0; i < innerBody.size(); i++) {
          if (innerBody.get(i) instanceof Stmt.Store st && ownElement(st, both)) {
            Set<Variable> holders = holders(st, code);
            List<Stmt> innerRest = innerBody.subList(i + 1, innerBody.size());
            if (holders.stream().allMatch(h -> onlyAtTheTrip(l, h, List.of(counter)) && !named(rest, h)
                && onlyAtTheTrip(inner, h, both) && !named(innerRest, h)) && OwnRows.of(holders, code)) {
              out.put(st, holders);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The variables that may hold the array {@code st} writes into: those {@link
   * Aliasing#mayShareWith} finds but a row taken out of a matrix whose row {@code st} replaces
   * ({@code double[] drow = dp[r];} before {@code dp[r] = new double[n];}: {@code drow} still
   * holds the old row).
   */
  private static Set<Variable> holders(Stmt.Store st, List<Stmt> code) {
    int written = st.array().type().rank() - st.indices().size() + 1;
    Set<Variable> out = new java.util.LinkedHashSet<>();
    for (Variable h : Aliasing.mayShareWith(st.array(), code)) {
      if (h.type().rank() >= written) {
        out.add(h);
      }
    }
    return out;
  }

  private static Variable counter(Stmt.Loop l) {
    return Loops.counting(l).map(Loops.Counting::index).orElse(null);
  }

  /** A plain store into an adjoint's element at the trips' counters, of a value asked again at will. */
  private static boolean ownElement(Stmt.Store st, List<Variable> counters) {
    return st.compound() == null && st.array().kind() == Variable.Kind.ADJOINT && atTheTrip(st.indices(), counters)
        && Exprs.isRepeatable(st.value()) && st.indices().stream().allMatch(Exprs::isRepeatable);
  }

  /**
   * Whether the loop names {@code a} only by its element {@code a[counters...]}: every read, every
   * store (which reads the row it stores into), and no assignment but a copy of itself.
   */
  private static boolean onlyAtTheTrip(Stmt.Loop l, Variable a, List<Variable> counters) {
    boolean[] ok = {true};
    Stmts.walk(l, s -> {
      if (UnwrittenCopies.isSelfCopy(s, a)) {
        return; // the same values in a new array: an element no trip reads is still unread
      }
      for (Expr e : Stmts.ownExprs(s)) {
        ok[0] &= Exprs.countReads(e, a) == countAtTheTrip(e, a, counters);
      }
      ok[0] &= !(s instanceof Stmt.Assign x && x.target() == a)
          && !(s instanceof Stmt.Store st && st.array() == a && !atTheTrip(st.indices(), counters));
    });
    return ok[0];
  }

  /** Whether {@code indices} begin with the counters, in order. */
  private static boolean atTheTrip(List<Expr> indices, List<Variable> counters) {
    if (indices.size() < counters.size()) {
      return false;
    }
    for (int i = 0; i < counters.size(); i++) {
      if (!(indices.get(i) instanceof Expr.Ref r && r.var() == counters.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static int countAtTheTrip(Expr e, Variable a, List<Variable> counters) {
    int[] n = {0};
    Exprs.walk(e, x -> {
      List<Expr> indices = new java.util.ArrayList<>();
      Expr chain = x;
      while (chain instanceof Expr.Index i && indices.size() < counters.size()) {
        indices.add(0, i.index());
        chain = i.array();
      }
      if (chain instanceof Expr.Ref r && r.var() == a && indices.size() == counters.size() && atTheTrip(indices, counters)) {
        n[0]++;
      }
    });
    return n[0];
  }

  private static boolean named(List<Stmt> stmts, Variable a) {
    return Stmts.read(stmts).contains(a) || Stmts.assigned(stmts).contains(a);
  }
}
