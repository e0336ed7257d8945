package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P98DrawsReread {
  /** a draw as the index of a read: its adjoint went to another element, drawn again */
  @Differentiable
  public static double sampled(double[] w, long seed) {
    Random rng = new Random(seed);
    double s = 0;
    for (int i = 0; i < 5; i++) s += w[rng.nextInt(w.length)] * w[i % w.length];
    return s;
  }

  /** a draw as the index of a write: the saved old element was another, drawn again */
  @Differentiable
  public static double scattered(double[] w, long seed) {
    Random rng = new Random(seed);
    double[] b = new double[3];
    for (int i = 0; i < w.length; i++) b[rng.nextInt(3)] = w[i] * b[rng.nextInt(3)] + w[i];
    return b[0] * b[1] + b[2];
  }

  /** a draw deciding a ?: after a loop: its derivative asked it again, before the loop's draws */
  @Differentiable(hessian = true)
  public static double coin(double[] w, long seed) {
    Random rng = new Random(seed);
    double s = 0;
    for (int i = 0; i < w.length; i++) s += w[i] * w[i] * (1 + 0.1 * rng.nextGaussian());
    double f = rng.nextDouble() < 0.5 ? s : 2 * s;
    return f;
  }

  /** draws in the arms of ?:, in && and ||, and in one expression: made in Java's order */
  @Differentiable
  public static double ordered(double[] w, long seed) {
    Random rng = new Random(seed);
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      double a = w[i] > 0 ? w[i] * rng.nextGaussian() : rng.nextDouble();
      boolean keep = w[i] < 1 && rng.nextDouble() < 0.7 || rng.nextBoolean();
      s += (keep ? a * a : a) + w[rng.nextInt(w.length)] * (rng.nextBoolean() ? 1.0 : -1.0);
    }
    return s;
  }

  public static void main(String[] args) {
    double[] w = {0.4, -0.3, 1.2, 0.8, -0.5, 0.3};
    double[] v = {0.1, 0.2, -0.3, 0.4, 0.5, -0.6};
    for (long seed = 1; seed < 6; seed++) {
      P98DrawsRereadGrad.checkSampled(w, seed).assertPassed();
      P98DrawsRereadGrad.checkScattered(w, seed).assertPassed();
      P98DrawsRereadGrad.checkCoin(w, seed).assertPassed();
      P98DrawsRereadGrad.checkCoinTangent(w, seed, v).assertPassed();
      P98DrawsRereadGrad.checkCoinHvp(w, seed, v).assertPassed();
      P98DrawsRereadGrad.checkOrdered(w, seed).assertPassed();
    }
  }
}
