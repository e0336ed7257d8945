package users;

import dev.flatgrad.annotations.Differentiable;

public class P92Labels {
  /** labelled continue skipping rows with a negative entry, labelled break on a budget, do-while refinement */
  @Differentiable
  public static double scan(double[][] m, double budget, double w) {
    double used = 0, gain = 0;
    rows:
    for (int i = 0; i < m.length; i++) {
      for (double v : m[i]) {
        if (v < 0) continue rows;
      }
      cols:
      for (int j = 0; j < m[i].length; j++) {
        double cost = m[i][j] * w;
        if (used + cost > budget) break rows;
        if (j > 0 && m[i][j] < m[i][j - 1]) continue cols;
        used += cost;
        gain += Math.sqrt(cost + 1);
      }
    }
    double x = gain;
    int guard = 0;
    do {
      x = 0.5 * (x + gain / x);
      guard++;
    } while (guard < 6);
    return x + used * 0.1;
  }

  public static void main(String[] args) {
    double[][] m = {{0.5, 0.7, 0.3}, {0.2, -0.1, 0.9}, {0.4, 0.6, 0.8}, {1.0, 1.2, 0.1}};
    P92LabelsGrad.checkScan(m, 2.0, 1.1).assertPassed();
    P92LabelsGrad.checkScan(m, 20.0, 0.9).assertPassed();
  }
}
