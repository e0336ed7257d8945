package users;

import dev.flatgrad.annotations.Differentiable;

public class P78PortfolioRisk {
  /** softmax weights over logits, covariance from returns, mean-variance utility with a turnover penalty */
  @Differentiable
  public static double utility(double[] logits, double[][] returns, double[] prev, double gamma, double cost) {
    int k = logits.length;
    double mx = Double.NEGATIVE_INFINITY;
    for (double l : logits) mx = Math.max(mx, l);
    double[] w = new double[k];
    double z = 0;
    for (int i = 0; i < k; i++) { w[i] = Math.exp(logits[i] - mx); z += w[i]; }
    for (int i = 0; i < k; i++) w[i] /= z;
    int T = returns.length;
    double[] mean = new double[k];
    for (double[] r : returns) for (int i = 0; i < k; i++) mean[i] += r[i] / T;
    double var = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double cov = 0;
        for (double[] r : returns) cov += (r[i] - mean[i]) * (r[j] - mean[j]);
        var += w[i] * w[j] * cov / (T - 1);
      }
    }
    double ret = 0, turnover = 0;
    for (int i = 0; i < k; i++) {
      ret += w[i] * mean[i];
      double d = w[i] - prev[i];
      turnover += Math.sqrt(d * d + 1e-8);
    }
    return -(ret - gamma / 2 * var - cost * turnover);
  }

  public static void main(String[] args) {
    double[][] R = {{0.01, 0.02, -0.01}, {0.03, -0.01, 0.0}, {-0.02, 0.01, 0.02}, {0.0, 0.015, 0.01}, {0.02, -0.005, -0.01}};
    P78PortfolioRiskGrad.checkUtility(new double[] {0.2, -0.1, 0.4}, R, new double[] {0.3, 0.3, 0.4}, 3.0, 0.01).assertPassed();
  }
}
