package users;

import dev.flatgrad.annotations.Differentiable;

public class P27Lstm {
  private static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); }

  /** LSTM over sequence, weights packed as [4H][in + H + 1] */
  @Differentiable
  public static double lstm(double[][] W, double[][] xs, double[] y) {
    int H = W.length / 4;
    int in = xs[0].length;
    double[] h = new double[H];
    double[] c = new double[H];
    for (double[] x : xs) {
      double[] gates = new double[4 * H];
      for (int g = 0; g < 4 * H; g++) {
        double a = W[g][in + H];
        for (int j = 0; j < in; j++) a += W[g][j] * x[j];
        for (int j = 0; j < H; j++) a += W[g][in + j] * h[j];
        gates[g] = a;
      }
      double[] hNew = new double[H];
      for (int k = 0; k < H; k++) {
        double ig = sigmoid(gates[k]);
        double fg = sigmoid(gates[H + k]);
        double og = sigmoid(gates[2 * H + k]);
        double gg = Math.tanh(gates[3 * H + k]);
        c[k] = fg * c[k] + ig * gg;
        hNew[k] = og * Math.tanh(c[k]);
      }
      h = hNew;
    }
    double loss = 0;
    for (int k = 0; k < H; k++) loss += (h[k] - y[k]) * (h[k] - y[k]);
    return loss;
  }

  public static void main(String[] args) {
    int H = 2, in = 2;
    double[][] W = new double[4 * H][in + H + 1];
    for (int i = 0; i < W.length; i++) for (int j = 0; j < W[i].length; j++) W[i][j] = Math.sin(i * 7 + j * 3) * 0.5;
    P27LstmGrad.checkLstm(W, new double[][] {{1, 0}, {0.5, -0.5}, {-0.2, 0.9}}, new double[] {0.3, -0.1}).assertPassed();
  }
}
