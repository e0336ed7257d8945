package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.Differentiable;

/**
 * A user-style workload (issue 13): fitting a piecewise cubic on [0, 1) to noisy points, the
 * loss calling a differentiated evaluation inside its loop, as a person writes it. One call
 * reads the four coefficients of one segment, whatever the number of segments.
 */
public final class Splines {
  private Splines() {}

  /**
   * The piecewise cubic with coefficients {@code c} (four per segment, in the segment's local
   * coordinate {@code u} in [0, 1)) at {@code t} in [0, 1).
   */
  @Differentiable(wrt = "c")
  public static double eval(double[] c, double t) {
    int segments = c.length / 4;
    int s = (int) Math.min(t * segments, segments - 1);
    double u = t * segments - s;
    int k = 4 * s;
    return c[k] + u * (c[k + 1] + u * (c[k + 2] + u * c[k + 3]));
  }

  /** The mean squared error of the spline at the points {@code (t[i], y[i])}. */
  @Differentiable(wrt = "c")
  public static double fitLoss(double[] c, double[] t, double[] y) {
    double loss = 0.0;
    for (int i = 0; i < t.length; i++) {
      double r = eval(c, t[i]) - y[i];
      loss += r * r;
    }
    return loss / t.length;
  }
}
