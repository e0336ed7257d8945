package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P70SeededDraws {
  record Noise(double scale, int draws) {}

  /** SGD-like epochs, a fresh generator each epoch, draws in branches, nested loops and a while */
  @Differentiable(hessian = true)
  public static double epochs(double[] w, double[][] X, double[] y, long seed, int nEpochs) {
    double loss = 0;
    for (int epoch = 0; epoch < nEpochs; epoch++) {
      Random rng = new Random(seed + 31L * epoch);
      int i = rng.nextInt(X.length);
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        if (rng.nextBoolean()) {
          z += w[j] * X[i][j];
        } else {
          z += 0.5 * w[j] * X[i][j] * (1 + 0.1 * rng.nextGaussian());
        }
      }
      int extra = 0;
      while (rng.nextDouble() < 0.5 && extra < 4) {
        z += 0.01 * w[extra % w.length] * rng.nextDouble();
        extra++;
      }
      double r = z - y[i];
      loss += r * r;
    }
    return loss / nEpochs;
  }

  /** var, a fully qualified generator, a settings record made in the method, a long drawn */
  @Differentiable
  public static double jitter(double[] x, long seed) {
    var noise = new Noise(0.05, 3);
    java.util.Random g = new java.util.Random(seed ^ 0x5DEECE66DL);
    double acc = 0;
    for (double v : x) {
      double e = 0;
      for (int k = 0; k < noise.draws(); k++) e += noise.scale() * (g.nextDouble() - 0.5);
      long bits = g.nextLong();
      double sign = (bits & 1L) == 0 ? 1 : -1;
      acc += sign * Math.sin(v + e);
    }
    Random again = new Random(7);
    return acc * acc + again.nextDouble() * x[0];
  }

  /** a draw used as an index and a draw deciding an early return */
  @Differentiable
  public static double pick(double[] a, long seed) {
    Random r = new Random(seed);
    double s = 0;
    do {
      int k = r.nextInt(a.length);
      s += a[k] * a[(k + 1) % a.length];
      if (r.nextDouble() < 0.2) return s * 2;
    } while (r.nextDouble() < 0.7);
    return s;
  }

  public static void main(String[] args) {
    double[][] X = {{1, 2, 0.5}, {0.3, -1, 2}, {-0.5, 0.2, 1.1}};
    double[] y = {1, -0.5, 0.3};
    for (long seed : new long[] {1, 42, 99}) {
      P70SeededDrawsGrad.checkEpochs(new double[] {0.2, -0.4, 0.7}, X, y, seed, 6).assertPassed();
      double[][] dX = {{0.1, 0, -0.2}, {0.3, 0.1, 0}, {0, 0.2, 0.5}};
      P70SeededDrawsGrad.checkEpochsTangent(new double[] {0.2, -0.4, 0.7}, X, y, seed, 6, new double[] {1, -0.5, 0.2}, dX, new double[] {0.1, 0.2, -0.3}).assertPassed();
      P70SeededDrawsGrad.checkEpochsHvp(new double[] {0.2, -0.4, 0.7}, X, y, seed, 6, new double[] {1, -0.5, 0.2}, dX, new double[] {0.1, 0.2, -0.3}).assertPassed();
      P70SeededDrawsGrad.checkJitter(new double[] {0.4, 1.3, -0.8}, seed).assertPassed();
      P70SeededDrawsGrad.checkPick(new double[] {0.4, 1.3, -0.8, 0.25}, seed).assertPassed();
    }
  }
}
