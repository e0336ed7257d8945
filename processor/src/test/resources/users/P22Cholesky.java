package users;

import dev.flatgrad.annotations.Differentiable;

public class P22Cholesky {
  /** GP negative log marginal likelihood with RBF kernel, Cholesky by hand */
  @Differentiable
  public static double gpNll(double[] x, double[] y, double logLen, double logAmp, double logNoise) {
    int n = x.length;
    double len = Math.exp(logLen), amp2 = Math.exp(2 * logAmp), noise2 = Math.exp(2 * logNoise);
    double[][] K = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double r = (x[i] - x[j]) / len;
        K[i][j] = K[j][i] = amp2 * Math.exp(-0.5 * r * r);
      }
      K[i][i] += noise2;
    }
    double[][] L = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = K[i][j];
        for (int k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
        if (i == j) {
          L[i][i] = Math.sqrt(sum);
        } else {
          L[i][j] = sum / L[j][j];
        }
      }
    }
    // forward substitution L z = y
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = y[i];
      for (int k = 0; k < i; k++) s -= L[i][k] * z[k];
      z[i] = s / L[i][i];
    }
    double quad = 0, logDet = 0;
    for (int i = 0; i < n; i++) {
      quad += z[i] * z[i];
      logDet += 2 * Math.log(L[i][i]);
    }
    return 0.5 * quad + 0.5 * logDet + 0.5 * n * Math.log(2 * Math.PI);
  }

  public static void main(String[] args) {
    P22CholeskyGrad.checkGpNll(new double[] {0, 0.5, 1.1, 1.9, 3.0}, new double[] {0.1, 0.6, 0.8, 0.2, -0.5}, 0.1, -0.2, -1.5).assertPassed();
  }
}
