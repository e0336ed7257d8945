package dev.flatgrad.processor.naming;

import dev.flatgrad.processor.naming.JavaNames;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of what flatgrad generates for a method beside its gradient, in one place, so that the
 * generator and every caller agree: for method {@code m} with record {@code M}, {@code mTangent}
 * returning {@code MTangent}, {@code mHvp} returning {@code MHvp}, {@code mHessian} and {@code
 * mJacobian}, each with its own record.
 */
public final class GeneratedNames {

  private GeneratedNames() {}

  public static String tangent(String name) {
    return name + "Tangent";
  }

  public static String hvp(String name) {
    return name + "Hvp";
  }

  /** The method that adds a call's shares into the caller's adjoint arrays. */
  public static String pullback(String name) {
    return name + "Pullback";
  }

  public static String hessian(String name) {
    return name + "Hessian";
  }

  public static String jacobian(String name) {
    return name + "Jacobian";
  }

  /** The record of a generated method: the gradient record's name, then the mode's. */
  public static String record(String gradientRecord, String mode) {
    return gradientRecord + mode;
  }

  /**
   * The components of the H·v record for each differentiated parameter {@code p} of a method with
   * parameters {@code params}: the gradient {@code dp}, named as in the gradient record ({@code
   * do_} for {@code o}), and the Hessian-vector product {@code dpDot} (the directional derivative
   * of {@code dp}); a product name that meets a gradient name ({@code x} and {@code xDot} both
   * differentiated) gets an underscore.
   */
  public static Map<String, HvpComponents> hvpComponents(List<String> wrt, Collection<String> params) {
    Map<String, String> gradients = new LinkedHashMap<>();
    wrt.forEach(p -> gradients.put(p, JavaNames.gradientComponent(p, params)));
    Set<String> used = new HashSet<>(gradients.values());
    Map<String, HvpComponents> out = new LinkedHashMap<>();
    for (String p : wrt) {
      String product = "d" + p + "Dot";
      while (!used.add(product)) {
        product = product + "_";
      }
      out.put(p, new HvpComponents(gradients.get(p), product));
    }
    return out;
  }

  /** The gradient and product component of one parameter in an H·v record. */
  public record HvpComponents(String gradient, String product) {}
}
