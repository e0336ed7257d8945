package users;

import dev.flatgrad.annotations.Differentiable;

public class P88IndexArith {
  /** a binary heap layout read by i/2 and 2i+1, strides by shifts, modulo wrap-around */
  @Differentiable
  public static double heap(double[] t) {
    int n = t.length;
    double s = 0;
    for (int i = 1; i < n; i++) {
      int parent = (i - 1) / 2;
      int left = (i << 1) + 1;
      double child = left < n ? t[left] : 0.0;
      s += t[i] * t[parent] + 0.5 * child * t[i >> 1];
    }
    for (int i = 0; i < n; i += 3) {
      s += t[i] * t[(i + n - 1) % n] * (i % 3 == 0 ? 1 : -1);
    }
    for (int stride = 1; stride < n; stride <<= 1) {
      for (int i = 0; i + stride < n; i += 2 * stride) {
        s += 0.1 * t[i] * t[i + stride] / stride;
      }
    }
    int mid = n >>> 1;
    return s + t[mid] * t[n - 1 - mid] + t[Math.abs(-2) % n];
  }

  public static void main(String[] args) {
    P88IndexArithGrad.checkHeap(new double[] {0.3, -0.4, 1.1, 0.2, 0.9, -1.3, 0.5, 0.7}).assertPassed();
    P88IndexArithGrad.checkHeap(new double[] {0.3, -0.4, 1.1, 0.2, 0.9}).assertPassed();
  }
}
