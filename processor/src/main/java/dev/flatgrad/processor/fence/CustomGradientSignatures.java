package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Pos;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fence on hand-written gradients: each {@code @CustomGradient} method's signature against its
 * forward method (named by {@code of}, with the adjoint's leading parameters), one per parameter.
 */
final class CustomGradientSignatures {

  private CustomGradientSignatures() {}

  /** Every malformed {@code @CustomGradient} method of the class. */
  static List<Problem> check(TypeDeclaration<?> type) {
    List<Problem> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (MethodDeclaration adjoint : type.getMethods()) {
      Optional<GradientMethods.CustomGradient> annotation = GradientMethods.customGradient(adjoint);
      if (annotation.isEmpty()) {
        continue;
      }
      try {
        String key = validate(type, adjoint, annotation.get());
        if (!seen.add(key)) {
          throw new Problem(Nodes.pos(adjoint.getName()), Tag.CUSTOM_GRADIENT, "a second @CustomGradient for " + key + ": keep one");
        }
      } catch (Problem p) {
        problems.add(p);
      }
    }
    return problems;
  }

  private static String validate(TypeDeclaration<?> type, MethodDeclaration adjoint, GradientMethods.CustomGradient c) {
    Pos pos = Nodes.pos(adjoint.getName());
    String name = adjoint.getNameAsString();
    if (c.of().isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient on " + name + " must name its forward method: @CustomGradient(of = \"...\")");
    }
    List<MethodDeclaration> forwards = type.getMethodsByName(c.of());
    if (forwards.isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient(of = \"" + c.of() + "\") on " + name + ": there is no method "
          + c.of() + " in " + type.getNameAsString());
    }
    Optional<MethodDeclaration> forward = GradientMethods.forwardOf(type, adjoint, c.of());
    if (forward.isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient on " + name + ": its parameters must be those of " + c.of()
          + " followed by out and dout");
    }
    MethodDeclaration f = forward.get();
    Optional<String> wrt = GradientMethods.wrtOf(f, c.wrt());
    if (wrt.isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, c.wrt().isEmpty()
          ? "@CustomGradient on " + name + ": " + c.of() + " has several parameters; say which this is the gradient for, with wrt = \"...\""
          : "@CustomGradient on " + name + ": " + c.of() + " has no parameter " + c.wrt());
    }
    Parameter param = f.getParameterByName(wrt.get()).orElseThrow();
    String expected = "static " + param.getType() + " " + name + "("
        + String.join(", ", f.getParameters().stream().map(p -> p.getType() + " " + p.getNameAsString()).toList())
        + (f.getParameters().isEmpty() ? "" : ", ") + f.getType() + " out, " + f.getType() + " dout)";
    List<Parameter> ps = adjoint.getParameters();
    int n = f.getParameters().size();
    boolean matches = ps.size() == n + 2
        && ps.get(n).getType().asString().equals(f.getType().asString())
        && ps.get(n + 1).getType().asString().equals(f.getType().asString())
        && adjoint.getType().asString().equals(param.getType().asString())
        && adjoint.isStatic() && f.isStatic() && !adjoint.isPrivate() && !f.isPrivate();
    if (!matches) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient for the " + wrt.get() + " of " + c.of()
          + " must be declared " + expected + " (static, not private)");
    }
    return c.of() + "(" + wrt.get() + ")";
  }
}
