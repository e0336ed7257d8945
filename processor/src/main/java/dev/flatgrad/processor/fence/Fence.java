package dev.flatgrad.processor.fence;

import static dev.flatgrad.processor.fence.Nodes.pos;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.VarType;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first stage: everything flatgrad cannot take in a method, found before lowering so that all
 * of it is reported at once, each on its line with what it is and what to write instead. For a
 * {@code @Differentiable} method: its declaration ({@link Signature}: shape, parameter types,
 * {@code wrt}, modes, {@code @CheckInputs}) and one pass over its body for every construct outside
 * the supported language (a statement lowering has no case for, a lambda, a string, a switch
 * expression, an assignment or an increment inside an expression, a call whose result is unused,
 * {@code return;}...). It walks the body as lowering does (statements, expression statements,
 * expressions) and does not look inside what it rejects. For a method with hand-written gradients:
 * the types of the forward method and the step. The class's own problems are {@link ClassFence}'s.
 *
 * <p>Lowering then assumes valid input: it meets rejected nodes only in statements it abandons, and
 * {@link #problem} tells it the fence has reported them. What needs types or names (an unknown name,
 * a double where an int is needed, a call no rule or method resolves) is lowering's to find.
 */
public final class Fence {

  /** No fence (rule templates, copied constants): lowering reports what it cannot lower itself. */
  public static final Fence NONE = new Fence(null);

  private final Set<Node> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Problem> problems = new ArrayList<>();
  private final Signature signature;
  private int loopDepth;

  private Fence(Signature signature) {
    this.signature = signature;
    if (signature != null) {
      problems.addAll(signature.problems());
    }
  }

  /** The fence on a method with a gradient: a {@code @Differentiable} one, or one with hand-written gradients. */
  public static Fence of(GradientMethods.Entry entry) {
    return entry.isCustom() ? custom(entry.method()) : of(entry.method());
  }

  /** The fence on a {@code @Differentiable} method: its declaration, then its body. */
  public static Fence of(MethodDeclaration m) {
    Fence fence = new Fence(Signature.of(m));
    m.getBody().ifPresent(fence::statement);
    return fence;
  }

  /**
   * The fence on the forward method of hand-written gradients (whose annotations {@link
   * ClassFence} checks): the types of its parameters and result, and its step.
   */
  private static Fence custom(MethodDeclaration forward) {
    Fence fence = new Fence(null);
    List<com.github.javaparser.ast.type.Type> types = new ArrayList<>();
    forward.getParameters().forEach(p -> types.add(p.getType()));
    types.add(forward.getType());
    for (com.github.javaparser.ast.type.Type t : types) {
      if (GradientMethods.typeOf(t).isEmpty()) {
        fence.problems.add(new Problem(pos(t), Tag.CUSTOM_GRADIENT,
            "type " + t + " is not supported in a method with a gradient"));
      }
    }
    Signature.step(forward).ifPresent(fence.problems::add);
    return fence;
  }

  /**
   * Whether the body of {@code m}, a method of the file not itself differentiated, holds nothing
   * the fence rejects, as written: where it does, a call of it is not written in place.
   */
  static boolean takesBody(MethodDeclaration m) {
    Fence fence = new Fence(null);
    m.getBody().ifPresent(fence::statement);
    return fence.problems.isEmpty();
  }

  /** What the fence found: the declaration's problems, then the body's, statement by statement. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Whether the method can be lowered (to find what needs types): it has a body and a result type. */
  public boolean lowerable() {
    return signature == null || signature.lowerable();
  }

  /** Whether the fence rejected the parameter's declaration: lowering does not declare it. */
  public boolean rejects(Parameter p) {
    return signature != null && signature.rejects(p);
  }

  /**
   * The IR type of a type the body declares (a local's, a cast's, an array's it creates): a
   * follow-on problem, which only stops the statement, if the fence has rejected it.
   */
  public Type type(com.github.javaparser.ast.type.Type t, Pos pos) {
    if (rejected.contains(t)) {
      throw Problem.reported(pos);
    }
    return SupportedTypes.of(t, pos);
  }

  /**
   * The problem lowering throws at a node it cannot lower: a follow-on that only stops the
   * statement if the fence has reported the node, else (no fence) the fence's description.
   */
  public Problem problem(Node n) {
    Pos pos = pos(n);
    return rejected.contains(n) ? Problem.reported(pos) : new Problem(pos, tag(n), UnsupportedMessages.describe(n));
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
      if (r.getExpression().isEmpty()) {
        reject(r);
      }
      r.getExpression().ifPresent(e -> {
        functions(e);
        expression(e);
      });
    } else if (s instanceof ThrowStmt t && ExceptionArguments.created(t).isPresent()) {
      ExceptionArguments.created(t).get().getArguments().forEach(this::exceptionArgument);
    } else if (s instanceof AssertStmt a) {
      expression(a.getCheck());
      a.getMessage().ifPresent(this::exceptionArgument);
    } else if (s instanceof ForStmt f) {
      f.getInitialization().forEach(this::expressionStatement);
      f.getCompare().ifPresent(this::expression);
      f.getUpdate().forEach(this::expressionStatement);
      loopBody(f.getBody());
    } else if (s instanceof ForEachStmt f) {
      VariableDeclarator element = f.getVariable().getVariables().get(0);
      if (!element.getType().isVarType()) {
        declaredType(element.getType(), pos(element));
      }
      expression(f.getIterable());
      loopBody(f.getBody());
    } else if (s instanceof WhileStmt w) {
      expression(w.getCondition());
      loopBody(w.getBody());
    } else if (s instanceof DoStmt d) {
      loopBody(d.getBody());
      expression(d.getCondition());
    } else if (s instanceof BreakStmt b && b.getLabel().isEmpty()
        || s instanceof ContinueStmt c && c.getLabel().isEmpty()) {
      if (loopDepth == 0) {
        reject(s);
      }
    } else if (!(s instanceof EmptyStmt)) {
      reject(s);
    }
  }

  /** An exception's argument: the user's text as it is, the method's values as expressions. */
  private void exceptionArgument(Expression e) {
    switch (ExceptionArguments.kind(e)) {
      case LITERAL -> { }
      case VALUE -> {
        functions(e);
        expression(e);
      }
      default -> ExceptionArguments.parts(e).forEach(this::exceptionArgument);
    }
  }

  private void loopBody(Statement body) {
    loopDepth++;
    statement(body);
    loopDepth--;
  }

  /**
   * A declaration, an assignment or an increment of a variable, an array element or a field, as a
   * statement (or a for loop's part); a call there is unused.
   */
  private void expressionStatement(Expression e) {
    boolean function = functions(e);
    if (e instanceof VariableDeclarationExpr d) {
      if (!function) {
        // A function's variable has an interface type, which only follows from the function.
        d.getVariables().forEach(this::declarator);
      }
      children(e);
    } else if (e instanceof AssignExpr assign) {
      assignment(assign.getTarget(), e);
    } else if (e instanceof UnaryExpr unary && isIncrement(unary)) {
      assignment(unary.getExpression(), e);
    } else if (e instanceof MethodCallExpr c && Streams.isChain(c)) {
      // A stream as a statement (forEach): reported as the stream (functions), its lambdas with it.
      return;
    } else if (e instanceof MethodCallExpr) {
      children(e);
      reject(e);
    } else {
      expression(e);
    }
  }

  /** An assignment or increment: its target must be a variable, an array element or a field. */
  private void assignment(Expression target, Expression statement) {
    if (target instanceof NameExpr || target instanceof ArrayAccessExpr || target instanceof FieldAccessExpr) {
      children(statement);
    } else if (rejected.add(target)) {
      // On the statement, as javac reports a bad target.
      problems.add(new Problem(pos(statement), Tag.UNSUPPORTED, UnsupportedMessages.describe(target)));
    }
  }

  /** A local's declaration: a type flatgrad takes, or {@code var} with a typed initializer. */
  private void declarator(VariableDeclarator v) {
    com.github.javaparser.ast.type.Type t = v.getType();
    if (!t.isVarType()) {
      declaredType(t, pos(v));
    } else if ((v.getInitializer().isEmpty() || v.getInitializer().get() instanceof ArrayInitializerExpr)
        && rejected.add(t)) {
      problems.add(new Problem(pos(v), Tag.TYPE, UnsupportedMessages.describe(t)));
    }
  }

  /** A type written in the body: one flatgrad takes ({@link SupportedTypes}). */
  private void declaredType(com.github.javaparser.ast.type.Type t, Pos pos) {
    try {
      SupportedTypes.of(t, pos);
    } catch (Problem p) {
      if (rejected.add(t)) {
        problems.add(p);
      }
    }
  }

  /** An expression lowering lowers: every unsupported node in it, not looking inside those. */
  private void expression(Expression e) {
    if (e instanceof AnnotationExpr) {
      return;
    }
    if (e instanceof CastExpr cast) {
      declaredType(cast.getType(), pos(cast));
    } else if (e instanceof ArrayCreationExpr creation) {
      declaredType(creation.getElementType(), pos(creation));
    } else if (e instanceof ObjectCreationExpr creation && !Creations.isUnsupported(creation)) {
      declaredType(creation.getType(), pos(creation));
    }
    if (e instanceof MethodCallExpr c && Streams.isChain(c)) {
      stream(c);
    } else if (isUnsupported(e)) {
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
   * The first lambda or method reference of a statement's expression, wherever it is, if there is
   * one: lowering stops the statement there, as whatever else fails follows from it.
   */
  private boolean functions(Expression e) {
    Optional<MethodCallExpr> stream = e.findFirst(MethodCallExpr.class, Streams::isChain);
    if (stream.isPresent()) {
      stream(stream.get());
      return true;
    }
    Optional<Node> function = e.findFirst(Node.class, n -> n instanceof LambdaExpr || n instanceof MethodReferenceExpr);
    function.ifPresent(this::reject);
    return function.isPresent();
  }

  /**
   * Expressions outside the supported language where the walk meets them (as expressions, not as
   * statements): {@code this} is supported only as the object of a field access or call, an array
   * initializer only in a declaration or {@code new T[] {...}}.
   */
  private static boolean isUnsupported(Expression e) {
    return e instanceof LambdaExpr || e instanceof MethodReferenceExpr
        || e instanceof ObjectCreationExpr creation && Creations.isUnsupported(creation)
        || e instanceof TextBlockLiteralExpr
        || e instanceof NullLiteralExpr || e instanceof InstanceOfExpr || e instanceof SwitchExpr
        || e instanceof ClassExpr || e instanceof AssignExpr || e instanceof SuperExpr
        || e instanceof UnaryExpr u && isIncrement(u)
        || e instanceof MethodCallExpr call && call.getTypeArguments().isPresent()
        || e instanceof DoubleLiteralExpr d && isFloat(d)
        || e instanceof ArrayCreationExpr a && a.getInitializer().isEmpty()
            && a.getLevels().get(0).getDimension().isEmpty()
        || e instanceof ThisExpr && !isScope(e)
        || e instanceof ArrayInitializerExpr && !e.getParentNode().filter(p -> p instanceof VariableDeclarator
            || p instanceof ArrayCreationExpr || p instanceof ArrayInitializerExpr).isPresent();
  }

  /** Whether {@code e} is the object of a field access or a call ({@code this.w}, {@code this.f(x)}). */
  private static boolean isScope(Expression e) {
    return e.getParentNode().filter(p -> p instanceof FieldAccessExpr f && f.getScope() == e
        || p instanceof MethodCallExpr c && c.getScope().orElse(null) == e).isPresent();
  }

  static boolean isIncrement(UnaryExpr u) {
    return switch (u.getOperator()) {
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  private static boolean isFloat(DoubleLiteralExpr d) {
    return d.getValue().endsWith("f") || d.getValue().endsWith("F");
  }

  /** A stream {@link Streams} left as written: why, on the call it cannot take. */
  private void stream(MethodCallExpr top) {
    if (rejected.add(top)) {
      Streams.Why why = Streams.whyNot(top);
      problems.add(new Problem(pos(why.node()), Tag.UNSUPPORTED, why.message()));
    }
  }

  private void reject(Node n) {
    if (rejected.add(n)) {
      problems.add(new Problem(pos(n), tag(n), UnsupportedMessages.describe(n)));
    }
  }

  private static Tag tag(Node n) {
    return n instanceof DoubleLiteralExpr ? Tag.FLOAT : n instanceof VarType ? Tag.TYPE : Tag.UNSUPPORTED;
  }
}
