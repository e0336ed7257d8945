package users;

import dev.flatgrad.annotations.Differentiable;

public class P15Styles {
  static final double[] COEF = {1.0, -0.5, 0.25, -0.125};
  private static final int ORDER = COEF.length;

  /** Horner with compound ops and final locals */
  @Differentiable(tangent = true, hessian = true)
  public static double poly(double x, double scale) {
    final double xs = x * scale;
    double acc = 0;
    for (int i = ORDER - 1; i >= 0; --i) {
      acc *= xs;
      acc += COEF[i];
    }
    acc /= 1 + xs * xs;
    acc -= Math.pow(x, 2) * 0.1 - x * x * x * 0.01;
    return acc;
  }

  /** nested ternaries, modulo, int division */
  @Differentiable
  public static double piecewise(double[] a, double t) {
    double s = 0;
    int n = a.length;
    for (int i = 0; i < n; i++) {
      int mid = (i + n) / 2;
      double v = i % 2 == 0 ? a[i] * t : (i % 3 == 0 ? a[mid] / t : a[i] - a[mid] * t);
      s += v > 1.0 ? Math.log(v) : v < -1.0 ? -Math.log(-v) : v;
    }
    return s;
  }

  /** labelled break with early return */
  @Differentiable
  public static double search(double[][] m, double thr) {
    double found = 0;
    outer:
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        if (m[i][j] * thr > 10) {
          return m[i][j] * found;
        }
        if (m[i][j] < 0) break outer;
        found += m[i][j] * thr;
      }
    }
    return found;
  }

  /** switch with fall-through */
  @Differentiable
  public static double sw(double x, int mode) {
    double r = x;
    switch (mode) {
      case 0:
        r *= 2;
        break;
      case 1:
        r += Math.sin(x);
        break;
      case 2:
        r = Math.exp(x);
        break;
      default:
        r = -x;
    }
    return r;
  }

  public static void main(String[] args) {
    P15StylesGrad.checkPoly(0.7, 1.3).assertPassed();
    P15StylesGrad.checkPolyTangent(0.7, 1.3, 0.4, -0.6).assertPassed();
    P15StylesGrad.checkPolyHvp(0.7, 1.3, 0.4, -0.6).assertPassed();
    P15StylesGrad.checkPiecewise(new double[] {0.5, 3.0, -2.5, 1.5, 0.7, -0.3, 2.0}, 1.2).assertPassed();
    P15StylesGrad.checkSearch(new double[][] {{1, 2}, {3, -1}, {5, 6}}, 0.5).assertPassed();
    P15StylesGrad.checkSearch(new double[][] {{1, 2}, {3, 25}, {5, 6}}, 0.5).assertPassed();
    for (int m = 0; m < 4; m++) P15StylesGrad.checkSw(0.3, m).assertPassed();
  }
}
