package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P102SeededShuffle {
  /** SGD epochs shuffled by a seeded Fisher-Yates over an int[] permutation */
  @Differentiable
  public static double shuffled(double[] w0, double[][] X, double[] y, double lr, long seed) {
    Random rng = new Random(seed);
    double[] w = w0.clone();
    int n = X.length;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (int idx : perm) {
        double z = 0;
        for (int k = 0; k < w.length; k++) z += w[k] * X[idx][k];
        double g = z - y[idx];
        for (int k = 0; k < w.length; k++) w[k] -= lr * g * X[idx][k];
      }
    }
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double z = 0;
      for (int k = 0; k < w.length; k++) z += w[k] * X[i][k];
      loss += (z - y[i]) * (z - y[i]);
    }
    return loss;
  }

  /** mini-batch indices drawn with replacement into an int[] */
  @Differentiable
  public static double batch(double[] w, double[][] X, long seed) {
    Random rng = new Random(seed);
    int[] idx = new int[3];
    for (int b = 0; b < idx.length; b++) idx[b] = rng.nextInt(X.length);
    double s = 0;
    for (int b : idx) s += Math.tanh(w[0] * X[b][0] + w[1] * X[b][1]);
    return s;
  }

  public static void main(String[] args) {
    double[][] X = {{1, 0.5}, {0.3, -1.0}, {-0.7, 0.2}, {1.2, 1.1}};
    double[] y = {1, 0, 1, 0};
    for (long seed = 1; seed < 5; seed++) {
      P102SeededShuffleGrad.checkShuffled(new double[] {0.1, -0.2}, X, y, 0.1, seed).assertPassed();
      P102SeededShuffleGrad.checkBatch(new double[] {0.1, -0.2}, X, seed).assertPassed();
    }
  }
}
