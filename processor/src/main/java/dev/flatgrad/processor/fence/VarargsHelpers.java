package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file's varargs helpers ({@code static double sum(double... xs)}), made differentiable as
 * helpers with an array parameter: in the parsed source (never the user's file) the parameter
 * becomes {@code double[] xs} and every call of the file passes the array javac would build,
 * {@code sum(new double[] {x, y, x * y})}. The generated code then calls the user's method with
 * that array, which is the call javac compiles. Done before {@link ImplicitHelpers} marks helpers.
 * A call with one argument in the varargs' place whose type the source does not say ({@code sum(u,
 * g(v))}) is marked {@link #ONE_VALUE_OR_ARRAY}, for lowering to tell. A {@code @Differentiable}
 * method with a varargs parameter is left as it is (an error of its own: its generated signature
 * is the user's contract).
 */
public final class VarargsHelpers {

  private VarargsHelpers() {}

  /** Rewrites every varargs helper of the file whose calls all say how many arguments they pass. */
  public static void rewrite(CompilationUnit unit) {
    Map<MethodDeclaration, List<MethodCallExpr>> callsOf = new IdentityHashMap<>();
    for (MethodDeclaration m : unit.findAll(MethodDeclaration.class)) {
      if (isVarargsHelper(m)) {
        callsOf.put(m, new ArrayList<>());
      }
    }
    if (callsOf.isEmpty()) {
      return;
    }
    // How each call passes its varargs: one by one (true), as the array (false), or unknown (absent).
    Map<MethodCallExpr, Optional<Boolean>> spreads = new IdentityHashMap<>();
    for (MethodDeclaration caller : unit.findAll(MethodDeclaration.class)) {
      for (MethodCallExpr call : caller.findAll(MethodCallExpr.class)) {
        for (MethodDeclaration callee : ImplicitHelpers.overloadsCalled(caller, call)) {
          if (callsOf.containsKey(callee)) {
            callsOf.get(callee).add(call);
            spreads.put(call, spread(callee, call, caller));
          }
        }
      }
    }
    callsOf.forEach((helper, calls) -> {
      Parameter last = helper.getParameters().getLast().orElseThrow();
      for (MethodCallExpr c : calls) {
        if (spreads.get(c).isEmpty()) {
          c.setData(ONE_VALUE_OR_ARRAY, last.getType().clone());
        } else if (spreads.get(c).get()) {
          pack(helper, c);
        }
      }
      last.setVarArgs(false);
      last.setType(new ArrayType(last.getType().clone()));
    });
  }

  /**
   * On a call whose last argument the source does not say is one value or the array ({@code
   * sum(u, g(v))}): the varargs' element type, by which lowering, which knows the argument's type,
   * packs it into an array or passes it as one, as javac does.
   */
  public static final DataKey<Type> ONE_VALUE_OR_ARRAY = new DataKey<>() {};

  private static boolean isVarargsHelper(MethodDeclaration m) {
    return m.getParameters().getLast().map(Parameter::isVarArgs).orElse(false)
        && m.getAnnotations().stream().noneMatch(GradientMethods::isDifferentiableAnnotation)
        && m.getParentNode().filter(p -> p instanceof TypeDeclaration<?> t
            && GradientMethods.of(t).stream().noneMatch(e -> e.method() == m)).isPresent();
  }

  /** Whether {@code call} passes the varargs one by one (true) or as the array (false); empty where the source does not say. */
  private static Optional<Boolean> spread(MethodDeclaration helper, MethodCallExpr call, MethodDeclaration caller) {
    int fixed = helper.getParameters().size() - 1;
    if (call.getArguments().size() != fixed + 1) {
      return Optional.of(true);
    }
    Expression last = call.getArgument(fixed);
    if (isScalar(last)) {
      return Optional.of(true);
    }
    int dims = helper.getParameters().getLast().orElseThrow().getType().getArrayLevel() + 1;
    return ArgumentTypes.typeOf(last, caller).map(t -> !t.endsWith("[]".repeat(dims)));
  }

  /** An expression whose value is a number, never an array: literals, arithmetic, Math's functions. */
  private static boolean isScalar(Expression e) {
    if (e instanceof EnclosedExpr p) {
      return isScalar(p.getInner());
    }
    return e instanceof LiteralExpr
        || e instanceof BinaryExpr
        || e instanceof UnaryExpr
        || e instanceof CastExpr c && c.getType().isPrimitiveType()
        || e instanceof MethodCallExpr m && ArgumentTypes.callsMath(m);
  }

  /** {@code f(a, x, y)} as {@code f(a, new double[] {x, y})}. */
  private static void pack(MethodDeclaration helper, MethodCallExpr call) {
    int fixed = helper.getParameters().size() - 1;
    Type element = helper.getParameters().getLast().orElseThrow().getType();
    NodeList<Expression> values = new NodeList<>();
    while (call.getArguments().size() > fixed) {
      values.add(call.getArguments().remove(fixed));
    }
    Type base = element.getElementType().clone();
    int levels = element.getArrayLevel() + 1;
    NodeList<com.github.javaparser.ast.ArrayCreationLevel> dims = new NodeList<>();
    for (int i = 0; i < levels; i++) {
      dims.add(new com.github.javaparser.ast.ArrayCreationLevel());
    }
    call.addArgument(SourceRewrites.at(new ArrayCreationExpr(base, dims, new ArrayInitializerExpr(values)), call));
  }
}
