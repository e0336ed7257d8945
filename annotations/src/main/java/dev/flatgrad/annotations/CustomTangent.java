package dev.flatgrad.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, by hand, the forward-mode rule of a method that has a {@link CustomGradient}: the
 * tangent of its result from the tangents of its parameters. flatgrad uses it wherever the method
 * is called from a method whose tangent, Hessian-vector product or Jacobian is generated.
 *
 * <p>The annotated method takes the forward method's parameters, then one tangent per parameter
 * that has a {@code @CustomGradient} (same type, in the same order), then {@code out} (the forward
 * result), and returns the result's tangent, of the result's type:
 *
 * <pre>{@code
 * @CustomGradient(of = "softplus")
 * static double softplusGrad(double x, double out, double dout) {
 *   return dout / (1.0 + Math.exp(-x));
 * }
 *
 * @CustomTangent(of = "softplus")
 * static double softplusTangent(double x, double xDot, double out) {
 *   return xDot / (1.0 + Math.exp(-x));
 * }
 * }</pre>
 *
 * <p>Second derivatives (a Hessian-vector product through the method) differentiate the tangent
 * method itself: mark it {@link Differentiable} too when its body is in the supported language.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CustomTangent {

  /** The name of the forward method, in the same class. */
  String of();
}
