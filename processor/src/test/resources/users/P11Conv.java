package users;

import dev.flatgrad.annotations.Differentiable;

public class P11Conv {
  /** valid 1-D convolution with stride, returns feature map */
  @Differentiable
  public static double[] conv1d(double[] signal, double[] kernel, double bias, int stride) {
    int outLen = (signal.length - kernel.length) / stride + 1;
    double[] out = new double[outLen];
    for (int o = 0; o < outLen; o++) {
      double acc = bias;
      int start = o * stride;
      for (int k = 0; k < kernel.length; k++) {
        acc += signal[start + k] * kernel[k];
      }
      out[o] = acc > 0 ? acc : 0.01 * acc; // leaky relu
    }
    return out;
  }

  /** same padding, max pool of 2 */
  @Differentiable
  public static double convPool(double[] x, double[] w) {
    int n = x.length, m = w.length, half = m / 2;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < m; k++) {
        int idx = i + k - half;
        if (idx < 0 || idx >= n) continue;
        y[i] += x[idx] * w[k];
      }
    }
    double s = 0;
    for (int i = 0; i + 1 < n; i += 2) {
      s += Math.max(y[i], y[i + 1]);
    }
    return s;
  }

  public static void main(String[] args) {
    double[] sig = {0.3, -1.2, 0.8, 2.0, -0.4, 1.1, 0.6, -0.9};
    P11ConvGrad.checkConv1d(sig, new double[] {0.5, -0.25, 0.8}, 0.1, 2, new double[] {1, -2, 0.5}).assertPassed();
    P11ConvGrad.checkConvPool(sig, new double[] {0.5, -0.25, 0.8}).assertPassed();
  }
}
