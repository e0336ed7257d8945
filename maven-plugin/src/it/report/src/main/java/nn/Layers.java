package nn;

import dev.flatgrad.annotations.CustomGradient;
import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

public final class Layers {
  private Layers() {}

  /** An affine layer followed by a ReLU: an array result, so the gradient takes dout. */
  @Differentiable
  public static double[][] affineRelu(double[][] x, double[][] W, double[] b) {
    double[][] scores = Nd.add(Nd.dot(x, W), b);
    return Nd.maximum(0.0, scores);
  }

  /** A sum of squares with a loop: the graph marks what is inside it. */
  @Differentiable
  public static double sumSquares(double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i];
    }
    return s;
  }

  public static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  /** The sigmoid, written without overflow for large x. */
  @CustomGradient(of = "softplus")
  public static double softplusGrad(double x, double out, double dout) {
    return dout / (1.0 + Math.exp(-x));
  }
}
