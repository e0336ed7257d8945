package users;

import dev.flatgrad.annotations.Differentiable;

public class P12Attention {
  private final double[][] Wq, Wk, Wv;
  private final double scale;

  P12Attention(double[][] wq, double[][] wk, double[][] wv) {
    Wq = wq; Wk = wk; Wv = wv;
    scale = 1.0 / Math.sqrt(wq.length);
  }

  private static double[] matvec(double[][] A, double[] x) {
    double[] y = new double[A.length];
    for (int i = 0; i < A.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) s += A[i][j] * x[j];
      y[i] = s;
    }
    return y;
  }

  /** single-head self-attention over a sequence, pooled to a scalar */
  @Differentiable
  public double attend(double[][] seq) {
    int T = seq.length;
    double[][] q = new double[T][], k = new double[T][], v = new double[T][];
    for (int t = 0; t < T; t++) {
      q[t] = matvec(Wq, seq[t]);
      k[t] = matvec(Wk, seq[t]);
      v[t] = matvec(Wv, seq[t]);
    }
    double result = 0;
    for (int t = 0; t < T; t++) {
      double[] scores = new double[T];
      double mx = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < T; s++) {
        double dot = 0;
        for (int d = 0; d < q[t].length; d++) dot += q[t][d] * k[s][d];
        scores[s] = dot * scale;
        mx = Math.max(mx, scores[s]);
      }
      double denom = 0;
      for (int s = 0; s < T; s++) { scores[s] = Math.exp(scores[s] - mx); denom += scores[s]; }
      for (int d = 0; d < v[0].length; d++) {
        double ctx = 0;
        for (int s = 0; s < T; s++) ctx += scores[s] / denom * v[s][d];
        result += ctx * ctx;
      }
    }
    return result;
  }

  public static void main(String[] args) {
    double[][] a = {{0.1, 0.2}, {-0.3, 0.4}}, b = {{0.5, -0.1}, {0.2, 0.3}}, c = {{0.3, 0.1}, {-0.2, 0.6}};
    P12Attention m = new P12Attention(a, b, c);
    P12AttentionGrad.checkAttend(m, new double[][] {{1, 0.5}, {-0.5, 0.2}, {0.3, -1}}).assertPassed();
  }
}
