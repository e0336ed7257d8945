package users;

import dev.flatgrad.annotations.Differentiable;

public class P20Enhanced {
  @Differentiable
  public static double frob(double[][] m, double[] scale) {
    double total = 0;
    int r = 0;
    for (double[] row : m) {
      double rowSum = 0;
      for (double v : row) rowSum += v * v;
      total += scale[r++] * Math.sqrt(rowSum);
    }
    return total;
  }

  @Differentiable
  public static double loopVariety(double[] x, double c) {
    double s = 0;
    int i = 0;
    while (true) {
      if (i >= x.length) break;
      s += x[i] * c;
      i += 2;
    }
    int j = x.length;
    do {
      j--;
      s *= 1 + 0.01 * x[j];
    } while (j > 0);
    for (int k = x.length - 1, m = 0; k >= m; k--, m++) {
      s += x[k] * x[m];
    }
    return s;
  }

  public static void main(String[] args) {
    P20EnhancedGrad.checkFrob(new double[][] {{1, 2}, {3, -4}, {0.5, 0.5}}, new double[] {1, 0.5, 2}).assertPassed();
    P20EnhancedGrad.checkLoopVariety(new double[] {1, 2.5, -0.3, 0.8, 4.1}, 0.7).assertPassed();
  }
}
