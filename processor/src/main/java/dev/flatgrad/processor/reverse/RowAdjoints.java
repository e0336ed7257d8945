package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;

/**
 * Stage after reverse: the adjoint of a row alias ({@code double[] values = W[i];}) added into
 * the row of its matrix's adjoint where it is made, not gathered in an array of its own and added
 * at the end: {@code dW[i][j] += dw}, not {@code double[] dvalues = new double[values.length];
 * ... dvalues[j] += dw; ... Nd.addInPlace(dW[i], dvalues);}. Where, in one block, the new zero
 * array is declared and later added into the row, and between the two
 *
 * <ul>
 *   <li>it is only added into by element ({@code dvalues[j] += e} or {@code -=}), and named
 *       nowhere else, there or after the addition;
 *   <li>the matrix's adjoint is neither assigned nor declared, and named only by element
 *       additions, which commute with the row's;
 *   <li>nothing the row's index reads is assigned, so {@code dW[i]} is one row throughout.
 * </ul>
 *
 * Then each element of the row gets the same shares, added one by one instead of summed first.
 * {@link StoredContributions} runs after, and stores a share that is provably the element's first.
 */
public final class RowAdjoints {

  private RowAdjoints() {}

  /** The statements with each such row adjoint written into its matrix's adjoint. */
  public static List<Stmt> apply(List<Stmt> stmts) {
    List<Stmt> out = Stmts.withNestedBlocks(stmts, RowAdjoints::apply);
    for (int d = 0; d < out.size(); d++) {
      if (out.get(d) instanceof Stmt.Assign a && a.declares() && a.compound() == null
          && a.target().kind() == Variable.Kind.ADJOINT && a.value() instanceof Expr.NewArray n
          && n.type().rank() == 1) {
        rewrite(out, d, a.target());
      }
    }
    return out;
  }

  /** Rewrites {@code out} if the row adjoint declared at {@code d} qualifies. */
  private static void rewrite(List<Stmt> out, int d, Variable row) {
    for (int a = d + 1; a < out.size(); a++) {
      Expr.Index target = addedInto(out.get(a), row);
      if (target == null) {
        continue;
      }
      List<Stmt> between = out.subList(d + 1, a);
      List<Stmt> after = out.subList(a + 1, out.size());
      Variable matrix = Exprs.root(target);
      if (matrix == null || !onlyAddedInto(between, row) || named(after, row)
          || !onlyAddedInto(between, matrix) || Stmts.declared(between).contains(matrix)
          || !Collections.disjoint(Exprs.reads(target.index()), Stmts.assigned(between))) {
        return;
      }
      List<Stmt> rewritten = intoRow(between, row, target);
      // The addition's comment ("values = W[i]") goes with it: that statement has no code left.
      if (!rewritten.isEmpty() && rewritten.get(rewritten.size() - 1) instanceof Stmt.Comment) {
        rewritten.remove(rewritten.size() - 1);
      }
      out.subList(d, a + 1).clear();
      out.addAll(d, rewritten);
      return;
    }
  }

  /** The row {@code s} adds {@code row} into ({@code dW[i]} for {@code Nd.addInPlace(dW[i], row)}), or null. */
  private static Expr.Index addedInto(Stmt s, Variable row) {
    if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND
        && c.callee().name().equals("addInPlace") && c.args().size() == 2
        && c.args().get(1).equals(new Expr.Ref(row)) && c.args().get(0) instanceof Expr.Index i
        && i.array() instanceof Expr.Ref) {
      return i;
    }
    return null;
  }

  /** Whether every mention of {@code v} in the statements is the array of an element {@code +=} or {@code -=}. */
  private static boolean onlyAddedInto(List<Stmt> stmts, Variable v) {
    boolean[] ok = {true};
    for (Stmt top : stmts) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Store st && st.array() == v) {
          ok[0] &= st.compound() == BinaryOp.ADD || st.compound() == BinaryOp.SUB;
          ok[0] &= Stmts.ownExprs(s).stream().noneMatch(e -> Exprs.reads(e, v));
        } else if (s instanceof Stmt.Assign a && a.target() == v) {
          ok[0] = false;
        } else {
          ok[0] &= Stmts.ownExprs(s).stream().noneMatch(e -> Exprs.reads(e, v));
        }
      });
    }
    return ok[0];
  }

  private static boolean named(List<Stmt> stmts, Variable v) {
    return Stmts.read(stmts).contains(v) || Stmts.assigned(stmts).contains(v);
  }

  /** The statements with each element addition into {@code row} made into {@code target}'s element. */
  private static List<Stmt> intoRow(List<Stmt> stmts, Variable row, Expr.Index target) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : Stmts.withNestedBlocks(stmts, b -> intoRow(b, row, target))) {
      if (s instanceof Stmt.Store st && st.array() == row) {
        List<Expr> indices = new ArrayList<>();
        indices.add(target.index());
        indices.addAll(st.indices());
        out.add(new Stmt.Store(((Expr.Ref) target.array()).var(), indices, st.compound(), st.value(), st.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
