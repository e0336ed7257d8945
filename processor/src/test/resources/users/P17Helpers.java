package users;

import dev.flatgrad.annotations.Differentiable;

public class P17Helpers {
  private final double alpha;
  private final double[] weights;

  P17Helpers(double alpha, double[] weights) { this.alpha = alpha; this.weights = weights; }

  private static double sq(double v) { return v * v; }
  private static double sq(double[] v) { double s = 0; for (double e : v) s += e * e; return s; }

  private double act(double z) { return z > 0 ? z : alpha * (Math.exp(z) - 1); }

  /** power by squaring, iteratively */
  static double powi(double b, int e) {
    double result = 1.0, base = b;
    while (e > 0) {
      if ((e & 1) == 1) result *= base;
      base *= base;
      e >>= 1;
    }
    return result;
  }

  /** continued fraction evaluated from the bottom up */
  static double cf(double x, int depth) {
    double v = 1.0;
    for (int d = 0; d < depth; d++) v = 1.0 + x / v;
    return v;
  }

  @Differentiable
  public double predict(double[] x) {
    double z = 0;
    for (int i = 0; i < weights.length; i++) z += weights[i] * x[i];
    return act(z) + sq(z) * 0.01 + sq(x) * alpha + powi(z, 5) + cf(x[0] * x[0], 6);
  }

  public static void main(String[] args) {
    P17Helpers m = new P17Helpers(0.5, new double[] {0.3, -0.7, 0.2});
    P17HelpersGrad.checkPredict(m, new double[] {0.4, 0.9, -1.2}).assertPassed();
    P17HelpersGrad.checkPredict(m, new double[] {1.4, -0.9, 1.2}).assertPassed();
  }
}
