package users;

import dev.flatgrad.annotations.Differentiable;

public class P68Tridiag {
  /** Thomas algorithm on general diagonals, as a helper returning the solution */
  static double[] thomas(double[] a, double[] b, double[] c, double[] d) {
    int n = d.length;
    double[] cp = new double[n];
    double[] dp = new double[n];
    cp[0] = c[0] / b[0];
    dp[0] = d[0] / b[0];
    for (int i = 1; i < n; i++) {
      double den = b[i] - a[i] * cp[i - 1];
      cp[i] = i < n - 1 ? c[i] / den : 0;
      dp[i] = (d[i] - a[i] * dp[i - 1]) / den;
    }
    double[] x = new double[n];
    x[n - 1] = dp[n - 1];
    for (int i = n - 2; i >= 0; --i) x[i] = dp[i] - cp[i] * x[i + 1];
    return x;
  }

  @Differentiable
  public static double spline(double[] a, double[] b, double[] c, double[] d) {
    double[] x = thomas(a, b, c, d);
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * x[i] * (i + 1);
    return s;
  }

  public static void main(String[] args) {
    double[] a = {0, 1, 0.5, 0.3};
    double[] b = {4, 4.5, 3.8, 5};
    double[] c = {1, 0.7, 0.2, 0};
    double[] d = {1, -2, 0.5, 3};
    P68TridiagGrad.checkSpline(a, b, c, d).assertPassed();
  }
}
