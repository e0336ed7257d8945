package dev.flatgrad.processor.fence;

import static dev.flatgrad.processor.fence.Nodes.pos;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fence on a {@code @Differentiable} method's declaration: its shape (a body, not private, not
 * generic, a result of double, double[] or double[][]), its parameters' types, its annotation's
 * attributes ({@code wrt} names, the modes' literals, a Jacobian of an array result) and its
 * {@code @CheckInputs} step. Every problem is found; the parameters it rejects are not declared by
 * lowering, so that their uses are follow-ons.
 */
final class Signature {

  private final List<Problem> problems = new ArrayList<>();
  private final Set<Parameter> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Whether the method can be lowered at all: it has a body, and a result lowering can type. */
  private boolean lowerable = true;

  private Signature() {}

  static Signature of(MethodDeclaration m) {
    Signature s = new Signature();
    Optional<Type> result = s.shape(m);
    List<String> differentiable = s.parameters(m);
    s.attributes(m, differentiable, result);
    s.ownConstructors(m);
    step(m).ifPresent(s.problems::add);
    return s;
  }

  List<Problem> problems() {
    return problems;
  }

  boolean rejects(Parameter p) {
    return rejected.contains(p);
  }

  boolean lowerable() {
    return lowerable;
  }

  /**
   * A differentiated record whose own constructor would build its gradient, or whose own accessor
   * would read another value than its component: an error saying what to write.
   */
  private void ownConstructors(MethodDeclaration m) {
    if (GradientMethods.writtenWrt(m).isEmpty()) {
      m.getParameters().stream().filter(RecordParameters::heldBack).forEach(p -> problems.add(new Problem(pos(p),
          Tag.UNSUPPORTED, "`" + p.getNameAsString() + "`, a " + p.getType() + ", holds double arrays that"
              + " flatgrad would differentiate, but its components " + String.join(", ",
                  RecordParameters.notDifferentiable(p)) + " can be neither differentiated nor passed through"
              + " (double, double[], double[][] are differentiated; int, long, boolean, their arrays, String, enums"
              + " and other objects passed through): change their types, or name the parameters to differentiate"
              + " in wrt to take `" + p.getNameAsString() + "` for settings")));
    }
    for (String name : GradientMethods.declaredWrt(m)) {
      Parameter p = parameter(m, name);
      RecordParameters.withOwnConstructor(p).ifPresent(r -> problems.add(new Problem(pos(p), Tag.UNSUPPORTED,
          "`" + name + "`, a " + p.getType() + " differentiated component by component, has a gradient of its type,"
              + " built through its constructor, which " + r.getNameAsString() + " declares: it would check or"
              + " change the derivatives as it checks or changes the parameters; move what it does to a static"
              + " factory method, or name the other parameters in wrt to take `" + name + "` for settings")));
      RecordParameters.withComputedAccessor(p).ifPresent(a -> problems.add(new Problem(pos(a), Tag.UNSUPPORTED,
          "`" + a.getNameAsString() + "()` of " + a.findAncestor(RecordDeclaration.class).orElseThrow().getNameAsString()
              + " returns something other than its component `" + a.getNameAsString() + "`, and `" + name + "`,"
              + " differentiated component by component, is read through its accessors: the gradient would be"
              + " taken at what `" + a.getNameAsString() + "()` returns; let `" + a.getNameAsString() + "()` return"
              + " the component and give what it computes a method of another name (flatgrad differentiates"
              + " through the record's methods), or name the other parameters in wrt to take `" + name
              + "` for settings")));
    }
  }

  /** The {@code @CheckInputs} step's problem, if it is no number flatgrad can read. */
  static Optional<Problem> step(MethodDeclaration m) {
    try {
      CheckStep.of(m);
      return Optional.empty();
    } catch (Problem p) {
      return Optional.of(p);
    }
  }

  /** The method's result type if flatgrad differentiates methods returning it. */
  private Optional<Type> shape(MethodDeclaration m) {
    Pos pos = pos(m.getName());
    String name = m.getNameAsString();
    if (m.getBody().isEmpty()) {
      shapeProblem(pos, "@Differentiable method " + name + " has no body");
    }
    if (!m.getTypeParameters().isEmpty()) {
      shapeProblem(pos, "@Differentiable method " + name + " is generic: remove the type parameters");
    }
    Optional<Type> result = GradientMethods.typeOf(m.getType());
    if (result.isEmpty() || !result.get().isDifferentiable()) {
      shapeProblem(pos(m.getType()), "@Differentiable method " + name + " returns "
          + result.map(Type::toString).orElse(m.getType().toString())
          + ": flatgrad differentiates methods returning double, double[] or double[][]");
      return Optional.empty();
    }
    return result;
  }

  private void shapeProblem(Pos pos, String message) {
    problems.add(new Problem(pos, Tag.METHOD_SHAPE, message));
    lowerable = false;
  }

  /** Checks each parameter's type; returns the names of the differentiable ones. */
  private List<String> parameters(MethodDeclaration m) {
    List<String> differentiable = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      try {
        Type t = parameterType(p);
        if (t.isDifferentiable() || RecordParameters.nameable(p)) {
          differentiable.add(p.getNameAsString());
        }
      } catch (Problem problem) {
        rejected.add(p);
        problems.add(problem);
      }
    }
    return differentiable;
  }

  private static Type parameterType(Parameter p) {
    Pos pos = pos(p);
    if (p.isVarArgs()) {
      throw new Problem(pos, Tag.METHOD_SHAPE, "varargs parameter `" + p.getNameAsString() + "`: declare it as an array");
    }
    return SupportedTypes.of(p.getType(), pos);
  }

  /**
   * Why {@code name}, named in wrt, is not differentiated: a component of a record ({@code "p.w"})
   * is not a parameter; an object parameter, see {@link #notARecord}; empty for any other name.
   */
  private static String whyNotDifferentiable(MethodDeclaration m, String name, List<String> differentiable) {
    if (m.getParameterByName(name).isPresent()) {
      return notARecord(m.getParameterByName(name).get());
    }
    int dot = name.indexOf('.');
    if (dot > 0 && differentiable.contains(name.substring(0, dot))) {
      return " (wrt names parameters, not their components: name \"" + name.substring(0, dot)
          + "\", whose components are all differentiated)";
    }
    return "";
  }

  /**
   * Why an object parameter named in wrt is not differentiated: only a record declared in this
   * file can be (its components are known where the method is read); empty for any other.
   */
  private static String notARecord(Parameter p) {
    if (!(p.getType() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType c)
        || GradientMethods.typeOf(c).filter(Type::isObject).isEmpty()) {
      return "";
    }
    return " (flatgrad differentiates a record of double, double[] and double[][] components declared in this file, `"
        + c.getNameAsString() + "` is none: declare such a record here, or pass its arrays as parameters)";
  }

  /** The parameter named {@code name}, or a detached one where there is none (no record, no problem). */
  private static Parameter parameter(MethodDeclaration m, String name) {
    return m.getParameterByName(name).orElseGet(Parameter::new);
  }

  /** The {@code @Differentiable} annotation's attributes: the modes' literals, then {@code wrt}. */
  private void attributes(MethodDeclaration m, List<String> differentiable, Optional<Type> result) {
    Optional<AnnotationExpr> annotation =
        m.getAnnotations().stream().filter(GradientMethods::isDifferentiableAnnotation).findFirst();
    List<Expression> names = new ArrayList<>();
    if (annotation.isPresent() && annotation.get() instanceof NormalAnnotationExpr normal) {
      for (MemberValuePair pair : normal.getPairs()) {
        if (Modes.ATTRIBUTES.contains(pair.getNameAsString()) && !(pair.getValue() instanceof BooleanLiteralExpr)) {
          problems.add(new Problem(pos(pair), Tag.MODE, pair.getNameAsString() + " takes the literal true or false,"
              + " which flatgrad reads from the source: write " + pair.getNameAsString() + " = true"));
        }
        if (pair.getNameAsString().equals("wrt")) {
          Expression v = pair.getValue();
          if (v instanceof ArrayInitializerExpr array && array.getValues().isEmpty()) {
            problems.add(new Problem(pos(pair), Tag.WRT, "wrt = {} names no parameter: leave wrt out to"
                + " differentiate with respect to every double parameter, or name the ones you want"));
          } else if (v instanceof ArrayInitializerExpr array) {
            names.addAll(array.getValues());
          } else {
            names.add(v);
          }
        }
      }
    } else if (annotation.isPresent() && annotation.get() instanceof SingleMemberAnnotationExpr) {
      problems.add(new Problem(pos(annotation.get()), Tag.METHOD_SHAPE,
          "write @Differentiable(wrt = {...}) with the member name"));
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (Expression n : names) {
      if (!(n instanceof StringLiteralExpr s)) {
        problems.add(new Problem(pos(n), Tag.METHOD_SHAPE, "wrt takes parameter names as string literals, found " + n));
      } else if (!RecordParameters.notDifferentiable(parameter(m, s.getValue())).isEmpty()) {
        problems.add(new Problem(pos(n), Tag.WRT, "wrt names \"" + s.getValue() + "\", a record whose components "
            + String.join(", ", RecordParameters.notDifferentiable(parameter(m, s.getValue())))
            + " can be neither differentiated nor passed through: flatgrad differentiates a record's double, double[],"
            + " double[][] components (and such records) and passes int, long, boolean, their arrays, String, enums"
            + " and other objects through; change their types, or pass the values to differentiate as a record of"
            + " their own, or as parameters"));
      } else if (!differentiable.contains(s.getValue())) {
        problems.add(new Problem(pos(annotation.get()), Tag.WRT,
            "wrt names \"" + s.getValue() + "\", which is not a differentiable parameter of "
                + m.getNameAsString() + ": choose from "
                + (differentiable.isEmpty() ? "(none: no double, double[] or double[][] parameter)"
                    : String.join(", ", differentiable))
                + whyNotDifferentiable(m, s.getValue(), differentiable)));
      } else if (!chosen.add(s.getValue())) {
        problems.add(new Problem(pos(n), Tag.WRT, "wrt names \"" + s.getValue() + "\" twice: name it once"));
      }
    }
    if (Modes.of(m).jacobian() && result.isPresent() && !result.get().isArray()) {
      problems.add(new Problem(pos(m.getName()), Tag.MODE,
          "jacobian = true on `" + m.getNameAsString() + "`, which returns a double: its Jacobian is its gradient,"
              + " FooGrad." + m.getNameAsString() + "(...); ask for jacobian on methods returning arrays"));
    }
  }
}
