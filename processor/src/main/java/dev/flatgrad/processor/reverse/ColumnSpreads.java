package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/**
 * Last stage of a reversed method: the adjoint of a row sum, spread over the summed matrix only to
 * be multiplied into another adjoint, is not spread: {@code dexp = Nd.sumBackward(dsum, 1, exp);
 * Nd.addMultiplyInPlace(dshifted, dexp, exp);} is {@code Nd.addMultiplyInPlace(dshifted,
 * Nd.col(dsum), exp);}, numpy's {@code dshifted += dsum[:, None] * exp}, equal bit for bit (each
 * entry of the spread matrix is its row's entry of {@code dsum}, and {@code addMultiplyInPlace}
 * broadcasts a column as {@code multiply} does), without the spread matrix. The backward pass of a
 * softmax or log-sum-exp written out ({@code Nd.sum(Nd.exp(shifted), 1)}).
 *
 * <p>Only where the spread matrix is declared by the statement just before that one (comments
 * aside: each keeps the forward line it is the backward of), and read by nothing else.
 */
public final class ColumnSpreads {

  private ColumnSpreads() {}

  public static List<Stmt> apply(List<Stmt> code) {
    List<Stmt> out = Stmts.withNestedBlocks(code, ColumnSpreads::apply);
    for (int i = 0; i < out.size(); i++) {
      int j = i + 1; // the next statement but comments: the forward line each backward line is of
      while (j < out.size() && out.get(j) instanceof Stmt.Comment) {
        j++;
      }
      if (j < out.size() && out.get(i) instanceof Stmt.Assign spread && spread.declares() && spread.compound() == null
          && spread.value() instanceof Expr.Call sum && isRowSumBackward(sum)
          && out.get(j) instanceof Stmt.Eval e && NdCalls.is(e.expr(), "addMultiplyInPlace")
          && readOnceBy((Expr.Call) e.expr(), spread.target())
          && !mentioned(out.subList(j + 1, out.size()), spread.target())) {
        Expr column = NdCalls.call("col", Type.DOUBLE_MATRIX, sum.args().get(0));
        Expr.Call product = (Expr.Call) e.expr();
        Expr fused = NdCalls.call("addMultiplyInPlace", product.type(),
            product.args().stream().map(a -> isRef(a, spread.target()) ? column : a).toArray(Expr[]::new));
        out.set(j, new Stmt.Eval(fused, e.pos()));
        out.remove(i);
      }
    }
    return out;
  }

  /** {@code Nd.sumBackward(d, 1, like)}: the vector {@code d} spread over the columns of {@code like}. */
  private static boolean isRowSumBackward(Expr.Call c) {
    return NdCalls.is(c, "sumBackward") && c.args().size() == 3 && c.args().get(0).type().rank() == 1
        && c.args().get(1) instanceof Expr.Const axis && axis.value() == 1 && c.type().rank() == 2;
  }

  /** Whether {@code v} is a factor of the in-place product, not its accumulator, and read nowhere else in it. */
  private static boolean readOnceBy(Expr.Call product, Variable v) {
    List<Expr> args = product.args();
    return args.size() == 3 && !Exprs.reads(args.get(0), v)
        && (isRef(args.get(1), v) && !Exprs.reads(args.get(2), v) || isRef(args.get(2), v) && !Exprs.reads(args.get(1), v));
  }

  private static boolean isRef(Expr e, Variable v) {
    return e instanceof Expr.Ref r && r.var() == v;
  }

  private static boolean mentioned(List<Stmt> stmts, Variable v) {
    return Stmts.read(stmts).contains(v) || Stmts.assigned(stmts).contains(v);
  }
}
