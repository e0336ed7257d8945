package dev.flatgrad.runtime;

/**
 * The matrix-product kernels behind {@link Nd#dot}, {@link Nd#transposeDot} and {@link
 * Nd#dotTranspose}. One cache-blocked kernel computes {@code c += op(a) · op(b)}, where {@code
 * op} is the identity or the transpose, read in place.
 *
 * <p>The loop order is i-k-j: the innermost loop is an axpy over a row of {@code c} and a row of
 * {@code b}, contiguous in memory, which the JIT vectorises. Around it, a 4×2 register tile (four
 * rows of {@code c}, two steps of {@code k}) loads each element of {@code b} once for eight
 * multiply-adds, and blocking over {@code k} and {@code j} keeps the {@code KB × JB} panel of
 * {@code b} in the L2 cache while every row of {@code a} streams past it. Without the blocking a
 * product whose right operand exceeds the cache runs about three times slower.
 */
final class MatMul {
  /**
   * The Vector API kernel, or null: present when the JVM runs with {@code --add-modules
   * jdk.incubator.vector} on a CPU with vectors of at least four doubles, unless the system
   * property {@code flatgrad.vector} is {@code false}. It keeps an 8×16 tile of {@code c} in
   * registers over a packed panel of {@code b} and runs 5–6 times faster than the plain kernel
   * below (75 against 12.5 GFLOP/s on one core at 256×3072·3072×100, AVX-512); the plain kernel
   * is what every JVM runs without the flag.
   */
  private static final MatMulKernel VECTOR = loadVectorKernel();

  /** Below this many multiply-adds the plain kernel wins: the vector one packs {@code b} first. */
  private static final long VECTOR_MIN_WORK = 1 << 14;

  private static MatMulKernel loadVectorKernel() {
    if (!Boolean.parseBoolean(System.getProperty("flatgrad.vector", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      // Not a direct reference: the class is compiled apart, against the incubating module, and
      // its constructor throws if the CPU's vectors are too narrow to pay off.
      return (MatMulKernel)
          Class.forName("dev.flatgrad.runtime.VectorMatMul").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** The kernel products use: the Vector API one if loaded, for diagnostics and tests. */
  static String kernelName() {
    return VECTOR == null ? "plain Java" : VECTOR.toString();
  }

  /** The Vector API kernel, or null if this JVM runs without it (for tests). */
  static MatMulKernel vectorKernel() {
    return VECTOR;
  }

  /** Rows of the {@code b} panel: with {@link #JB}, a 256 KB panel that fits L2. */
  private static final int KB = 128;

  /** Columns of the {@code b} panel and of the rows of {@code c} a tile updates. */
  private static final int JB = 256;

  private MatMul() {}

  /**
   * {@code c += op(a) · op(b)} for a rectangular {@code c} of shape (n, m) and inner dimension
   * {@code inner}. {@code op(a)(i, k)} is {@code a[k][i]} if {@code transposeA}, else {@code
   * a[i][k]}; {@code op(b)(k, j)} is {@code b[j][k]} if {@code transposeB}, else {@code b[k][j]}.
   * A transposed {@code b} is packed one panel at a time, never transposed as a whole.
   */
  static void accumulate(
      double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB, int inner) {
    int rows = c.length;
    int cols = rows == 0 ? 0 : c[0].length;
    if (VECTOR != null && rows >= 8 && (long) rows * cols * inner >= VECTOR_MIN_WORK) {
      VECTOR.accumulate(c, a, transposeA, b, transposeB, inner);
    } else {
      plainAccumulate(c, a, transposeA, b, transposeB, inner);
    }
  }

  /** The plain-Java kernel, on every JVM. */
  static void plainAccumulate(
      double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB, int inner) {
    int n = c.length;
    int m = n == 0 ? 0 : c[0].length;
    double[][] packed = transposeB ? new double[Math.min(KB, inner)][Math.min(JB, m)] : null;
    for (int j0 = 0; j0 < m; j0 += JB) {
      int j1 = Math.min(m, j0 + JB);
      for (int k0 = 0; k0 < inner; k0 += KB) {
        int k1 = Math.min(inner, k0 + KB);
        Panel p = transposeB ? Panel.packed(b, k0, k1, j0, j1, packed) : new Panel(b, 0, 0);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
          tile4(c, i, a, transposeA, p, k0, k1, j0, j1);
        }
        for (; i < n; i++) {
          tile1(c, i, a, transposeA, p, k0, k1, j0, j1);
        }
      }
    }
  }

  /**
   * The rows of {@code op(b)} for one block: {@code op(b)(k, j)} is {@code rows[k - rowShift][j -
   * colShift]}.
   */
  private record Panel(double[][] rows, int rowShift, int colShift) {
    /** Copies {@code b[j][k]}, k in [k0, k1), j in [j0, j1), to {@code buffer[k - k0][j - j0]}. */
    static Panel packed(double[][] b, int k0, int k1, int j0, int j1, double[][] buffer) {
      for (int j = j0; j < j1; j++) {
        double[] bj = b[j];
        for (int k = k0; k < k1; k++) {
          buffer[k - k0][j - j0] = bj[k];
        }
      }
      return new Panel(buffer, k0, j0);
    }
  }

  private static double at(double[][] a, boolean transposed, int i, int k) {
    return transposed ? a[k][i] : a[i][k];
  }

  /** Rows i..i+3 of c, columns [j0, j1), over k in [k0, k1): the hot loop. */
  private static void tile4(
      double[][] c,
      int i,
      double[][] a,
      boolean ta,
      Panel p,
      int k0,
      int k1,
      int j0,
      int j1) {
    double[] c0 = c[i];
    double[] c1 = c[i + 1];
    double[] c2 = c[i + 2];
    double[] c3 = c[i + 3];
    int len = j1 - j0;
    int pj = j0 - p.colShift();
    int k = k0;
    for (; k + 2 <= k1; k += 2) {
      double[] u = p.rows()[k - p.rowShift()];
      double[] v = p.rows()[k + 1 - p.rowShift()];
      double a0u = at(a, ta, i, k);
      double a0v = at(a, ta, i, k + 1);
      double a1u = at(a, ta, i + 1, k);
      double a1v = at(a, ta, i + 1, k + 1);
      double a2u = at(a, ta, i + 2, k);
      double a2v = at(a, ta, i + 2, k + 1);
      double a3u = at(a, ta, i + 3, k);
      double a3v = at(a, ta, i + 3, k + 1);
      for (int t = 0; t < len; t++) {
        double bu = u[pj + t];
        double bv = v[pj + t];
        c0[j0 + t] += a0u * bu + a0v * bv;
        c1[j0 + t] += a1u * bu + a1v * bv;
        c2[j0 + t] += a2u * bu + a2v * bv;
        c3[j0 + t] += a3u * bu + a3v * bv;
      }
    }
    if (k < k1) {
      double[] u = p.rows()[k - p.rowShift()];
      double a0 = at(a, ta, i, k);
      double a1 = at(a, ta, i + 1, k);
      double a2 = at(a, ta, i + 2, k);
      double a3 = at(a, ta, i + 3, k);
      for (int t = 0; t < len; t++) {
        double bu = u[pj + t];
        c0[j0 + t] += a0 * bu;
        c1[j0 + t] += a1 * bu;
        c2[j0 + t] += a2 * bu;
        c3[j0 + t] += a3 * bu;
      }
    }
  }

  /** One row of c: the leftover rows when n is not a multiple of 4. */
  private static void tile1(
      double[][] c,
      int i,
      double[][] a,
      boolean ta,
      Panel p,
      int k0,
      int k1,
      int j0,
      int j1) {
    double[] ci = c[i];
    int len = j1 - j0;
    int pj = j0 - p.colShift();
    for (int k = k0; k < k1; k++) {
      double[] u = p.rows()[k - p.rowShift()];
      double aik = at(a, ta, i, k);
      for (int t = 0; t < len; t++) {
        ci[j0 + t] += aik * u[pj + t];
      }
    }
  }

  /** {@code sum(u * v)} with four partial sums, which the CPU can overlap. */
  static double dot(double[] u, double[] v) {
    int n = u.length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 4 <= n; k += 4) {
      s0 += u[k] * v[k];
      s1 += u[k + 1] * v[k + 1];
      s2 += u[k + 2] * v[k + 2];
      s3 += u[k + 3] * v[k + 3];
    }
    for (; k < n; k++) {
      s0 += u[k] * v[k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@code out += s * x}. */
  static void axpy(double[] out, double s, double[] x) {
    for (int j = 0; j < out.length; j++) {
      out[j] += s * x[j];
    }
  }
}
