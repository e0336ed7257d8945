package users;

import dev.flatgrad.annotations.Differentiable;

public class P49Wave {
  /** 1-D wave equation with three time levels rotated by copying, absorbing ends */
  @Differentiable
  public static double wave(double[] init, double c, int steps) {
    int n = init.length;
    double[] prev = init.clone();
    double[] cur = init.clone();
    double[] next = new double[n];
    double c2 = c * c;
    for (int t = 0; t < steps; t++) {
      for (int i = 1; i < n - 1; i++) {
        next[i] = 2 * cur[i] - prev[i] + c2 * (cur[i + 1] - 2 * cur[i] + cur[i - 1]);
      }
      next[0] = cur[1];
      next[n - 1] = cur[n - 2];
      System.arraycopy(cur, 0, prev, 0, n);
      System.arraycopy(next, 0, cur, 0, n);
    }
    double energy = 0;
    for (int i = 0; i < n; i++) energy += cur[i] * cur[i] + (cur[i] - prev[i]) * (cur[i] - prev[i]);
    return energy;
  }

  public static void main(String[] args) {
    P49WaveGrad.checkWave(new double[] {0, 0.1, 0.5, 1.0, 0.5, 0.1, 0}, 0.4, 12).assertPassed();
  }
}
