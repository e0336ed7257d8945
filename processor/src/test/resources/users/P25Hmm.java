package users;

import dev.flatgrad.annotations.Differentiable;

public class P25Hmm {
  private static double logSumExp(double a, double b) {
    double m = Math.max(a, b);
    if (m == Double.NEGATIVE_INFINITY) return m;
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  /** forward algorithm of a 2-state HMM in log space */
  @Differentiable
  public static double forward(double[][] logA, double[] logPi, double[] mu, int[] obsBin, double[] x) {
    int S = logPi.length;
    double[] alpha = new double[S];
    for (int s = 0; s < S; s++) alpha[s] = logPi[s] - 0.5 * (x[0] - mu[s]) * (x[0] - mu[s]);
    for (int t = 1; t < x.length; t++) {
      double[] next = new double[S];
      for (int j = 0; j < S; j++) {
        double acc = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < S; i++) acc = logSumExp(acc, alpha[i] + logA[i][j]);
        double e = x[t] - mu[j];
        next[j] = acc - 0.5 * e * e + (obsBin[t] == j ? 0.1 : 0.0);
      }
      alpha = next;
    }
    double total = Double.NEGATIVE_INFINITY;
    for (double a : alpha) total = logSumExp(total, a);
    return total;
  }

  public static void main(String[] args) {
    double[][] logA = {{Math.log(0.9), Math.log(0.1)}, {Math.log(0.2), Math.log(0.8)}};
    P25HmmGrad.checkForward(logA, new double[] {Math.log(0.5), Math.log(0.5)}, new double[] {-1, 1}, new int[] {0, 1, 1, 0, 1}, new double[] {-0.8, 1.2, 0.9, -1.1, 0.3}).assertPassed();
  }
}
