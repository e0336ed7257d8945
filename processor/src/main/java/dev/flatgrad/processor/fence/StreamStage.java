package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code map}, {@code filter} or {@code mapToDouble}: its parameter and body, as the loop runs
 * them; a method reference has no parameter, its value the call to make of the element. A {@code
 * flatMapToDouble}'s value is the row whose elements go on (its parameter, or the element itself
 * for {@code Arrays::stream}), and {@code inner} the stages after it that its function wrote, in
 * whose scope its parameter is.
 */
record StreamStage(String op, String param, List<Statement> statements, Expression value, int inner) {

  StreamStage(String op, String param, List<Statement> statements, Expression value) {
    this(op, param, statements, value, 0);
  }

  /** Whether a call of this name is a stage (not the source, not the reduction). */
  static boolean isStage(String name) {
    return name.equals("map") || name.equals("filter") || name.equals("mapToDouble") || name.equals("flatMapToDouble");
  }

  /** Whether the stage decides how many elements go on: a filter, or a row's elements flattened. */
  boolean counts() {
    return op.equals("filter") || op.equals("flatMapToDouble");
  }

  /** Whether the stage's elements are numbers, whatever the elements it takes. */
  boolean givesDoubles() {
    return op.equals("mapToDouble") || op.equals("flatMapToDouble");
  }

  /** A stage's function as a lambda: one parameter, an expression or a block ending in its one return. */
  static StreamStage of(MethodCallExpr call) {
    String op = call.getNameAsString();
    if (call.getArguments().size() != 1) {
      throw new UnsupportedStream(call.getName(), "`" + op + "` takes one function");
    }
    Expression f = call.getArgument(0);
    LambdaExpr lambda;
    if (f instanceof MethodReferenceExpr ref && ref.getScope() instanceof TypeExpr type
        && !ref.getIdentifier().equals("new") && ref.getTypeArguments().isEmpty()) {
      // Class::method, a static method of one parameter: called on the element, no parameter of its own.
      return new StreamStage(op, null, List.of(), new MethodCallExpr(new NameExpr(type.toString()), ref.getIdentifier()));
    } else if (f instanceof LambdaExpr l && l.getParameters().size() == 1) {
      lambda = l;
    } else {
      throw new UnsupportedStream(f, "`" + op + "(" + f + ")` is not supported: flatgrad rewrites " + op
          + " of a lambda (v -> ...) or of a static method (Math::exp)");
    }
    String param = lambda.getParameter(0).getNameAsString();
    if (lambda.getBody() instanceof ExpressionStmt e) {
      return new StreamStage(op, param, List.of(), e.getExpression());
    }
    BlockStmt block = (BlockStmt) lambda.getBody();
    NodeList<Statement> body = block.getStatements();
    if (body.isEmpty() || !(body.getLast().orElseThrow() instanceof ReturnStmt last) || last.getExpression().isEmpty()
        || block.findAll(ReturnStmt.class, r -> r.findAncestor(LambdaExpr.class).orElse(null) == lambda).size() != 1) {
      throw new UnsupportedStream(lambda, "the lambda of `" + op + "` is not supported: write it as an expression, or a"
          + " block whose one return is its last statement");
    }
    return new StreamStage(op, param, new ArrayList<>(body.subList(0, body.size() - 1)), last.getExpression().get());
  }
}
