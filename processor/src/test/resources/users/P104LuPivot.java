package users;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

public class P104LuPivot {
  /**
   * LU with partial pivoting, in place on a copy whose rows are clones, rows swapped by reference
   * (the pivot the largest |a| below the diagonal, swapped even onto itself); then forward and back
   * substitution; returns x . c
   */
  @Differentiable(tangent = true, hessian = true)
  public static double solveDot(double[][] M, double[] b, double[] c) {
    int n = b.length;
    double[][] A = new double[n][];
    for (int i = 0; i < n; i++) A[i] = M[i].clone();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int k = 0; k < n; k++) {
      int p = k;
      for (int r = k + 1; r < n; r++) {
        if (Math.abs(A[r][k]) > Math.abs(A[p][k])) p = r;
      }
      double[] row = A[p];
      A[p] = A[k];
      A[k] = row;
      int tp = perm[p];
      perm[p] = perm[k];
      perm[k] = tp;
      for (int r = k + 1; r < n; r++) {
        A[r][k] /= A[k][k];
        for (int j = k + 1; j < n; j++) A[r][j] -= A[r][k] * A[k][j];
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[perm[i]];
      for (int j = 0; j < i; j++) s -= A[i][j] * y[j];
      y[i] = s;
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int j = i + 1; j < n; j++) s -= A[i][j] * x[j];
      x[i] = s / A[i][i];
    }
    double out = 0;
    for (int i = 0; i < n; i++) out += x[i] * c[i];
    return out;
  }

  /** log |det| by elimination on Nd.copy, rows swapped only when the pivot moves, b swapped alongside */
  @Differentiable(hessian = true)
  public static double logDetPlusSolve(double[][] M, double[] b) {
    int n = b.length;
    double[][] A = Nd.copy(M);
    double[] v = b.clone();
    double ld = 0;
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
      if (p != c) {
        double[] t = A[p]; A[p] = A[c]; A[c] = t;
        double bt = v[p]; v[p] = v[c]; v[c] = bt;
      }
      ld += Math.log(Math.abs(A[c][c]));
      for (int r = c + 1; r < n; r++) {
        double f = A[r][c] / A[c][c];
        for (int k = c; k < n; k++) A[r][k] -= f * A[c][k];
        v[r] -= f * v[c];
      }
    }
    double s = 0;
    for (int i = 0; i < n; i++) s += v[i] / A[i][i];
    return ld + s;
  }

  /** an augmented matrix filled row by row from new arrays, reduced by Gauss-Jordan; swaps written pivot-first */
  @Differentiable(hessian = true)
  public static double gaussJordan(double[][] M, double[] b) {
    int n = b.length;
    double[][] A = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] row = new double[n + 1];
      for (int j = 0; j < n; j++) row[j] = M[i][j];
      row[n] = b[i];
      A[i] = row;
    }
    for (int c = 0; c < n; c++) {
      int best = c;
      double big = Math.abs(A[c][c]);
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(A[r][c]) > big) {
          big = Math.abs(A[r][c]);
          best = r;
        }
      }
      double[] tmp = A[c];
      A[c] = A[best];
      A[best] = tmp;
      for (int r = 0; r < n; r++) {
        if (r == c) continue;
        double f = A[r][c] / A[c][c];
        for (int k = c; k <= n; k++) A[r][k] -= f * A[c][k];
      }
    }
    double out = 0;
    for (int i = 0; i < n; i++) out += Math.sin(A[i][n] / A[i][i]);
    return out;
  }

  public static void main(String[] args) {
    double[][] M = {{0.2, 2, 0.5, 1}, {4, 1, -1, 0.3}, {0.3, 2.5, 3, -0.7}, {-1.5, 0.4, 0.9, 2.2}};
    double[] b = {1, -2, 0.5, 0.8};
    double[] c = {0.3, 0.2, 1, -0.4};
    P104LuPivotGrad.checkSolveDot(M, b, c).assertPassed();
    double[][] dM = {{0.1, -0.2, 0.3, 0}, {0.5, 0.1, 0, -0.3}, {0.2, 0.2, -0.1, 0.4}, {0, 0.3, 0.1, -0.2}};
    double[] db = {0.4, -0.1, 0.2, 0.3};
    double[] dc = {-0.2, 0.1, 0.5, 0.3};
    P104LuPivotGrad.checkSolveDotTangent(M, b, c, dM, db, dc).assertPassed();
    P104LuPivotGrad.checkSolveDotHvp(M, b, c, dM, db, dc).assertPassed();
    P104LuPivotGrad.checkLogDetPlusSolve(M, b).assertPassed();
    P104LuPivotGrad.checkLogDetPlusSolveHvp(M, b, dM, db).assertPassed();
    // The diagonal first small: the pivots move in the first two columns.
    double[][] N = {{1e-3, 2, 0.5}, {0.7, 1e-2, -1}, {3, 0.4, 0.2}};
    P104LuPivotGrad.checkSolveDot(N, new double[] {1, 2, 3}, new double[] {0.5, -1, 0.25}).assertPassed();
    P104LuPivotGrad.checkLogDetPlusSolve(N, new double[] {-1, 0.5, 2}).assertPassed();
    P104LuPivotGrad.checkGaussJordan(M, b).assertPassed();
    P104LuPivotGrad.checkGaussJordanHvp(M, b, dM, db).assertPassed();
    P104LuPivotGrad.checkGaussJordan(N, new double[] {0.3, -0.6, 1.1}).assertPassed();
  }
}
