package dev.flatgrad.examples.linear;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * The loss functions of the linear-classifier exercise (CS231n assignment 1), each written twice as
 * the exercise asks: the naive way, loops over the samples and the classes exactly like {@code
 * svm_loss_naive} and {@code softmax_loss_naive}, and vectorized with {@link Nd} like {@code
 * svm_loss_vectorized} and {@code softmax_loss_vectorized}; in both without the hand-written
 * {@code dW}: flatgrad generates it.
 *
 * <p>Shapes: {@code W} is {@code (D, C)} weights, {@code X} is {@code (N, D)} samples (one per
 * row), {@code y} holds the {@code N} labels in {@code 0 .. C-1}, {@code reg} is the strength of
 * the L2 regularisation. Both losses are the data loss averaged over the {@code N} samples plus
 * {@code reg * sum(W * W)}.
 */
public final class LinearClassifiers {

  private LinearClassifiers() {}

  /**
   * The multiclass SVM (hinge) loss with margin 1: for each sample, {@code sum over j != y[i] of
   * max(0, scores[j] - scores[y[i]] + 1)}.
   */
  @Differentiable(wrt = "W")
  public static double svmLossNaive(double[][] W, double[][] X, int[] y, double reg) {
    int numClasses = W[0].length;
    int numTrain = X.length;
    int dim = W.length;
    double loss = 0;
    for (int i = 0; i < numTrain; i++) {
      double[] scores = new double[numClasses];
      for (int j = 0; j < numClasses; j++) {
        for (int d = 0; d < dim; d++) {
          scores[j] += X[i][d] * W[d][j];
        }
      }
      double correctClassScore = scores[y[i]];
      for (int j = 0; j < numClasses; j++) {
        if (j == y[i]) {
          continue;
        }
        double margin = scores[j] - correctClassScore + 1; // note delta = 1
        if (margin > 0) {
          loss += margin;
        }
      }
    }
    loss /= numTrain;
    for (int d = 0; d < dim; d++) {
      for (int j = 0; j < numClasses; j++) {
        loss += reg * W[d][j] * W[d][j];
      }
    }
    return loss;
  }

  /**
   * The softmax (cross-entropy) loss: for each sample, {@code -log(exp(scores[y[i]]) / sum_j
   * exp(scores[j]))}, with the scores shifted by their maximum first so that {@code exp} cannot
   * overflow.
   */
  @Differentiable(wrt = "W")
  public static double softmaxLossNaive(double[][] W, double[][] X, int[] y, double reg) {
    int numClasses = W[0].length;
    int numTrain = X.length;
    int dim = W.length;
    double loss = 0;
    for (int i = 0; i < numTrain; i++) {
      double[] scores = new double[numClasses];
      for (int j = 0; j < numClasses; j++) {
        for (int d = 0; d < dim; d++) {
          scores[j] += X[i][d] * W[d][j];
        }
      }
      double maxScore = scores[0];
      for (int j = 1; j < numClasses; j++) {
        maxScore = Math.max(maxScore, scores[j]);
      }
      double sumExp = 0;
      for (int j = 0; j < numClasses; j++) {
        sumExp += Math.exp(scores[j] - maxScore);
      }
      loss += Math.log(sumExp) - (scores[y[i]] - maxScore);
    }
    loss /= numTrain;
    for (int d = 0; d < dim; d++) {
      for (int j = 0; j < numClasses; j++) {
        loss += reg * W[d][j] * W[d][j];
      }
    }
    return loss;
  }

  /**
   * {@link #svmLossNaive} vectorized: all scores at once, the margins of every sample against its
   * correct class's score, the correct class's own margin masked out (numpy's {@code
   * margins[np.arange(N), y] = 0}).
   */
  @Differentiable(wrt = "W")
  public static double svmLossVectorized(double[][] W, double[][] X, int[] y, double reg) {
    int numTrain = X.length;
    int numClasses = W[0].length;
    double[][] scores = Nd.dot(X, W);
    double[] correctClassScores = Nd.pick(scores, y);
    double[][] notCorrect = Nd.subtract(1.0, Nd.oneHot(y, numClasses));
    double[][] margins = Nd.multiply(
        Nd.maximum(0.0, Nd.add(Nd.subtract(scores, Nd.col(correctClassScores)), 1.0)), notCorrect);
    double dataLoss = Nd.sum(margins) / numTrain;
    double regLoss = reg * Nd.sum(Nd.square(W));
    return dataLoss + regLoss;
  }

  /**
   * {@link #softmaxLossNaive} vectorized: each row of scores shifted by its maximum, so that
   * {@code exp} cannot overflow, then {@code log(sum(exp(shifted))) - shifted[y]} per sample.
   */
  @Differentiable(wrt = "W")
  public static double softmaxLossVectorized(double[][] W, double[][] X, int[] y, double reg) {
    int numTrain = X.length;
    double[][] scores = Nd.dot(X, W);
    double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
    double[] logSumExp = Nd.log(Nd.sum(Nd.exp(shifted), 1));
    double dataLoss = Nd.sum(Nd.subtract(logSumExp, Nd.pick(shifted, y))) / numTrain;
    double regLoss = reg * Nd.sum(Nd.square(W));
    return dataLoss + regLoss;
  }
}
