package nn;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.CustomGradient;
import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

public final class Layers {
  private Layers() {}

  /** An affine layer: its gradient is checked through a random upstream gradient dout. */
  @Differentiable
  @CheckInputs({"x: 4x3", "W: 3x2", "b: 2"})
  public static double[][] affine(double[][] x, double[][] W, double[] b) {
    return Nd.add(Nd.dot(x, W), b);
  }

  @CheckInputs("x: in [-3, 3)")
  public static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  /** The sigmoid, written without overflow for large x. */
  @CustomGradient(of = "softplus")
  public static double softplusGrad(double x, double out, double dout) {
    return dout / (1.0 + Math.exp(-x));
  }
}
