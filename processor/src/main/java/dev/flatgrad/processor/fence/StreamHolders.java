package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithBody;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;

/** Where a stream's loop goes: before the statement that runs the stream exactly once. */
final class StreamHolders {

  private StreamHolders() {}

  /**
   * The statement the stream's loop goes before: one that evaluates the stream every time it runs,
   * and first (a declaration, an expression statement, a return, a throw, an if's condition, a
   * for-each's array); not where the stream may run fewer or more times than that statement.
   */
  static Statement holder(MethodCallExpr top) {
    Node child = top;
    Node parent = top.getParentNode().orElseThrow();
    while (!(parent instanceof Statement)) {
      if (parent instanceof ConditionalExpr c && c.getCondition() != child) {
        throw new UnsupportedStream(top, "a stream in an arm of ?: runs only when that arm is chosen: compute it into"
            + " a local first, or write if/else");
      }
      if (parent instanceof BinaryExpr b && b.getRight() == child && (b.getOperator() == BinaryExpr.Operator.AND
          || b.getOperator() == BinaryExpr.Operator.OR)) {
        throw new UnsupportedStream(top, "a stream in the right operand of " + b.getOperator().asString() + " runs"
            + " only when the left one does not decide: compute it into a local first, or write nested ifs");
      }
      child = parent;
      parent = parent.getParentNode().orElseThrow();
    }
    // A lambda's body is a statement: a stream in another's function waits until that one is a loop.
    if (parent.findAncestor(LambdaExpr.class).isPresent()) {
      throw new UnsupportedStream(top, "a stream inside a lambda is not supported: compute it into a local first");
    }
    Node where = child;
    boolean once = parent instanceof ExpressionStmt || parent instanceof ReturnStmt || parent instanceof ThrowStmt
        || parent instanceof IfStmt i && i.getCondition() == where
        || parent instanceof ForEachStmt f && f.getIterable() == where;
    String what = parent.getClass().getSimpleName().replaceAll("Stmt$", "").toLowerCase();
    if (!once && (parent instanceof NodeWithBody<?> || parent instanceof ForEachStmt)) {
      throw new UnsupportedStream(top, "a stream in the header of a " + what + " loop runs each time it is evaluated:"
          + " compute it into a local first (and again at the end of the loop's body, if it changes)");
    }
    if (!once) {
      throw new UnsupportedStream(top, "a stream in this " + what + " statement is not supported: compute it into a"
          + " local first");
    }
    if (where instanceof VariableDeclarationExpr d && d.getVariables().size() > 1) {
      // The loop goes before the statement, where the variables declared before the stream's are not yet.
      throw new UnsupportedStream(top, "a stream in a declaration of several variables is not supported: declare the"
          + " variable it gives in a statement of its own");
    }
    return (Statement) parent;
  }
}
