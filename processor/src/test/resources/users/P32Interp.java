package users;

import dev.flatgrad.annotations.Differentiable;

public class P32Interp {
  /** linear interpolation on a grid with binary search */
  @Differentiable
  public static double interp(double[] xs, double[] ys, double x) {
    int lo = 0, hi = xs.length - 1;
    if (x <= xs[lo]) return ys[lo];
    if (x >= xs[hi]) return ys[hi];
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (xs[mid] <= x) lo = mid;
      else hi = mid;
    }
    double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
    return ys[lo] * (1 - t) + ys[hi] * t;
  }

  /** Catmull-Rom spline sum over query points */
  @Differentiable
  public static double spline(double[] knots, double[] qs) {
    double total = 0;
    for (double q : qs) {
      int i = (int) Math.floor(q);
      i = Math.max(1, Math.min(i, knots.length - 3));
      double t = q - i;
      double p0 = knots[i - 1], p1 = knots[i], p2 = knots[i + 1], p3 = knots[i + 2];
      double t2 = t * t, t3 = t2 * t;
      total += 0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
    }
    return total;
  }

  public static void main(String[] args) {
    double[] xs = {0, 1, 2.5, 3, 4.2}, ys = {1, 3, 2, -1, 0.5};
    P32InterpGrad.checkInterp(xs, ys, 2.7).assertPassed();
    P32InterpGrad.checkInterp(xs, ys, 0.3).assertPassed();
    P32InterpGrad.checkSpline(ys, new double[] {1.3, 2.2, 0.5, 3.7}).assertPassed();
  }
}
