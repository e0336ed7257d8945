package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import java.util.ArrayList;
import java.util.List;

/**
 * A pullback's forward pass without the guards its saved-values method already ran on the same
 * values (that method runs the user's method, or the same forward pass, and the pullback comes
 * only after it returned): a switch's null check of its selector ({@code
 * Objects.requireNonNull(m);}), an {@code if} on a repeatable test that only throws ({@code if (m
 * == null) throw new NullPointerException();}, an empty stream's, an assert's). Neither can throw
 * the second time; dropped, as a person would not check twice.
 */
public final class RanGuards {

  private RanGuards() {}

  public static List<Stmt> drop(List<Stmt> forward) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : Stmts.withNestedBlocks(forward, RanGuards::drop)) {
      if (!isGuard(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean isGuard(Stmt s) {
    if (s instanceof Stmt.Eval e) {
      return e.expr() instanceof Expr.Call c && Exprs.isNullCheck(c);
    }
    return s instanceof Stmt.If f && f.otherwise().stmts().isEmpty() && f.then().stmts().size() == 1
        && f.then().stmts().get(0) instanceof Stmt.Throw && Exprs.isRepeatable(f.cond());
  }
}
