package users;

import dev.flatgrad.annotations.Differentiable;

public class P59Seeded {
  /** feature hashing: index by a hashed long, floorMod keeps it non-negative */
  @Differentiable
  public static double hashed(double[] table, long[] ids, double[] vals) {
    int m = table.length;
    double s = 0;
    for (int i = 0; i < ids.length; i++) {
      long h = ids[i] * 0x9E3779B97F4A7C15L;
      h ^= (h >>> 31);
      int slot = (int) Math.floorMod(h, (long) m);
      int sign = ((h >>> 7) & 1L) == 0 ? 1 : -1;
      s += sign * table[slot] * vals[i];
    }
    return s * s + table[Math.floorMod(-3, m)];
  }

  public static void main(String[] args) {
    double[] w = {0.4, -0.3, 1.2, 0.8, -0.5};
    P59SeededGrad.checkHashed(w, new long[] {1, 99, -17, 123456789L}, new double[] {0.5, 1.5, -2, 0.25}).assertPassed();
  }
}
