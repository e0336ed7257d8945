package users;

import dev.flatgrad.annotations.Differentiable;

public class P43Returns {
  /** first crossing time by linear interpolation, early return in the loop */
  @Differentiable
  public static double crossing(double[] path, double level) {
    for (int t = 1; t < path.length; t++) {
      if (path[t - 1] < level && path[t] >= level) {
        double frac = (level - path[t - 1]) / (path[t] - path[t - 1]);
        return t - 1 + frac;
      }
    }
    return path.length;
  }

  /** returns inside nested loop and switch */
  @Differentiable
  public static double firstBig(double[][] m, double thr, int mode) {
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        double v = m[i][j];
        switch (mode) {
          case 0:
            if (v > thr) return v * v;
            break;
          case 1:
            if (-v > thr) return -v * thr;
            break;
          default:
            return v;
        }
      }
    }
    return -1;
  }

  public static void main(String[] args) {
    P43ReturnsGrad.checkCrossing(new double[] {0.1, 0.3, 0.45, 0.9, 1.2}, 0.6).assertPassed();
    double[][] m = {{0.1, 0.3}, {-2, 3}};
    for (int k = 0; k < 3; k++) P43ReturnsGrad.checkFirstBig(m, 1.0, k).assertPassed();
  }
}
