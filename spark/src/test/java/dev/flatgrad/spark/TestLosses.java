package dev.flatgrad.spark;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/** Small losses for the tests, differentiated by flatgrad like a user's. */
final class TestLosses {
  private TestLosses() {}

  /** The sum of squared errors of a linear model with an intercept: a loss that sums. */
  @Differentiable(wrt = {"w", "c"})
  static double squaredErrors(double[] w, double c, double[][] X, double[] y) {
    double[] err = Nd.subtract(Nd.add(Nd.dot(X, w), c), y);
    return Nd.dot(err, err);
  }

  /** Rosenbrock's banana, minimum 0 at (1, 1). */
  @Differentiable
  static double rosenbrock(double[] x) {
    double a = 1 - x[0];
    double b = x[1] - x[0] * x[0];
    return a * a + 100 * b * b;
  }
}
