package users;

import dev.flatgrad.annotations.Differentiable;

public class P45RowLocals {
  @Differentiable
  public static double a(double[] m, int steps) {
    double[][] acc = new double[2][2];
    double s = 0;
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < 2; i++) {
        double[] row = acc[i];
        row[0] = m[i] * m[1 - i];
        row[1] = row[0] * m[0];
      }
      s += acc[0][0] * acc[1][1] + acc[0][1];
    }
    return s;
  }

  @Differentiable
  public static double b(double[] m) {
    double[][] acc = new double[2][2];
    double[] row = acc[1];
    row[0] = m[0] * m[1];
    row[1] = m[0];
    return acc[1][0] * acc[1][1];
  }

  public static void main(String[] args) {
    P45RowLocalsGrad.checkA(new double[] {0.5, 1.5}, 3).assertPassed();
    P45RowLocalsGrad.checkB(new double[] {0.5, 1.5}).assertPassed();
  }
}
