package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;

/** What is cheap enough to compute twice rather than save: a little arithmetic on variables. */
final class Recompute {

  private static final int MAX_OPERATIONS = 4;

  private Recompute() {}

  /** Arithmetic, element reads and lengths over variables and constants, a few operations long. */
  static boolean isArithmetic(Expr e) {
    int[] operations = {0};
    boolean[] ok = {true};
    Exprs.walk(e, x -> {
      if (x instanceof Expr.Binary || x instanceof Expr.Unary || x instanceof Expr.Cast) {
        operations[0]++;
      } else if (!(Exprs.isAtom(x) || x instanceof Expr.Index || x instanceof Expr.Length || Exprs.isObjectRead(x))) {
        ok[0] = false;
      }
    });
    return ok[0] && operations[0] <= MAX_OPERATIONS && e.type().isScalar();
  }
}
