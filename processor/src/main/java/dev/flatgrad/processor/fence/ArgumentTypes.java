package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which overload a call may invoke, told from the source alone (the fence runs before types are
 * known): an argument's type where the source says it (a literal, a parameter or local declared
 * with one type, an element of such an array), anything where it does not. Errs towards "may":
 * an overload is ruled out only by an argument whose type cannot be passed to its parameter.
 */
final class ArgumentTypes {

  /** Primitive widening, in order: each converts to those after it. */
  private static final List<String> WIDENING = List.of("int", "long", "float", "double");

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
    for (int i = 0; i < params.size(); i++) {
      Optional<String> arg = typeOf(call.getArgument(i), caller);
      if (arg.isPresent() && !assignable(arg.get(), params.get(i).getType().asString())) {
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
    if (e instanceof ArrayCreationExpr a) {
      return Optional.of(a.getElementType().asString() + "[]".repeat(a.getLevels().size()));
    }
    if (e instanceof ArrayAccessExpr a) {
      return typeOf(a.getName(), caller).filter(t -> t.endsWith("[]")).map(t -> t.substring(0, t.length() - 2));
    }
    if (e instanceof NameExpr n) {
      return declaredType(n.getNameAsString(), caller, new HashSet<>());
    }
    return Optional.empty();
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
    return types.size() == 1 && !types.contains("var") ? Optional.of(types.iterator().next()) : Optional.empty();
  }
}
