package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P97DrawsEverywhere {
  static double noisySq(double v, Random r) {
    double e = r.nextGaussian() * 0.1;
    return (v + e) * (v + e);
  }

  static double bump(double v, double eps) {
    return v * (1 + eps) + eps * eps;
  }

  /** draws as indices of compound writes, in short-circuit conditions, a switch selector, a for condition */
  @Differentiable
  public static double scatter(double[] w, long seed) {
    Random rng = new Random(seed);
    double[] bins = new double[4];
    for (int i = 0; i < w.length; i++) {
      bins[rng.nextInt(bins.length)] += w[i] * w[i];
      if (w[i] > 0 && rng.nextDouble() < 0.5) bins[i % 4] *= 1.5;
      switch (rng.nextInt(3)) {
        case 0 -> bins[0] += w[i];
        case 1 -> bins[1] -= 0.5 * w[i];
        default -> bins[2] += Math.sin(w[i]);
      }
    }
    double s = 0;
    for (int k = 0; rng.nextDouble() < 0.8 && k < 10; k++) s += bins[k % 4] * bins[(k + 1) % 4];
    return s + bins[rng.nextInt(4)] * (rng.nextBoolean() ? 1.0 : -1.0);
  }

  /** the generator handed to helpers, draws in a differentiated helper's arguments */
  @Differentiable
  public static double handed(double[] w, long seed) {
    Random rng = new Random(seed);
    double s = 0;
    for (double v : w) {
      s += noisySq(v, rng);
      s += bump(v, 0.01 * rng.nextGaussian());
    }
    return rng.nextDouble() < 0.5 ? s : 2 * s;
  }

  /** a generator made inside an expression, one per trip */
  @Differentiable
  public static double inline(double[] x, long seed) {
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * new Random(seed + i).nextGaussian();
    return s * s + x[0] * new Random(seed).nextDouble();
  }

  public static void main(String[] args) {
    double[] w = {0.4, -0.3, 1.2, 0.8, -0.5, 0.3};
    for (long seed = 1; seed < 6; seed++) {
      P97DrawsEverywhereGrad.checkScatter(w, seed).assertPassed();
      P97DrawsEverywhereGrad.checkHanded(w, seed).assertPassed();
      P97DrawsEverywhereGrad.checkInline(w, seed).assertPassed();
    }
  }
}
