package users;

import dev.flatgrad.annotations.Differentiable;

public class P67MinBound {
  /** only the first n terms, however long the arrays */
  @Differentiable
  public static double truncatedDot(double[] a, double[] b, int n) {
    double s = 0;
    int len = Math.min(n, Math.min(a.length, b.length));
    for (int i = 0; i < len; i++) s += a[i] * b[i];
    for (int i = 0; i < Math.min(n, a.length); i++) s += a[i] * a[i] * 0.1;
    return s;
  }

  /** a window clipped at both ends */
  @Differentiable
  public static double windowed(double[] x, int center, int radius) {
    int lo = Math.max(0, center - radius);
    int hi = Math.min(x.length - 1, center + radius);
    double s = 0;
    for (int i = lo; i <= hi; i++) {
      double wgt = 1.0 - Math.abs(i - center) / (radius + 1.0);
      s += wgt * x[i] * x[i];
    }
    return Math.sqrt(s);
  }

  public static void main(String[] args) {
    P67MinBoundGrad.checkTruncatedDot(new double[] {1, 2, 3, 4}, new double[] {0.5, -1, 2}, 10).assertPassed();
    P67MinBoundGrad.checkTruncatedDot(new double[] {1, 2, 3, 4}, new double[] {0.5, -1, 2}, 2).assertPassed();
    P67MinBoundGrad.checkWindowed(new double[] {0.3, 1, -2, 0.7, 0.4}, 1, 2).assertPassed();
  }
}
