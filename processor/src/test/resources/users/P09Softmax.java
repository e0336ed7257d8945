package users;

import dev.flatgrad.annotations.Differentiable;

public class P09Softmax {
  /** softmax cross entropy for one sample, max trick written out */
  @Differentiable(tangent = true, hessian = true)
  public static double xent(double[][] W, double[] b, double[] x, int label) {
    int C = W.length;
    double[] logits = new double[C];
    for (int c = 0; c < C; c++) {
      double z = b[c];
      for (int j = 0; j < x.length; j++) z += W[c][j] * x[j];
      logits[c] = z;
    }
    double max = logits[0];
    for (int c = 1; c < C; c++) {
      if (logits[c] > max) {
        max = logits[c];
      }
    }
    double sum = 0;
    double[] p = new double[C];
    for (int c = 0; c < C; c++) {
      p[c] = Math.exp(logits[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < C; c++) p[c] /= sum;
    return -Math.log(Math.max(p[label], 1e-15));
  }

  /** batch version with int labels array */
  @Differentiable
  public static double batchLoss(double[][] W, double[][] X, int[] y, double reg) {
    double loss = 0.0;
    final int nSamples = X.length;
    for (int n = 0; n < nSamples; n++) {
      loss += xent(W, new double[W.length], X[n], y[n]);
    }
    double r = 0;
    for (double[] row : W) for (double w : row) r += w * w;
    return loss / nSamples + 0.5 * reg * r;
  }

  public static void main(String[] args) {
    double[][] W = {{0.1, -0.2, 0.3}, {0.5, 0.1, -0.4}, {-0.3, 0.2, 0.2}, {0.0, 0.3, -0.1}};
    double[] b = {0.1, 0.0, -0.1, 0.2};
    double[] x = {1.0, -0.5, 2.0};
    P09SoftmaxGrad.checkXent(W, b, x, 2).assertPassed();
    double[][] Wd = {{0.1, 0.2, 0.3}, {0.1, 0.1, -0.4}, {-0.3, 0.2, 0.2}, {0.5, 0.3, -0.1}};
    P09SoftmaxGrad.checkXentTangent(W, b, x, 2, Wd, b.clone(), x.clone()).assertPassed();
    P09SoftmaxGrad.checkXentHvp(W, b, x, 2, Wd, b.clone(), x.clone()).assertPassed();
    double[][] X = {{1, 2, 3}, {-1, 0.5, 0.2}, {0.3, 0.3, -2}};
    P09SoftmaxGrad.checkBatchLoss(W, X, new int[] {0, 3, 1}, 0.01).assertPassed();
  }
}
