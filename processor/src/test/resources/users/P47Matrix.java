package users;

import dev.flatgrad.annotations.Differentiable;

public class P47Matrix {
  static double[][] matmul(double[][] A, double[][] B) {
    int n = A.length, m = B[0].length, k = B.length;
    double[][] C = new double[n][m];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) s += A[i][t] * B[t][j];
        C[i][j] = s;
      }
    return C;
  }

  static double[][] transpose(double[][] A) {
    double[][] T = new double[A[0].length][A.length];
    for (int i = 0; i < A.length; i++)
      for (int j = 0; j < A[0].length; j++)
        T[j][i] = A[i][j];
    return T;
  }

  /** power iteration for the top eigenvalue of A^T A, then Rayleigh quotient */
  @Differentiable
  public static double topEig(double[][] A, int iters) {
    double[][] M = matmul(transpose(A), A);
    int n = M.length;
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1.0 / Math.sqrt(n));
    for (int it = 0; it < iters; it++) {
      double[] w = new double[n];
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i] += M[i][j] * v[j];
      double norm = 0;
      for (double x : w) norm += x * x;
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) v[i] = w[i] / norm;
    }
    double num = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) num += v[i] * M[i][j] * v[j];
    return num;
  }

  /** trace of matrix exponential by truncated Taylor series */
  @Differentiable
  public static double traceExp(double[][] A, int terms) {
    int n = A.length;
    double[][] term = new double[n][n];
    for (int i = 0; i < n; i++) term[i][i] = 1;
    double tr = n;
    for (int k = 1; k < terms; k++) {
      term = matmul(term, A);
      for (double[] row : term) for (int j = 0; j < n; j++) row[j] /= k;
      for (int i = 0; i < n; i++) tr += term[i][i];
    }
    return tr;
  }

  public static void main(String[] args) {
    double[][] A = {{1, 0.5, 0.2}, {0.3, 2, -0.4}, {0.1, 0.2, 0.7}};
    P47MatrixGrad.checkTopEig(A, 30).assertPassed();
    P47MatrixGrad.checkTraceExp(A, 10).assertPassed();
  }
}
