package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Pos;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-written tangents: checks each {@code @CustomTangent} method's signature against its
 * forward method, which must have hand-written gradients: its parameters, the tangent of each
 * parameter with a {@code @CustomGradient}, then {@code out}; the result's type.
 */
final class CustomTangentSignatures {

  private CustomTangentSignatures() {}

  /** Reports every malformed {@code @CustomTangent} method of the class. */
  static List<Problem> check(TypeDeclaration<?> type, List<GradientMethods.Entry> entries) {
    List<Problem> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (MethodDeclaration tangent : type.getMethods()) {
      Optional<String> of = GradientMethods.customTangent(tangent);
      if (of.isEmpty()) {
        continue;
      }
      Pos pos = Nodes.pos(tangent.getName());
      String name = tangent.getNameAsString();
      if (of.get().isEmpty()) {
        problems.add(new Problem(pos, Tag.CUSTOM_TANGENT, "@CustomTangent on " + name + " must name its forward method: @CustomTangent(of = \"...\")"));
        continue;
      }
      List<GradientMethods.Entry> custom = entries.stream()
          .filter(e -> e.isCustom() && e.method().getNameAsString().equals(of.get())).toList();
      if (custom.isEmpty()) {
        problems.add(new Problem(pos, Tag.CUSTOM_TANGENT, "@CustomTangent(of = \"" + of.get() + "\") on " + name + ": " + of.get()
            + " has no @CustomGradient in " + type.getNameAsString() + "; a hand-written tangent goes with"
            + " hand-written gradients (a @Differentiable method's tangent is derived from its body)"));
        continue;
      }
      Optional<GradientMethods.Entry> forward = custom.stream()
          .filter(e -> matches(tangent, e)).findFirst();
      if (forward.isEmpty()) {
        problems.add(new Problem(pos, Tag.CUSTOM_TANGENT, "@CustomTangent for " + of.get() + " must be declared "
            + expected(name, custom.get(0)) + " (static, not private)"));
        continue;
      }
      if (!seen.add(of.get() + signature(forward.get().method()))) {
        problems.add(new Problem(pos, Tag.CUSTOM_TANGENT, "a second @CustomTangent for " + of.get() + ": keep one"));
      }
    }
    return problems;
  }

  private static boolean matches(MethodDeclaration tangent, GradientMethods.Entry e) {
    return types(tangent).equals(expectedTypes(e)) && tangent.getType().asString().equals(e.method().getType().asString())
        && tangent.isStatic() && !tangent.isPrivate();
  }

  /** The forward method's parameter types, its gradient parameters' again, then its result's. */
  private static List<String> expectedTypes(GradientMethods.Entry e) {
    List<String> types = new ArrayList<>(types(e.method()));
    for (String p : e.gradientParams()) {
      types.add(e.method().getParameterByName(p).orElseThrow().getType().asString());
    }
    types.add(e.method().getType().asString());
    return types;
  }

  private static String expected(String name, GradientMethods.Entry e) {
    MethodDeclaration f = e.method();
    List<String> params = new ArrayList<>();
    for (Parameter p : f.getParameters()) {
      params.add(p.getType() + " " + p.getNameAsString());
    }
    for (String p : e.gradientParams()) {
      params.add(f.getParameterByName(p).orElseThrow().getType() + " " + Hints.tangent(p));
    }
    params.add(f.getType() + " out");
    return "static " + f.getType() + " " + name + "(" + String.join(", ", params) + ")";
  }

  private static List<String> types(MethodDeclaration m) {
    return m.getParameters().stream().map(p -> p.getType().asString()).toList();
  }

  private static String signature(MethodDeclaration m) {
    return types(m).toString();
  }
}
