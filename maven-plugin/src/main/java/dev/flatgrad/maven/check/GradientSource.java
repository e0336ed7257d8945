package dev.flatgrad.maven.check;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Where the analytic gradient under check comes from. Today that is the class flatgrad generated
 * ({@link GeneratedGradient}); a hand-written (custom) gradient of a method plugs in here too, and
 * is checked against the same numeric derivative of the same method.
 */
interface GradientSource {

  /**
   * What the gradient code returned at one point.
   *
   * @param value the method's value as the gradient code computed it
   * @param gradient one entry per differentiated parameter, by parameter name, of the parameter's
   *     own type
   */
  record Computed(Object value, Map<String, Object> gradient) {}

  /**
   * The value and analytic gradient at {@code args}.
   *
   * @param dout the upstream gradient for a method returning an array; null for a scalar result
   * @throws InvocationTargetException if the gradient code throws
   */
  Computed compute(Object[] args, Object dout) throws InvocationTargetException;
}
