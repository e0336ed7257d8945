package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P28LayerNormDropout {
  @Differentiable
  public static double[] layerNorm(double[] x, double[] g, double[] b) {
    int n = x.length;
    double mu = 0;
    for (double v : x) mu += v;
    mu /= n;
    double var = 0;
    for (double v : x) var += (v - mu) * (v - mu);
    var /= n;
    double inv = 1.0 / Math.sqrt(var + 1e-5);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = g[i] * (x[i] - mu) * inv + b[i];
    return out;
  }

  @Differentiable
  public static double dropoutLoss(double[] w, double[] x, double p, Random rng) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      if (rng.nextDouble() < p) continue;
      s += w[i] * x[i] / (1 - p);
    }
    return s * s;
  }

  public static void main(String[] args) {
    double[] x = {0.5, 2.0, -1.0, 0.1};
    P28LayerNormDropoutGrad.checkLayerNorm(x, new double[] {1, 2, 0.5, 1}, new double[] {0, 0.1, 0.2, 0.3}, new double[] {1, -1, 0.5, 2}).assertPassed();
    System.out.println(P28LayerNormDropoutGrad.dropoutLoss(x, x, 0.3, new Random(1)));
  }
}
