package users;

import dev.flatgrad.annotations.Differentiable;

public class P39Counter {
  /** polynomial evaluation with long exponent counter, bit tricks for parity */
  @Differentiable
  public static double series(double x, int terms) {
    double sum = 0, term = 1;
    long fact = 1;
    for (long k = 0; k < terms; k++) {
      if (k > 0) {
        fact *= k;
        term *= x;
      }
      double sign = (k & 1) == 0 ? 1.0 : -1.0;
      sum += sign * term / fact;
    }
    return sum;
  }

  /** tolerance loop with a break on a NaN guard */
  @Differentiable
  public static double sqrtIter(double a) {
    double x = a > 1 ? a : 1.0;
    for (int it = 0; it < 100; it++) {
      double nx = 0.5 * (x + a / x);
      if (Double.isNaN(nx)) break;
      if (Math.abs(nx - x) < 1e-15 * x) { x = nx; break; }
      x = nx;
    }
    return x;
  }

  public static void main(String[] args) {
    P39CounterGrad.checkSeries(0.7, 15).assertPassed();
    P39CounterGrad.checkSqrtIter(3.7).assertPassed();
  }
}
