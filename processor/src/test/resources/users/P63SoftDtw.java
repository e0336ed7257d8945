package users;

import dev.flatgrad.annotations.Differentiable;

public class P63SoftDtw {
  static double softmin3(double a, double b, double c, double gamma) {
    double m = Math.min(a, Math.min(b, c));
    double s = Math.exp(-(a - m) / gamma) + Math.exp(-(b - m) / gamma) + Math.exp(-(c - m) / gamma);
    return m - gamma * Math.log(s);
  }

  @Differentiable
  public static double softDtw(double[] x, double[] y, double gamma) {
    int n = x.length, m = y.length;
    double[][] R = new double[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j <= m; j++) R[i][j] = 1e10;
    }
    R[0][0] = 0;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        double d = (x[i - 1] - y[j - 1]) * (x[i - 1] - y[j - 1]);
        R[i][j] = d + softmin3(R[i - 1][j], R[i][j - 1], R[i - 1][j - 1], gamma);
      }
    }
    return R[n][m];
  }

  public static void main(String[] args) {
    P63SoftDtwGrad.checkSoftDtw(new double[] {0.1, 0.5, 1.2, 0.8}, new double[] {0.0, 0.7, 1.0}, 0.5).assertPassed();
  }
}
