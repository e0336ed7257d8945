package users;

import dev.flatgrad.annotations.Differentiable;

public class P86Overloads {
  static double norm(double x, double y) { return Math.hypot(x, y); }
  static double norm(double[] v) { double s = 0; for (double e : v) s += e * e; return Math.sqrt(s); }
  static double norm(double[][] m) { double s = 0; for (double[] r : m) for (double e : r) s += e * e; return Math.sqrt(s); }
  private static double mean(double... xs) { double s = 0; for (double x : xs) s += x; return s / xs.length; }
  private static double weighted(double w, double... xs) {
    double s = 0;
    for (int i = 0; i < xs.length; i++) s += Math.pow(w, i) * xs[i];
    return s;
  }
  static int clampIndex(int i, int n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }

  /** overloaded helpers on scalars, vectors, matrices; varargs called with lists and arrays */
  @Differentiable
  public static double mix(double[] v, double[][] m, double a) {
    double s = norm(v[0], v[1]) + norm(v) * norm(m);
    s += mean(a, a * a, v[2]) + mean(v);
    s += weighted(0.5, v) + weighted(a, m[0][0], m[1][1]);
    double[] tmp = {v[0] * a, v[1] - a, Math.atan2(v[2], a)};
    s += mean(tmp) * v[clampIndex((int) Math.floor(a * 10), v.length)];
    return s;
  }

  public static void main(String[] args) {
    double[][] m = {{0.5, -0.3}, {1.2, 0.8}};
    P86OverloadsGrad.checkMix(new double[] {0.3, -1.1, 0.7}, m, 0.15).assertPassed();
    P86OverloadsGrad.checkMix(new double[] {0.3, -1.1, 0.7}, m, 0.95).assertPassed();
  }
}
