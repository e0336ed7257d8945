package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.YieldStmt;

/**
 * Says, for a construct outside the supported language, what it is and what to write instead.
 * The lowering calls it for every node kind it does not handle, so nothing slips through
 * unexplained.
 */
final class Fence {

  private Fence() {}

  static String describe(Node n) {
    if (n instanceof LambdaExpr) {
      return "lambdas are not supported in a @Differentiable method: write the computation inline"
          + " or as a separate @Differentiable method";
    }
    if (n instanceof MethodReferenceExpr) {
      return "method references are not supported: call the method directly";
    }
    if (n instanceof ObjectCreationExpr o) {
      return "creating objects (new " + o.getType() + "(...)) is not supported: flatgrad"
          + " differentiates code over double, int, long, boolean and their arrays";
    }
    if (n instanceof TextBlockLiteralExpr) {
      return "text blocks are not supported in a @Differentiable method: strings belong outside"
          + " it; move logging and messages to its caller";
    }
    if (n instanceof StringLiteralExpr) {
      return "strings are not supported in a @Differentiable method: move logging and messages"
          + " out of it";
    }
    if (n instanceof CharLiteralExpr) {
      return "char values are not supported: use int";
    }
    if (n instanceof NullLiteralExpr) {
      return "null is not supported: every array must be allocated";
    }
    if (n instanceof InstanceOfExpr i && i.getPattern().isPresent()) {
      return "pattern matching (`" + i + "`) is not supported: a @Differentiable method computes"
          + " over double, int, long, boolean and their arrays; match the object in the caller and"
          + " pass its numbers in";
    }
    if (n instanceof InstanceOfExpr) {
      return "instanceof is not supported: flatgrad code has only primitive and array types";
    }
    if (n instanceof SwitchExpr) {
      return "a switch expression is not supported: declare the variable, then assign it in each"
          + " branch of an if/else if chain (or write a ?: for two cases)";
    }
    if (n instanceof SwitchStmt) {
      return "switch is not supported: use if/else";
    }
    if (n instanceof ThisExpr || n instanceof SuperExpr) {
      return "`" + n + "` is not supported here: read fields by name";
    }
    if (n instanceof ClassExpr) {
      return "class literals are not supported";
    }
    if (n instanceof AssignExpr) {
      return "an assignment inside an expression is not supported: write it as its own statement";
    }
    if (n instanceof ArrayInitializerExpr) {
      return "an array initializer is only supported in a declaration: write new double[] {...}";
    }
    if (n instanceof LabeledStmt) {
      // Reported on the label: a labelled break or continue cannot appear without one.
      return "labelled statements (and break or continue to a label) are not supported: set a"
          + " boolean flag, break the inner loop, and test the flag in the outer loop";
    }
    if (n instanceof TryStmt) {
      return "try/catch is not supported in a @Differentiable method: handle errors in the caller";
    }
    if (n instanceof ThrowStmt) {
      return "throw is not supported in a @Differentiable method: validate arguments in the"
          + " caller";
    }
    if (n instanceof SynchronizedStmt) {
      return "synchronized is not supported: a @Differentiable method must be a pure function";
    }
    if (n instanceof LocalRecordDeclarationStmt) {
      return "a local record is not supported in a @Differentiable method: keep its components in"
          + " local variables (double, int and their arrays)";
    }
    if (n instanceof LocalClassDeclarationStmt) {
      return "local classes are not supported in a @Differentiable method";
    }
    if (n instanceof AssertStmt) {
      return "assert is not supported in a @Differentiable method: check in the caller";
    }
    if (n instanceof YieldStmt) {
      return "yield (of a switch expression) is not supported: use if/else";
    }
    return n.getClass().getSimpleName().replaceAll("(Expr|Stmt)$", "").toLowerCase()
        + " `" + n + "` is not supported in a @Differentiable method";
  }
}
