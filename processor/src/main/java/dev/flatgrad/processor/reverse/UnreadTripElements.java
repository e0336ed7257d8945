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
 * hold the same array. Whether anything after the loop reads one of them is the caller's question
 * (liveness, {@link DeadStores}); only adjoints' stores are asked about, never the user's arrays.
 */
final class UnreadTripElements {

  private UnreadTripElements() {}

  /**
   * The stores of {@code l}'s body (not nested deeper) that no later statement of the loop reads
   * (in {@code code}, where a variable assigned the array as a whole may hold it too), each with
   * the variables that may hold its array: the caller asks whether any is read after the loop.
   */
  static Map<Stmt.Store, Set<Variable>> of(Stmt.Loop l, List<Stmt> code) {
    Map<Stmt.Store, Set<Variable>> out = new IdentityHashMap<>();
    Variable counter = Loops.counting(l).map(Loops.Counting::index).orElse(null);
    if (counter == null) {
      return out;
    }
    List<Stmt> body = l.body().stmts();
    for (int k = 0; k < body.size(); k++) {
      if (body.get(k) instanceof Stmt.Store st && st.compound() == null
          && st.array().kind() == Variable.Kind.ADJOINT
          && isCounter(st.indices().get(0), counter)
          && Exprs.isRepeatable(st.value()) && st.indices().stream().allMatch(Exprs::isRepeatable)) {
        Set<Variable> holders = Aliasing.mayShareWith(st.array(), code);
        List<Stmt> rest = body.subList(k + 1, body.size());
        if (holders.stream().allMatch(h -> onlyAtTheTrip(l, h, counter) && !named(rest, h))) {
          out.put(st, holders);
        }
      }
    }
    return out;
  }

  /**
   * Whether the loop names {@code a} only by its element {@code a[counter]}: every read, every
   * store (which reads the row it stores into), and no assignment.
   */
  private static boolean onlyAtTheTrip(Stmt.Loop l, Variable a, Variable counter) {
    boolean[] ok = {true};
    Stmts.walk(l, s -> {
      for (Expr e : Stmts.ownExprs(s)) {
        ok[0] &= Exprs.countReads(e, a) == countAtTheTrip(e, a, counter);
      }
      ok[0] &= !(s instanceof Stmt.Assign x && x.target() == a)
          && !(s instanceof Stmt.Store st && st.array() == a && !isCounter(st.indices().get(0), counter));
    });
    return ok[0];
  }

  private static boolean isCounter(Expr e, Variable counter) {
    return e instanceof Expr.Ref r && r.var() == counter;
  }

  private static int countAtTheTrip(Expr e, Variable a, Variable counter) {
    int[] n = {0};
    Exprs.walk(e, x -> {
      if (x instanceof Expr.Index i && i.array() instanceof Expr.Ref r && r.var() == a && isCounter(i.index(), counter)) {
        n[0]++;
      }
    });
    return n[0];
  }

  private static boolean named(List<Stmt> stmts, Variable a) {
    return Stmts.read(stmts).contains(a) || Stmts.assigned(stmts).contains(a);
  }
}
