package users;

import dev.flatgrad.annotations.Differentiable;

public class P112NewtonPoly {
  /** a polynomial by its coefficients, lowest first */
  public record Poly(double[] c) {
    double at(double x) {
      double s = 0;
      for (int i = c.length - 1; i >= 0; i--) s = s * x + c[i];
      return s;
    }

    double slope(double x) {
      double s = 0;
      for (int i = c.length - 1; i >= 1; i--) s = s * x + i * c[i];
      return s;
    }
  }

  /** Newton from x0, returning as soon as the step is tiny; the root depends on c through the iteration */
  @Differentiable
  public static double root(Poly p, double x0) {
    double x = x0;
    for (int it = 0; it < 50; it++) {
      double fx = p.at(x);
      double d = p.slope(x);
      if (d == 0) return x;
      double step = fx / d;
      x -= step;
      if (Math.abs(step) < 1e-13) {
        return x;
      }
    }
    return x;
  }

  /** the sum of the real roots found from a grid of starts, skipping starts that land on found roots */
  @Differentiable
  public static double rootSum(Poly p, double[] starts) {
    double[] found = new double[starts.length];
    int k = 0;
    outer:
    for (double s : starts) {
      double r = root(p, s);
      for (int j = 0; j < k; j++) {
        if (Math.abs(found[j] - r) < 1e-6) continue outer;
      }
      found[k++] = r;
    }
    double sum = 0;
    for (int j = 0; j < k; j++) sum += found[j];
    return sum;
  }

  public static void main(String[] args) {
    var p = new Poly(new double[] {-6, 11, -6, 1}); // (x-1)(x-2)(x-3)
    P112NewtonPolyGrad.checkRoot(p, 0.2).assertPassed();
    P112NewtonPolyGrad.checkRootSum(p, new double[] {0.0, 1.6, 2.4, 4.0, 0.9}).assertPassed();
  }
}
