package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Arrays;

public class P18ArrayUtils {
  /** moving average via prefix sums, buffers filled and copied */
  @Differentiable
  public static double movingAvg(double[] x, int win) {
    var prefix = new double[x.length + 1];
    for (var i = 0; i < x.length; i++) prefix[i + 1] = prefix[i] + x[i];
    var ma = new double[x.length - win + 1];
    for (int i = 0; i < ma.length; i++) ma[i] = (prefix[i + win] - prefix[i]) / win;
    double[] padded = Arrays.copyOf(ma, ma.length + 2);
    double[] shifted = new double[padded.length];
    System.arraycopy(padded, 0, shifted, 1, padded.length - 1);
    Arrays.fill(shifted, 0, 1, ma[0]);
    double s = 0;
    for (int i = 0; i < shifted.length; i++) s += Math.fma(shifted[i], padded[i], 0.5 * shifted[i]);
    return s;
  }

  /** geometry: polygon area and perimeter with atan2 / hypot */
  @Differentiable(tangent = true, hessian = true)
  public static double polygon(double[] xs, double[] ys) {
    int n = xs.length;
    double area = 0, perim = 0, turn = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      area += xs[i] * ys[j] - xs[j] * ys[i];
      perim += Math.hypot(xs[j] - xs[i], ys[j] - ys[i]);
      turn += Math.atan2(ys[j] - ys[i], xs[j] - xs[i]);
    }
    return Math.abs(area) / 2 + perim + 0.1 * turn;
  }

  /** NaN guards and long counters */
  @Differentiable
  public static double robustMean(double[] x) {
    double total = 0;
    long count = 0L;
    for (double v : x) {
      if (Double.isNaN(v) || Double.isInfinite(v)) continue;
      total += v;
      count++;
    }
    if (count == 0) return 0.0;
    return total / count;
  }

  public static void main(String[] args) {
    P18ArrayUtilsGrad.checkMovingAvg(new double[] {1, 2.5, -0.3, 0.8, 4.1, 2.2, 0.9}, 3).assertPassed();
    double[] xs = {0, 2, 2.5, 0.3}, ys = {0, 0.2, 1.9, 1.5};
    P18ArrayUtilsGrad.checkPolygon(xs, ys).assertPassed();
    P18ArrayUtilsGrad.checkPolygonTangent(xs, ys, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {-0.1, 0.2, 0.1, 0.0}).assertPassed();
    P18ArrayUtilsGrad.checkPolygonHvp(xs, ys, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {-0.1, 0.2, 0.1, 0.0}).assertPassed();
    P18ArrayUtilsGrad.checkRobustMean(new double[] {1, 2, 3, 4.5}).assertPassed();
  }
}
