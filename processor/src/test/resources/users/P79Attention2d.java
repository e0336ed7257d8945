package users;

import dev.flatgrad.annotations.Differentiable;

public class P79Attention2d {
  private static double[][] matmul(double[][] A, double[][] B) {
    double[][] C = new double[A.length][B[0].length];
    for (int i = 0; i < A.length; i++)
      for (int k = 0; k < B.length; k++)
        for (int j = 0; j < B[0].length; j++)
          C[i][j] += A[i][k] * B[k][j];
    return C;
  }

  /** single-head causal self-attention with 2D arrays; loss against a target */
  @Differentiable
  public static double attend(double[][] X, double[][] Wq, double[][] Wk, double[][] Wv, double[][] target) {
    double[][] Q = matmul(X, Wq), K = matmul(X, Wk), V = matmul(X, Wv);
    int T = X.length, d = Wq[0].length;
    double scale = 1.0 / Math.sqrt(d);
    double loss = 0;
    for (int t = 0; t < T; t++) {
      double[] score = new double[t + 1];
      double best = -1e300;
      for (int s = 0; s <= t; s++) {
        double dot = 0;
        for (int c = 0; c < d; c++) dot += Q[t][c] * K[s][c];
        score[s] = dot * scale;
        best = score[s] > best ? score[s] : best;
      }
      double norm = 0;
      for (int s = 0; s <= t; s++) { score[s] = Math.exp(score[s] - best); norm += score[s]; }
      for (int c = 0; c < V[0].length; c++) {
        double o = 0;
        for (int s = 0; s <= t; s++) o += score[s] / norm * V[s][c];
        double e = o - target[t][c];
        loss += e * e;
      }
    }
    return loss / T;
  }

  public static void main(String[] args) {
    double[][] X = {{0.1, 0.5, -0.3}, {0.7, -0.2, 0.4}, {-0.6, 0.3, 0.9}, {0.2, 0.2, -0.8}};
    double[][] Wq = {{0.3, -0.1}, {0.2, 0.5}, {-0.4, 0.1}};
    double[][] Wk = {{-0.2, 0.4}, {0.1, 0.3}, {0.5, -0.3}};
    double[][] Wv = {{0.6, 0.1}, {-0.3, 0.2}, {0.1, 0.7}};
    double[][] tgt = {{0.1, 0.2}, {0.0, -0.1}, {0.3, 0.1}, {-0.2, 0.4}};
    P79Attention2dGrad.checkAttend(X, Wq, Wk, Wv, tgt).assertPassed();
  }
}
