package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the increments users write inside a statement ({@code out[k++] = v;}, {@code double x =
 * a[i++];}, {@code if (++k >= n) break;}, {@code while (n-- > 0)}) into statements of their own,
 * on the JavaParser tree before the fence and lowering see them (as {@link ArrayCopies} does for
 * array utilities): a prefix {@code ++k} becomes {@code ++k;} before the statement and {@code k}
 * in it, a postfix {@code k++} becomes {@code k} in it and {@code k++;} after it (nothing after a
 * {@code return}, where the local is not read again). In an {@code if}'s condition a postfix one
 * runs first thing in either branch (an {@code else} is made for it); a {@code while}'s condition
 * is tested where its increments can stand before and after it, {@code while (true) { ++i; if
 * (!(test)) { k--; break; } k--; body }}, which runs them on the test's every evaluation, the last
 * included, as the original does ({@code continue} and {@code break} in the body keep their
 * meaning). Only where that is the same program: the variable is a plain name that the statement
 * (an {@code if} or a {@code while}: its condition) mentions once, and the increment is evaluated
 * unconditionally (not in the right operand of {@code &&} or {@code ||}, nor in an arm of
 * {@code ?:}); the rest (increments in a
 * {@code for}'s or a {@code do}'s condition too) is left to the fence's error.
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
        || s instanceof IfStmt
        || s instanceof WhileStmt;
  }

  private static void rewrite(Statement s) {
    Node scope = s instanceof IfStmt i ? i.getCondition() : s instanceof WhileStmt w ? w.getCondition() : s;
    List<UnaryExpr> increments = scope.findAll(UnaryExpr.class, u -> Fence.isIncrement(u)
        && u.getExpression() instanceof NameExpr n && mentions(scope, n.getNameAsString()) == 1
        && unconditional(u, scope));
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
    if (s instanceof WhileStmt w) {
      testInside(w, before, after);
    } else if (s instanceof IfStmt i) {
      SourceRewrites.surround(s, before, List.of());
      startBranches(i, after);
    } else {
      SourceRewrites.surround(s, before, after);
    }
  }

  /** {@code while (test) body} as {@code while (true) { before; if (!(test)) { after; break; } after; body }}. */
  static void testInside(WhileStmt w, List<Statement> before, List<Statement> after) {
    // Each node is taken from w before it is placed elsewhere: a setter detaches what it replaces.
    Expression test = w.getCondition();
    w.setCondition(SourceRewrites.at(new BooleanLiteralExpr(true), test));
    Statement body = w.getBody();
    BlockStmt loop = SourceRewrites.at(new BlockStmt(), body);
    w.setBody(loop);
    BlockStmt exit = SourceRewrites.at(new BlockStmt(copies(after)), test);
    exit.addStatement(SourceRewrites.at(new BreakStmt(), test));
    Expression negated = SourceRewrites.at(
        new UnaryExpr(SourceRewrites.at(new EnclosedExpr(test), test), UnaryExpr.Operator.LOGICAL_COMPLEMENT), test);
    loop.getStatements().addAll(before);
    loop.addStatement(SourceRewrites.at(new IfStmt(negated, exit, null), w));
    loop.getStatements().addAll(after);
    addTo(loop, body);
  }

  /** Puts {@code first} at the start of both branches of {@code i}, giving it an {@code else} if it has none. */
  private static void startBranches(IfStmt i, List<Statement> first) {
    if (first.isEmpty()) {
      return;
    }
    Statement then = i.getThenStmt();
    BlockStmt thenBlock = SourceRewrites.at(new BlockStmt(copies(first)), then);
    i.setThenStmt(thenBlock);
    addTo(thenBlock, then);
    Statement otherwise = i.getElseStmt().orElse(null);
    BlockStmt elseBlock = SourceRewrites.at(new BlockStmt(copies(first)), otherwise != null ? otherwise : i);
    i.setElseStmt(elseBlock);
    if (otherwise != null) {
      addTo(elseBlock, otherwise);
    }
  }

  /** Adds {@code branch}'s statements (a block's, or the statement) to the end of {@code block}. */
  private static void addTo(BlockStmt block, Statement branch) {
    if (branch instanceof BlockStmt b) {
      block.getStatements().addAll(new ArrayList<>(b.getStatements()));
    } else {
      block.addStatement(branch);
    }
  }

  private static NodeList<Statement> copies(List<Statement> stmts) {
    NodeList<Statement> out = new NodeList<>();
    stmts.forEach(x -> out.add(SourceRewrites.allAt(x.clone(), x)));
    return out;
  }

  /** How many times the statement (or condition) names {@code name}. */
  private static long mentions(Node scope, String name) {
    return scope.findAll(NameExpr.class, n -> n.getNameAsString().equals(name)).size();
  }

  /**
   * Whether nothing between {@code u} and the statement decides if it runs: it is not in the right
   * operand of {@code &&} or {@code ||} (the left one always runs), nor in an arm of {@code ?:}.
   */
  static boolean unconditional(Expression u, Node scope) {
    for (Node n = u, parent = n.getParentNode().orElse(null); parent != null && n != scope;
        n = parent, parent = parent.getParentNode().orElse(null)) {
      if (parent instanceof ConditionalExpr c && c.getCondition() != n
          || parent instanceof BinaryExpr b && b.getRight() == n && (b.getOperator() == BinaryExpr.Operator.AND
              || b.getOperator() == BinaryExpr.Operator.OR)) {
        return false;
      }
    }
    return true;
  }
}
