package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * The vectorized losses of the linear-classifier and two-layer-net exercises, written in Nd as the
 * numpy solutions are (and as the processor's golden tests pin them).
 */
public final class Nets {
  private Nets() {}

  /** The multiclass SVM loss, vectorized. */
  @Differentiable(wrt = "W")
  public static double svm(double[][] W, double[][] X, int[] y, double reg) {
    int n = X.length;
    double[][] scores = Nd.dot(X, W);
    double[] correct = Nd.pick(scores, y);
    double[][] margins = Nd.maximum(0.0, Nd.add(Nd.subtract(scores, Nd.col(correct)), 1.0));
    double loss = (Nd.sum(margins) - n) / n;
    return loss + reg * Nd.sum(Nd.multiply(W, W));
  }

  /** The softmax loss, vectorized, max-subtracted for stability. */
  @Differentiable(wrt = "W", hessian = true)
  public static double softmax(double[][] W, double[][] X, int[] y, double reg) {
    int n = X.length;
    double[][] scores = Nd.dot(X, W);
    double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
    double[] logSumExp = Nd.log(Nd.sum(Nd.exp(shifted), 1));
    double loss = Nd.sum(Nd.subtract(logSumExp, Nd.pick(shifted, y))) / n;
    return loss + reg * Nd.sum(Nd.square(W));
  }

  /** The two-layer net's regularised softmax loss. */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"}, hessian = true)
  public static double twoLayer(double[][] X, int[] y, double[][] W1, double[] b1, double[][] W2,
      double[] b2, double reg) {
    int n = X.length;
    double[][] h1 = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
    double[][] scores = Nd.add(Nd.dot(h1, W2), b2);
    double[][] logProbs = Nd.logSoftmax(scores);
    double dataLoss = -Nd.sum(Nd.pick(logProbs, y)) / n;
    double regLoss = reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
    return dataLoss + regLoss;
  }
}
