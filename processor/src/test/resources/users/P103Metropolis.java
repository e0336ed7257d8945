package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P103Metropolis {
  static double logDensity(double x, double mu, double s) {
    double z = (x - mu) / s;
    return -0.5 * z * z - Math.log(s);
  }

  /** a random-walk Metropolis chain with seeded proposals; the score of the visited states */
  @Differentiable
  public static double chainScore(double mu, double logS, double x0, int steps, long seed) {
    Random rng = new Random(seed);
    final double s = Math.exp(logS);
    double x = x0, score = 0;
    int accepted = 0;
    for (int t = 0; t < steps; t++) {
      double prop = x + 0.8 * rng.nextGaussian();
      double logA = logDensity(prop, 1.0, 0.7) - logDensity(x, 1.0, 0.7);
      if (Math.log(rng.nextDouble()) < logA) {
        x = prop;
        accepted++;
      }
      score += logDensity(x, mu, s);
    }
    return score / steps + 0.001 * accepted;
  }

  /** a two-layer net with a seeded dropout mask on the hidden layer, rows as 2D arrays */
  @Differentiable
  public static double dropoutNet(double[][] W1, double[] W2, double[][] X, double[] y, double p, long seed) {
    Random rng = new Random(seed);
    double loss = 0;
    for (int n = 0; n < X.length; n++) {
      double out = 0;
      for (int h = 0; h < W1.length; h++) {
        if (rng.nextDouble() < p) continue;
        double a = 0;
        for (int d = 0; d < X[n].length; d++) a += W1[h][d] * X[n][d];
        out += W2[h] * Math.tanh(a) / (1 - p);
      }
      double r = out - y[n];
      loss += r * r;
    }
    return loss / X.length;
  }

  public static void main(String[] args) {
    for (long seed = 1; seed < 5; seed++) {
      P103MetropolisGrad.checkChainScore(0.8, -0.2, 0.0, 30, seed).assertPassed();
      double[][] W1 = {{0.3, -0.2}, {0.5, 0.4}, {-0.6, 0.1}};
      double[][] X = {{1, 0.5}, {0.3, -1.0}, {-0.7, 0.2}};
      P103MetropolisGrad.checkDropoutNet(W1, new double[] {0.7, -0.4, 0.9}, X, new double[] {0.5, -0.2, 0.1}, 0.3, seed).assertPassed();
    }
  }
}
