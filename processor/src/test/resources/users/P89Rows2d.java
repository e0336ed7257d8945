package users;

import dev.flatgrad.annotations.Differentiable;

public class P89Rows2d {
  /** enhanced for over rows, row sums built into a local array then reduced, a Gram matrix */
  @Differentiable
  public static double gramTrace(double[][] data, double[] scale) {
    double[] sums = new double[data.length];
    int r = 0;
    for (double[] row : data) {
      double acc = 0;
      int c = 0;
      for (double v : row) acc += v * scale[c++];
      sums[r++] = acc;
    }
    double[][] G = new double[data.length][data.length];
    for (int i = 0; i < data.length; i++) {
      for (int j = 0; j < data.length; j++) {
        double dot = 0;
        for (int k = 0; k < data[i].length; k++) dot += data[i][k] * data[j][k];
        G[i][j] = dot * sums[i] * sums[j];
      }
    }
    double tr = 0, off = 0;
    int i = 0;
    for (double[] g : G) {
      for (int j = 0; j < g.length; j++) {
        if (j == i) tr += g[j];
        else off += g[j] * g[j];
      }
      i++;
    }
    return tr + 0.01 * Math.sqrt(off);
  }

  public static void main(String[] args) {
    double[][] d = {{0.3, -0.7, 1.0}, {0.5, 0.2, -0.4}, {1.1, 0.1, 0.6}};
    P89Rows2dGrad.checkGramTrace(d, new double[] {1.0, 0.5, -0.8}).assertPassed();
  }
}
