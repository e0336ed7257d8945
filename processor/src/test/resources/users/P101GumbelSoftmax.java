package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P101GumbelSoftmax {
  private static double[] softmax(double[] z, double tau) {
    double m = z[0];
    for (double v : z) if (v > m) m = v;
    double[] e = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) sum += e[i] = Math.exp((z[i] - m) / tau);
    for (int i = 0; i < z.length; i++) e[i] /= sum;
    return e;
  }

  /** relaxed categorical samples (Gumbel noise from a seed) scoring a value table */
  @Differentiable
  public static double expectedValue(double[] logits, double[] values, double tau, int samples, long seed) {
    Random rng = new Random(seed);
    double acc = 0;
    for (int s = 0; s < samples; s++) {
      double[] g = new double[logits.length];
      for (int i = 0; i < g.length; i++) {
        double u = rng.nextDouble();
        g[i] = logits[i] - Math.log(-Math.log(u + 1e-12) + 1e-12);
      }
      double[] y = softmax(g, tau);
      for (int i = 0; i < y.length; i++) acc += y[i] * values[i];
    }
    return acc / samples;
  }

  public static void main(String[] args) {
    P101GumbelSoftmaxGrad.checkExpectedValue(new double[] {0.5, -0.2, 1.1, 0.0}, new double[] {1, 2, -1, 0.5}, 0.7, 8, 3L).assertPassed();
  }
}
