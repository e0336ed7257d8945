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
   * The analytic gradient at {@code args}: one entry per differentiated parameter, by parameter
   * name, of the parameter's own type.
   *
   * @param dout the upstream gradient for a method returning an array; null for a scalar result
   * @throws InvocationTargetException if the gradient code throws
   */
  Map<String, Object> gradient(Object[] args, Object dout) throws InvocationTargetException;
}
