package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites a chained assignment ({@code a = b = 0.0;}, {@code y[0] = y[1] = x * 2;}, {@code sum +=
 * e[i] = Math.exp(z[i]);}) into one
 * assignment a statement, innermost first, each outer target given the one inside it: {@code b =
 * 0.0; a = b;}. (An assignment's value is its variable's after the assignment, which reading the
 * variable again gives.) Done on the JavaParser tree before the fence and lowering, as {@link
 * Increments} is, and only where it is the same program: each target a local or an element of a
 * local array whose indices are arithmetic of locals and literals, a compound one ({@code sum +=
 * e[i] = v}, read before the value) not written inside it, no index
 * naming a variable the chain writes (the original evaluates the outer targets' indices before the
 * value), and a value without assignments or increments of its own. Any other assignment inside
 * an expression is left to the fence's error.
 */
public final class ChainedAssignments {

  private ChainedAssignments() {}

  /** Rewrites every chained assignment of the body that is one statement per assignment. */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> {
      Set<String> locals = locals(m);
      for (ExpressionStmt s : body.findAll(ExpressionStmt.class, s -> isChain(s.getExpression()))) {
        rewrite(s, locals);
      }
    });
  }

  private static boolean isChain(Expression e) {
    return e instanceof AssignExpr a && a.getValue() instanceof AssignExpr;
  }

  private static void rewrite(ExpressionStmt s, Set<String> locals) {
    List<AssignExpr> chain = new ArrayList<>();
    Expression e = s.getExpression();
    while (e instanceof AssignExpr a) {
      chain.add(a);
      e = a.getValue();
    }
    Expression value = e;
    Set<String> written = new HashSet<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      AssignExpr a = chain.get(i);
      String base = base(a.getTarget());
      // A compound target is read before the assignments inside it: none of them may write it.
      if (base == null || !locals.contains(base)
          || a.getOperator() != AssignExpr.Operator.ASSIGN && written.contains(base)) {
        return;
      }
      written.add(base);
    }
    for (AssignExpr a : chain) {
      if (!indicesAreSafe(a.getTarget(), written, locals)) {
        return;
      }
    }
    if (!value.findAll(AssignExpr.class).isEmpty()
        || !value.findAll(UnaryExpr.class, Fence::isIncrement).isEmpty()) {
      return;
    }
    // Before s, innermost first, each assignment but the outermost; s itself becomes t1 = t2.
    List<Statement> before = new ArrayList<>();
    Expression inner = value;
    for (int i = chain.size() - 1; i > 0; i--) {
      AssignExpr a = chain.get(i);
      before.add(SourceRewrites.at(new ExpressionStmt(
          SourceRewrites.at(new AssignExpr(a.getTarget().clone(), inner.clone(), a.getOperator()), a)), s));
      inner = a.getTarget();
    }
    chain.get(0).setValue(inner.clone());
    SourceRewrites.surround(s, before, List.of());
  }

  /** The local a target writes: {@code a} of {@code a} and of {@code a[i][j]}; null for anything else. */
  private static String base(Expression target) {
    Expression t = target;
    while (t instanceof ArrayAccessExpr a) {
      t = a.getName();
    }
    return t instanceof NameExpr n ? n.getNameAsString() : null;
  }

  /** Whether the target's indices are arithmetic of locals and literals, none of them written by the chain. */
  private static boolean indicesAreSafe(Expression target, Set<String> written, Set<String> locals) {
    for (Expression t = target; t instanceof ArrayAccessExpr a; t = a.getName()) {
      if (!isArithmetic(a.getIndex(), written, locals)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isArithmetic(Expression e, Set<String> written, Set<String> locals) {
    if (e instanceof LiteralExpr) {
      return true;
    }
    if (e instanceof NameExpr n) {
      return locals.contains(n.getNameAsString()) && !written.contains(n.getNameAsString());
    }
    if (e instanceof EnclosedExpr p) {
      return isArithmetic(p.getInner(), written, locals);
    }
    if (e instanceof UnaryExpr u) {
      return !Fence.isIncrement(u) && isArithmetic(u.getExpression(), written, locals);
    }
    return e instanceof BinaryExpr b
        && isArithmetic(b.getLeft(), written, locals) && isArithmetic(b.getRight(), written, locals);
  }

  /** The method's parameters and locals: names a call in the value cannot change. */
  private static Set<String> locals(MethodDeclaration m) {
    Set<String> names = new HashSet<>();
    m.getParameters().forEach(p -> names.add(p.getNameAsString()));
    m.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString()));
    return names;
  }

}
