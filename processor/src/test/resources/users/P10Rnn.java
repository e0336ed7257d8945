package users;

import dev.flatgrad.annotations.Differentiable;

public class P10Rnn {
  /** Elman RNN over a sequence, state history kept */
  @Differentiable
  public static double rnn(double[][] Wx, double[][] Wh, double[] bias, double[][] xs, double[] target) {
    int T = xs.length;
    int H = Wh.length;
    double[][] h = new double[T + 1][H];
    for (int t = 0; t < T; t++) {
      for (int i = 0; i < H; i++) {
        double a = bias[i];
        for (int j = 0; j < xs[t].length; j++) a += Wx[i][j] * xs[t][j];
        for (int j = 0; j < H; j++) a += Wh[i][j] * h[t][j];
        h[t + 1][i] = Math.tanh(a);
      }
    }
    double loss = 0;
    for (int i = 0; i < H; i++) {
      double e = h[T][i] - target[i];
      loss += e * e;
    }
    return loss;
  }

  /** a GRU cell, one step, returns new state */
  @Differentiable
  public static double[] gru(double[] x, double[] hPrev, double[][] Wz, double[][] Uz, double[][] Wr, double[][] Ur, double[][] Wn, double[][] Un) {
    int H = hPrev.length;
    double[] z = new double[H], r = new double[H], out = new double[H];
    for (int i = 0; i < H; i++) {
      double az = 0, ar = 0;
      for (int j = 0; j < x.length; j++) { az += Wz[i][j] * x[j]; ar += Wr[i][j] * x[j]; }
      for (int j = 0; j < H; j++) { az += Uz[i][j] * hPrev[j]; ar += Ur[i][j] * hPrev[j]; }
      z[i] = 1 / (1 + Math.exp(-az));
      r[i] = 1 / (1 + Math.exp(-ar));
    }
    for (int i = 0; i < H; i++) {
      double an = 0;
      for (int j = 0; j < x.length; j++) an += Wn[i][j] * x[j];
      for (int j = 0; j < H; j++) an += Un[i][j] * (r[j] * hPrev[j]);
      double n = Math.tanh(an);
      out[i] = (1 - z[i]) * n + z[i] * hPrev[i];
    }
    return out;
  }

  public static void main(String[] args) {
    double[][] Wx = {{0.1, 0.2}, {-0.3, 0.4}, {0.5, -0.1}};
    double[][] Wh = {{0.1, 0.0, 0.2}, {0.3, -0.1, 0.1}, {0.0, 0.2, -0.2}};
    double[][] xs = {{1, 0}, {0.5, -0.5}, {0.2, 0.8}, {-1, 0.3}};
    P10RnnGrad.checkRnn(Wx, Wh, new double[] {0.1, -0.1, 0.05}, xs, new double[] {0.2, 0.1, -0.3}).assertPassed();
    double[][] U = {{0.2, 0.1, -0.1}, {0.1, 0.3, 0.2}, {-0.2, 0.1, 0.4}};
    P10RnnGrad.checkGru(new double[] {0.5, -0.2}, new double[] {0.1, 0.2, -0.3}, Wx, U, Wx, Wh, Wx, U, new double[] {1, -0.5, 0.25}).assertPassed();
  }
}
