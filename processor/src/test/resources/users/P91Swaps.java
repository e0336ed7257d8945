package users;

import dev.flatgrad.annotations.Differentiable;

public class P91Swaps {
  /** double buffering by swapping references: a 1D heat stencil */
  @Differentiable
  public static double heat(double[] u0, double alpha, int steps) {
    double[] cur = u0.clone();
    double[] nxt = new double[u0.length];
    for (int s = 0; s < steps; s++) {
      nxt[0] = cur[0];
      nxt[cur.length - 1] = cur[cur.length - 1];
      for (int i = 1; i < cur.length - 1; i++) {
        nxt[i] = cur[i] + alpha * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
      }
      cur = nxt.clone();
    }
    double e = 0;
    for (double v : cur) e += v * v;
    return e;
  }

  /** Gaussian elimination with partial pivoting by swapping rows; determinant's log-abs */
  @Differentiable
  public static double logDet(double[][] A0) {
    int n = A0.length;
    double[][] A = new double[n][];
    for (int i = 0; i < n; i++) A[i] = A0[i].clone();
    double ld = 0;
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
      if (p != c) {
        for (int k = 0; k < n; k++) {
          double t = A[p][k];
          A[p][k] = A[c][k];
          A[c][k] = t;
        }
      }
      ld += Math.log(Math.abs(A[c][c]));
      for (int r = c + 1; r < n; r++) {
        double f = A[r][c] / A[c][c];
        for (int k = c; k < n; k++) A[r][k] -= f * A[c][k];
      }
    }
    return ld;
  }

  public static void main(String[] args) {
    P91SwapsGrad.checkHeat(new double[] {0, 0.5, 1.0, 0.3, -0.2, 0}, 0.2, 7).assertPassed();
    double[][] A = {{0.2, 1.5, -0.3}, {2.0, 0.1, 0.4}, {-0.7, 0.3, 1.2}};
    P91SwapsGrad.checkLogDet(A).assertPassed();
  }
}
