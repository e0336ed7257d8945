package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P100HestonMc {
  /** Heston paths by full-truncation Euler, correlated normals from a seeded generator; a call's price */
  @Differentiable
  public static double price(double s0, double v0, double kappa, double theta, double xi, double rho,
      double strike, double rate, double T, int paths, int steps, long seed) {
    Random rng = new Random(seed);
    final double dt = T / steps;
    final double sq = Math.sqrt(dt);
    double payoff = 0;
    for (int p = 0; p < paths; p++) {
      double logS = Math.log(s0), v = v0;
      for (int k = 0; k < steps; k++) {
        double z1 = rng.nextGaussian();
        double z2 = rho * z1 + Math.sqrt(1 - rho * rho) * rng.nextGaussian();
        double vp = Math.max(v, 0.0);
        logS += (rate - 0.5 * vp) * dt + Math.sqrt(vp) * sq * z1;
        v += kappa * (theta - vp) * dt + xi * Math.sqrt(vp) * sq * z2;
      }
      double st = Math.exp(logS);
      // smoothed payoff: softplus with a small width keeps the pathwise derivative defined
      double width = 0.5;
      payoff += width * Math.log1p(Math.exp((st - strike) / width));
    }
    return Math.exp(-rate * T) * payoff / paths;
  }

  public static void main(String[] args) {
    P100HestonMcGrad.checkPrice(100, 0.04, 1.5, 0.04, 0.3, -0.6, 100, 0.01, 0.5, 20, 10, 7L).assertPassed();
  }
}
