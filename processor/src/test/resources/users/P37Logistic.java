package users;

import dev.flatgrad.annotations.Differentiable;

public class P37Logistic {
  private static final double EPS = 1e-15;

  /** logistic regression with clipping like sklearn users write, early exit for empty data */
  @Differentiable(tangent = true, hessian = true)
  public static double logLoss(double[] w, double b, double[][] X, double[] y) {
    if (X.length == 0) return 0.0;
    double total = 0;
    for (int i = 0; i < X.length; ++i) {
      double z = b;
      for (int j = 0; j < w.length; ++j) z += w[j] * X[i][j];
      double p = 1.0 / (1.0 + Math.exp(-z));
      p = Math.min(Math.max(p, EPS), 1 - EPS);
      total += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    }
    return total / X.length;
  }

  public static void main(String[] args) {
    double[][] X = {{1, 2}, {0.3, -1}, {2.2, 0.1}, {-0.7, 0.8}};
    double[] w = {0.3, -0.2}, y = {1, 0, 1, 0};
    P37LogisticGrad.checkLogLoss(w, 0.1, X, y).assertPassed();
    double[][] Xd = new double[4][2];
    P37LogisticGrad.checkLogLossTangent(w, 0.1, X, y, new double[] {1, 0.5}, 0.2, Xd, new double[4]).assertPassed();
    P37LogisticGrad.checkLogLossHvp(w, 0.1, X, y, new double[] {1, 0.5}, 0.2, Xd, new double[4]).assertPassed();
  }
}
