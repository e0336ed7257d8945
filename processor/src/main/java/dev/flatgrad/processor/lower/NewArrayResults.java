package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a method of the user's source returns, at every return, an array it made itself
 * ({@code return new double[] {...};}, a local only ever assigned new arrays, a clone or
 * {@code Arrays.copyOf} of a vector), never one it was given: then the array a call of it returns
 * shares nothing with its arguments, and a caller may write into it ({@code k1 = rhs(y); y[i] +=
 * h * k1[i];}). Anything else (a call, a field, a parameter) may be an array the caller holds.
 */
final class NewArrayResults {

  private NewArrayResults() {}

  static boolean of(MethodDeclaration m) {
    if (m.getBody().isEmpty() || !m.findAll(LambdaExpr.class).isEmpty()
        || m.getBody().get().findFirst(TypeDeclaration.class).isPresent()) {
      return false;
    }
    int rank = m.getType().getArrayLevel();
    List<ReturnStmt> returns = m.findAll(ReturnStmt.class);
    return !returns.isEmpty() && returns.stream()
        .allMatch(r -> r.getExpression().isPresent() && isNew(r.getExpression().get(), rank, m, new HashSet<>()));
  }

  private static boolean isNew(Expression e, int rank, MethodDeclaration m, Set<String> seen) {
    if (e instanceof EnclosedExpr p) {
      return isNew(p.getInner(), rank, m, seen);
    }
    if (e instanceof ConditionalExpr c) {
      return isNew(c.getThenExpr(), rank, m, seen) && isNew(c.getElseExpr(), rank, m, seen);
    }
    if (e instanceof ArrayCreationExpr a) {
      return a.getInitializer().map(i -> newRows(i, rank)).orElse(true);
    }
    if (e instanceof ArrayInitializerExpr i) {
      return newRows(i, rank);
    }
    if (e instanceof MethodCallExpr c) {
      // A copy of a vector; a matrix's clone shares its rows.
      boolean copy = c.getNameAsString().equals("clone") && c.getArguments().isEmpty()
          || (c.getNameAsString().equals("copyOf") || c.getNameAsString().equals("copyOfRange"))
              && c.getScope().filter(s -> s.toString().equals("Arrays") || s.toString().equals("java.util.Arrays")).isPresent();
      return copy && rank == 1;
    }
    if (e instanceof NameExpr n) {
      return isNewLocal(n.getNameAsString(), rank, m, seen);
    }
    return false;
  }

  /** An initializer's rows are new where each is written out ({@code {{1, 2}, {3, 4}}}). */
  private static boolean newRows(ArrayInitializerExpr i, int rank) {
    return rank == 1 || i.getValues().stream().allMatch(v -> v instanceof ArrayInitializerExpr
        || v instanceof ArrayCreationExpr a && a.getInitializer().isEmpty());
  }

  /**
   * A local of the method (not a parameter, not a field) that every assignment gives a new array,
   * none of whose rows is replaced by one that may not be new.
   */
  private static boolean isNewLocal(String name, int rank, MethodDeclaration m, Set<String> seen) {
    if (m.getParameters().stream().map(Parameter::getNameAsString).anyMatch(name::equals)) {
      return false;
    }
    if (!seen.add(name)) {
      // Assigned from itself: its other assignments decide.
      return true;
    }
    List<VariableDeclarator> declared = m.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(name));
    if (declared.size() != 1) {
      return false;
    }
    if (declared.get(0).getInitializer().filter(i -> !isNew(i, rank, m, seen)).isPresent()) {
      return false;
    }
    for (AssignExpr a : m.findAll(AssignExpr.class)) {
      Expression target = a.getTarget();
      if (target instanceof NameExpr t && t.getNameAsString().equals(name)
          && !isNew(a.getValue(), rank, m, seen)) {
        return false;
      }
      if (rank >= 2 && target instanceof ArrayAccessExpr row && isName(row.getName(), name)
          && !isNew(a.getValue(), rank - 1, m, seen)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isName(Node e, String name) {
    return e instanceof NameExpr n && n.getNameAsString().equals(name);
  }
}
