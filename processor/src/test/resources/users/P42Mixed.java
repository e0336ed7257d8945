package users;

import dev.flatgrad.annotations.Differentiable;

public class P42Mixed {
  static final double[][] STENCIL = {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}};

  /** reaction-diffusion on a small grid with clone of 2-D state each step */
  @Differentiable
  public static double grayScott(double[][] u0, double feed, double kill, int steps) {
    int n = u0.length;
    double[][] u = new double[n][];
    for (int i = 0; i < n; i++) u[i] = u0[i].clone();
    for (int t = 0; t < steps; t++) {
      double[][] nu = new double[n][n];
      for (int i = 1; i < n - 1; i++) {
        for (int j = 1; j < n - 1; j++) {
          double lap = 0;
          for (int a = -1; a <= 1; a++)
            for (int b = -1; b <= 1; b++)
              lap += STENCIL[a + 1][b + 1] * u[i + a][j + b];
          nu[i][j] = u[i][j] + 0.1 * lap + feed * (1 - u[i][j]) - kill * u[i][j] * u[i][j];
        }
      }
      u = nu;
    }
    var total = 0.0;
    for (var row : u) for (var v : row) total += v;
    return total;
  }

  public static void main(String[] args) {
    double[][] u0 = {{0.1, 0.2, 0.3, 0.1}, {0.5, 0.9, 0.2, 0.3}, {0.3, 0.4, 0.8, 0.2}, {0.1, 0.1, 0.2, 0.3}};
    P42MixedGrad.checkGrayScott(u0, 0.05, 0.06, 4).assertPassed();
  }
}
