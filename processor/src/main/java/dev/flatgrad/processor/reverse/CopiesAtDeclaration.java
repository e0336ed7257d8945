package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Map;

/**
 * An array declared holding another's and then copied ({@code double[] dx = sq;} ... {@code dx =
 * dx.clone();}, as {@link Adjoints} makes an adjoint its own before the backward pass restores
 * the array it holds) declared as the copy, as a person writes it: {@code double[] dx =
 * sq.clone();}, likewise {@code Nd.copy(h)} and a row's {@code h[i].clone()}. Only where the
 * statements between neither name the variable nor write any array's elements (comments and
 * assignments of other variables from Math's and Nd's functions), so the copy holds the same values either way.
 */
public final class CopiesAtDeclaration {

  private CopiesAtDeclaration() {}

  public static List<Stmt> apply(List<Stmt> code) {
    List<Stmt> out = Stmts.withNestedBlocks(code, CopiesAtDeclaration::apply);
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof Stmt.Assign d && d.declares() && d.compound() == null
          && d.target().type().isArray() && isArrayOrRow(d.value())) {
        int j = i + 1;
        while (j < out.size() && leavesAlone(out.get(j), d.target())) {
          j++;
        }
        if (j < out.size() && out.get(j) instanceof Stmt.Assign copy
            && UnwrittenCopies.isSelfCopy(copy, d.target())) {
          Expr copied = Exprs.substitute(copy.value(), Map.of(d.target(), d.value()));
          out.set(i, new Stmt.Assign(d.target(), null, copied, true, d.pos()));
          out.remove(j);
        }
      }
    }
    return out;
  }

  /** A variable or a row of one ({@code h}, {@code h[i]}): what reads plainly as a copy's receiver. */
  private static boolean isArrayOrRow(Expr e) {
    return e instanceof Expr.Ref || e instanceof Expr.Index ix && isArrayOrRow(ix.array());
  }

  /** Whether {@code s} neither names {@code x} nor writes the elements of any array. */
  private static boolean leavesAlone(Stmt s, Variable x) {
    if (s instanceof Stmt.Comment) {
      return true;
    }
    return s instanceof Stmt.Assign a && a.target() != x && !Exprs.reads(a.value()).contains(x)
        && writesNothing(a.value());
  }

  /** No call but Math's and Nd's functions (not their in-place forms): a user's method may write its arguments. */
  private static boolean writesNothing(Expr e) {
    boolean[] ok = {true};
    Exprs.walk(e, x -> ok[0] &= !(x instanceof Expr.Call c) || c.receiver() == null
        && (c.callee().kind() == Callee.Kind.MATH || c.callee().kind() == Callee.Kind.ND && !Exprs.isInPlace(c)));
    return ok[0];
  }
}
