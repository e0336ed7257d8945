package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import java.util.List;

/**
 * The methods beside the gradient that a {@code @Differentiable} method asks for, from its
 * {@code tangent}, {@code hessian} and {@code jacobian} attributes: none unless asked. Hessians and
 * Jacobians are built on the tangent method, which they generate too.
 */
public record Modes(boolean tangent, boolean hessian, boolean jacobian) {

  public static final Modes NONE = new Modes(false, false, false);

  /** The attributes that ask for these methods, in the order the annotation declares them. */
  public static final List<String> ATTRIBUTES = List.of("tangent", "hessian", "jacobian");

  /** Whether {@code FooGrad.mTangent} is generated: asked for, or needed by the others. */
  public boolean hasTangent() {
    return tangent || hessian || jacobian;
  }

  /** What a {@code @Differentiable} annotation on {@code m} asks for (literal {@code true} only). */
  public static Modes of(MethodDeclaration m) {
    boolean tangent = false;
    boolean hessian = false;
    boolean jacobian = false;
    for (AnnotationExpr a : m.getAnnotations()) {
      if (GradientMethods.isDifferentiableAnnotation(a) && a instanceof NormalAnnotationExpr normal) {
        for (MemberValuePair pair : normal.getPairs()) {
          boolean on = pair.getValue() instanceof BooleanLiteralExpr b && b.getValue();
          switch (pair.getNameAsString()) {
            case "tangent" -> tangent = on;
            case "hessian" -> hessian = on;
            case "jacobian" -> jacobian = on;
            default -> { }
          }
        }
      }
    }
    return new Modes(tangent, hessian, jacobian);
  }
}
