package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/** How an element store is reversed: accumulating ({@code +=}, {@code -=}) or overwriting. */
final class Stores {

  private Stores() {}

  /** {@code a[i] += e} and {@code a[i] -= e} keep the element's adjoint as it is. */
  static boolean accumulates(Stmt.Store st) {
    return st.compound() == BinaryOp.ADD || st.compound() == BinaryOp.SUB;
  }

  /** The share an accumulating store passes back to its own element: the identity, skipped. */
  static boolean isIdentity(Stmt.Store st, Variable array, List<Expr> indices, Expr c, Expr elementAdjoint) {
    return accumulates(st) && array == st.array() && indices.equals(st.indices()) && c.equals(elementAdjoint);
  }
}
