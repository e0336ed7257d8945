package dev.flatgrad.benchmarks;

import java.util.Random;

/** The benchmarks' inputs: fixed seeds, the same for every implementation of a workload. */
public final class Data {
  private Data() {}

  /** A (rows, cols) matrix of N(0, scale²) entries. */
  public static double[][] gaussian(long seed, int rows, int cols, double scale) {
    Random random = new Random(seed);
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * random.nextGaussian();
      }
    }
    return m;
  }

  /** A vector of N(0, scale²) entries. */
  public static double[] gaussian(long seed, int n, double scale) {
    return gaussian(seed, 1, n, scale)[0];
  }

  /** N labels in 0 .. classes-1. */
  public static int[] labels(long seed, int n, int classes) {
    Random random = new Random(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  /** A linear classifier's problem: X (n, dim), y, W (dim, classes). */
  public static final class Linear {
    public final double[][] X;
    public final int[] y;
    public final double[][] W;
    public final double reg = 2.5e-4;

    public Linear(int n, int dim, int classes) {
      X = gaussian(11, n, dim, 1.0);
      y = labels(12, n, classes);
      W = gaussian(13, dim, classes, 1e-3);
    }
  }

  /** The two-layer net's problem. */
  public static final class TwoLayer {
    public final double[][] X;
    public final int[] y;
    public final double[][] W1;
    public final double[] b1;
    public final double[][] W2;
    public final double[] b2;
    public final double reg = 0.05;

    public TwoLayer(int n, int dim, int hidden, int classes) {
      X = gaussian(21, n, dim, 1.0);
      y = labels(22, n, classes);
      W1 = gaussian(23, dim, hidden, 1e-2);
      b1 = gaussian(24, hidden, 1e-2);
      W2 = gaussian(25, hidden, classes, 1e-1);
      b2 = gaussian(26, classes, 1e-2);
    }
  }
}
