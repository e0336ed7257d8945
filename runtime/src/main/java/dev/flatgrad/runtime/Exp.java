package dev.flatgrad.runtime;

/**
 * The runtime's {@code e^x}: {@link Nd#exp} and the exponentials inside {@code softmax},
 * {@code logSoftmax}, {@code logSumExp} and their backward helpers. One algorithm with a scalar
 * form and a Vector API form ({@code VectorExp}, loaded when the JVM runs with {@code
 * --add-modules jdk.incubator.vector}, unless {@code flatgrad.vector} is {@code false}) that
 * perform the same operations in the same order, so a result is bit for bit the same with or
 * without the module, whichever entries a vector covers.
 *
 * <p>Why not {@link Math#exp}: it is one call per entry (about 8 ns on the benchmarks' Xeon, a
 * quarter of the 256×100×10 softmax classifier's forward pass in the profile), and the Vector
 * API's own {@code EXP} rounds differently from it, so results would depend on a JVM flag. With
 * the module, {@code Nd.exp} of 256×10 takes 10 µs against 18–22 (the rows' allocation
 * included) and of 16,384 entries 60 against 218 (best of 225 interleaved rounds, loaded
 * machine); without it, about what {@link Math#exp} takes.
 *
 * <p>The algorithm: {@code x = k·ln 2 + r} with {@code k} the integer nearest {@code x / ln 2}
 * and {@code |r| ≤ ln 2 / 2}, ln 2 in two parts (fdlibm's), so that the high part of {@code r} is
 * exact and the low part is carried apart; {@code e^r - 1 - r} by its Taylor series to {@code
 * r^13/13!} (the first term left out is below 2⁻⁵⁸ of the result) in fused multiply-adds; {@code
 * 1 + r} summed exactly (its rounding error kept and added to the tail); then {@code 2^k} times
 * the sum, the power of two built from its bits. Accuracy: within 0.6 ulp of the exact result
 * ({@code ExpTest}: 0.59 at worst over 20,000 points against a 40-digit reference), and at most 1
 * ulp from {@link Math#exp} (1.5% of a million points differ from it). Outside {@code |x| ≤ 708}
 * (where {@code 2^k} would not be a normal double: overflow, subnormal results, infinities, NaN)
 * the result is {@link Math#exp}'s, in both forms.
 */
final class Exp {
  private Exp() {}

  /** Beyond this magnitude the result is {@link Math#exp}'s. */
  static final double LIMIT = 708;
  static final double LOG2_E = 1.4426950408889634;
  /** {@code 1.5·2⁵²}: adding it rounds a double below 2⁵¹ to an integer, kept in the low bits. */
  static final double SHIFT = 0x1.8p52;
  /** ln 2 in two parts (fdlibm's): the first has 32 significant bits, so {@code k·LN2_HI} is exact. */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  /** {@code 1/k!} for k = 2 … 13. */
  static final double C2 = 1.0 / 2;
  static final double C3 = 1.0 / 6;
  static final double C4 = 1.0 / 24;
  static final double C5 = 1.0 / 120;
  static final double C6 = 1.0 / 720;
  static final double C7 = 1.0 / 5040;
  static final double C8 = 1.0 / 40320;
  static final double C9 = 1.0 / 362880;
  static final double C10 = 1.0 / 3628800;
  static final double C11 = 1.0 / 39916800;
  static final double C12 = 1.0 / 479001600;
  static final double C13 = 1.0 / 6227020800.0;

  /** The Vector API form, or null (no module, or vectors narrower than four doubles). */
  private static final Kernel VECTOR = loadVectorKernel();

  /**
   * The vector form of {@link #exp(double[], double, double[], int, int)}: whole vectors from
   * {@code from}, returning where it stopped.
   */
  interface Kernel {
    int exp(double[] x, double shift, double[] out, int from, int to);
  }

  /** {@code e^x}. */
  static double exp(double x) {
    if (!(Math.abs(x) <= LIMIT)) {
      return Math.exp(x);
    }
    double shifted = x * LOG2_E + SHIFT;
    double k = shifted - SHIFT;
    double rHi = Math.fma(-k, LN2_HI, x);
    double rLo = -k * LN2_LO;
    double r = rHi + rLo;
    double q = Math.fma(C13, r, C12);
    q = Math.fma(q, r, C11);
    q = Math.fma(q, r, C10);
    q = Math.fma(q, r, C9);
    q = Math.fma(q, r, C8);
    q = Math.fma(q, r, C7);
    q = Math.fma(q, r, C6);
    q = Math.fma(q, r, C5);
    q = Math.fma(q, r, C4);
    q = Math.fma(q, r, C3);
    q = Math.fma(q, r, C2);
    double tail = Math.fma(q, r * r, rLo);
    double head = 1 + rHi;
    tail = (1 - head + rHi) + tail;
    return (head + tail) * Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) + 1023) << 52);
  }

  /**
   * {@code out[j] = e^(x[j] - shift)} for j in [from, to) (the shift for a softmax's maximum; 0
   * for none). {@code out} is not {@code x}: the vector form may compute an entry twice.
   */
  static void exp(double[] x, double shift, double[] out, int from, int to) {
    int j = VECTOR == null ? from : VECTOR.exp(x, shift, out, from, to);
    for (; j < to; j++) {
      out[j] = exp(x[j] - shift);
    }
  }

  /** Whether the Vector API form is in use (for tests and diagnostics). */
  static boolean vectorized() {
    return VECTOR != null;
  }

  private static Kernel loadVectorKernel() {
    if (!Boolean.parseBoolean(System.getProperty("flatgrad.vector", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      // Compiled apart against the incubating module, as VectorMatMul.
      return (Kernel)
          Class.forName("dev.flatgrad.runtime.VectorExp").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
