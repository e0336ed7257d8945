package users;

import dev.flatgrad.annotations.Differentiable;

public class P82GruSeq {
  private static double sigm(double x) { return 1 / (1 + Math.exp(-x)); }

  private static double affine(double[] w, double[] x, double[] h, double b) {
    int nx = x.length;
    double s = b;
    for (int i = 0; i < nx; i++) s += w[i] * x[i];
    for (int j = 0; j < h.length; j++) s += w[nx + j] * h[j];
    return s;
  }

  /** a GRU over a sequence; weights per gate as rows of one matrix, gate chosen by g * H + unit */
  @Differentiable
  public static double run(double[][] xs, double[][] W, double[] b, double[] readout) {
    final int H = readout.length;
    double[] h = new double[H];
    for (double[] x : xs) {
      double[] zt = new double[H], rt = new double[H];
      for (int u = 0; u < H; u++) {
        zt[u] = sigm(affine(W[u], x, h, b[u]));
        rt[u] = sigm(affine(W[H + u], x, h, b[H + u]));
      }
      double[] rh = new double[H];
      for (int u = 0; u < H; u++) rh[u] = rt[u] * h[u];
      double[] next = new double[H];
      for (int u = 0; u < H; u++) {
        double cand = Math.tanh(affine(W[2 * H + u], x, rh, b[2 * H + u]));
        next[u] = (1 - zt[u]) * h[u] + zt[u] * cand;
      }
      h = next;
    }
    double y = 0;
    for (int u = 0; u < H; u++) y += readout[u] * h[u];
    return y * y;
  }

  public static void main(String[] args) {
    double[][] xs = {{0.5, -0.2}, {0.1, 0.8}, {-0.6, 0.3}};
    double[][] W = new double[6][4];
    for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) W[i][j] = Math.sin(1.7 * i + 0.9 * j) * 0.5;
    P82GruSeqGrad.checkRun(xs, W, new double[] {0.1, -0.1, 0.05, 0.0, 0.2, -0.2}, new double[] {0.8, -1.1}).assertPassed();
  }
}
