package users;

import dev.flatgrad.annotations.Differentiable;

public class P84EarlyReturns {
  /** a piecewise smooth-step with early returns from inside loops and else-ifs */
  @Differentiable
  public static double shape(double x, double[] knots, double[] vals) {
    if (x < knots[0]) return vals[0] * Math.exp(x - knots[0]);
    for (int i = 0; i + 1 < knots.length; i++) {
      if (x >= knots[i + 1]) continue;
      double t = (x - knots[i]) / (knots[i + 1] - knots[i]);
      double s = t * t * (3 - 2 * t);
      if (i == 0) {
        return vals[0] + (vals[1] - vals[0]) * s;
      } else if (i % 2 == 1) {
        return vals[i] * (1 - s) + vals[i + 1] * s + 0.1 * Math.sin(Math.PI * t);
      }
      return vals[i] * (1 - s) + vals[i + 1] * s;
    }
    int last = vals.length - 1;
    return vals[last] + Math.log1p(x - knots[last]);
  }

  public static void main(String[] args) {
    double[] k = {0.0, 1.0, 2.5, 3.0, 4.2};
    double[] v = {1.0, 0.2, 0.9, -0.3, 0.5};
    for (double x : new double[] {-0.5, 0.3, 1.7, 2.8, 3.9, 5.0}) P84EarlyReturnsGrad.checkShape(x, k, v).assertPassed();
  }
}
