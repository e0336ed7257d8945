package dev.flatgrad.runtime;

/**
 * The matrix-product kernels behind {@link Nd#dot}, {@link Nd#transposeDot} and {@link
 * Nd#dotTranspose} and their accumulating forms. A kernel computes {@code c += op(a) · op(b)},
 * where {@code op} is the identity or the transpose, read in place; a large product is cut into
 * blocks of rows (or of columns) of {@code c} that run on {@link Parallel}'s threads. Both
 * kernels compute every entry alike, {@code c[i][j]} plus its products in order of {@code k}
 * with one fused multiply-add each (see {@link MatMulKernel}), so a product is bit for bit the
 * same whichever kernel, blocking or thread count computes it.
 *
 * <p>The plain-Java kernel's loop order is i-k-j: the innermost loop runs along two rows of {@code
 * c} and four rows of {@code b}, contiguous in memory, which C2 vectorises; blocking over {@code
 * k} and {@code j} keeps the {@code KB × JB} panel of {@code b} in the L1 cache while the rows of
 * {@code a} and {@code c} stream past it.
 */
final class MatMul {

  /**
   * {@code c += op(a) · op(b)} for a rectangular {@code c} of shape (n, m) and inner dimension
   * {@code inner}. {@code op(a)(i, k)} is {@code a[k][i]} if {@code transposeA}, else {@code
   * a[i][k]}; {@code op(b)(k, j)} is {@code b[j][k]} if {@code transposeB}, else {@code b[k][j]}.
   * {@code zero} says that {@code c} is all {@code +0.0} (a new result), so a kernel may start its
   * first steps of {@code k} from zero instead of reading {@code c}: the same bits, as {@code
   * fma(x, y, +0.0)} is what the read would have given.
   */
  record Product(double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB,
      int inner, boolean zero) {
    /** {@code c += op(a) · op(b)} for a {@code c} of any values. */
    Product(double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB,
        int inner) {
      this(c, a, transposeA, b, transposeB, inner, false);
    }

    int rows() {
      return c.length;
    }

    int cols() {
      return c.length == 0 ? 0 : c[0].length;
    }
  }

  /**
   * Blocks of rows the plain kernel (which takes rows in pairs) and the narrow vector kernel give
   * a thread are whole multiples of this; the vector kernel's are whole multiples of its
   * micro-tile's height (6 rows on AVX2, 8 on AVX-512), so that only the last block can end in a
   * partial tile.
   */
  static final int ROW_TILE = 6;

  /**
   * Blocks of columns given to a thread are multiples of this wide: whole strips of the vector
   * kernel (16 columns with AVX-512, 8 with AVX2).
   */
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
   * property {@code flatgrad.vector} is {@code false}. It keeps a 6×2L tile of {@code c} (8×2L
   * with AVX-512) in registers over a packed copy of {@code b} (or, for a transposed {@code a}
   * and few columns, a 3L×4 tile with rows in the lanes; L doubles a vector), and runs about
   * twice as fast as the
   * plain kernel below: at 256×3072·3072×100 and its two backward products on the benchmarks'
   * AVX-512 Xeon, one thread, best of 8 alternations, 48 / 29 / 39 GFLOP/s against 20 / 17 / 17 (a
   * loop of nothing but register FMAs peaks at 51 per core there; that was the 8-row tile; on the
   * AMD EPYC's AVX2, 6 rows, thread CPU time, 30–40 against 19–20). The plain kernel is what every
   * JVM runs without the flag.
   */
  private static final MatMulKernel VECTOR = loadVectorKernel();

  /**
   * The plain-Java kernel: {@link #plainAccumulate} over blocks of {@code c}, of columns first
   * when only {@code b} is transposed, so that each thread copies only its own columns of it (cut
   * by rows, every thread copied all of {@code bᵀ}, and two threads ran no faster than one).
   */
  static final MatMulKernel PLAIN = (p, parts) -> forBlocks(p.rows(), 0, p.cols(), parts,
      ROW_TILE, p.transposeB() && !p.transposeA(),
      (i0, i1, j0, j1) -> plainAccumulate(p, i0, i1, j0, j1));

  /** Below this many multiply-adds the plain kernel wins: the vector one packs {@code op(b)} first. */
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

  /**
   * A Vector API kernel with micro-tiles of {@code rows} rows (6 or 8) whatever this CPU's
   * registers, or null if this JVM runs without it: for tests, which check both tile heights on
   * any machine.
   */
  static MatMulKernel vectorKernel(int rows) throws ReflectiveOperationException {
    if (VECTOR == null) {
      return null;
    }
    return (MatMulKernel) VECTOR.getClass().getDeclaredConstructor(int.class).newInstance(rows);
  }

  /** The kernel products use: the Vector API one if loaded, for diagnostics and tests. */
  static String kernelName() {
    return VECTOR == null ? "plain Java" : VECTOR.toString();
  }

  /** The Vector API kernel, or null if this JVM runs without it (for tests). */
  static MatMulKernel vectorKernel() {
    return VECTOR;
  }

  /**
   * Steps of {@code k} the rows of a block of {@code c} take in turn: with {@link #JB}, a 32 KB
   * panel of {@code b} that stays in L1 (measured: 2–3 times as fast as a 256 KB panel in L2,
   * which fed one load from L2 per multiply-add).
   */
  private static final int KB = 16;

  /** Columns of the {@code b} panel and of the rows of {@code c} a pass updates. */
  private static final int JB = 256;

  /**
   * Rows of {@code c} per block when {@code b} is packed or {@code a} transposed: the block of
   * {@code c} (128 KB when copied) stays in L2 for all the steps of {@code k}; a 3072×100 {@code
   * c} swept whole for each panel of {@code aᵀ} was read from L3 each time.
   */
  private static final int PACKED_ROWS = 64;

  /**
   * Steps of {@code k} of a packed {@code b} copied at once (with {@link #JB}, 512 KB: in L2), for
   * all the blocks of rows of a part; each block then reads them {@link #KB} rows at a time.
   */
  private static final int PACKED_DEPTH = 256;

  private MatMul() {}

  /**
   * {@code c += op(a) · op(b)}; see {@link Product}. Large products run on several threads, the
   * result bit for bit the same whatever their number.
   */
  static void accumulate(
      double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB, int inner) {
    multiply(new Product(c, a, transposeA, b, transposeB, inner));
  }

  /**
   * A new {@code (n, m)} matrix {@code op(a) · op(b)}, bit for bit {@code accumulate} into zeros.
   * A large result's rows are allocated (so zeroed) by the threads in parallel: on the calling
   * thread, zeroing the 6 MB of a 256×100·100×3072 product took a sixth of its time on two threads.
   */
  static double[][] product(
      double[][] a, boolean transposeA, double[][] b, boolean transposeB, int n, int m, int inner) {
    double[][] c = new double[n][];
    Parallel.forRange(n, (long) n * m, Parallel.ELEMENTWISE_MIN_WORK, (i0, i1) -> {
      for (int i = i0; i < i1; i++) {
        c[i] = new double[m];
      }
    });
    multiply(new Product(c, a, transposeA, b, transposeB, inner, true));
    return c;
  }

  private static void multiply(Product p) {
    int inner = p.inner();
    long work = (long) p.rows() * p.cols() * inner;
    MatMulKernel kernel;
    if (VECTOR != null && p.rows() >= ROW_TILE && work >= VECTOR_MIN_WORK) {
      kernel = VECTOR;
    } else {
      kernel = PLAIN;
      ADVICE.plainProduct(work);
    }
    kernel.multiply(p, Parallel.parts(work, PARALLEL_MIN_WORK));
  }

  /** Work on the rows {@code [i0, i1)} and columns {@code [j0, j1)} of a product's {@code c}. */
  interface Block {
    void run(int i0, int i1, int j0, int j1);
  }

  /**
   * Runs {@code body} over {@code parts} blocks of whole row tiles ({@code rowTile} rows) of the
   * {@code rows × [colFrom, colTo)} part of {@code c} or, when it has too few rows for that (or
   * {@code columnsFirst} and it has enough columns), of column tiles counted from {@code colFrom}
   * (which a kernel keeps on a multiple of its strip width).
   */
  static void forBlocks(int rows, int colFrom, int colTo, int parts, int rowTile,
      boolean columnsFirst, Block body) {
    int rowTiles = (rows + rowTile - 1) / rowTile;
    int colTiles = (colTo - colFrom + COL_TILE - 1) / COL_TILE;
    boolean byRows = columnsFirst
        ? colTiles < parts && rowTiles > colTiles
        : rowTiles >= parts || rowTiles >= colTiles;
    int tiles = byRows ? rowTiles : colTiles;
    int blocks = Math.min(parts, tiles);
    if (blocks <= 1) {
      body.run(0, rows, colFrom, colTo);
      return;
    }
    int tile = byRows ? rowTile : COL_TILE;
    int start = byRows ? 0 : colFrom;
    int end = byRows ? rows : colTo;
    Parallel.forEach(blocks, part -> {
      int from = start + (int) ((long) tiles * part / blocks) * tile;
      int to = Math.min(end, start + (int) ((long) tiles * (part + 1) / blocks) * tile);
      if (byRows) {
        body.run(from, to, colFrom, colTo);
      } else {
        body.run(0, rows, from, to);
      }
    });
  }

  /**
   * Per thread: the plain kernel's packed panels of {@code b} and {@code aᵀ}, its copy of a block
   * of {@code c} and its spare row, at their largest sizes, made on first use and kept from call
   * to call (made per call, and per part on several threads, they were 2.7 MB of allocation per
   * 256×100·(3072×100)ᵀ product on two threads, beside its 6.3 MB result).
   */
  private static final class PlainScratch {
    private double[][] packedB;
    private double[][] block;
    private double[][] packedA;
    /** The second row of a pair whose block has an odd number of rows: its results are dropped. */
    final double[] spare = new double[JB];

    double[][] packedB() {
      if (packedB == null) {
        packedB = new double[PACKED_DEPTH][JB];
      }
      return packedB;
    }

    double[][] block() {
      if (block == null) {
        block = new double[PACKED_ROWS][JB];
      }
      return block;
    }

    double[][] packedA() {
      if (packedA == null) {
        packedA = new double[PACKED_ROWS][KB];
      }
      return packedA;
    }
  }

  private static final ThreadLocal<PlainScratch> PLAIN_SCRATCH =
      ThreadLocal.withInitial(PlainScratch::new);

  /** The plain-Java kernel, on every JVM: rows [i0, i1) and columns [c0, c1) of {@code c}. */
  static void plainAccumulate(Product p, int i0, int i1, int c0, int c1) {
    double[][] c = p.c();
    double[][] a = p.a();
    boolean ta = p.transposeA();
    double[][] b = p.b();
    boolean tb = p.transposeB();
    int inner = p.inner();
    // The hot loop indexes c and b by the same j: C2 vectorises a loop whose arrays are indexed
    // alike, and not one with two offsets. Rows of b up to JB long are read in place, by c's
    // column numbers. A transposed b, or rows longer than that, are copied PACKED_DEPTH steps of
    // k at a time into rows JB long, and c's columns from j0 are then updated in a copy of their
    // block that starts at 0 (unless j0 is 0): a panel of rows thousands of doubles apart ran at
    // two thirds of the speed of the same rows packed together (L1 could not hold them).
    boolean packB = tb || p.cols() > JB;
    int width = Math.min(JB, c1 - c0);
    int blockRows = packB || ta ? Math.min(PACKED_ROWS, i1 - i0) : i1 - i0;
    int depth = packB ? Math.min(PACKED_DEPTH, inner) : inner;
    PlainScratch scratch = PLAIN_SCRATCH.get();
    double[][] packedB = packB ? scratch.packedB() : null;
    double[][] block = packB && (c0 != 0 || c1 - c0 > JB) ? scratch.block() : null;
    // A transposed a is copied into rows too, so that a row of op(a) is read along, not down KB
    // rows of a (a cache line each): read in place, that column walk ran a sixth slower.
    double[][] packedA = ta ? scratch.packedA() : null;
    double[] spare = scratch.spare;
    for (int j0 = c0; j0 < c1; j0 += JB) {
      int j1 = Math.min(c1, j0 + JB);
      int w = j1 - j0;
      boolean copyC = packB && j0 != 0;
      int jFrom = packB ? 0 : j0;
      for (int d0 = 0; d0 < inner; d0 += depth) {
        int d1 = Math.min(inner, d0 + depth);
        if (packB) {
          // Once for all the blocks of rows below (it was once per block of 64 rows and KB
          // steps of k: a sixth of a 256×100·100×3072 product went to packing bᵀ).
          packPanel(b, tb, d0, d1, j0, j1, packedB);
        }
        for (int ib = i0; ib < i1; ib += blockRows) {
          int ie = Math.min(i1, ib + blockRows);
          if (copyC) {
            for (int i = ib; i < ie; i++) {
              System.arraycopy(c[i], j0, block[i - ib], 0, w);
            }
          }
          // KB steps of k over the block's rows: the KB rows of b they read stay in L1.
          for (int k0 = d0; k0 < d1; k0 += KB) {
            int k1 = Math.min(d1, k0 + KB);
            if (ta) {
              transpose(a, k0, k1, ib, ie, packedA);
            }
            for (int i = ib; i < ie; i += 2) {
              // Rows in pairs; the last row of an odd block is paired with itself, its second
              // result going to the spare row.
              int next = Math.min(i + 1, ie - 1);
              rows(copyC ? block[i - ib] : c[i],
                  next == i ? spare : copyC ? block[next - ib] : c[next],
                  ta ? packedA[i - ib] : a[i], ta ? packedA[next - ib] : a[next], ta ? k0 : 0,
                  packB ? packedB : b, packB ? d0 : 0, k0, k1, jFrom, jFrom + w);
            }
          }
          if (copyC) {
            for (int i = ib; i < ie; i++) {
              System.arraycopy(block[i - ib], 0, c[i], j0, w);
            }
          }
        }
      }
    }
  }

  /** {@code panel[k - k0][j - j0] = op(b)(k, j)} for k in [k0, k1), j in [j0, j1). */
  private static void packPanel(
      double[][] b, boolean tb, int k0, int k1, int j0, int j1, double[][] panel) {
    if (tb) {
      transpose(b, j0, j1, k0, k1, panel);
    } else {
      for (int k = k0; k < k1; k++) {
        System.arraycopy(b[k], j0, panel[k - k0], 0, j1 - j0);
      }
    }
  }

  /**
   * {@code dst[c - c0][r - r0] = src[r][c]} for r in [r0, r1), c in [c0, c1): a block of {@code
   * src} transposed into the rows of {@code dst} (a transposed operand packed so that a kernel
   * reads it along rows). Four rows of {@code src} are read along together, so that each row of
   * {@code dst} gets four adjacent doubles per pass; one at a time, each store went to a cache line
   * of its own, and the packing of the panels of {@code Xᵀ} (256×3072ᵀ·256×100, vector kernel, one
   * thread) and of {@code W1ᵀ} (256×100·(3072×100)ᵀ) took a sixth to a third longer.
   */
  static void transpose(double[][] src, int r0, int r1, int c0, int c1, double[][] dst) {
    int r = r0;
    for (; r + 4 <= r1; r += 4) {
      double[] u0 = src[r];
      double[] u1 = src[r + 1];
      double[] u2 = src[r + 2];
      double[] u3 = src[r + 3];
      int d = r - r0;
      for (int c = c0; c < c1; c++) {
        double[] row = dst[c - c0];
        row[d] = u0[c];
        row[d + 1] = u1[c];
        row[d + 2] = u2[c];
        row[d + 3] = u3[c];
      }
    }
    for (; r < r1; r++) {
      double[] u = src[r];
      int d = r - r0;
      for (int c = c0; c < c1; c++) {
        dst[c - c0][d] = u[c];
      }
    }
  }

  /**
   * {@code ci[j] = fma(ai[k - aShift], rows[k - rowShift][j], ci[j])}, and the same for {@code di}
   * from {@code bi}, for j in [j0, j1), k in [k0, k1) in order: the hot loop, two rows of {@code c}
   * and four steps of {@code k} per pass, which C2 (JDK 17) vectorises. Each entry of the four rows
   * of {@code b} is loaded once for both rows of {@code c}: eight fused multiply-adds per six loads
   * and two stores, where one row at a time did four per five loads and one store. One thread on
   * the benchmarks' AMD EPYC (AVX2), thread CPU time, best of 5 alternations: 256×3072·3072×100 and
   * its two backward products at 18–20 GFLOP/s against 15–17. Three rows need twelve broadcast
   * factors and four loads in registers, more than AVX2's sixteen; eight steps of {@code k} made
   * the body too large to unroll to the vector width, and it ran scalar.
   */
  private static void rows(double[] ci, double[] di, double[] ai, double[] bi, int aShift,
      double[][] rows, int rowShift, int k0, int k1, int j0, int j1) {
    int k = k0;
    for (; k + 4 <= k1; k += 4) {
      double[] u0 = rows[k - rowShift];
      double[] u1 = rows[k + 1 - rowShift];
      double[] u2 = rows[k + 2 - rowShift];
      double[] u3 = rows[k + 3 - rowShift];
      double x0 = ai[k - aShift];
      double x1 = ai[k + 1 - aShift];
      double x2 = ai[k + 2 - aShift];
      double x3 = ai[k + 3 - aShift];
      double y0 = bi[k - aShift];
      double y1 = bi[k + 1 - aShift];
      double y2 = bi[k + 2 - aShift];
      double y3 = bi[k + 3 - aShift];
      for (int j = j0; j < j1; j++) {
        double v0 = u0[j];
        double v1 = u1[j];
        double v2 = u2[j];
        double v3 = u3[j];
        ci[j] = Math.fma(x3, v3, Math.fma(x2, v2, Math.fma(x1, v1, Math.fma(x0, v0, ci[j]))));
        di[j] = Math.fma(y3, v3, Math.fma(y2, v2, Math.fma(y1, v1, Math.fma(y0, v0, di[j]))));
      }
    }
    for (; k < k1; k++) {
      double[] u = rows[k - rowShift];
      double x = ai[k - aShift];
      double y = bi[k - aShift];
      for (int j = j0; j < j1; j++) {
        ci[j] = Math.fma(x, u[j], ci[j]);
        di[j] = Math.fma(y, u[j], di[j]);
      }
    }
  }

  /**
   * {@code sum(u * v)} with four partial sums, which the CPU can overlap: the runtime's order of
   * summation, {@code Nd.sum}'s, so that {@code dot(x, x)} is {@code sum(square(x))} bit for bit.
   */
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
