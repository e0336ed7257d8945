package dev.flatgrad.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose gradient flatgrad generates at compile time.
 *
 * <p>For a method {@code m} of class {@code p.Foo}, flatgrad writes class {@code p.FooGrad} with a
 * method {@code m} taking the same parameters and returning a record of the value and one
 * adjoint {@code d<param>} per differentiated parameter. Methods returning an array take one more
 * parameter, {@code dout}, the upstream gradient of the output.
 *
 * <p>Forward mode and second derivatives are generated only when asked for:
 *
 * <ul>
 *   <li>{@code tangent = true}: {@code FooGrad.mTangent(<params>, <one direction xDot per
 *       differentiated parameter x>)} returns record {@code MTangent(value, valueDot)}: the value
 *       and its directional derivative (an array of the result's shape for an array result).
 *   <li>{@code hessian = true}: {@code FooGrad.mHvp(<params>, <directions>)} returns record {@code
 *       MHvp(value, valueDot, d<param>..., d<param>Dot...)}: the value, the directional derivative,
 *       the gradient and the Hessian-vector product (the directional derivative of the gradient),
 *       in one call; for a {@code double} result also {@code FooGrad.mHessian(<params>)}, the dense
 *       Hessian over the differentiated entries. Implies {@code tangent}.
 *   <li>{@code jacobian = true}, for a method returning an array: {@code
 *       FooGrad.mJacobian(<params>)}, the Jacobian of the result with respect to the differentiated
 *       entries. Implies {@code tangent}.
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Differentiable {

  /**
   * Names of the parameters to differentiate with respect to. Empty (the default) means every
   * {@code double}, {@code double[]} and {@code double[][]} parameter.
   */
  String[] wrt() default {};

  /** Also generate forward mode: {@code FooGrad.mTangent}, the directional derivative. */
  boolean tangent() default false;

  /**
   * Also generate second derivatives: {@code FooGrad.mHvp} (Hessian-vector products) and, for a
   * {@code double} result, {@code FooGrad.mHessian}; and {@code FooGrad.mTangent}.
   */
  boolean hessian() default false;

  /**
   * Also generate {@code FooGrad.mJacobian} (for a method returning an array), and {@code
   * FooGrad.mTangent}.
   */
  boolean jacobian() default false;
}
