package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Pos;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The first stage: one pass over a method's body that finds every construct outside the supported
 * language (a statement lowering has no case for, a lambda, a string, a switch expression, an
 * assignment inside an expression...), so that all of them are reported at once, each on its line
 * with what it is and what to write instead. It walks the body as lowering does (statements,
 * expression statements, expressions) and does not look inside what it rejects. Lowering then
 * meets those nodes only in statements it abandons: {@link #problem} tells it the fence has
 * reported them. What needs types or names (an unknown name, a double where an int is needed)
 * is lowering's to find.
 */
public final class Fence {

  /** No fence: every unsupported construct is reported where lowering meets it. */
  static final Fence NONE = new Fence();

  private final Set<Node> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Problem> problems = new ArrayList<>();

  private Fence() {}

  /** The unsupported constructs of the method's body. */
  public static Fence of(MethodDeclaration m) {
    Fence fence = new Fence();
    m.getBody().ifPresent(fence::statement);
    return fence;
  }

  /** What the fence found, statement by statement. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /**
   * The problem lowering throws at a node it cannot lower: the fence's description, or, if the
   * fence has reported the node, a follow-on that only stops the statement.
   */
  Problem problem(Node n) {
    Pos pos = Lowering.pos(n);
    return rejected.contains(n) ? Problem.reported(pos) : new Problem(pos, Tag.UNSUPPORTED, describe(n));
  }

  private void statement(Statement s) {
    if (s instanceof BlockStmt b) {
      b.getStatements().forEach(this::statement);
    } else if (s instanceof ExpressionStmt e) {
      expressionStatement(e.getExpression());
    } else if (s instanceof IfStmt i) {
      expression(i.getCondition());
      statement(i.getThenStmt());
      i.getElseStmt().ifPresent(this::statement);
    } else if (s instanceof ReturnStmt r) {
      r.getExpression().ifPresent(e -> {
        functions(e);
        expression(e);
      });
    } else if (s instanceof ForStmt f) {
      f.getInitialization().forEach(this::expressionStatement);
      f.getCompare().ifPresent(this::expression);
      f.getUpdate().forEach(this::expressionStatement);
      statement(f.getBody());
    } else if (s instanceof ForEachStmt f) {
      expression(f.getIterable());
      statement(f.getBody());
    } else if (s instanceof WhileStmt w) {
      expression(w.getCondition());
      statement(w.getBody());
    } else if (s instanceof DoStmt d) {
      statement(d.getBody());
      expression(d.getCondition());
    } else if (!(s instanceof EmptyStmt || s instanceof BreakStmt b && b.getLabel().isEmpty()
        || s instanceof ContinueStmt c && c.getLabel().isEmpty())) {
      reject(s);
    }
  }

  /** A declaration, an assignment, an increment or a call, as a statement (or a for loop's part). */
  private void expressionStatement(Expression e) {
    functions(e);
    if (e instanceof VariableDeclarationExpr || e instanceof AssignExpr || e instanceof UnaryExpr
        || e instanceof MethodCallExpr) {
      children(e);
    } else {
      expression(e);
    }
  }

  /** An expression lowering lowers: every unsupported node in it, not looking inside those. */
  private void expression(Expression e) {
    if (e instanceof AnnotationExpr) {
      return;
    }
    if (isUnsupported(e)) {
      reject(e);
    } else {
      children(e);
    }
  }

  private void children(Node n) {
    for (Node child : n.getChildNodes()) {
      if (child instanceof Expression e) {
        expression(e);
      } else if (!(child instanceof Statement)) {
        children(child);
      }
    }
  }

  /**
   * The first lambda or method reference of a statement's expression, wherever it is: lowering
   * reports it before anything else in the statement, as whatever else fails follows from it.
   */
  private void functions(Expression e) {
    e.findFirst(Node.class, n -> n instanceof LambdaExpr || n instanceof MethodReferenceExpr)
        .ifPresent(this::reject);
  }

  /** Expressions no context makes supported ({@code this} and array initializers can be). */
  private static boolean isUnsupported(Expression e) {
    return e instanceof LambdaExpr || e instanceof MethodReferenceExpr || e instanceof ObjectCreationExpr
        || e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr || e instanceof CharLiteralExpr
        || e instanceof NullLiteralExpr || e instanceof InstanceOfExpr || e instanceof SwitchExpr
        || e instanceof ClassExpr || e instanceof AssignExpr;
  }

  private void reject(Node n) {
    if (rejected.add(n)) {
      problems.add(new Problem(Lowering.pos(n), Tag.UNSUPPORTED, describe(n)));
    }
  }

  private static String describe(Node n) {
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
