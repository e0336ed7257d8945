package users;

import dev.flatgrad.annotations.Differentiable;

public class P44Sort {
  /** insertion sort by hand on a copy, then a weighted sum of order statistics (L-estimator) */
  @Differentiable
  public static double lEstimator(double[] x, double[] weights) {
    int n = x.length;
    double[] s = x.clone();
    for (int i = 1; i < n; i++) {
      double key = s[i];
      int j = i - 1;
      while (j >= 0 && s[j] > key) {
        s[j + 1] = s[j];
        j--;
      }
      s[j + 1] = key;
    }
    double acc = 0;
    for (int i = 0; i < n; i++) acc += weights[i] * s[i];
    return acc;
  }

  /** top-k mean via repeated argmax with a used mask */
  @Differentiable
  public static double topK(double[] x, int k) {
    boolean[] used = new boolean[x.length];
    double sum = 0;
    for (int r = 0; r < k; r++) {
      int best = -1;
      for (int i = 0; i < x.length; i++) {
        if (used[i]) continue;
        if (best < 0 || x[i] > x[best]) best = i;
      }
      used[best] = true;
      sum += x[best];
    }
    return sum / k;
  }

  public static void main(String[] args) {
    double[] x = {3.1, -0.5, 2.2, 7.4, 0.3, 1.1};
    P44SortGrad.checkLEstimator(x, new double[] {0.1, 0.2, 0.3, 0.2, 0.1, 0.1}).assertPassed();
    P44SortGrad.checkTopK(x, 3).assertPassed();
  }
}
