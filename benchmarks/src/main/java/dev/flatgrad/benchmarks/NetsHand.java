package dev.flatgrad.benchmarks;

import dev.flatgrad.runtime.Nd;

/**
 * The vectorized losses with their backward passes written by hand, the way the numpy solutions of
 * the exercises are written ({@code dscores = probs; dscores[range(N), y] -= 1; dscores /= N; dW =
 * X.T.dot(dscores) + 2 * reg * W}), ported line by line to the same Nd ops. In-place updates
 * where numpy updates in place.
 */
public final class NetsHand {
  private NetsHand() {}

  /** Loss and gradient of a linear classifier. */
  public record Linear(double loss, double[][] dW) {}

  /** Loss and gradients of the two-layer net. */
  public record TwoLayer(double loss, double[][] dW1, double[] db1, double[][] dW2, double[] db2) {}

  /** {@code svm_loss_vectorized}. */
  public static Linear svm(double[][] W, double[][] X, int[] y, double reg) {
    int n = X.length;
    double[][] scores = Nd.dot(X, W);
    double[] correct = Nd.pick(scores, y);
    double[][] margins = Nd.maximum(0.0, Nd.add(Nd.subtract(scores, Nd.col(correct)), 1.0));
    for (int i = 0; i < n; i++) {
      margins[i][y[i]] = 0.0;
    }
    double loss = Nd.sum(margins) / n + reg * Nd.sum(Nd.multiply(W, W));
    // backward
    double[][] binary = Nd.greater(margins, 0.0);
    double[] rowSum = Nd.sum(binary, 1);
    for (int i = 0; i < n; i++) {
      binary[i][y[i]] = -rowSum[i];
    }
    double[][] dW = Nd.transposeDot(X, binary);
    dW = Nd.add(Nd.divide(dW, n), Nd.multiply(2.0 * reg, W));
    return new Linear(loss, dW);
  }

  /** {@code softmax_loss_vectorized}. */
  public static Linear softmax(double[][] W, double[][] X, int[] y, double reg) {
    int n = X.length;
    double[][] scores = Nd.dot(X, W);
    double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
    double[][] exp = Nd.exp(shifted);
    double[][] probs = Nd.divide(exp, Nd.col(Nd.sum(exp, 1)));
    double loss = -Nd.sum(Nd.log(Nd.pick(probs, y))) / n + reg * Nd.sum(Nd.square(W));
    // backward
    double[][] dscores = probs;
    for (int i = 0; i < n; i++) {
      dscores[i][y[i]] -= 1.0;
    }
    Nd.multiplyInPlace(dscores, 1.0 / n);
    double[][] dW = Nd.add(Nd.transposeDot(X, dscores), Nd.multiply(2.0 * reg, W));
    return new Linear(loss, dW);
  }

  /** {@code TwoLayerNet.loss}: forward, then dscores, dW2, db2, dh1, dW1, db1. */
  public static TwoLayer twoLayer(double[][] X, int[] y, double[][] W1, double[] b1,
      double[][] W2, double[] b2, double reg) {
    int n = X.length;
    double[][] h1 = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
    double[][] scores = Nd.add(Nd.dot(h1, W2), b2);
    double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
    double[][] exp = Nd.exp(shifted);
    double[][] probs = Nd.divide(exp, Nd.col(Nd.sum(exp, 1)));
    double dataLoss = -Nd.sum(Nd.log(Nd.pick(probs, y))) / n;
    double regLoss = reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
    // backward
    double[][] dscores = probs;
    for (int i = 0; i < n; i++) {
      dscores[i][y[i]] -= 1.0;
    }
    Nd.multiplyInPlace(dscores, 1.0 / n);
    double[][] dW2 = Nd.add(Nd.transposeDot(h1, dscores), Nd.multiply(2.0 * reg, W2));
    double[] db2 = Nd.sum(dscores, 0);
    double[][] dh1 = Nd.dotTranspose(dscores, W2);
    for (int i = 0; i < n; i++) {
      double[] hi = h1[i];
      double[] di = dh1[i];
      for (int k = 0; k < di.length; k++) {
        if (hi[k] <= 0) {
          di[k] = 0.0;
        }
      }
    }
    double[][] dW1 = Nd.add(Nd.transposeDot(X, dh1), Nd.multiply(2.0 * reg, W1));
    double[] db1 = Nd.sum(dh1, 0);
    return new TwoLayer(dataLoss + regLoss, dW1, db1, dW2, db2);
  }
}
