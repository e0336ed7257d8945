package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the increments users write inside a statement ({@code out[k++] = v;}, {@code double x =
 * a[i++];}, {@code if (++k >= n) break;}) into statements of their own, on the JavaParser tree
 * before the fence and lowering see them (as {@link ArrayCopies} does for array utilities): a
 * prefix {@code ++k} becomes {@code ++k;} before the statement and {@code k} in it, a postfix
 * {@code k++} becomes {@code k} in it and {@code k++;} after it (nothing after a {@code return},
 * where the local is not read again). Only where that is the same program: the variable is a
 * plain name that the statement (an {@code if}: its condition) mentions once, and the increment
 * is evaluated unconditionally (not under {@code &&}, {@code ||} or {@code ?:}); a postfix one in an
 * {@code if}'s condition would have to run before either branch, and is left to the fence's error,
 * as are increments in loop headers' conditions.
 */
public final class Increments {

  private Increments() {}

  /** Rewrites every increment of the body that can be given a statement of its own. */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> {
      for (Statement s : body.findAll(Statement.class, Increments::mayHold)) {
        rewrite(s);
      }
    });
  }

  private static boolean mayHold(Statement s) {
    return s instanceof ExpressionStmt e && !(e.getExpression() instanceof UnaryExpr u && Fence.isIncrement(u))
        || s instanceof ReturnStmt r && r.getExpression().isPresent()
        || s instanceof IfStmt;
  }

  private static void rewrite(Statement s) {
    Node scope = s instanceof IfStmt i ? i.getCondition() : s;
    List<UnaryExpr> increments = scope.findAll(UnaryExpr.class, u -> Fence.isIncrement(u)
        && u.getExpression() instanceof NameExpr n && mentions(scope, n.getNameAsString()) == 1
        && unconditional(u, scope) && (u.isPrefix() || !(s instanceof IfStmt)));
    if (increments.isEmpty()) {
      return;
    }
    List<Statement> before = new ArrayList<>();
    List<Statement> after = new ArrayList<>();
    for (UnaryExpr u : increments) {
      NameExpr name = (NameExpr) u.getExpression();
      Statement own = SourceRewrites.at(new ExpressionStmt(new UnaryExpr(name.clone(), u.getOperator())), u);
      if (u.isPrefix()) {
        before.add(own);
      } else if (!(s instanceof ReturnStmt)) {
        after.add(own);
      }
      u.replace(name.clone());
    }
    place(s, before, after);
  }

  /** How many times the statement (or condition) names {@code name}. */
  private static long mentions(Node scope, String name) {
    return scope.findAll(NameExpr.class, n -> n.getNameAsString().equals(name)).size();
  }

  /** Whether nothing between {@code u} and the statement decides if it runs. */
  private static boolean unconditional(Expression u, Node scope) {
    for (Node n = u, parent = n.getParentNode().orElse(null); parent != null && n != scope;
        n = parent, parent = parent.getParentNode().orElse(null)) {
      if (parent instanceof ConditionalExpr
          || parent instanceof BinaryExpr b && (b.getOperator() == BinaryExpr.Operator.AND
              || b.getOperator() == BinaryExpr.Operator.OR)) {
        return false;
      }
    }
    return true;
  }

  /** Puts the new statements around {@code s}: in its block, or in a new block where it stood alone. */
  private static void place(Statement s, List<Statement> before, List<Statement> after) {
    NodeList<Statement> stmts;
    if (s.getParentNode().orElse(null) instanceof BlockStmt block) {
      stmts = block.getStatements();
    } else {
      BlockStmt block = SourceRewrites.at(new BlockStmt(), s);
      s.replace(block);
      stmts = block.getStatements();
      stmts.add(s);
    }
    int at = 0;
    while (stmts.get(at) != s) {
      at++; // by identity: an equal statement may stand before it
    }
    stmts.addAll(at + 1, after);
    stmts.addAll(at, before);
  }
}
