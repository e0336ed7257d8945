package users;

import dev.flatgrad.annotations.Differentiable;

public class P73Lbfgs {
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** L-BFGS two-loop recursion on stored pairs; the search direction's loss after one step */
  @Differentiable
  public static double stepLoss(double[] w, double[][] S, double[][] Y, double[][] X, double[] y, double lr) {
    int n = w.length, m = S.length;
    double[] g = new double[n];
    for (int i = 0; i < X.length; i++) {
      double z = dot(w, X[i]);
      double pr = 1 / (1 + Math.exp(-z));
      for (int j = 0; j < n; j++) g[j] += (pr - y[i]) * X[i][j];
    }
    double[] q = g.clone();
    double[] alpha = new double[m];
    for (int k = m - 1; k >= 0; k--) {
      double rho = 1.0 / dot(Y[k], S[k]);
      alpha[k] = rho * dot(S[k], q);
      for (int j = 0; j < n; j++) q[j] -= alpha[k] * Y[k][j];
    }
    double gamma = dot(S[m - 1], Y[m - 1]) / dot(Y[m - 1], Y[m - 1]);
    double[] r = new double[n];
    for (int j = 0; j < n; j++) r[j] = gamma * q[j];
    for (int k = 0; k < m; k++) {
      double rho = 1.0 / dot(Y[k], S[k]);
      double beta = rho * dot(Y[k], r);
      for (int j = 0; j < n; j++) r[j] += S[k][j] * (alpha[k] - beta);
    }
    double loss = 0;
    for (int i = 0; i < X.length; i++) {
      double z = 0;
      for (int j = 0; j < n; j++) z += (w[j] - lr * r[j]) * X[i][j];
      loss += Math.log1p(Math.exp(-z)) + (1 - y[i]) * z;
    }
    return loss;
  }

  public static void main(String[] args) {
    double[][] X = {{1, 0.5, -0.2}, {0.3, -1.0, 0.8}, {-0.7, 0.2, 1.5}, {1.2, 1.1, -0.4}};
    double[] y = {1, 0, 1, 0};
    double[][] S = {{0.1, -0.05, 0.02}, {0.03, 0.04, -0.06}};
    double[][] Y = {{0.2, -0.02, 0.05}, {0.04, 0.09, -0.1}};
    P73LbfgsGrad.checkStepLoss(new double[] {0.1, -0.2, 0.3}, S, Y, X, y, 0.5).assertPassed();
  }
}
