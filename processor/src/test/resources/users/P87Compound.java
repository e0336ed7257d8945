package users;

import dev.flatgrad.annotations.Differentiable;

public class P87Compound {
  /** every compound operator on doubles, ints, longs, booleans and array elements */
  @Differentiable
  public static double ops(double[] x, int n) {
    double a = x[0], b = x[1];
    double[] buf = x.clone();
    int k = n;
    long h = 0x12345L;
    boolean flag = false;
    for (int i = 0; i < x.length; i++) {
      a += b * 0.5;
      b -= a * 0.1;
      a *= 1.01;
      b /= 1.02;
      buf[i] *= a;
      buf[(i + 1) % buf.length] += b;
      buf[i] -= 0.25 * x[i];
      buf[i] /= 1 + x[i] * x[i];
      double m = x[i] * 7.3;
      m %= 2.0;
      buf[i] += m;
      k += i;
      k *= 3;
      k %= 17;
      k <<= 1;
      k >>= 1;
      k ^= i;
      k |= 4;
      k &= 0xFF;
      h ^= h << 13;
      h ^= h >>> 7;
      h += i;
      flag |= (k & 1) == 1;
      flag ^= i == 2;
      flag &= true;
      if (flag) a += buf[i];
    }
    int slot = (int) (h & 3L);
    return a * b + buf[slot % buf.length] + k * 0.01 + buf[k % buf.length];
  }

  public static void main(String[] args) {
    P87CompoundGrad.checkOps(new double[] {0.3, -0.4, 1.1, 0.2}, 5).assertPassed();
    P87CompoundGrad.checkOps(new double[] {0.1, 0.6, -0.9, 0.35, 1.3}, 11).assertPassed();
  }
}
