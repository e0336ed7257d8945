package users;

import dev.flatgrad.annotations.Differentiable;

public class P81Conv1dPool {
  /** conv1d with stride and padding, then max-pool by 2, avg-pool the rest, a dense head */
  @Differentiable
  public static double net(double[] signal, double[][] kernels, double[] bias, double[] head) {
    final int pad = 1, stride = 2;
    int k = kernels[0].length;
    int outLen = (signal.length + 2 * pad - k) / stride + 1;
    double score = 0;
    for (int f = 0; f < kernels.length; f++) {
      double[] fm = new double[outLen];
      for (int o = 0; o < outLen; o++) {
        double acc = bias[f];
        for (int t = 0; t < k; t++) {
          int src = o * stride + t - pad;
          if (src < 0 || src >= signal.length) continue;
          acc += kernels[f][t] * signal[src];
        }
        fm[o] = acc > 0 ? acc : 0.01 * acc;
      }
      int pooled = outLen >> 1;
      double mean = 0;
      for (int p = 0; p < pooled; p++) {
        double m = Math.max(fm[2 * p], fm[2 * p + 1]);
        mean += m / pooled;
      }
      if ((outLen & 1) == 1) mean += fm[outLen - 1] * 0.5;
      score += head[f] * mean;
    }
    return Math.log1p(Math.exp(-score));
  }

  public static void main(String[] args) {
    double[] s = {0.3, -0.8, 1.2, 0.5, -0.1, 0.9, -1.3, 0.4, 0.7};
    double[][] K = {{0.2, -0.5, 0.3}, {-0.4, 0.6, 0.1}};
    P81Conv1dPoolGrad.checkNet(s, K, new double[] {0.05, -0.02}, new double[] {1.2, -0.7}).assertPassed();
  }
}
