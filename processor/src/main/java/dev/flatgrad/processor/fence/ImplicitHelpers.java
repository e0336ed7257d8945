package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.Name;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The helpers of a file that its {@code @Differentiable} methods call (or name as a stream's
 * function, {@code mapToDouble(Stats::norm)}), differentiated as if they were marked, as Tangent
 * and Clad differentiate the functions a function calls: a method of the
 * same file (this class, an enclosing or another class of the file) without {@code @Differentiable}
 * or a {@code @CustomGradient}, with a body (private or not), returning {@code double}, {@code double[]}
 * or {@code double[][]} and taking at least one of them. Each gets the modes its callers need (a
 * caller's tangent, Jacobian or Hessian asks for the helper's tangent; a Hessian for its Hessian),
 * transitively through helpers it calls in turn.
 *
 * <p>A helper is marked by a {@code @Differentiable} annotation added to the parsed source (never
 * to the user's file), so every later stage treats it as the user's own. A helper flatgrad cannot
 * differentiate after all (a construct outside the supported language, an error of its pipeline)
 * is {@link #unmark unmarked} again with the reason, and its callers get a gradient through it
 * only if they need none.
 */
public final class ImplicitHelpers {

  /** On a helper that was unmarked: the first problem that stopped its differentiation. */
  public static final DataKey<String> NOT_DIFFERENTIATED = new DataKey<>() {};

  private static final String ANNOTATION = "dev.flatgrad.annotations.Differentiable";

  /**
   * The marked helpers and the annotation each was given, by identity: a node's equals and hashCode
   * are structural, and change as annotations come and go.
   */
  private final Map<MethodDeclaration, NormalAnnotationExpr> marked = new IdentityHashMap<>();
  private final List<MethodDeclaration> order = new ArrayList<>();

  private ImplicitHelpers() {}

  /** Marks the helpers the file's {@code @Differentiable} methods call. */
  public static ImplicitHelpers mark(CompilationUnit unit) {
    ImplicitHelpers helpers = new ImplicitHelpers();
    Map<MethodDeclaration, Modes> needs = new IdentityHashMap<>();
    Deque<MethodDeclaration> work = new ArrayDeque<>();
    for (MethodDeclaration m : unit.findAll(MethodDeclaration.class)) {
      if (m.getAnnotations().stream().anyMatch(GradientMethods::isDifferentiableAnnotation)) {
        needs.put(m, Modes.of(m));
        work.add(m);
      }
    }
    while (!work.isEmpty()) {
      MethodDeclaration caller = work.poll();
      Modes asked = needs.get(caller);
      for (MethodDeclaration callee : callees(caller)) {
        boolean known = helpers.marked.containsKey(callee);
        if (!known && !isCandidate(callee)) {
          continue;
        }
        Modes before = known ? needs.get(callee) : null;
        Modes after = new Modes(known && before.tangent() || asked.hasTangent(),
            known && before.hessian() || asked.hessian(), false);
        if (!after.equals(before)) {
          needs.put(callee, after);
          helpers.annotate(callee, after);
          work.add(callee);
        }
      }
    }
    // Each call of the differentiated methods resolved once, for every helper's narrowing.
    // (A stream's function, Stats::norm, has no call here: its one parameter is not narrowed.)
    Map<MethodDeclaration, List<MethodCallExpr>> callsOf = new IdentityHashMap<>();
    for (MethodDeclaration caller : needs.keySet()) {
      for (MethodCallExpr call : caller.findAll(MethodCallExpr.class)) {
        overloadsCalled(caller, call).forEach(m -> callsOf.computeIfAbsent(m, k -> new ArrayList<>()).add(call));
      }
    }
    helpers.marked.forEach((helper, annotation) ->
        narrowToVaried(helper, annotation, callsOf.getOrDefault(helper, List.of())));
    return helpers;
  }

  /**
   * Differentiates a helper only with respect to the parameters some differentiated caller passes
   * a value that varies: {@code huber(r, 1.0)} everywhere gives {@code huber}'s gradient in {@code
   * r} alone (no {@code ddelta} computed for a constant), as the user would annotate it, {@code
   * wrt = {"r"}}. A parameter every call passes a literal is left out; if every one is, nothing is.
   */
  private static void narrowToVaried(MethodDeclaration helper, NormalAnnotationExpr annotation,
      List<MethodCallExpr> calls) {
    List<Parameter> params = helper.getParameters();
    boolean[] varied = new boolean[params.size()];
    for (MethodCallExpr call : calls) {
      if (call.getArguments().size() == params.size()) {
        for (int i = 0; i < params.size(); i++) {
          varied[i] |= !isLiteral(call.getArgument(i));
        }
      }
    }
    List<String> wrt = new ArrayList<>();
    boolean narrowed = false;
    for (int i = 0; i < params.size(); i++) {
      if (isDifferentiable(params.get(i).getType())) {
        if (varied[i]) {
          wrt.add(params.get(i).getNameAsString());
        } else {
          narrowed = true;
        }
      }
    }
    if (narrowed && !wrt.isEmpty()) {
      NodeList<Expression> names = new NodeList<>();
      wrt.forEach(n -> names.add(new StringLiteralExpr(n)));
      annotation.addPair("wrt", new ArrayInitializerExpr(names));
    }
  }

  /** A number written out: {@code 1.0}, {@code -0.5}, {@code (2)}. */
  private static boolean isLiteral(Expression e) {
    if (e instanceof EnclosedExpr p) {
      return isLiteral(p.getInner());
    }
    if (e instanceof UnaryExpr u && (u.getOperator() == UnaryExpr.Operator.MINUS
        || u.getOperator() == UnaryExpr.Operator.PLUS)) {
      return isLiteral(u.getExpression());
    }
    return e instanceof LiteralExpr;
  }

  /** The marked helpers, in the order they were found. */
  public List<MethodDeclaration> marked() {
    return order.stream().filter(marked::containsKey).toList();
  }

  /** Takes the mark off a helper flatgrad could not differentiate, keeping why for its callers' messages. */
  public void unmark(MethodDeclaration helper, String reason) {
    NormalAnnotationExpr annotation = marked.remove(helper);
    if (annotation != null) {
      annotation.remove();
      helper.setData(NOT_DIFFERENTIATED, reason);
    }
  }

  private void annotate(MethodDeclaration helper, Modes modes) {
    NodeList<MemberValuePair> pairs = new NodeList<>();
    if (modes.tangent()) {
      pairs.add(new MemberValuePair("tangent", new BooleanLiteralExpr(true)));
    }
    if (modes.hessian()) {
      pairs.add(new MemberValuePair("hessian", new BooleanLiteralExpr(true)));
    }
    NormalAnnotationExpr annotation = new NormalAnnotationExpr(new Name(ANNOTATION), pairs);
    NormalAnnotationExpr old = marked.put(helper, annotation);
    if (old != null) {
      old.remove();
    } else {
      order.add(helper);
    }
    helper.addAnnotation(annotation);
  }

  /** Whether flatgrad differentiates {@code m} when a differentiated method calls it. */
  private static boolean isCandidate(MethodDeclaration m) {
    if (m.getBody().isEmpty() || m.isAbstract() || m.isNative()
        || m.getAnnotations().stream().anyMatch(GradientMethods::isDifferentiableAnnotation)
        || !isDifferentiable(m.getType()) || ArrayWritingHelpers.writesParameter(m)) {
      return false; // one that writes into an array it is given is written where it is called (RecordMethods)
    }
    Optional<TypeDeclaration<?>> type = declaringType(m);
    if (type.isEmpty() || GradientMethods.of(type.get()).stream().anyMatch(e -> e.method() == m)) {
      return false; // a hand-written gradient wins
    }
    return m.getParameters().stream().map(Parameter::getType).anyMatch(ImplicitHelpers::isDifferentiable);
  }

  /** A supported type that carries a gradient: {@code double} or an array of it. */
  private static boolean isDifferentiable(com.github.javaparser.ast.type.Type t) {
    return GradientMethods.typeOf(t).map(Type::isDifferentiable).orElse(false);
  }

  /**
   * The methods of the file a call in {@code caller}'s body may invoke: an unqualified call or one
   * on {@code this} in the caller's class, or the innermost class around it with a method of that
   * name (as javac resolves it); {@code Type.m(...)} in the file's class of that name. Of the
   * overloads of the arity written, those the arguments' types (as far as the source tells them,
   * {@link ArgumentTypes}) rule out are left: {@code norm(m[i])} of a {@code double[][] m} reaches
   * {@code norm(double[])}, not {@code norm(double[][])}, as for {@link Recursion}. A varargs
   * method is reached by calls of any arity ({@link VarargsHelpers} makes the ones it can arrays).
   */
  private static List<MethodDeclaration> callees(MethodDeclaration caller) {
    List<MethodDeclaration> callees = new ArrayList<>(caller.getBody().map(body -> body.findAll(MethodCallExpr.class)
        .stream().flatMap(call -> overloadsCalled(caller, call).stream()).toList()).orElse(List.of()));
    callees.addAll(referencedBy(caller));
    return callees;
  }

  /**
   * The methods of the file that references in {@code caller}'s body name, {@code Stats::norm}: the
   * functions of streams, which {@link Streams} makes calls of the element (of one parameter).
   */
  private static List<MethodDeclaration> referencedBy(MethodDeclaration caller) {
    Optional<CompilationUnit> unit = caller.findCompilationUnit();
    return caller.findAll(MethodReferenceExpr.class).stream()
        .filter(r -> r.getScope() instanceof TypeExpr && unit.isPresent())
        .flatMap(r -> FileScopes.typeNamed(unit.get(), r.getScope().toString()).stream()
            .flatMap(t -> t.getMethodsByName(r.getIdentifier()).stream()))
        .filter(m -> m.getParameters().size() == 1)
        .toList();
  }

  /**
   * The class of the file whose method {@code call}, written in {@code caller}, invokes: the
   * innermost around it with a method of that name for an unqualified call or one on {@code this},
   * the class named for {@code Type.m(...)}; empty for another file's or a library's.
   */
  static Optional<TypeDeclaration<?>> ownerOf(MethodDeclaration caller, MethodCallExpr call) {
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty() || scope.get() instanceof ThisExpr) {
      return FileScopes.declaringMethod(caller, call.getNameAsString());
    }
    return caller.findCompilationUnit().flatMap(unit -> FileScopes.typeNamed(unit, scope.get().toString()));
  }

  /** The methods of the file {@code call}, written in {@code caller}, may invoke (see {@link #callees}). */
  static List<MethodDeclaration> overloadsCalled(MethodDeclaration caller, MethodCallExpr call) {
    return ownerOf(caller, call).map(t -> t.getMethodsByName(call.getNameAsString()).stream()
        .filter(m -> m.getParameters().size() == call.getArguments().size() && ArgumentTypes.mayTake(m, call, caller)
            || m.getParameters().getLast().map(Parameter::isVarArgs).orElse(false))
        .toList()).orElse(List.of());
  }

  private static Optional<TypeDeclaration<?>> declaringType(MethodDeclaration m) {
    return m.getParentNode().flatMap(ImplicitHelpers::asType);
  }

  private static Optional<TypeDeclaration<?>> asType(com.github.javaparser.ast.Node n) {
    return n instanceof TypeDeclaration<?> t ? Optional.of(t) : Optional.empty();
  }
}
