package users;

import dev.flatgrad.annotations.Differentiable;

public class P04MonteCarlo {
  @Differentiable
  public static double asianCall(double S0, double K, double r, double sigma, double T, int nPaths, int nSteps, long seed) {
    long state = seed;
    double dt = T / nSteps;
    double drift = (r - 0.5 * sigma * sigma) * dt;
    double vol = sigma * Math.sqrt(dt);
    double total = 0;
    for (int path = 0; path < nPaths; path++) {
      double s = S0;
      double avg = 0;
      for (int t = 0; t < nSteps; t++) {
        // Box-Muller from an inline LCG
        state = state * 6364136223846793005L + 1442695040888963407L;
        double u1 = ((state >>> 11) + 0.5) / 9007199254740992.0;
        state = state * 6364136223846793005L + 1442695040888963407L;
        double u2 = ((state >>> 11) + 0.5) / 9007199254740992.0;
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        s *= Math.exp(drift + vol * z);
        avg += s / nSteps;
      }
      double payoff = avg - K;
      if (payoff > 0) total += payoff;
    }
    return Math.exp(-r * T) * total / nPaths;
  }

  public static void main(String[] args) {
    P04MonteCarloGrad.checkAsianCall(100, 90, 0.02, 0.2, 1.0, 50, 12, 42L).assertPassed();
  }
}
