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
}
