package users;

import dev.flatgrad.annotations.Differentiable;

public class P24Thomas {
  /** implicit heat equation, tridiagonal solve by Thomas algorithm each step */
  @Differentiable
  public static double heat(double[] u0, double kappa, double dt, int steps) {
    int n = u0.length;
    double[] u = u0.clone();
    double r = kappa * dt;
    double[] cp = new double[n];
    double[] dp = new double[n];
    for (int t = 0; t < steps; t++) {
      // a = -r, b = 1 + 2r, c = -r
      double b = 1 + 2 * r;
      cp[0] = -r / b;
      dp[0] = u[0] / b;
      for (int i = 1; i < n; i++) {
        double m = b + r * cp[i - 1];
        cp[i] = -r / m;
        dp[i] = (u[i] + r * dp[i - 1]) / m;
      }
      u[n - 1] = dp[n - 1];
      for (int i = n - 2; i >= 0; i--) {
        u[i] = dp[i] - cp[i] * u[i + 1];
      }
    }
    double e = 0;
    for (int i = 0; i < n; i++) e += u[i] * u[i];
    return Math.sqrt(e);
  }

  public static void main(String[] args) {
    P24ThomasGrad.checkHeat(new double[] {0, 0.5, 1.0, 0.7, 0.2, 0}, 0.8, 0.1, 10).assertPassed();
  }
}
