package users;

import dev.flatgrad.annotations.Differentiable;

public class P77SpringMesh {
  /** relaxation of a spring grid by gradient steps; springs between (i,j) and neighbours by index arithmetic */
  @Differentiable
  public static double sag(double[] stiff, double gravity, int side, int iters) {
    int n = side * side;
    double[] y = new double[n];
    double[] g = new double[n];
    for (int it = 0; it < iters; it++) {
      java.util.Arrays.fill(g, 0.0);
      for (int idx = 0; idx < n; idx++) {
        int row = idx / side, col = idx % side;
        if (col + 1 < side) {
          double k = stiff[(idx + row) % stiff.length];
          double d = y[idx + 1] - y[idx];
          g[idx] -= k * d;
          g[idx + 1] += k * d;
        }
        if (row + 1 < side) {
          double k = stiff[(idx >> 1) % stiff.length];
          double d = y[idx + side] - y[idx];
          g[idx] -= k * d;
          g[idx + side] += k * d;
        }
        g[idx] += gravity;
      }
      for (int idx = side; idx < n; idx++) y[idx] -= 0.1 * g[idx];
    }
    double s = 0;
    for (double v : y) s += v;
    return s / n;
  }

  public static void main(String[] args) {
    P77SpringMeshGrad.checkSag(new double[] {1.0, 0.8, 1.2, 0.9, 1.1}, 0.05, 4, 12).assertPassed();
  }
}
