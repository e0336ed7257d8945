package dev.flatgrad.examples.net;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * The two-layer net of the notes' case study and of the CS231n exercise: {@code h1 = relu(X W1 +
 * b1)}, {@code scores = h1 W2 + b2}, softmax loss averaged over the batch plus {@code reg *
 * (sum(W1²) + sum(W2²))}, written vectorized with {@link Nd} ({@link #loss}) and with loops
 * ({@link #lossLoops}). flatgrad generates the backward pass the exercise asks for: {@code
 * dscores}, then {@code dW2, db2, dh1}, then {@code dW1, db1}.
 *
 * <p>Shapes: {@code X} {@code (N, D)}, {@code W1} {@code (D, H)}, {@code b1} {@code (H)}, {@code
 * W2} {@code (H, C)}, {@code b2} {@code (C)}, labels {@code y} in {@code 0 .. C-1}.
 */
public final class TwoLayerNet {

  private TwoLayerNet() {}

  /**
   * The regularised softmax loss of the net on a batch, vectorized as in the exercise's solution:
   * {@code h1 = maximum(0, X·W1 + b1)}, {@code scores = h1·W2 + b2}, the mean of {@code
   * -log softmax(scores)[y]}, plus {@code reg * (sum(W1²) + sum(W2²))}.
   */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  public static double loss(
      double[][] X, int[] y, double[][] W1, double[] b1, double[][] W2, double[] b2, double reg) {
    int n = X.length;
    double[][] h1 = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
    double[][] scores = Nd.add(Nd.dot(h1, W2), b2);
    double[][] logProbs = Nd.logSoftmax(scores);
    double dataLoss = -Nd.sum(Nd.pick(logProbs, y)) / n;
    double regLoss = reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
    return dataLoss + regLoss;
  }

  /**
   * {@link #loss} written with loops, the way the net is written before reaching for a
   * numpy-like library; the same value and, generated, the same gradient.
   */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  public static double lossLoops(
      double[][] X, int[] y, double[][] W1, double[] b1, double[][] W2, double[] b2, double reg) {
    int n = X.length;
    int dim = W1.length;
    int hidden = W1[0].length;
    int classes = W2[0].length;
    // h1 = relu(X W1 + b1)
    double[][] h1 = new double[n][hidden];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < hidden; k++) {
        double a = b1[k];
        for (int j = 0; j < dim; j++) {
          a += X[i][j] * W1[j][k];
        }
        h1[i][k] = Math.max(0, a);
      }
    }
    // scores = h1 W2 + b2, softmax loss
    double dataLoss = 0;
    for (int i = 0; i < n; i++) {
      double[] scores = new double[classes];
      for (int c = 0; c < classes; c++) {
        scores[c] = b2[c];
        for (int k = 0; k < hidden; k++) {
          scores[c] += h1[i][k] * W2[k][c];
        }
      }
      double maxScore = scores[0];
      for (int c = 1; c < classes; c++) {
        maxScore = Math.max(maxScore, scores[c]);
      }
      double sumExp = 0;
      for (int c = 0; c < classes; c++) {
        sumExp += Math.exp(scores[c] - maxScore);
      }
      dataLoss += Math.log(sumExp) - (scores[y[i]] - maxScore);
    }
    double regLoss = 0;
    for (int j = 0; j < dim; j++) {
      for (int k = 0; k < hidden; k++) {
        regLoss += W1[j][k] * W1[j][k];
      }
    }
    for (int k = 0; k < hidden; k++) {
      for (int c = 0; c < classes; c++) {
        regLoss += W2[k][c] * W2[k][c];
      }
    }
    return dataLoss / n + reg * regLoss;
  }

  /** The predicted class of each row of {@code X}: the argmax of its scores. */
  public static int[] predict(double[][] X, double[][] W1, double[] b1, double[][] W2,
      double[] b2) {
    double[][] h1 = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
    return Nd.argmax(Nd.add(Nd.dot(h1, W2), b2), 1);
  }
}
