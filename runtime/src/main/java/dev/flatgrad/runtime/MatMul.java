package dev.flatgrad.runtime;

/**
 * The matrix-product kernels behind {@link Nd#dot}, {@link Nd#transposeDot} and {@link
 * Nd#dotTranspose} and their accumulating forms. A kernel computes {@code c += op(a) · op(b)},
 * where {@code op} is the identity or the transpose, read in place; a large product is cut into
 * blocks of rows (or of columns) of {@code c} that run on {@link Parallel}'s threads.
 *
 * <p>The plain-Java kernel's loop order is i-k-j: the innermost loop runs along a row of {@code
 * c} and eight rows of {@code b}, contiguous in memory, which the JIT vectorises; blocking over
 * {@code k} and {@code j} keeps the {@code KB × JB} panel of {@code b} in the L2 cache while every
 * row of {@code a} streams past it. Without the blocking a product whose right operand exceeds
 * the cache runs about three times slower.
 */
final class MatMul {

  /**
   * {@code c += op(a) · op(b)} for a rectangular {@code c} of shape (n, m) and inner dimension
   * {@code inner}. {@code op(a)(i, k)} is {@code a[k][i]} if {@code transposeA}, else {@code
   * a[i][k]}; {@code op(b)(k, j)} is {@code b[j][k]} if {@code transposeB}, else {@code b[k][j]}.
   */
  record Product(
      double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB, int inner) {
    int rows() {
      return c.length;
    }

    int cols() {
      return c.length == 0 ? 0 : c[0].length;
    }
  }

  /**
   * Blocks of rows given to a thread start at multiples of this, the vector kernel's tile: a
   * kernel may treat rows in groups whose arithmetic differs from that of the rows left over, so
   * groups must fall where they fall in the single-threaded product. (Today both kernels compute
   * every row alike; the alignment keeps that a kernel's own business.)
   */
  static final int ROW_TILE = 8;

  /** Blocks of columns given to a thread are multiples of this wide (a vector kernel strip). */
  private static final int COL_TILE = 16;

  /**
   * A product is cut into parts of at least this many multiply-adds, so it runs on two threads
   * from about four million (a 160×160·160×160 product): measured (best of 6 s, two parts against
   * one, vector kernel, under a load of 7 on 2 cores) 0.88× at 2.1 million, 1.27× at 4.1.
   */
  static final long PARALLEL_MIN_WORK = 1L << 21;

  /**
   * The Vector API kernel, or null: present when the JVM runs with {@code --add-modules
   * jdk.incubator.vector} on a CPU with vectors of at least four doubles, unless the system
   * property {@code flatgrad.vector} is {@code false}. It keeps an 8×16 tile of {@code c} in
   * registers over a packed panel of {@code b} and runs 5–6 times faster than the plain kernel
   * below (75 against 12.5 GFLOP/s on one core at 256×3072·3072×100, AVX-512); the plain kernel
   * is what every JVM runs without the flag.
   */
  private static final MatMulKernel VECTOR = loadVectorKernel();

  private static final MatMulKernel PLAIN = MatMul::plainAccumulate;

  /** Below this many multiply-adds the plain kernel wins: the vector one packs {@code b} first. */
  private static final long VECTOR_MIN_WORK = 1 << 14;

  private static final KernelAdvice ADVICE = new KernelAdvice(
      ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
          && Boolean.parseBoolean(System.getProperty("flatgrad.vector", "true")),
      System.getLogger("dev.flatgrad.runtime"));

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
   * {@code c += op(a) · op(b)}; see {@link Product}. Large products run on several threads, the
   * result bit for bit the same whatever their number.
   */
  static void accumulate(
      double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB, int inner) {
    Product p = new Product(c, a, transposeA, b, transposeB, inner);
    int n = p.rows();
    int m = p.cols();
    long work = (long) n * m * inner;
    MatMulKernel kernel;
    if (VECTOR != null && n >= ROW_TILE && work >= VECTOR_MIN_WORK) {
      kernel = VECTOR;
    } else {
      kernel = PLAIN;
      ADVICE.plainProduct(work);
    }
    split(kernel, p, Parallel.parts(work, PARALLEL_MIN_WORK));
  }

  /**
   * Runs the kernel over {@code parts} blocks of whole row tiles of {@code c} or, when {@code c}
   * has too few rows for that, of column tiles.
   */
  static void split(MatMulKernel kernel, Product p, int parts) {
    int n = p.rows();
    int m = p.cols();
    int rowTiles = (n + ROW_TILE - 1) / ROW_TILE;
    int colTiles = (m + COL_TILE - 1) / COL_TILE;
    boolean byRows = rowTiles >= parts || rowTiles >= colTiles;
    int tiles = byRows ? rowTiles : colTiles;
    int blocks = Math.min(parts, tiles);
    if (blocks <= 1) {
      kernel.accumulate(p, 0, n, 0, m);
      return;
    }
    int tile = byRows ? ROW_TILE : COL_TILE;
    int size = byRows ? n : m;
    Parallel.forEach(blocks, part -> {
      int from = (int) ((long) tiles * part / blocks) * tile;
      int to = Math.min(size, (int) ((long) tiles * (part + 1) / blocks) * tile);
      if (byRows) {
        kernel.accumulate(p, from, to, 0, m);
      } else {
        kernel.accumulate(p, 0, n, from, to);
      }
    });
  }

  /** The plain-Java kernel, on every JVM: rows [i0, i1) and columns [c0, c1) of {@code c}. */
  static void plainAccumulate(Product p, int i0, int i1, int c0, int c1) {
    double[][] c = p.c();
    double[][] a = p.a();
    boolean ta = p.transposeA();
    double[][] b = p.b();
    boolean tb = p.transposeB();
    int inner = p.inner();
    // A transposed b is copied one KB × JB block at a time into rows that keep b's column
    // numbers (so as long as c's), so that the hot loop indexes c and b by the same j: C2
    // vectorises a loop whose arrays are indexed alike, and not one with two offsets.
    double[][] packed = tb ? new double[Math.min(KB, inner)][c1] : null;
    for (int j0 = c0; j0 < c1; j0 += JB) {
      int j1 = Math.min(c1, j0 + JB);
      for (int k0 = 0; k0 < inner; k0 += KB) {
        int k1 = Math.min(inner, k0 + KB);
        double[][] rows = b;
        int rowShift = 0;
        if (tb) {
          for (int j = j0; j < j1; j++) {
            double[] bj = b[j];
            for (int k = k0; k < k1; k++) {
              packed[k - k0][j] = bj[k];
            }
          }
          rows = packed;
          rowShift = k0;
        }
        for (int i = i0; i < i1; i++) {
          row(c[i], a, ta, i, rows, rowShift, k0, k1, j0, j1);
        }
      }
    }
  }

  private static double at(double[][] a, boolean transposed, int i, int k) {
    return transposed ? a[k][i] : a[i][k];
  }

  /**
   * {@code ci[j] += sum_k op(a)(i, k) · op(b)(k, j)} for j in [j0, j1), k in [k0, k1): the hot
   * loop, eight steps of {@code k} per pass over the row, so that the row of {@code c} is loaded
   * and stored once per sixteen flops. A loop storing into one array is what C2 vectorises (over
   * 2 or 4 rows of {@code c} at once, the previous 4×2 tile, it ran about 13 GFLOP/s; this form
   * measured twice that on one AVX-512 core); sixteen steps spill registers and run scalar.
   */
  private static void row(double[] ci, double[][] a, boolean ta, int i, double[][] rows,
      int rowShift, int k0, int k1, int j0, int j1) {
    int k = k0;
    for (; k + 8 <= k1; k += 8) {
      double[] u0 = rows[k - rowShift];
      double[] u1 = rows[k + 1 - rowShift];
      double[] u2 = rows[k + 2 - rowShift];
      double[] u3 = rows[k + 3 - rowShift];
      double[] u4 = rows[k + 4 - rowShift];
      double[] u5 = rows[k + 5 - rowShift];
      double[] u6 = rows[k + 6 - rowShift];
      double[] u7 = rows[k + 7 - rowShift];
      double x0 = at(a, ta, i, k);
      double x1 = at(a, ta, i, k + 1);
      double x2 = at(a, ta, i, k + 2);
      double x3 = at(a, ta, i, k + 3);
      double x4 = at(a, ta, i, k + 4);
      double x5 = at(a, ta, i, k + 5);
      double x6 = at(a, ta, i, k + 6);
      double x7 = at(a, ta, i, k + 7);
      for (int j = j0; j < j1; j++) {
        ci[j] += x0 * u0[j] + x1 * u1[j] + x2 * u2[j] + x3 * u3[j]
            + x4 * u4[j] + x5 * u5[j] + x6 * u6[j] + x7 * u7[j];
      }
    }
    for (; k < k1; k++) {
      double[] u = rows[k - rowShift];
      double x = at(a, ta, i, k);
      for (int j = j0; j < j1; j++) {
        ci[j] += x * u[j];
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
