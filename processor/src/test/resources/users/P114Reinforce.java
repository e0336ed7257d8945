package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P114Reinforce {
  enum Baseline { NONE, MEAN, FIXED }

  /** a linear softmax policy over actions, one row of weights per action */
  public record Policy(double[][] theta, double temperature) {
    double[] probs(double[] s) {
      int a = theta.length;
      var z = new double[a];
      double m = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < a; i++) {
        double t = 0;
        for (int j = 0; j < s.length; j++) t += theta[i][j] * s[j];
        z[i] = t / temperature;
        m = Math.max(m, z[i]);
      }
      double sum = 0;
      for (int i = 0; i < a; i++) {
        z[i] = Math.exp(z[i] - m);
        sum += z[i];
      }
      for (int i = 0; i < a; i++) z[i] /= sum;
      return z;
    }
  }

  static int sample(double[] p, Random rng) {
    double u = rng.nextDouble();
    for (int i = 0; i < p.length - 1; i++) {
      u -= p[i];
      if (u < 0) return i;
    }
    return p.length - 1;
  }

  /** a REINFORCE surrogate: actions drawn from the policy's own probabilities, held fixed, weighted by reward */
  @Differentiable(wrt = {"pi"})
  public static double surrogate(Policy pi, double[][] states, double[] rewards, Baseline kind, long seed) {
    var rng = new Random(seed);
    double mean = 0;
    for (double r : rewards) mean += r / rewards.length;
    double b = switch (kind) {
      case NONE -> 0;
      case MEAN -> mean;
      case FIXED -> 0.5;
    };
    double obj = 0;
    for (int t = 0; t < states.length; t++) {
      double[] p = pi.probs(states[t]);
      int a = sample(p, rng);
      obj -= Math.log(p[a]) * (rewards[t] - b);
    }
    return obj / states.length;
  }

  public static void main(String[] args) {
    var pi = new Policy(new double[][] {{0.2, -0.1}, {0.4, 0.3}, {-0.5, 0.2}}, 0.8);
    double[][] S = {{1, 0.5}, {-0.3, 1.2}, {0.7, -0.8}, {0.1, 0.1}};
    double[] R = {1.0, -0.5, 0.3, 2.0};
    for (Baseline k : Baseline.values()) {
      for (long seed : new long[] {3, 11}) P114ReinforceGrad.checkSurrogate(pi, S, R, k, seed).assertPassed();
    }
  }
}
