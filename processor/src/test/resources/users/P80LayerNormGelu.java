package users;

import dev.flatgrad.annotations.Differentiable;

public class P80LayerNormGelu {
  static double gelu(double x) {
    final double c = Math.sqrt(2 / Math.PI);
    return 0.5 * x * (1 + Math.tanh(c * (x + 0.044715 * Math.pow(x, 3))));
  }

  /** a pre-norm MLP block over rows of a batch, residual, mean squared output */
  @Differentiable
  public static double block(double[][] batch, double[] gamma, double[] beta, double[][] W) {
    double total = 0;
    for (double[] row : batch) {
      int n = row.length;
      double mu = 0, m2 = 0;
      for (double v : row) { mu += v; m2 += v * v; }
      mu /= n;
      double var = m2 / n - mu * mu;
      double rstd = 1 / Math.sqrt(var + 1e-5);
      double[] h = new double[n];
      for (int i = 0; i < n; i++) h[i] = (row[i] - mu) * rstd * gamma[i] + beta[i];
      for (int o = 0; o < W.length; o++) {
        double z = 0;
        for (int i = 0; i < n; i++) z += W[o][i] * h[i];
        double out = row[o % n] + gelu(z);
        total += out * out;
      }
    }
    return total / batch.length;
  }

  public static void main(String[] args) {
    double[][] b = {{0.5, -1.0, 2.0, 0.3}, {1.5, 0.2, -0.7, 0.0}};
    double[][] W = {{0.1, 0.2, -0.3, 0.4}, {-0.5, 0.1, 0.2, 0.3}, {0.3, -0.2, 0.1, 0.05}};
    P80LayerNormGeluGrad.checkBlock(b, new double[] {1, 0.9, 1.1, 1.2}, new double[] {0, 0.1, -0.1, 0.05}, W).assertPassed();
  }
}
