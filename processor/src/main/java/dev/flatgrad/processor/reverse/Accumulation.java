package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Whether a backward pass only ever adds into some adjoints: element by element ({@code
 * dc[k] += ...}), in place ({@code Nd.addInPlace(dc, ...)}) or, for a scalar, {@code dw += ...},
 * never assigning, zeroing or reading them otherwise. A pullback whose backward pass does so can be handed the caller's arrays, even
 * the same array for two parameters; otherwise it works on its own and adds the result at the end.
 */
public final class Accumulation {

  private Accumulation() {}

  public static boolean addsOnly(List<Stmt> code, Set<Variable> adjoints) {
    boolean[] ok = {true};
    for (Stmt top : code) {
      Stmts.walk(top, s -> ok[0] &= addsOnly(s, adjoints));
    }
    return ok[0];
  }

  private static boolean addsOnly(Stmt s, Set<Variable> adjoints) {
    if (s instanceof Stmt.Assign a && adjoints.contains(a.target())) {
      // A scalar sum (dw += ...); an array adjoint is never assigned with an operator.
      return (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB) && !reads(a.value(), adjoints);
    }
    if (s instanceof Stmt.Store st && adjoints.contains(st.array())) {
      return (st.compound() == BinaryOp.ADD || st.compound() == BinaryOp.SUB)
          && Stmts.ownExprs(s).stream().noneMatch(e -> reads(e, adjoints));
    }
    if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND
        && NdCalls.ACCUMULATING.contains(c.callee().name()) && reads(c.args().get(0), adjoints)) {
      return isArrayOrRow(c.args().get(0), adjoints) && c.args().subList(1, c.args().size()).stream().noneMatch(x -> reads(x, adjoints));
    }
    if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.PULLBACK) {
      // Another pullback: it only adds into the arrays passed to it, the same one twice included.
      return c.args().stream().allMatch(x -> !reads(x, adjoints) || isArrayOrRow(x, adjoints));
    }
    return Stmts.ownExprs(s).stream().noneMatch(e -> reads(e, adjoints));
  }

  /** {@code d} or {@code d[j]} for an adjoint {@code d}, the row index not reading any. */
  private static boolean isArrayOrRow(Expr e, Set<Variable> adjoints) {
    while (e instanceof Expr.Index i) {
      if (reads(i.index(), adjoints)) {
        return false;
      }
      e = i.array();
    }
    return e instanceof Expr.Ref;
  }

  private static boolean reads(Expr e, Set<Variable> vars) {
    return !Collections.disjoint(Exprs.reads(e), vars);
  }
}
