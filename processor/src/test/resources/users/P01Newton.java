package users;

import dev.flatgrad.annotations.Differentiable;

public class P01Newton {
  /** cube root of a by Newton, with tolerance loop */
  @Differentiable
  public static double cbrtNewton(double a, double x0) {
    double x = x0;
    double delta = 1.0;
    int iter = 0;
    while (Math.abs(delta) > 1e-12 && iter < 50) {
      double fx = x * x * x - a;
      double dfx = 3 * x * x;
      delta = fx / dfx;
      x -= delta;
      iter++;
    }
    return x * x;
  }

  /** fixed-point iteration x = cos(p x) */
  @Differentiable
  public static double fixedPoint(double p) {
    double x = 0.5, prev;
    int n = 0;
    do {
      prev = x;
      x = Math.cos(p * x);
      n += 1;
    } while (Math.abs(x - prev) > 1e-13 && n < 200);
    return x;
  }

  public static void main(String[] args) {
    P01NewtonGrad.checkCbrtNewton(2.5, 1.0).assertPassed();
    P01NewtonGrad.checkFixedPoint(0.7).assertPassed();
    System.out.println(P01NewtonGrad.cbrtNewton(2.5, 1.0));
  }
}
