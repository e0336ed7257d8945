package users;

import dev.flatgrad.annotations.Differentiable;

public class P36Recs {
  /** matrix factorisation loss over observed entries given as int triples */
  @Differentiable
  public static double mf(double[][] U, double[][] V, int[][] obs, double[] vals, double lambda) {
    double loss = 0;
    for (int k = 0; k < obs.length; k++) {
      int u = obs[k][0], it = obs[k][1];
      double pred = 0;
      for (int f = 0; f < U[u].length; f++) pred += U[u][f] * V[it][f];
      double err = vals[k] - pred;
      loss += err * err;
    }
    double reg = 0;
    for (double[] r : U) for (double x : r) reg += x * x;
    for (double[] r : V) for (double x : r) reg += x * x;
    return loss + lambda * reg;
  }

  public static void main(String[] args) {
    double[][] U = {{0.1, 0.2}, {-0.3, 0.4}, {0.5, -0.1}};
    double[][] V = {{0.3, 0.1}, {-0.2, 0.6}};
    P36RecsGrad.checkMf(U, V, new int[][] {{0, 1}, {2, 0}, {1, 1}, {0, 0}}, new double[] {1, 2, 0.5, -1}, 0.01).assertPassed();
  }
}
