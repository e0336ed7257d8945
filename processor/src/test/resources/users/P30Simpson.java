package users;

import dev.flatgrad.annotations.Differentiable;

public class P30Simpson {
  private static double integrand(double x, double a, double b) {
    return Math.exp(-a * x * x) * Math.cos(b * x);
  }

  /** composite Simpson with even/odd weights */
  @Differentiable(tangent = true, hessian = true)
  public static double simpson(double a, double b, double upper, int n) {
    if (n % 2 == 1) n++;
    double h = upper / n;
    double sum = integrand(0, a, b) + integrand(upper, a, b);
    for (int i = 1; i < n; i++) {
      double x = i * h;
      sum += (i % 2 == 0 ? 2 : 4) * integrand(x, a, b);
    }
    return sum * h / 3;
  }

  /** bisection for the quantile, then a smooth function of it */
  @Differentiable
  public static double bisect(double target, double scale) {
    double lo = -10, hi = 10;
    for (int it = 0; it < 100; it++) {
      double mid = 0.5 * (lo + hi);
      if (Math.tanh(mid) * scale < target) lo = mid; else hi = mid;
    }
    return (lo + hi) / 2;
  }

  public static void main(String[] args) {
    P30SimpsonGrad.checkSimpson(0.8, 1.3, 2.0, 21).assertPassed();
    P30SimpsonGrad.checkSimpsonTangent(0.8, 1.3, 2.0, 21, 0.3, -0.2, 0.5).assertPassed();
    P30SimpsonGrad.checkSimpsonHvp(0.8, 1.3, 2.0, 21, 0.3, -0.2, 0.5).assertPassed();
    System.out.println(P30SimpsonGrad.bisect(0.3, 2.0));
  }
}
