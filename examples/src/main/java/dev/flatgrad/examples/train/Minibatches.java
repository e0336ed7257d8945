package dev.flatgrad.examples.train;

import java.util.Random;

/** Minibatches of a training set and the accuracy of predictions: the pieces of an SGD loop. */
public final class Minibatches {

  private Minibatches() {}

  /**
   * One epoch's minibatches: the indices {@code 0 .. n-1} in a random order (a Fisher-Yates
   * shuffle), cut into batches of {@code batchSize}; the last batch holds the remainder, so every
   * index is in exactly one batch.
   *
   * @throws IllegalArgumentException if {@code n} is negative or {@code batchSize} below 1
   */
  public static int[][] shuffled(int n, int batchSize, Random random) {
    if (n < 0 || batchSize < 1) {
      throw new IllegalArgumentException(
          "Minibatches.shuffled: need n >= 0 and batchSize >= 1, got n = " + n
              + ", batchSize = " + batchSize);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int count = (n + batchSize - 1) / batchSize;
    int[][] batches = new int[count][];
    for (int b = 0; b < count; b++) {
      int from = b * batchSize;
      batches[b] = new int[Math.min(batchSize, n - from)];
      System.arraycopy(order, from, batches[b], 0, batches[b].length);
    }
    return batches;
  }

  /**
   * The rows of {@code X} at {@code indices}, in that order: shared, not copied (Nd operations
   * never modify their arguments).
   */
  public static double[][] rows(double[][] X, int[] indices) {
    double[][] batch = new double[indices.length][];
    for (int r = 0; r < indices.length; r++) {
      batch[r] = X[indices[r]];
    }
    return batch;
  }

  /** The entries of {@code y} at {@code indices}. */
  public static int[] labels(int[] y, int[] indices) {
    int[] batch = new int[indices.length];
    for (int r = 0; r < indices.length; r++) {
      batch[r] = y[indices[r]];
    }
    return batch;
  }

  /**
   * The fraction of {@code predicted} equal to {@code labels}.
   *
   * @throws IllegalArgumentException if their lengths differ or they are empty
   */
  public static double accuracy(int[] predicted, int[] labels) {
    if (predicted.length != labels.length || labels.length == 0) {
      throw new IllegalArgumentException("Minibatches.accuracy: " + predicted.length
          + " predictions for " + labels.length + " labels");
    }
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }
}
