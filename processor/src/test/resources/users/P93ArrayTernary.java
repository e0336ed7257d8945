package users;

import dev.flatgrad.annotations.Differentiable;

public class P93ArrayTernary {
  /** arrays chosen by ternaries, a matrix of chosen rows, chained assignment */
  @Differentiable
  public static double choose(double[] a, double[] b, double[][] X, boolean useA) {
    double[] src = useA ? a : b;
    double[] other = useA ? b : a;
    double[][] sel = {X[0], X[X.length - 1]};
    double s, t;
    s = t = 0.0;
    for (int i = 0; i < src.length; i++) {
      s += src[i] * sel[i % 2][i % sel[0].length];
      t += other[i] > 0 ? other[i] * src[i] : -other[i];
    }
    return s * t + (s > t ? s : t);
  }

  public static void main(String[] args) {
    double[][] X = {{0.1, 0.2, 0.3}, {0.5, -0.5, 0.1}, {0.7, 0.8, -0.9}};
    P93ArrayTernaryGrad.checkChoose(new double[] {0.3, -0.6, 1.0}, new double[] {0.4, 0.2, -0.7}, X, true).assertPassed();
    P93ArrayTernaryGrad.checkChoose(new double[] {0.3, -0.6, 1.0}, new double[] {0.4, 0.2, -0.7}, X, false).assertPassed();
  }
}
