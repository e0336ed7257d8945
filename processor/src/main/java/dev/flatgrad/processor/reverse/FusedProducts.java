package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Last stage of a reversed method: the two halves of a matrix-vector product's backward pass, made
 * by its rule one after the other, become one pass over the matrix's rows, as a person writes an
 * RNN's backward loop: {@code Nd.addOuterInPlace(dW, dz, h); ... dh = Nd.transposeDotInto(dh, W,
 * dz);} is {@code dh = Nd.addOuterTransposeDotInto(dh, dW, W, dz, h);}, equal bit for bit. The two
 * calls read every row of {@code W} and {@code dW} in separate passes.
 *
 * <p>Only where nothing between the two statements depends on their order: what lies between only
 * adds in place into other adjoints ({@code Nd.addOuterInPlace(dU, dz, x[t])}), reading neither
 * {@code dW} nor {@code dh}, writing none of the arrays the two read.
 */
public final class FusedProducts {

  private FusedProducts() {}

  public static List<Stmt> apply(List<Stmt> code) {
    List<Stmt> out = Stmts.withNestedBlocks(code, FusedProducts::apply);
    for (int i = 0; i < out.size(); i++) {
      if (!(out.get(i) instanceof Stmt.Eval e && NdCalls.is(e.expr(), "addOuterInPlace"))) {
        continue;
      }
      Expr.Call outer = (Expr.Call) e.expr();
      for (int j = i + 1; j < out.size(); j++) {
        Stmt s = out.get(j);
        if (s instanceof Stmt.Assign a && a.compound() == null && NdCalls.is(a.value(), "transposeDotInto")
            && fits(outer, a, out.subList(i + 1, j))) {
          Expr.Call product = (Expr.Call) a.value();
          List<Expr> args = product.args();
          Expr fused = NdCalls.call("addOuterTransposeDotInto", Type.DOUBLE_ARRAY, args.get(0), outer.args().get(0),
              args.get(1), args.get(2), outer.args().get(2));
          out.set(j, new Stmt.Assign(a.target(), null, fused, a.declares(), a.pos()));
          out.remove(i);
          i--;
          break;
        }
        if (!addsInPlace(s)) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code acc += u vᵀ} and {@code d = Mᵀ u'} are the two halves of one product's backward
   * pass that may run together, {@code between} them.
   */
  private static boolean fits(Expr.Call outer, Stmt.Assign product, List<Stmt> between) {
    Expr acc = outer.args().get(0);
    Expr u = outer.args().get(1);
    Expr v = outer.args().get(2);
    List<Expr> args = ((Expr.Call) product.value()).args();
    if (!(args.get(0) instanceof Expr.Ref into) || into.var() != product.target() || !args.get(2).equals(u)
        || !(u instanceof Expr.Ref) || !(acc instanceof Expr.Ref accRef) || u.type().rank() != 1 || v.type().rank() != 1) {
      return false;
    }
    Variable d = product.target();
    Variable a = accRef.var();
    Set<Variable> read = new HashSet<>(Exprs.reads(v));
    read.addAll(Exprs.reads(u));
    read.addAll(Exprs.reads(args.get(1)));
    if (read.contains(a) || read.contains(d) || a == d) {
      return false;
    }
    read.add(a);
    read.add(d);
    for (Stmt s : between) {
      Expr.Call c = (Expr.Call) ((Stmt.Eval) s).expr();
      Set<Variable> touched = new HashSet<>();
      Stmts.ownExprs(s).forEach(x -> touched.addAll(Exprs.reads(x)));
      Variable written = Exprs.root(c.args().get(0));
      if (written == null || read.contains(written) || touched.contains(a) || touched.contains(d)) {
        return false;
      }
    }
    return true;
  }

  /** An in-place Nd addition into an adjoint, statement of its own. */
  private static boolean addsInPlace(Stmt s) {
    return s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c
        && NdCalls.ACCUMULATING.stream().anyMatch(n -> NdCalls.is(c, n));
  }
}
