package users;

import dev.flatgrad.annotations.Differentiable;

public class P51Inst {
  private final double[][] W;
  private final double[] b;
  private final int nLayers;

  P51Inst(double[][] W, double[] b, int nLayers) { this.W = W; this.b = b; this.nLayers = nLayers; }

  private double[] step(double[] h) {
    double[] out = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      double a = b[i];
      for (int j = 0; j < h.length; j++) a += W[i][j] * h[j];
      out[i] = h[i] + 0.1 * Math.tanh(a);
    }
    return out;
  }

  /** residual network unrolled, weights shared, differentiated wrt the input */
  @Differentiable
  public double forward(double[] x) {
    double[] h = x;
    for (int l = 0; l < nLayers; l++) h = step(h);
    double s = 0;
    for (double v : h) s += v * v;
    return 0.5 * s;
  }

  public static void main(String[] args) {
    P51Inst m = new P51Inst(new double[][] {{0.5, -0.3}, {0.2, 0.8}}, new double[] {0.1, -0.1}, 6);
    P51InstGrad.checkForward(m, new double[] {1.0, -0.5}).assertPassed();
  }
}
