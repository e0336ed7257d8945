package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.naming.GeneratedNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The methods of a class that get a generated gradient, in declaration order, with the name of
 * their result record: those marked {@code @Differentiable} (gradient derived from the body) and
 * those with {@code @CustomGradient} methods (gradient written by hand, which wins). The
 * generator and every caller agree on these names because both ask here.
 */
public final class GradientMethods {

  /**
   * One method with a gradient.
   *
   * @param gradientParams the parameters it has a gradient for
   * @param customAdjoints for each of those, the hand-written adjoint method; empty if derived
   * @param modes the methods asked for beside the gradient ({@code tangent = true}, ...)
   * @param customTangent the hand-written {@code @CustomTangent} method, or null
   */
  public record Entry(
      MethodDeclaration method,
      String recordName,
      List<String> gradientParams,
      List<MethodDeclaration> customAdjoints,
      Modes modes,
      MethodDeclaration customTangent) {

    public boolean isCustom() {
      return !customAdjoints.isEmpty();
    }
  }

  private GradientMethods() {}

  public static List<Entry> of(TypeDeclaration<?> type) {
    Map<MethodDeclaration, Map<String, MethodDeclaration>> custom = new LinkedHashMap<>();
    for (MethodDeclaration adjoint : type.getMethods()) {
      customGradient(adjoint).ifPresent(c -> {
        Optional<MethodDeclaration> forward = forwardOf(type, adjoint, c.of());
        forward.ifPresent(f -> wrtOf(f, c.wrt()).ifPresent(p ->
            custom.computeIfAbsent(f, k -> new LinkedHashMap<>()).putIfAbsent(p, adjoint)));
      });
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (MethodDeclaration m : type.getMethods()) {
      Map<String, MethodDeclaration> adjoints = custom.get(m);
      boolean differentiable = m.getAnnotations().stream().anyMatch(GradientMethods::isDifferentiableAnnotation);
      if (adjoints == null && !differentiable) {
        continue;
      }
      String recordName = GeneratedNames.gradientRecord(m.getNameAsString(),
          names.merge(GeneratedNames.gradientRecord(m.getNameAsString(), 1), 1, Integer::sum));
      if (adjoints != null) {
        List<String> params = new ArrayList<>();
        List<MethodDeclaration> methods = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
          MethodDeclaration a = adjoints.get(p.getNameAsString());
          if (a != null) {
            params.add(p.getNameAsString());
            methods.add(a);
          }
        }
        entries.add(new Entry(m, recordName, params, methods, Modes.NONE, customTangentOf(type, m, params).orElse(null)));
      } else {
        entries.add(new Entry(m, recordName, declaredWrt(m), List.of(), Modes.of(m), null));
      }
    }
    return entries;
  }

  /**
   * The {@code @CustomTangent} method of a method with hand-written gradients for {@code params}:
   * one naming it with {@code of}, whose parameters are the forward method's, the tangent of each
   * of {@code params}, and {@code out}.
   */
  public static Optional<MethodDeclaration> customTangentOf(TypeDeclaration<?> type, MethodDeclaration forward,
      List<String> params) {
    List<String> expected = new ArrayList<>(forward.getParameters().stream().map(p -> p.getType().asString()).toList());
    for (String p : params) {
      expected.add(forward.getParameterByName(p).orElseThrow().getType().asString());
    }
    expected.add(forward.getType().asString());
    for (MethodDeclaration m : type.getMethods()) {
      Optional<String> of = customTangent(m);
      List<String> types = m.getParameters().stream().map(p -> p.getType().asString()).toList();
      if (of.isPresent() && of.get().equals(forward.getNameAsString()) && types.equals(expected)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The {@code of} of a {@code @CustomTangent} annotation on {@code m}, if it has one. */
  public static Optional<String> customTangent(MethodDeclaration m) {
    for (AnnotationExpr a : m.getAnnotations()) {
      String name = a.getNameAsString();
      if (name.equals("CustomTangent") || name.equals("dev.flatgrad.annotations.CustomTangent")) {
        return Optional.of(a instanceof NormalAnnotationExpr normal ? normal.getPairs().stream()
            .filter(p -> p.getNameAsString().equals("of") && p.getValue() instanceof StringLiteralExpr)
            .map(p -> ((StringLiteralExpr) p.getValue()).getValue()).findFirst().orElse("") : "");
      }
    }
    return Optional.empty();
  }

  /** {@code of} and {@code wrt} of a {@code @CustomGradient} annotation. */
  public record CustomGradient(String of, String wrt, AnnotationExpr annotation) {}

  public static Optional<CustomGradient> customGradient(MethodDeclaration m) {
    for (AnnotationExpr a : m.getAnnotations()) {
      String name = a.getNameAsString();
      if (!name.equals("CustomGradient") && !name.equals("dev.flatgrad.annotations.CustomGradient")) {
        continue;
      }
      String of = "";
      String wrt = "";
      if (a instanceof NormalAnnotationExpr normal) {
        for (MemberValuePair pair : normal.getPairs()) {
          if (pair.getValue() instanceof StringLiteralExpr s) {
            if (pair.getNameAsString().equals("of")) {
              of = s.getValue();
            } else if (pair.getNameAsString().equals("wrt")) {
              wrt = s.getValue();
            }
          }
        }
      }
      return Optional.of(new CustomGradient(of, wrt, a));
    }
    return Optional.empty();
  }

  /** The forward method an adjoint belongs to: named {@code of}, with its leading parameters. */
  public static Optional<MethodDeclaration> forwardOf(TypeDeclaration<?> type, MethodDeclaration adjoint, String of) {
    List<String> adjointTypes = adjoint.getParameters().stream().map(p -> p.getType().asString()).toList();
    for (MethodDeclaration f : type.getMethodsByName(of)) {
      List<String> forwardTypes = f.getParameters().stream().map(p -> p.getType().asString()).toList();
      if (adjointTypes.size() == forwardTypes.size() + 2
          && adjointTypes.subList(0, forwardTypes.size()).equals(forwardTypes)) {
        return Optional.of(f);
      }
    }
    List<MethodDeclaration> candidates = type.getMethodsByName(of);
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  /** The parameter a custom gradient is for: the named one, or the only differentiable one. */
  public static Optional<String> wrtOf(MethodDeclaration forward, String wrt) {
    if (!wrt.isEmpty()) {
      return forward.getParameterByName(wrt).map(Parameter::getNameAsString);
    }
    List<String> differentiable = differentiableParams(forward);
    return differentiable.size() == 1 ? Optional.of(differentiable.get(0)) : Optional.empty();
  }

  /** The parameters named in {@code wrt}, or all differentiable ones. */
  public static List<String> declaredWrt(MethodDeclaration m) {
    return writtenWrt(m).map(names -> names.stream()
            .filter(n -> m.getParameterByName(n).filter(GradientMethods::nameable).isPresent()).toList())
        .orElseGet(() -> differentiableParams(m));
  }

  /** The names {@code wrt} gives, as written; empty if the annotation leaves {@code wrt} out. */
  public static Optional<List<String>> writtenWrt(MethodDeclaration m) {
    for (AnnotationExpr a : m.getAnnotations()) {
      if (isDifferentiableAnnotation(a) && a instanceof NormalAnnotationExpr normal) {
        for (MemberValuePair pair : normal.getPairs()) {
          if (pair.getNameAsString().equals("wrt")) {
            List<String> names = new ArrayList<>();
            pair.getValue().findAll(StringLiteralExpr.class).forEach(s -> names.add(s.getValue()));
            return Optional.of(names);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The parameters differentiated when {@code wrt} is left out: every double, double[],
   * double[][] (and double[][][]) parameter, and every record of parameters ({@link
   * RecordParameters#byDefault}).
   */
  private static List<String> differentiableParams(MethodDeclaration m) {
    return m.getParameters().stream().filter(p -> isDifferentiable(p) || RecordParameters.byDefault(p))
        .map(Parameter::getNameAsString).toList();
  }

  /** Whether {@code wrt} may name {@code p}: a differentiable type, or a record of them. */
  public static boolean nameable(Parameter p) {
    return isDifferentiable(p) || RecordParameters.nameable(p);
  }

  private static boolean isDifferentiable(Parameter p) {
    try {
      return SupportedTypes.of(p.getType(), Nodes.pos(p)).isDifferentiable();
    } catch (Problem unsupported) {
      return false; // not a parameter flatgrad differentiates
    }
  }

  /**
   * Whether a method with a derived gradient gets a saved-values form, {@code mSaved} and {@code
   * mPullback}, which generated callers run: gradient parameters that are vectors or matrices,
   * whose shares a caller's adjoint arrays take in place (a scalar's adjoint cannot be passed to be
   * added to), and a result of rank 0, 1 or 2.
   */
  public static boolean savedFormApplies(Type result, List<Type> gradientParams) {
    return result.rank() <= 2 && gradientParams.stream().allMatch(t -> t.rank() == 1 || t.rank() == 2);
  }

  /** Whether the entry gets a saved-values form (see {@link #savedFormApplies}). */
  public static boolean hasSavedForm(Entry e) {
    if (e.isCustom() || e.gradientParams().isEmpty()) {
      return false;
    }
    Optional<Type> result = typeOf(e.method().getType());
    List<Type> params = new ArrayList<>();
    for (String p : e.gradientParams()) {
      e.method().getParameterByName(p).flatMap(q -> typeOf(q.getType())).ifPresent(params::add);
    }
    return result.isPresent() && params.size() == e.gradientParams().size()
        && savedFormApplies(result.get(), params);
  }

  /** The IR type of a parameter or result, if flatgrad supports it. */
  public static Optional<Type> typeOf(com.github.javaparser.ast.type.Type t) {
    try {
      return Optional.of(SupportedTypes.of(t, dev.flatgrad.processor.ir.Pos.NONE));
    } catch (Problem unsupported) {
      return Optional.empty();
    }
  }

  /** Whether a node is the {@code @Differentiable} annotation (by simple or qualified name). */
  public static boolean isDifferentiableAnnotation(AnnotationExpr a) {
    String n = a.getNameAsString();
    return n.equals("Differentiable") || n.equals("dev.flatgrad.annotations.Differentiable");
  }
}
