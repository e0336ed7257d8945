package dev.flatgrad.examples.testing;

import java.util.Random;

/** Seeded random arrays for tests. */
public final class Random2 {
  private final Random random;

  public Random2(long seed) {
    random = new Random(seed);
  }

  /** A {@code (rows, cols)} matrix of standard normals times {@code scale}. */
  public double[][] normal(int rows, int cols, double scale) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * random.nextGaussian();
      }
    }
    return m;
  }

  /** A vector of standard normals times {@code scale}. */
  public double[] normal(int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * random.nextGaussian();
    }
    return v;
  }

  /** {@code n} labels in {@code 0 .. classes-1}. */
  public int[] labels(int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  /** The largest {@code |a - b|} over two matrices of the same shape. */
  public static double maxAbsDiff(double[][] a, double[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}
