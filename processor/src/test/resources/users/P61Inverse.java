package users;

import dev.flatgrad.annotations.Differentiable;

public class P61Inverse {
  /** 3x3 inverse by cofactors, then x^T A^{-1} x */
  @Differentiable
  public static double quadInv(double[][] a, double[] x) {
    double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
        - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int r0 = (j + 1) % 3, r1 = (j + 2) % 3;
        int c0 = (i + 1) % 3, c1 = (i + 2) % 3;
        inv[i][j] = (a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0]) / det;
      }
    }
    double q = 0;
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) q += x[i] * inv[i][j] * x[j];
    return q;
  }

  /** LDL^T in place on a copy, then log det */
  @Differentiable
  public static double logDetLdl(double[][] s) {
    int n = s.length;
    double[][] l = new double[n][n];
    double[] d = new double[n];
    for (int j = 0; j < n; j++) {
      double dj = s[j][j];
      for (int k = 0; k < j; k++) dj -= l[j][k] * l[j][k] * d[k];
      d[j] = dj;
      l[j][j] = 1;
      for (int i = j + 1; i < n; i++) {
        double v = s[i][j];
        for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k] * d[k];
        l[i][j] = v / dj;
      }
    }
    double ld = 0;
    for (double v : d) ld += Math.log(v);
    return ld;
  }

  public static void main(String[] args) {
    double[][] a = {{4, 1, 0.5}, {0.3, 3, -0.2}, {0.1, 0.4, 2}};
    P61InverseGrad.checkQuadInv(a, new double[] {1, -0.5, 0.7}).assertPassed();
    double[][] s = {{4, 1, 0.5}, {1, 3, -0.2}, {0.5, -0.2, 2}};
    P61InverseGrad.checkLogDetLdl(s).assertPassed();
  }
}
