package users;

import dev.flatgrad.annotations.Differentiable;

public class P23GaussJordan {
  /** solve A x = b with partial pivoting (row swaps of a 2D array), return x . c */
  @Differentiable
  public static double solveDot(double[][] A, double[] b, double[] c) {
    int n = b.length;
    double[][] M = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) M[i][j] = A[i][j];
      M[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++)
        if (Math.abs(M[r][col]) > Math.abs(M[piv][col])) piv = r;
      if (piv != col) {
        double[] tmp = M[col];
        M[col] = M[piv];
        M[piv] = tmp;
      }
      for (int r = 0; r < n; r++) {
        if (r == col) continue;
        double f = M[r][col] / M[col][col];
        for (int k = col; k <= n; k++) M[r][k] -= f * M[col][k];
      }
    }
    double res = 0;
    for (int i = 0; i < n; i++) res += c[i] * M[i][n] / M[i][i];
    return res;
  }

  public static void main(String[] args) {
    double[][] A = {{1, 2, 0.5}, {4, 1, -1}, {0.3, 2, 3}};
    P23GaussJordanGrad.checkSolveDot(A, new double[] {1, -2, 0.5}, new double[] {0.3, 0.2, 1}).assertPassed();
  }
}
