package users;

import dev.flatgrad.annotations.Differentiable;

public class P99Bezier {
  private static final double[] GL_X = {-0.906179845938664, -0.538469310105683, 0.0, 0.538469310105683, 0.906179845938664};
  private static final double[] GL_W = {0.236926885056189, 0.478628670499366, 0.568888888888889, 0.478628670499366, 0.236926885056189};

  static long binom(int n, int k) {
    long r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return r;
  }

  /** arc length of a Bezier curve by 5-point Gauss-Legendre on each of m panels, plus a bending term */
  @Differentiable
  public static double length(double[][] ctrl, int panels) {
    final int deg = ctrl.length - 1;
    double total = 0, bend = 0;
    for (int p = 0; p < panels; p++) {
      double a = (double) p / panels, b = (p + 1.0) / panels;
      for (int q = 0; q < GL_X.length; q++) {
        double t = 0.5 * (b - a) * GL_X[q] + 0.5 * (a + b);
        double dx = 0, dy = 0, ddx = 0, ddy = 0;
        for (int k = 0; k < deg; k++) {
          double basis = binom(deg - 1, k) * Math.pow(t, k) * Math.pow(1 - t, deg - 1 - k);
          dx += deg * basis * (ctrl[k + 1][0] - ctrl[k][0]);
          dy += deg * basis * (ctrl[k + 1][1] - ctrl[k][1]);
        }
        for (int k = 0; k + 2 <= deg; k++) {
          double basis = binom(deg - 2, k) * Math.pow(t, k) * Math.pow(1 - t, deg - 2 - k);
          ddx += deg * (deg - 1) * basis * (ctrl[k + 2][0] - 2 * ctrl[k + 1][0] + ctrl[k][0]);
          ddy += deg * (deg - 1) * basis * (ctrl[k + 2][1] - 2 * ctrl[k + 1][1] + ctrl[k][1]);
        }
        double speed = Math.hypot(dx, dy);
        total += 0.5 * (b - a) * GL_W[q] * speed;
        double curv = Math.abs(dx * ddy - dy * ddx) / Math.pow(speed, 3);
        bend += 0.5 * (b - a) * GL_W[q] * curv * curv * speed;
      }
    }
    return total + 0.01 * bend;
  }

  public static void main(String[] args) {
    double[][] c = {{0, 0}, {0.3, 1.0}, {1.2, 1.1}, {2.0, 0.2}};
    P99BezierGrad.checkLength(c, 4).assertPassed();
  }
}
