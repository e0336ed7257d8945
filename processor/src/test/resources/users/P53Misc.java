package users;

import dev.flatgrad.annotations.Differentiable;

public class P53Misc {
  /** periodic boundary with floorMod and a rounded index, ternary choosing an array */
  @Differentiable
  public static double ring(double[] a, double[] b, double shift, boolean useA) {
    double[] src = useA ? a : b;
    int n = src.length;
    int off = (int) Math.round(shift);
    double s = 0;
    for (int i = 0; i < n; i++) {
      int j = Math.floorMod(i + off, n);
      s += src[j] * Math.cos(2 * Math.PI * i / n) + shift * src[i];
    }
    return s;
  }

  /** Gauss-Legendre 3-point quadrature over panels, constants in arrays */
  private static final double[] NODES = {-Math.sqrt(3.0 / 5), 0, Math.sqrt(3.0 / 5)};
  private static final double[] WTS = {5.0 / 9, 8.0 / 9, 5.0 / 9};

  @Differentiable(tangent = true, hessian = true)
  public static double quad(double a, double b, int panels) {
    double h = (b - a) / panels, total = 0;
    for (int p = 0; p < panels; p++) {
      double mid = a + (p + 0.5) * h;
      for (int q = 0; q < 3; q++) {
        double x = mid + 0.5 * h * NODES[q];
        total += WTS[q] * 0.5 * h * Math.exp(-x * x) * Math.sin(3 * x);
      }
    }
    return total;
  }

  public static void main(String[] args) {
    double[] a = {0.5, -0.3, 0.8, 1.1}, b = {1, 2, 3, 4};
    P53MiscGrad.checkRing(a, b, 1.3, true).assertPassed();
    P53MiscGrad.checkRing(a, b, 2.2, false).assertPassed();
    P53MiscGrad.checkQuad(0.2, 1.7, 5).assertPassed();
    P53MiscGrad.checkQuadTangent(0.2, 1.7, 5, 0.3, -0.4).assertPassed();
    P53MiscGrad.checkQuadHvp(0.2, 1.7, 5, 0.3, -0.4).assertPassed();
  }
}
