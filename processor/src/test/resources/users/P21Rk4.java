package users;

import dev.flatgrad.annotations.Differentiable;

public class P21Rk4 {
  /** Lotka-Volterra right-hand side */
  static double[] rhs(double[] y, double a, double b, double c, double d) {
    return new double[] {a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]};
  }

  static double[] axpy(double alpha, double[] x, double[] y) {
    double[] r = new double[y.length];
    for (int i = 0; i < y.length; i++) r[i] = alpha * x[i] + y[i];
    return r;
  }

  @Differentiable
  public static double simulate(double[] y0, double a, double b, double c, double d, double h, int steps) {
    double[] y = y0.clone();
    for (int s = 0; s < steps; s++) {
      double[] k1 = rhs(y, a, b, c, d);
      double[] k2 = rhs(axpy(h / 2, k1, y), a, b, c, d);
      double[] k3 = rhs(axpy(h / 2, k2, y), a, b, c, d);
      double[] k4 = rhs(axpy(h, k3, y), a, b, c, d);
      for (int i = 0; i < y.length; i++) {
        y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
    }
    return y[0] + 2 * y[1];
  }

  public static void main(String[] args) {
    P21Rk4Grad.checkSimulate(new double[] {1.0, 0.5}, 1.1, 0.4, 0.4, 0.1, 0.05, 40).assertPassed();
  }
}
