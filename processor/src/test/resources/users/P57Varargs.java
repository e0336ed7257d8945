package users;

import dev.flatgrad.annotations.Differentiable;

public class P57Varargs {
  static double sumSq(double... v) {
    double s = 0;
    for (double e : v) s += e * e;
    return s;
  }

  static double[] scaled(double[] v, double a) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = a * v[i];
    return out;
  }

  static double max(double first, double... rest) {
    double m = first;
    for (double r : rest) if (r > m) m = r;
    return m;
  }

  @Differentiable
  public static double energy(double[] x, double a, double b) {
    double e1 = sumSq(a, b, a * b);
    double e2 = sumSq(x);
    double e3 = sumSq(scaled(x, a));
    double e4 = sumSq();
    return e1 + 0.5 * e2 + e3 + e4 + max(a, b, x[0]);
  }

  public static void main(String[] args) {
    P57VarargsGrad.checkEnergy(new double[] {0.4, -0.3, 1.2}, 0.7, -1.1).assertPassed();
  }
}
