package dev.flatgrad.processor.loops;

import java.util.Random;

/** Random test inputs with entries in a tame range. */
final class RandomArrays {

  private RandomArrays() {}

  static double uniform(Random r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** n entries uniform in [-1.5, 1.5]. */
  static double[] vector(Random r, int n) {
    return vector(r, n, -1.5, 1.5);
  }

  static double[] vector(Random r, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = uniform(r, lo, hi);
    }
    return v;
  }

  /** rows x cols entries uniform in [-1.5, 1.5]. */
  static double[][] matrix(Random r, int rows, int cols) {
    return matrix(r, rows, cols, -1.5, 1.5);
  }

  static double[][] matrix(Random r, int rows, int cols, double lo, double hi) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(r, cols, lo, hi);
    }
    return m;
  }

  static int[] labels(Random r, int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
    }
    return y;
  }
}
