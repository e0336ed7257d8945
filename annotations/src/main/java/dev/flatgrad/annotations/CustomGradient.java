package dev.flatgrad.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, by hand, the gradient of a method with respect to one of its parameters: flatgrad
 * uses it wherever that method is called, instead of differentiating its body (or when it cannot:
 * the method calls a library flatgrad cannot see into).
 *
 * <p>The annotated method takes the forward method's parameters, then {@code out} (the forward
 * result) and {@code dout} (the upstream gradient, of the result's type), and returns that
 * parameter's share of {@code dout}, of the parameter's type:
 *
 * <pre>{@code
 * static double softplus(double x) {
 *   return Math.log1p(Math.exp(x));
 * }
 *
 * @CustomGradient(of = "softplus")
 * static double softplusGrad(double x, double out, double dout) {
 *   return dout / (1.0 + Math.exp(-x)); // the sigmoid, without overflow for large x
 * }
 * }</pre>
 *
 * <p>A method with several differentiable parameters gets one such method per parameter, each
 * naming it with {@code wrt}. flatgrad generates {@code FooGrad.softplus(x)} and {@code
 * FooGrad.checkSoftplus(x)} from them, so the hand-written gradient can be checked against the
 * forward method numerically.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CustomGradient {

  /** The name of the forward method, in the same class. */
  String of();

  /** The parameter this is the gradient for; may be omitted if there is only one. */
  String wrt() default "";
}
