package nn;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.CustomGradient;

public final class Soft {
  private Soft() {}

  @CheckInputs("x: in [-2, 2)")
  public static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  /** Deliberately wrong: the derivative of softplus is 1 / (1 + exp(-x)), not 1 / (1 + exp(x)). */
  @CustomGradient(of = "softplus")
  public static double softplusGrad(double x, double out, double dout) {
    return dout / (1.0 + Math.exp(x));
  }
}
