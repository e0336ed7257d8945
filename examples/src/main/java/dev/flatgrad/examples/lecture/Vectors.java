package dev.flatgrad.examples.lecture;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * The lecture's vector and matrix examples, written with loops over arrays the way a user writes
 * them before reaching for a numpy-like library, and two of them again with {@link Nd}.
 */
public final class Vectors {

  private Vectors() {}

  /**
   * {@code f = ||W x||²}, through {@code q = W x}: the lecture's vectorized example. Its gradients
   * are {@code dW = 2 q xᵀ} and {@code dx = 2 Wᵀ q}.
   */
  @Differentiable
  public static double squaredNormOfProduct(double[][] W, double[] x) {
    double[] q = new double[W.length];
    for (int i = 0; i < W.length; i++) {
      for (int j = 0; j < x.length; j++) {
        q[i] += W[i][j] * x[j];
      }
    }
    double f = 0;
    for (int i = 0; i < q.length; i++) {
      f += q[i] * q[i];
    }
    return f;
  }

  /**
   * {@code relu} on a vector followed by a dot product with a fixed upstream gradient: a scalar
   * loss whose gradient with respect to {@code x} is relu's backward pass, the mask {@code
   * upstream[i]} where {@code x[i] > 0} and 0 elsewhere.
   */
  @Differentiable(wrt = "x")
  public static double reluThenDot(double[] x, double[] upstream) {
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      loss += upstream[i] * Math.max(0, x[i]);
    }
    return loss;
  }

  /**
   * Softmax cross-entropy of one score vector {@code s} for the label {@code y}, shifted by the
   * largest score for stability. Its gradient is {@code softmax(s) - onehot(y)}.
   */
  @Differentiable
  public static double softmaxCrossEntropy(double[] s, int y) {
    double max = s[0];
    for (double v : s) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < s.length; k++) {
      sum += Math.exp(s[k] - max);
    }
    return Math.log(sum) - (s[y] - max);
  }

  /**
   * The notes' two-layer net with a sigmoid hidden layer and squared loss, for a batch {@code x}
   * {@code (N, D)}, targets {@code y} {@code (N, C)}, weights {@code w1} {@code (D, H)} and {@code
   * w2} {@code (H, C)}: {@code h = sigmoid(x w1)}, {@code yPred = h w2}, {@code loss = sum((yPred -
   * y)²)}.
   */
  @Differentiable(wrt = {"w1", "w2"})
  public static double sigmoidNet(double[][] x, double[][] y, double[][] w1, double[][] w2) {
    int n = x.length;
    int d = w1.length;
    int hidden = w2.length;
    int c = y[0].length;
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] h = new double[hidden];
      for (int k = 0; k < hidden; k++) {
        double a = 0;
        for (int j = 0; j < d; j++) {
          a += x[i][j] * w1[j][k];
        }
        h[k] = 1 / (1 + Math.exp(-a));
      }
      for (int m = 0; m < c; m++) {
        double yPred = 0;
        for (int k = 0; k < hidden; k++) {
          yPred += h[k] * w2[k][m];
        }
        double diff = yPred - y[i][m];
        loss += diff * diff;
      }
    }
    return loss;
  }

  /** {@link #squaredNormOfProduct} with {@link Nd}: {@code q = W·x}, {@code f = sum(q²)}. */
  @Differentiable
  public static double squaredNormOfProductNd(double[][] W, double[] x) {
    double[] q = Nd.dot(W, x);
    return Nd.sum(Nd.square(q));
  }

  /** {@link #sigmoidNet} with {@link Nd}, line for line the notes' numpy version. */
  @Differentiable(wrt = {"w1", "w2"})
  public static double sigmoidNetNd(double[][] x, double[][] y, double[][] w1, double[][] w2) {
    double[][] h = Nd.sigmoid(Nd.dot(x, w1));
    double[][] yPred = Nd.dot(h, w2);
    return Nd.sum(Nd.square(Nd.subtract(yPred, y)));
  }
}
