package users;

import dev.flatgrad.annotations.Differentiable;

public class P62GaussSeidel {
  @Differentiable
  public static double solve(double[][] a, double[] b, int sweeps) {
    int n = b.length;
    double[] x = new double[n];
    for (int s = 0; s < sweeps; s++) {
      for (int i = 0; i < n; i++) {
        double sigma = 0;
        for (int j = 0; j < n; j++) {
          if (j != i) sigma += a[i][j] * x[j];
        }
        x[i] = (b[i] - sigma) / a[i][i];
      }
    }
    double r = 0;
    for (int i = 0; i < n; i++) r += x[i] * (i + 1);
    return r;
  }

  /** SOR on a 1D Poisson grid, omega a parameter */
  @Differentiable
  public static double sor(double[] f, double omega, int sweeps) {
    int n = f.length;
    double[] u = new double[n + 2];
    double h2 = 1.0 / ((n + 1) * (n + 1));
    for (int s = 0; s < sweeps; s++) {
      for (int i = 1; i <= n; i++) {
        double gs = 0.5 * (u[i - 1] + u[i + 1] + h2 * f[i - 1]);
        u[i] += omega * (gs - u[i]);
      }
    }
    double e = 0;
    for (double v : u) e += v * v;
    return e;
  }

  public static void main(String[] args) {
    double[][] a = {{4, 1, 0.5}, {0.3, 3, -0.2}, {0.1, 0.4, 2}};
    P62GaussSeidelGrad.checkSolve(a, new double[] {1, -0.5, 0.7}, 6).assertPassed();
    P62GaussSeidelGrad.checkSor(new double[] {1, 2, 0.5, -1, 0.3}, 1.3, 8).assertPassed();
  }
}
