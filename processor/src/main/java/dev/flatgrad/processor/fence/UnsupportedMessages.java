package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.nodeTypes.SwitchNode;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import com.github.javaparser.ast.type.VarType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the fence says about a construct flatgrad does not take: what it is and what to write
 * instead. Most messages depend only on the node's class (the table); the rest read the node or
 * where it stands.
 */
final class UnsupportedMessages {

  private static final Map<Class<? extends Node>, String> BY_CLASS = Map.ofEntries(
      Map.entry(LambdaExpr.class, "lambdas are not supported in a @Differentiable method other than as"
          + " a stream's functions: write the computation inline or as a static method of the class (static double"
          + " f(double v) {...}), which flatgrad differentiates as a helper"),
      Map.entry(MethodReferenceExpr.class,
          "method references are not supported: call the method directly"),
      Map.entry(TextBlockLiteralExpr.class, "text blocks are not supported in a @Differentiable"
          + " method: strings belong outside it; move logging and messages to its caller"),
      Map.entry(NullLiteralExpr.class, "null is not supported: every array must be allocated"),
      Map.entry(ClassExpr.class, "class literals are not supported"),
      Map.entry(AssignExpr.class, "an assignment inside an expression is not supported: write it"
          + " as its own statement"),
      Map.entry(ArrayInitializerExpr.class, "an array initializer is only supported in a"
          + " declaration: write new double[] {...}"),
      // Reported on the label: a labelled break cannot appear without one. Labelled loops are
      // rewritten (Labels): what is left labels a block or another statement.
      Map.entry(LabeledStmt.class, "a label on a block or a statement other than a loop is not"
          + " supported: set a boolean flag where you break to it, and test the flag after the"
          + " block"),
      Map.entry(TryStmt.class, "try/catch is not supported in a @Differentiable method: handle"
          + " errors in the caller"),
      Map.entry(ThrowStmt.class, "only a new exception can be thrown in a @Differentiable method:"
          + " create it where it is thrown (throw new, its class, its message)"),
      Map.entry(SynchronizedStmt.class, "synchronized is not supported: a @Differentiable method"
          + " must be a pure function"),
      Map.entry(LocalRecordDeclarationStmt.class, "a local record is not supported in a"
          + " @Differentiable method: keep its components in local variables (double, int and"
          + " their arrays)"),
      Map.entry(LocalClassDeclarationStmt.class,
          "local classes are not supported in a @Differentiable method"),
      Map.entry(YieldStmt.class, "yield (of a switch expression) is not supported: use if/else"),
      Map.entry(ReturnStmt.class, "return without a value"));

  private UnsupportedMessages() {}

  static String describe(Node n) {
    if (n.getParentNode().filter(p -> p instanceof AssignExpr a && a.getTarget() == n
        || p instanceof UnaryExpr u && Fence.isIncrement(u)).isPresent()) {
      return "assigning to `" + n + "`";
    }
    if (n instanceof SwitchNode) {
      return Switches.whyNot(n).orElse("this switch is not supported: use if/else");
    }
    if (n instanceof LambdaExpr l && StreamSources.whyNotSource(l).isPresent()) {
      return StreamSources.whyNotSource(l).get();
    }
    if (n instanceof NullLiteralExpr && n.getParentNode().orElse(null) instanceof VariableDeclarator d
        && d.getType().isClassOrInterfaceType()) {
      return noRecordYet(d);
    }
    if (n instanceof NullLiteralExpr && n.getParentNode().orElse(null) instanceof AssignExpr a && a.getValue() == n
        && a.getTarget() instanceof NameExpr t && objectLocal(t).isPresent()) {
      return noRecordAgain(a, objectLocal(t).get());
    }
    if (n instanceof NullLiteralExpr && n.getParentNode().orElse(null) instanceof BinaryExpr b) {
      return "`" + b + "` is not supported: nothing is null in a @Differentiable method; check a parameter in"
          + " the caller, and for a local keep a boolean flag that says whether it holds a value yet";
    }
    String fixed = BY_CLASS.get(n.getClass());
    if (fixed != null) {
      return fixed;
    }
    if (n instanceof VarType) {
      return "`var " + n.getParentNode().map(p -> ((VariableDeclarator) p).getNameAsString()).orElse("")
          + "` needs an initializer with a type";
    }
    if (n instanceof BreakStmt b && b.getLabel().isEmpty()) {
      return "break outside a loop (in a switch?) is not supported";
    }
    if (n instanceof ContinueStmt c && c.getLabel().isEmpty()) {
      return "continue outside a loop (in a switch?) is not supported";
    }
    if (n instanceof MethodCallExpr c && c.containsData(RecordMethods.NOT_INLINED)) {
      return c.getData(RecordMethods.NOT_INLINED);
    }
    if (n instanceof MethodCallExpr c) {
      return isStatement(n) ? unusedResult(c) : "a call with explicit type arguments";
    }
    if (n instanceof UnaryExpr) {
      return "`" + n + "` changes a variable inside an expression: write the increment as its own"
          + " statement";
    }
    if (n instanceof DoubleLiteralExpr d) {
      String text = d.getValue();
      return "float literal " + text + " is not supported: flatgrad computes in double; write "
          + text.substring(0, text.length() - 1);
    }
    if (n instanceof ArrayCreationExpr) {
      return "`" + n + "` gives no length: write new double[n]";
    }
    if (n instanceof ObjectCreationExpr o) {
      return Creations.why(o);
    }
    if (n instanceof InstanceOfExpr i) {
      return i.getPattern().isPresent()
          ? "pattern matching (`" + i + "`) is not supported: a @Differentiable method computes"
              + " over double, int, long, boolean and their arrays; match the object in the caller"
              + " and pass its numbers in"
          : "instanceof is not supported: flatgrad code has only primitive and array types";
    }
    if (n instanceof ThisExpr || n instanceof SuperExpr) {
      return "`" + n + "` is not supported here: read fields by name";
    }
    return n.getClass().getSimpleName().replaceAll("(Expr|Stmt)$", "").toLowerCase()
        + " `" + n + "` is not supported in a @Differentiable method";
  }

  /**
   * {@code Particle best = null;}: a record local always holds a record (flatgrad keeps its
   * components in locals), so the search starts from a first one, or a flag says none was found.
   */
  private static String noRecordYet(VariableDeclarator d) {
    String type = d.getTypeAsString();
    String name = d.getNameAsString();
    return "`" + type + " " + name + " = null` is not supported: a record local must always hold a record;"
        + " start from a first one (" + type + " " + name + " = items[0]; then loop from 1), or start from any"
        + " record and keep a boolean found flag beside it (boolean found = false;)";
  }

  /** The class of the object (not an array) the local {@code name} holds, if it holds one. */
  private static Optional<String> objectLocal(NameExpr name) {
    List<VariableDeclarator> all = name.findAncestor(MethodDeclaration.class).map(m -> m.findAll(VariableDeclarator.class,
        v -> v.getNameAsString().equals(name.getNameAsString()))).orElse(List.of());
    if (all.size() != 1) {
      return Optional.empty();
    }
    VariableDeclarator v = all.get(0);
    return v.getType().isClassOrInterfaceType() ? Optional.of(v.getTypeAsString())
        : v.getInitializer().filter(i -> v.getType().isVarType() && i instanceof ObjectCreationExpr)
            .map(i -> ((ObjectCreationExpr) i).getTypeAsString());
  }

  /**
   * {@code best = null;}: as {@link #noRecordYet}, a record local always holds a record, so
   * "none" is a flag beside it.
   */
  private static String noRecordAgain(AssignExpr a, String type) {
    return "`" + a + "` is not supported: a record local must always hold a record; keep the " + type
        + " it holds and a boolean flag beside it that says whether it counts (found = false; here, and test found"
        + " where you would test " + a.getTarget() + " != null)";
  }

  /**
   * A call made for what it does, not for its result: a sort in place, a {@code void} helper
   * filling an array it is given. flatgrad differentiates methods that return what they compute.
   */
  private static String unusedResult(MethodCallExpr c) {
    String name = c.getNameAsString();
    if (name.equals("sort") && c.getScope().filter(s -> s.toString().endsWith("Arrays")).isPresent()) {
      return "Arrays.sort sorts its array in place, which flatgrad does not differentiate: sort a copy by hand"
          + " (an insertion sort of x.clone(), whose gradient follows each value to its place)";
    }
    return "a call whose result is not used (`" + c + "`): a @Differentiable method must be a pure function,"
        + " computing its result from its parameters; remove the call (print or log in the caller), or, for a"
        + " helper that fills an array it is given, declare `" + name + "` in this file (flatgrad writes such a"
        + " helper of the file where it is called) or make it return the array (double[] out = new double[n];"
        + " ...; return out;) and assign the call's result";
  }

  /** Whether a node stands as a statement (or a for loop's part), where a call's result is unused. */
  private static boolean isStatement(Node n) {
    return n.getParentNode().filter(p -> p instanceof ExpressionStmt || p instanceof ForStmt).isPresent();
  }
}
