package users;

import dev.flatgrad.annotations.Differentiable;

public class P109HuberSwitch {
  enum Kind { SQUARED, HUBER, PSEUDO_HUBER, CAUCHY }

  record Robust(Kind kind, double delta) {}

  public record Line(double[] slope, double intercept) {
    double predict(double[] x) {
      double s = intercept;
      for (int i = 0; i < x.length; i++) s += slope[i] * x[i];
      return s;
    }
  }

  static double rho(Robust r, double e) {
    final double d = r.delta();
    switch (r.kind()) {
      case SQUARED:
        return 0.5 * e * e;
      case HUBER:
        if (Math.abs(e) <= d) return 0.5 * e * e;
        return d * (Math.abs(e) - 0.5 * d);
      case PSEUDO_HUBER: {
        double q = e / d;
        return d * d * (Math.sqrt(1 + q * q) - 1);
      }
      default:
        return 0.5 * d * d * Math.log1p((e / d) * (e / d));
    }
  }

  /** a robust fit that stops summing at the first row marked as the end (a NaN target) */
  @Differentiable
  public static double fit(Line line, double[][] X, double[] y, Robust r) {
    double total = 0;
    int used = 0;
    rows:
    for (int n = 0; n < X.length; n++) {
      if (Double.isNaN(y[n])) break rows;
      for (double v : X[n]) {
        if (Double.isInfinite(v)) continue rows;
      }
      total += rho(r, y[n] - line.predict(X[n]));
      used++;
    }
    return used == 0 ? 0 : total / used;
  }

  public static void main(String[] args) {
    var line = new Line(new double[] {0.7, -0.4}, 0.2);
    double[][] X = {{1, 2}, {0.5, -1}, {Double.POSITIVE_INFINITY, 0}, {3, 0.2}, {-2, 1}, {0, 0}};
    double[] y = {0.1, 2.5, 0, -1.0, 0.4, Double.NaN};
    for (Kind k : Kind.values()) {
      P109HuberSwitchGrad.checkFit(line, X, y, new Robust(k, 1.0)).assertPassed();
    }
  }
}
