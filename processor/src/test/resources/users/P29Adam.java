package users;

import dev.flatgrad.annotations.Differentiable;

public class P29Adam {
  /** meta-learning: loss after unrolled Adam steps on a quadratic, differentiated wrt lr and init */
  @Differentiable
  public static double unrolledAdam(double[] init, double lr, double beta1, double beta2, int iters) {
    int dim = init.length;
    double[] params = Arrays2.copy(init);
    double[] m = new double[dim], v = new double[dim];
    double b1t = 1, b2t = 1;
    for (int t = 1; t <= iters; t++) {
      b1t *= beta1;
      b2t *= beta2;
      for (int i = 0; i < dim; i++) {
        double g = 2 * (params[i] - (i + 1)) + Math.cos(params[i]);
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - b1t);
        double vHat = v[i] / (1 - b2t);
        params[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    double loss = 0;
    for (int i = 0; i < dim; i++) loss += (params[i] - (i + 1)) * (params[i] - (i + 1));
    return loss;
  }

  static final class Arrays2 {
    static double[] copy(double[] a) {
      double[] r = new double[a.length];
      for (int i = 0; i < a.length; i++) r[i] = a[i];
      return r;
    }
  }

  public static void main(String[] args) {
    P29AdamGrad.checkUnrolledAdam(new double[] {0.5, 0.1, 2.9}, 0.05, 0.9, 0.999, 10).assertPassed();
  }
}
