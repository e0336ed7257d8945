package users;

import dev.flatgrad.annotations.Differentiable;

public class P119GpKernel {
  // a GP's negative log marginal likelihood: a kernel record builds the Gram matrix, a utility class factors it
  public record Kernel(double logLength, double logVariance, double logNoise) {
    double k(double a, double b) {
      double l = Math.exp(logLength);
      double d = (a - b) / l;
      return Math.exp(logVariance) * Math.exp(-0.5 * d * d);
    }

    double[][] gram(double[] xs) {
      int n = xs.length;
      double[][] K = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          K[i][j] = k(xs[i], xs[j]);
          K[j][i] = K[i][j];
        }
        K[i][i] += Math.exp(2 * logNoise);
      }
      return K;
    }
  }

  static final class Chol {
    static double[][] factor(double[][] A) {
      int n = A.length;
      double[][] L = new double[n][n];
      for (int j = 0; j < n; j++) {
        double s = A[j][j];
        for (int k = 0; k < j; k++) s -= L[j][k] * L[j][k];
        L[j][j] = Math.sqrt(s);
        for (int i = j + 1; i < n; i++) {
          double t = A[i][j];
          for (int k = 0; k < j; k++) t -= L[i][k] * L[j][k];
          L[i][j] = t / L[j][j];
        }
      }
      return L;
    }

    static double[] forward(double[][] L, double[] b) {
      double[] y = new double[b.length];
      for (int i = 0; i < b.length; i++) {
        double s = b[i];
        for (int k = 0; k < i; k++) s -= L[i][k] * y[k];
        y[i] = s / L[i][i];
      }
      return y;
    }
  }

  @Differentiable(wrt = {"kern"})
  public static double nlml(Kernel kern, double[] xs, double[] ys) {
    double[][] L = Chol.factor(kern.gram(xs));
    double[] alpha = Chol.forward(L, ys);
    double fit = 0, logDet = 0;
    for (int i = 0; i < ys.length; i++) {
      fit += alpha[i] * alpha[i];
      logDet += Math.log(L[i][i]);
    }
    return 0.5 * fit + logDet + 0.5 * ys.length * Math.log(2 * Math.PI);
  }

  public static void main(String[] args) {
    double[] xs = {-1.5, -0.3, 0.4, 1.1, 2.0};
    double[] ys = {0.2, 0.9, 1.1, 0.4, -0.6};
    P119GpKernelGrad.checkNlml(new Kernel(0.1, -0.2, -1.0), xs, ys).assertPassed();
  }
}
