package users;

import dev.flatgrad.annotations.Differentiable;

public class P74GpMarginal {
  private static double kernel(double a, double b, double ell, double sf2) {
    double d = (a - b) / ell;
    return sf2 * Math.exp(-0.5 * d * d);
  }

  /** GP negative log marginal likelihood: Cholesky by hand, two triangular solves */
  @Differentiable
  public static double nlml(double[] xs, double[] ys, double logEll, double logSf, double logSn) {
    final int n = xs.length;
    double ell = Math.exp(logEll), sf2 = Math.exp(2 * logSf), sn2 = Math.exp(2 * logSn);
    double[][] K = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        K[i][j] = K[j][i] = kernel(xs[i], xs[j], ell, sf2);
      }
      K[i][i] += sn2;
    }
    double[][] L = new double[n][n];
    for (int j = 0; j < n; j++) {
      double s = K[j][j];
      for (int k = 0; k < j; k++) s -= L[j][k] * L[j][k];
      L[j][j] = Math.sqrt(s);
      for (int i = j + 1; i < n; i++) {
        double t = K[i][j];
        for (int k = 0; k < j; k++) t -= L[i][k] * L[j][k];
        L[i][j] = t / L[j][j];
      }
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      double t = ys[i];
      for (int k = 0; k < i; k++) t -= L[i][k] * a[k];
      a[i] = t / L[i][i];
    }
    double quad = 0, logdet = 0;
    for (int i = 0; i < n; i++) {
      quad += a[i] * a[i];
      logdet += Math.log(L[i][i]);
    }
    return 0.5 * quad + logdet + 0.5 * n * Math.log(2 * Math.PI);
  }

  public static void main(String[] args) {
    double[] xs = {-1.5, -0.7, 0.1, 0.4, 1.3, 2.0};
    double[] ys = {0.3, -0.2, 0.5, 0.8, 0.1, -0.4};
    P74GpMarginalGrad.checkNlml(xs, ys, -0.2, 0.1, -1.0).assertPassed();
  }
}
