package users;

import dev.flatgrad.annotations.Differentiable;

public class P19Layer {
  /** dense layer with activation chosen by an int */
  @Differentiable
  public static double[] dense(double[][] W, double[] b, double[] x, int act) {
    double[] res = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      double z = b[i];
      for (int j = 0; j < x.length; j++) z += W[i][j] * x[j];
      switch (act) {
        case 0 -> res[i] = Math.tanh(z);
        case 1 -> res[i] = z > 0 ? z : 0;
        default -> res[i] = z / (1 + Math.exp(-z));
      }
    }
    return res;
  }

  /** two layers calling the layer above, matrix out */
  @Differentiable
  public static double[][] outer(double[] u, double[] v) {
    double[][] m = new double[u.length][v.length];
    for (int i = 0; i < u.length; i++)
      for (int j = 0; j < v.length; j++)
        m[i][j] = u[i] * v[j] - (i == j ? 1 : 0);
    return m;
  }

  @Differentiable
  public static double mlp(double[][] W1, double[] b1, double[][] W2, double[] b2, double[] x) {
    double[] h = dense(W1, b1, x, 0);
    double[] o = dense(W2, b2, h, 2);
    double s = 0;
    for (double v : o) s += v;
    return s;
  }

  public static void main(String[] args) {
    double[][] W = {{0.1, -0.2, 0.3}, {0.5, 0.1, -0.4}};
    for (int a = 0; a < 3; a++)
      P19LayerGrad.checkDense(W, new double[] {0.1, -0.2}, new double[] {1, 0.5, -0.3}, a, new double[] {1, -0.5}).assertPassed();
    P19LayerGrad.checkOuter(new double[] {1, 2}, new double[] {0.5, -1, 3}, new double[][] {{1, 0, 2}, {0.5, 0.5, -1}}).assertPassed();
    P19LayerGrad.checkMlp(W, new double[] {0.1, -0.2}, new double[][] {{0.3, 0.2}, {-0.1, 0.4}}, new double[] {0, 0.1}, new double[] {1, 0.5, -0.3}).assertPassed();
  }
}
