package users;

import dev.flatgrad.annotations.Differentiable;

public class P48Portfolio {
  private final double[][] cov;
  private final double[] mu;
  private final double riskAversion;

  P48Portfolio(double[][] cov, double[] mu, double riskAversion) {
    this.cov = cov; this.mu = mu; this.riskAversion = riskAversion;
  }

  /** mean-variance utility of softmax weights, with a turnover penalty against previous weights */
  @Differentiable(tangent = true, hessian = true)
  public double utility(double[] logits, double[] prev) {
    final int n = logits.length;
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) max = Math.max(max, l);
    double[] w = new double[n];
    double z = 0;
    for (int i = 0; i < n; i++) { w[i] = Math.exp(logits[i] - max); z += w[i]; }
    for (int i = 0; i < n; i++) w[i] /= z;
    double ret = 0, var = 0, turnover = 0;
    for (int i = 0; i < n; i++) {
      ret += w[i] * mu[i];
      for (int j = 0; j < n; j++) var += w[i] * cov[i][j] * w[j];
      turnover += Math.sqrt((w[i] - prev[i]) * (w[i] - prev[i]) + 1e-8);
    }
    return ret - 0.5 * riskAversion * var - 0.01 * turnover;
  }

  public static void main(String[] args) {
    double[][] cov = {{0.04, 0.01, 0.0}, {0.01, 0.09, 0.02}, {0.0, 0.02, 0.16}};
    P48Portfolio p = new P48Portfolio(cov, new double[] {0.05, 0.08, 0.12}, 3.0);
    double[] l = {0.1, 0.3, -0.2}, prev = {0.3, 0.3, 0.4};
    P48PortfolioGrad.checkUtility(p, l, prev).assertPassed();
    P48PortfolioGrad.checkUtilityTangent(p, l, prev, new double[] {1, -1, 0.5}, new double[] {0.1, 0.2, 0.3}).assertPassed();
    P48PortfolioGrad.checkUtilityHvp(p, l, prev, new double[] {1, -1, 0.5}, new double[] {0.1, 0.2, 0.3}).assertPassed();
  }
}
