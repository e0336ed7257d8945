package users;

import dev.flatgrad.annotations.Differentiable;

public class P83RobustLosses {
  static double huber(double r, double delta) {
    double a = Math.abs(r);
    if (a <= delta) return 0.5 * r * r;
    return delta * (a - 0.5 * delta);
  }

  static double pinball(double r, double tau) {
    return r >= 0 ? tau * r : (tau - 1) * r;
  }

  static double logCosh(double r) {
    double a = Math.abs(r);
    return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
  }

  /** a regression fit with a loss chosen per call, quantiles summed, a Tukey-like cap */
  @Differentiable
  public static double fit(double[] w, double[][] X, double[] y, int loss, double[] taus) {
    double total = 0;
    for (int i = 0; i < X.length; i++) {
      double pred = 0;
      for (int j = 0; j < w.length; j++) pred += w[j] * X[i][j];
      double r = y[i] - pred;
      switch (loss) {
        case 0 -> total += huber(r, 0.5);
        case 1 -> {
          for (double tau : taus) total += pinball(r, tau);
        }
        case 2 -> total += logCosh(r);
        default -> {
          double c = 1.5;
          double u = r / c;
          total += Math.abs(u) < 1 ? c * c / 6 * (1 - Math.pow(1 - u * u, 3)) : c * c / 6;
        }
      }
    }
    return total / X.length;
  }

  public static void main(String[] args) {
    double[][] X = {{1, 0.3}, {1, -1.2}, {1, 2.2}, {1, 0.7}, {1, -0.4}};
    double[] y = {0.5, -1.9, 3.1, 0.2, 0.45};
    double[] w = {0.1, 0.9};
    for (int loss = 0; loss < 4; loss++) {
      P83RobustLossesGrad.checkFit(w, X, y, loss, new double[] {0.1, 0.5, 0.9}).assertPassed();
    }
  }
}
