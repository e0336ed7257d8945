package users;

import dev.flatgrad.annotations.Differentiable;

public class P55RowsPutInPlace {
  @Differentiable
  public static double a(double[] x) {
    double[][] m = new double[2][];
    double[] v = new double[2];
    m[0] = v;
    m[1] = new double[2];
    v[0] = x[0] * x[1];
    return m[0][0] * x[0];
  }

  @Differentiable
  public static double b(double[] x) {
    double[][] rows = new double[3][];
    for (int i = 0; i < 3; i++) {
      double[] r = new double[2];
      rows[i] = r;
      r[0] = x[0] * (i + 1);
      r[1] = x[1] * r[0];
    }
    double s = 0;
    for (double[] r : rows) s += r[0] * r[1];
    return s;
  }

  /** fill then store: fine */
  @Differentiable
  public static double fillThenStore(double[] x) {
    double[][] rows = new double[3][];
    for (int i = 0; i < 3; i++) {
      double[] r = new double[2];
      r[0] = x[0] * (i + 1);
      r[1] = x[1] * r[0];
      rows[i] = r;
    }
    double s = 0;
    for (double[] r : rows) s += r[0] * r[1];
    return s;
  }

  public static void main(String[] args) {
    P55RowsPutInPlaceGrad.checkFillThenStore(new double[] {0.5, 1.5}).assertPassed();
    P55RowsPutInPlaceGrad.checkA(new double[] {0.5, 1.5}).assertPassed();
    P55RowsPutInPlaceGrad.checkB(new double[] {0.5, 1.5}).assertPassed();
  }
}
