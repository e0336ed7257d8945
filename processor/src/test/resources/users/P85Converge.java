package users;

import dev.flatgrad.annotations.Differentiable;

public class P85Converge {
  public static final class Settings {
    public final double tol;
    public final int maxIter;
    public Settings(double tol, int maxIter) { this.tol = tol; this.maxIter = maxIter; }
    public boolean done(double change, int it) { return change < tol || it >= maxIter; }
  }

  /** fixed point of x = cos(a x) + b by damped iteration, stopping on the settings' test */
  @Differentiable
  public static double fixedPoint(double a, double b, Settings cfg) {
    double x = 0.5;
    int it = 0;
    double change;
    do {
      double next = 0.5 * x + 0.5 * (Math.cos(a * x) + b);
      change = Math.abs(next - x);
      x = next;
      it++;
    } while (!cfg.done(change, it));
    return x * x;
  }

  /** power iteration with a while on a tolerance field read directly */
  @Differentiable
  public static double topEigen(double[][] A, Settings cfg) {
    int n = A.length;
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1.0 / Math.sqrt(n));
    double lambda = 0, prev = Double.MAX_VALUE;
    int it = 0;
    while (Math.abs(lambda - prev) > cfg.tol && it < cfg.maxIter) {
      prev = lambda;
      double[] w = new double[n];
      for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i] += A[i][j] * v[j];
      double norm = 0;
      for (double e : w) norm += e * e;
      norm = Math.sqrt(norm);
      lambda = 0;
      for (int i = 0; i < n; i++) { lambda += v[i] * w[i]; v[i] = w[i] / norm; }
      it++;
    }
    return lambda;
  }

  public static void main(String[] args) {
    Settings s = new Settings(1e-13, 200);
    P85ConvergeGrad.checkFixedPoint(0.7, 0.2, s).assertPassed();
    double[][] A = {{2, 0.5, 0.1}, {0.5, 1, 0.2}, {0.1, 0.2, 0.5}};
    P85ConvergeGrad.checkTopEigen(A, new Settings(1e-15, 40)).assertPassed();
  }
}
