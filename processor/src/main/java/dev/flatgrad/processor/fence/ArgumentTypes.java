package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which overload a call may invoke, told from the source alone (the fence runs before types are
 * known): an argument's type where the source says it (a literal, a parameter or local declared
 * with one type, a field of the class, an array's length, an element of such an array, a
 * conditional of such, a call of {@code Math}, {@code
 * Nd} or the class's own methods whose overloads agree on it), anything where it does not. Errs towards "may":
 * an overload is ruled out only by an argument whose type cannot be passed to its parameter.
 */
final class ArgumentTypes {

  /** Primitive widening, in order: each converts to those after it. */
  private static final List<String> WIDENING = List.of("char", "int", "long", "float", "double");

  private ArgumentTypes() {}

  /** Whether {@code call}, written in {@code caller}, may invoke {@code m}. */
  static boolean mayTake(MethodDeclaration m, MethodCallExpr call, MethodDeclaration caller) {
    List<Parameter> params = m.getParameters();
    if (params.stream().anyMatch(Parameter::isVarArgs)) {
      return true;
    }
    if (params.size() != call.getArguments().size()) {
      return false;
    }
    return mayPass(call, caller, params.stream().map(p -> p.getType().asString()).toList());
  }

  /** Whether no argument of {@code call} has a type the source says cannot be passed to its parameter's. */
  private static boolean mayPass(MethodCallExpr call, MethodDeclaration caller, List<String> params) {
    for (int i = 0; i < params.size(); i++) {
      Optional<String> arg = typeOf(call.getArgument(i), caller);
      if (arg.isPresent() && !assignable(arg.get(), params.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean assignable(String from, String to) {
    if (from.equals(to)) {
      return true;
    }
    int f = WIDENING.indexOf(from);
    int t = WIDENING.indexOf(to);
    return f >= 0 && t >= 0 ? f <= t : !isPrimitiveOrArray(from) || !isPrimitiveOrArray(to);
  }

  /** Types this class compares: primitives and arrays of them; a class type is never ruled out. */
  private static boolean isPrimitiveOrArray(String type) {
    String element = type.replace("[]", "");
    return Set.of("double", "int", "long", "boolean", "float", "short", "byte", "char").contains(element);
  }

  /** The type of {@code e} as the source writes it, if it does. */
  static Optional<String> typeOf(Expression e, MethodDeclaration caller) {
    if (e instanceof EnclosedExpr p) {
      return typeOf(p.getInner(), caller);
    }
    if (e instanceof DoubleLiteralExpr d) {
      return d.getValue().matches(".*[fF]") ? Optional.of("float") : Optional.of("double");
    }
    if (e instanceof IntegerLiteralExpr) {
      return Optional.of("int");
    }
    if (e instanceof LongLiteralExpr) {
      return Optional.of("long");
    }
    if (e instanceof BooleanLiteralExpr) {
      return Optional.of("boolean");
    }
    if (e instanceof CharLiteralExpr) {
      return Optional.of("char");
    }
    if (e instanceof ArrayCreationExpr a) {
      return Optional.of(a.getElementType().asString() + "[]".repeat(a.getLevels().size()));
    }
    if (e instanceof ArrayAccessExpr a) {
      return typeOf(a.getName(), caller).filter(t -> t.endsWith("[]")).map(t -> t.substring(0, t.length() - 2));
    }
    if (e instanceof NameExpr n) {
      return declaredType(n.getNameAsString(), caller, new HashSet<>());
    }
    if (e instanceof FieldAccessExpr f) {
      return f.getNameAsString().equals("length") && typeOf(f.getScope(), caller).filter(t -> t.endsWith("[]")).isPresent()
          ? Optional.of("int")
          : f.getScope() instanceof ThisExpr ? fieldType(f.getNameAsString(), caller)
          : typeOf(f.getScope(), caller).flatMap(t -> componentType(t, f.getNameAsString(), caller)); // p.u of a record
    }
    if (e instanceof ConditionalExpr c) {
      Optional<String> yes = typeOf(c.getThenExpr(), caller);
      Optional<String> no = typeOf(c.getElseExpr(), caller);
      return yes.isEmpty() || no.isEmpty() ? Optional.empty()
          : yes.equals(no) ? yes
          : WIDENING.contains(yes.get()) && WIDENING.contains(no.get())
              ? Optional.of(WIDENING.get(Math.max(WIDENING.indexOf(yes.get()), WIDENING.indexOf(no.get()))))
          : Optional.empty();
    }
    if (e instanceof MethodCallExpr call) {
      return resultOf(call, caller);
    }
    return Optional.empty();
  }

  /** The JDK's classes whose static methods' results a call's source tells (by reflection). */
  private static final Map<String, Class<?>> LIBRARIES = Map.of("Math", Math.class, "StrictMath", StrictMath.class);

  /** Whether {@code call} is of {@code Math} or {@code StrictMath}: a function of its arguments, a number. */
  static boolean callsMath(MethodCallExpr call) {
    return call.getScope().filter(s -> s instanceof NameExpr n && LIBRARIES.containsKey(n.getNameAsString()))
        .isPresent();
  }

  /**
   * {@code Nd}'s methods, by name and number of arguments, whose every overload returns a {@code
   * double} (the runtime is not on the processor's class path; a test checks this against it).
   */
  static final Set<String> ND_NUMBERS = Set.of("sum/1", "mean/1", "max/1", "sumOfSquares/1", "logSumExp/1", "vdot/2",
      "streamSum/2", "streamAverage/2");

  /**
   * The result type of a call of {@code Math}, {@code Nd} or a method of the caller's class, where
   * every overload it may invoke (by the number of its arguments and the types the source says)
   * has the same one.
   */
  private static Optional<String> resultOf(MethodCallExpr call, MethodDeclaration caller) {
    String name = call.getNameAsString();
    int arity = call.getArguments().size();
    Set<String> results = new HashSet<>();
    Optional<String> scope = call.getScope().filter(NameExpr.class::isInstance).map(n -> ((NameExpr) n).getNameAsString());
    if (call.getScope().isEmpty()) {
      caller.findAncestor(TypeDeclaration.class).ifPresent(t -> ((TypeDeclaration<?>) t).getMethodsByName(name)
          .stream().filter(m -> mayTake(m, call, caller)).forEach(m -> results.add(m.getType().asString())));
    } else if (scope.filter(LIBRARIES::containsKey).isPresent()) {
      for (java.lang.reflect.Method m : LIBRARIES.get(scope.get()).getMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == arity
            && java.lang.reflect.Modifier.isStatic(m.getModifiers()) && mayPass(call, caller, java.util.Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList())) {
          results.add(m.getReturnType().getSimpleName());
        }
      }
    } else if (scope.filter("Nd"::equals).isPresent() && ND_NUMBERS.contains(name + "/" + arity)) {
      results.add("double");
    } else if (scope.filter("Nd"::equals).isPresent()) {
      NdResults.of(name, call.getArguments().stream().map(a -> typeOf(a, caller)).toList()).ifPresent(results::add);
    } else if (call.getScope().isPresent() && arity == 0) {
      // a.clone() of an array, p.u() of a record declared in this source (net.first().W() of one in it):
      // var u = p.u(); reads as its type
      typeOf(call.getScope().get(), caller).ifPresent(t -> {
        if (name.equals("clone") && t.endsWith("[]")) {
          results.add(t);
        } else {
          componentType(t, name, caller).ifPresent(results::add);
        }
      });
    }
    return results.size() == 1 ? Optional.of(results.iterator().next()) : Optional.empty();
  }

  /**
   * The one type the caller declares {@code name} with (as a parameter or a local), if it is one;
   * a {@code var}'s is its value's where the source says it ({@code seen}: the names being asked,
   * so that {@code var a = b} and {@code var b = a} in two blocks do not ask each other forever).
   */
  private static Optional<String> declaredType(String name, MethodDeclaration caller, Set<String> seen) {
    if (!seen.add(name)) {
      return Optional.empty();
    }
    Set<String> types = caller.getParameters().stream()
        .filter(p -> p.getNameAsString().equals(name))
        .map(p -> p.getType().asString() + (p.isVarArgs() ? "[]" : ""))
        .collect(Collectors.toSet());
    for (VariableDeclarator v : caller.findAll(VariableDeclarator.class)) {
      if (v.getNameAsString().equals(name)) {
        String type = v.getType().asString(); // with the declarator's own brackets: b in double[] a, b[]
        if (type.equals("var")) {
          type = v.getInitializer().flatMap(i -> i instanceof NameExpr n
              ? declaredType(n.getNameAsString(), caller, seen) : typeOf(i, caller)).orElse("var");
        }
        types.add(type);
      }
    }
    if (types.isEmpty()) {
      return fieldType(name, caller); // not a parameter or a local: a field, as javac would find it
    }
    return types.size() == 1 && !types.contains("var") ? Optional.of(types.iterator().next()) : Optional.empty();
  }

  /** The type of the component {@code name} of the records named {@code type} in the caller's source, if they agree. */
  private static Optional<String> componentType(String type, String name, MethodDeclaration caller) {
    String simple = type.substring(type.lastIndexOf('.') + 1);
    Set<String> results = new HashSet<>();
    caller.findCompilationUnit().ifPresent(cu -> cu.findAll(RecordDeclaration.class,
            r -> r.getNameAsString().equals(simple)).forEach(r -> r.getParameters().stream()
        .filter(c -> c.getNameAsString().equals(name)).forEach(c -> results.add(c.getType().asString()))));
    return results.size() == 1 ? Optional.of(results.iterator().next()) : Optional.empty();
  }

  /** The declared type of the caller's class's field {@code name}, if it has one. */
  private static Optional<String> fieldType(String name, MethodDeclaration caller) {
    return caller.findAncestor(TypeDeclaration.class).flatMap(t -> ((TypeDeclaration<?>) t).getFieldByName(name))
        .flatMap(f -> f.getVariables().stream().filter(v -> v.getNameAsString().equals(name)).findFirst())
        .map(v -> v.getType().asString());
  }
}
