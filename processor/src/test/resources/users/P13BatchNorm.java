package users;

import dev.flatgrad.annotations.Differentiable;

public class P13BatchNorm {
  static final double EPS = 1e-5;

  /** batch norm forward over a batch of feature vectors, returns the normalised batch */
  @Differentiable
  public static double[][] batchNorm(double[][] x, double[] gamma, double[] beta) {
    int N = x.length, D = x[0].length;
    double[] mean = new double[D];
    double[] var = new double[D];
    for (int n = 0; n < N; n++)
      for (int d = 0; d < D; d++)
        mean[d] += x[n][d] / N;
    for (int n = 0; n < N; n++)
      for (int d = 0; d < D; d++) {
        double diff = x[n][d] - mean[d];
        var[d] += diff * diff / N;
      }
    double[][] y = new double[N][D];
    for (int n = 0; n < N; n++) {
      for (int d = 0; d < D; d++) {
        double xhat = (x[n][d] - mean[d]) / Math.sqrt(var[d] + EPS);
        y[n][d] = gamma[d] * xhat + beta[d];
      }
    }
    return y;
  }

  /** L1 penalty with signum and elastic net */
  @Differentiable
  public static double elasticNet(double[] w, double[][] X, double[] y, double l1, double l2) {
    double loss = 0;
    for (int i = 0; i < X.length; i++) {
      double pred = 0;
      for (int j = 0; j < w.length; j++) pred += X[i][j] * w[j];
      loss += Math.pow(pred - y[i], 2);
    }
    loss /= 2 * X.length;
    double pen = 0;
    for (int j = 0; j < w.length; j++) pen += l1 * Math.signum(w[j]) * w[j] + l2 * w[j] * w[j];
    return loss + pen;
  }

  public static void main(String[] args) {
    double[][] x = {{1, 2, 0.5}, {0.3, -1, 2}, {2.2, 0.1, -0.4}, {-0.7, 0.8, 1.1}};
    double[][] dout = {{1, 0.5, -1}, {0.2, 0.1, 0.3}, {-0.4, 0.9, 0.2}, {0.3, -0.2, 0.1}};
    P13BatchNormGrad.checkBatchNorm(x, new double[] {1, 0.5, 2}, new double[] {0, 0.1, -0.1}, dout).assertPassed();
    P13BatchNormGrad.checkElasticNet(new double[] {0.5, -0.3, 0.2}, x, new double[] {1, 0, 2, -1}, 0.1, 0.01).assertPassed();
  }
}
