package users;

import dev.flatgrad.annotations.Differentiable;

public class P60Ragged {
  /** lower-triangular matrix stored as ragged rows, solved forward */
  @Differentiable
  public static double forwardSolve(double[][] L, double[] b) {
    int n = b.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int j = 0; j < i; j++) s -= L[i][j] * y[j];
      y[i] = s / L[i][i];
    }
    double r = 0;
    for (int i = 0; i < n; i++) r += y[i] * y[i];
    return r;
  }

  /**
   * build a ragged array inside and fill it with a triangular loop (the backward pass put each
   * null row of new double[n][] back and shaped its adjoint from it: a NullPointerException)
   */
  @Differentiable
  public static double pascal(double[] x) {
    int n = x.length;
    double[][] t = new double[n][];
    for (int i = 0; i < n; i++) {
      t[i] = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        if (j == 0 || j == i) t[i][j] = x[i];
        else t[i][j] = t[i - 1][j - 1] * 0.5 + t[i - 1][j] * Math.sin(x[j]);
      }
    }
    double s = 0;
    for (double[] row : t) for (double v : row) s += v;
    return s;
  }

  /** rows of different lengths as input */
  @Differentiable
  public static double rowMeans(double[][] rows) {
    double s = 0;
    for (double[] row : rows) {
      double m = 0;
      for (int j = 0; j < row.length; j++) m += row[j];
      m /= row.length;
      s += m * m;
    }
    return s;
  }

  public static void main(String[] args) {
    double[][] L = {{2}, {0.5, 1.5}, {-0.3, 0.2, 1.1}};
    P60RaggedGrad.checkForwardSolve(L, new double[] {1, -2, 0.5}).assertPassed();
    P60RaggedGrad.checkPascal(new double[] {0.3, 0.8, -0.4, 1.2}).assertPassed();
    P60RaggedGrad.checkRowMeans(new double[][] {{1, 2, 3}, {0.5}, {-1, 0.25}}).assertPassed();
  }
}
