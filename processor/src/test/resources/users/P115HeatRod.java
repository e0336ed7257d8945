package users;

import dev.flatgrad.annotations.Differentiable;

public class P115HeatRod {
  /** a rod's conductivity per cell and a heat source per cell */
  public record Rod(double[] kappa, double[] source) {
    int cells() {
      return kappa.length;
    }
  }

  public record Solver(double dt, int maxSteps, double tol) {}

  /** explicit Euler to (near) steady state with fixed ends, stopping early; the history of every 5th step kept in a 2-D array */
  @Differentiable(wrt = {"rod"})
  public static double steadyMean(Rod rod, Solver sv) {
    int n = rod.cells();
    double[] u = new double[n];
    double[][] history = new double[sv.maxSteps() / 5 + 1][];
    int kept = 0;
    for (int step = 0; step < sv.maxSteps(); step++) {
      double[] next = u.clone();
      double change = 0;
      for (int i = 1; i < n - 1; i++) {
        double flux = rod.kappa()[i] * (u[i - 1] - 2 * u[i] + u[i + 1]);
        next[i] = u[i] + sv.dt() * (flux + rod.source()[i]);
        change = Math.max(change, Math.abs(next[i] - u[i]));
      }
      u = next;
      if (step % 5 == 0) history[kept++] = u.clone();
      if (change < sv.tol()) break;
    }
    double mean = 0;
    for (double v : u) mean += v / n;
    double drift = 0;
    for (int h = 1; h < kept; h++) drift += history[h][n / 2] - history[h - 1][n / 2];
    return mean + 0.1 * drift;
  }

  public static void main(String[] args) {
    var rod = new Rod(new double[] {1.0, 0.8, 1.2, 0.9, 1.1, 1.0}, new double[] {0, 0.5, 1.0, 0.7, 0.2, 0});
    P115HeatRodGrad.checkSteadyMean(rod, new Solver(0.1, 200, 1e-6)).assertPassed();
    P115HeatRodGrad.checkSteadyMean(rod, new Solver(0.1, 23, 1e-12)).assertPassed();
  }
}
