package users;

import dev.flatgrad.annotations.Differentiable;

public class P69Geometry {
  /** polygon area by the shoelace formula, wrapping with floorMod */
  @Differentiable
  public static double area(double[] xs, double[] ys) {
    int n = xs.length;
    double s = 0;
    for (int i = 0; i < n; i++) {
      int j = Math.floorMod(i + 1, n);
      int k = Math.floorMod(i - 1, n);
      s += xs[i] * (ys[j] - ys[k]);
    }
    return 0.5 * Math.abs(s);
  }

  /** perimeter with hypot and turning angles with atan2, do-while */
  @Differentiable
  public static double perimeter(double[] xs, double[] ys) {
    int n = xs.length;
    double p = 0, turn = 0;
    int i = 0;
    do {
      int j = (i + 1) % n;
      double dx = xs[j] - xs[i], dy = ys[j] - ys[i];
      p += Math.hypot(dx, dy);
      turn += Math.atan2(dy, dx);
      i++;
    } while (i < n);
    return p + 0.1 * turn;
  }

  public static void main(String[] args) {
    double[] xs = {0, 2, 2.5, 0.3};
    double[] ys = {0, 0.1, 1.8, 1.5};
    P69GeometryGrad.checkArea(xs, ys).assertPassed();
    P69GeometryGrad.checkPerimeter(xs, ys).assertPassed();
  }
}
