package dev.flatgrad.examples.linear;

import dev.flatgrad.annotations.Differentiable;

/**
 * The loss functions of the linear-classifier exercise (CS231n assignment 1), written the naive
 * way: loops over the samples and the classes, exactly like {@code svm_loss_naive} and {@code
 * softmax_loss_naive}, but without the hand-written {@code dW}: flatgrad generates it.
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
      // flatgrad: the running max `maxScore = Math.max(maxScore, scores[j])` over j generates
      // backward code that reads maxScore out of scope (and compares against the updated value);
      // find the index of the largest score instead, as np.argmax would.
      int best = 0;
      for (int j = 1; j < numClasses; j++) {
        if (scores[j] > scores[best]) {
          best = j;
        }
      }
      double maxScore = scores[best];
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
}
