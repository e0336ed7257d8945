package dev.flatgrad.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The part of {@link VectorMatMul} for narrow products read in place with nothing packed: at the
 * shapes of a 10-class layer (256×100·100×10 and 100×256·256×10) every operand fits in L2, and
 * packing {@code op(b)} into zero-padded strips (and a transposed {@code a} into panels), copying
 * edge tiles of {@code c} through a scratch tile, cost more than the multiply-adds; at
 * 500×3073·3073×10 (the linear classifiers' scores) the rows of {@code a} stream from memory
 * once either way, and the packing and the copies were what the strip kernel added.
 *
 * <ul>
 *   <li>{@code a·b} with {@code L} to {@code 2L} columns ({@code L} doubles a vector): the
 *       columns in the lanes, 8 rows × two vectors in 16 accumulators, the second vector at
 *       column {@code m − L}, so that it overlaps the first instead of running past the row;
 *   <li>{@code aᵀ·b} with fewer than 16 columns: the rows in the lanes, as in {@link
 *       VectorNarrow}, 2 vectors of rows × 5 columns in 10 accumulators (× 10 in 20 with AVX-512's
 *       32 registers, {@link #tileCols}), each step of {@code k}
 *       loading two vectors straight from the row {@code a[k]} and broadcasting five entries of
 *       the row {@code b[k]}.
 * </ul>
 *
 * Where a tile would run past {@code c}, it is moved back inside it, onto entries it computes
 * again: the lanes of an overlapping vector or the rows of a repeated index compute the same
 * value from the same {@code c} as those they repeat (both are read before either is stored);
 * the rows of a tile moved back over rows already stored are not stored. So each entry is still
 * {@code c[i][j]} plus its products in order of {@code k}, one fused multiply-add each, the same
 * bits as every kernel.
 */
final class VectorSmall {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of {@code c} per tile of {@code a·b}. */
  private static final int MR = 8;
  /** Rows of {@code c} per tile of {@code aᵀ·b}: two vectors. */
  static final int RW = 2 * L;
  /**
   * Columns of {@code c} per tile of {@code aᵀ·b}: with two vectors of rows, 10 accumulators (and
   * 10 columns, a 10-class layer's, in two tiles without padding).
   */
  static final int NW = 5;

  /**
   * Columns of {@link VectorNarrow}'s wider tile with AVX-512 ({@link #kernelTransposedAWide}); 0
   * without, where the tile would spill.
   */
  static final int NW_WIDE = L >= 8 ? 10 : 0;

  /** Per thread: a tile of {@code aᵀ·b}'s {@code c}, a column of rows per vector. */
  private static final ThreadLocal<double[]> TILE =
      ThreadLocal.withInitial(() -> new double[Math.max(NW, NW_WIDE) * RW]);

  private VectorSmall() {}

  /**
   * Whether a product runs here: {@code b} not transposed, and either {@code a·b} of {@code L} to
   * {@code 2L} columns and at least {@link #MR} rows, {@code b} in L2 (with AVX-512 whatever the
   * number of rows, cut over the threads; with AVX2's 16 registers the 16 accumulators spill,
   * which only small products, where the strip kernel's packing costs more, afford), or, below
   * {@link MatMul#PARALLEL_MIN_WORK} multiply-adds (so on one thread), {@code aᵀ·b} of fewer than
   * 16 columns (at most three tiles of columns; a strip of the other kernel with AVX-512) and
   * {@link #RW} to 512 rows (larger ones go to {@link VectorNarrow}, which streams the rows of
   * {@code a} a block of {@code k} at a time).
   */
  static boolean fits(MatMul.Product p) {
    int n = p.rows();
    int m = p.cols();
    if (p.transposeB()) {
      return false;
    }
    return p.transposeA()
        ? m < 16 && n >= RW && n <= 512 && (long) n * m * p.inner() < MatMul.PARALLEL_MIN_WORK
        : m >= L && m <= 2 * L && n >= MR
            && (L >= 8 || (long) n * m * p.inner() < MatMul.PARALLEL_MIN_WORK)
            && (long) m * p.inner() <= B_IN_L2;
  }

  /**
   * Most doubles of {@code b} for {@code a·b} in place: every tile of 8 rows reads all of {@code
   * b}, which must stay in L2 (512 KB, half of Zen 4's, all of Zen 3's); the strip kernel packs a
   * deeper {@code b} a block at a time instead.
   */
  private static final long B_IN_L2 = 1 << 16;

  /**
   * {@code c += op(a) · b} for a product that {@link #fits}, {@code a·b} in {@code parts} blocks of
   * whole tiles of rows. (Over the strip kernel, which packs {@code b} into 2L-column strips and
   * copies each tile of a 10-column {@code c} through a scratch tile, at 500×3073·3073×10 on two
   * threads those copies were a tenth of the product.)
   */
  static void multiply(MatMul.Product p, int parts) {
    if (p.transposeA()) {
      multiplyTransposedA(p);
    } else {
      int last = p.cols() - L;
      MatMul.forBlocks(p.rows(), 0, p.cols(), parts, MR, false, (i0, i1, j0, j1) -> {
        for (int i = i0; i < i1; i += MR) {
          kernel(p.c(), p.a(), i, i1 - 1, p.b(), last, p.inner());
        }
      });
    }
  }

  /**
   * Rows {@code i .. i + 7} of {@code c} plus {@code a[i + r][k] · b[k][j]} for k in order, the
   * columns in two vectors at 0 and {@code last}; rows past {@code lastRow} repeat it.
   */
  private static void kernel(
      double[][] c, double[][] a, int i, int lastRow, double[][] b, int last, int inner) {
    double[] c0 = c[i];
    double[] c1 = c[Math.min(i + 1, lastRow)];
    double[] c2 = c[Math.min(i + 2, lastRow)];
    double[] c3 = c[Math.min(i + 3, lastRow)];
    double[] c4 = c[Math.min(i + 4, lastRow)];
    double[] c5 = c[Math.min(i + 5, lastRow)];
    double[] c6 = c[Math.min(i + 6, lastRow)];
    double[] c7 = c[Math.min(i + 7, lastRow)];
    double[] a0 = a[i];
    double[] a1 = a[Math.min(i + 1, lastRow)];
    double[] a2 = a[Math.min(i + 2, lastRow)];
    double[] a3 = a[Math.min(i + 3, lastRow)];
    double[] a4 = a[Math.min(i + 4, lastRow)];
    double[] a5 = a[Math.min(i + 5, lastRow)];
    double[] a6 = a[Math.min(i + 6, lastRow)];
    double[] a7 = a[Math.min(i + 7, lastRow)];
    DoubleVector t00 = DoubleVector.fromArray(S, c0, 0);
    DoubleVector t01 = DoubleVector.fromArray(S, c0, last);
    DoubleVector t10 = DoubleVector.fromArray(S, c1, 0);
    DoubleVector t11 = DoubleVector.fromArray(S, c1, last);
    DoubleVector t20 = DoubleVector.fromArray(S, c2, 0);
    DoubleVector t21 = DoubleVector.fromArray(S, c2, last);
    DoubleVector t30 = DoubleVector.fromArray(S, c3, 0);
    DoubleVector t31 = DoubleVector.fromArray(S, c3, last);
    DoubleVector t40 = DoubleVector.fromArray(S, c4, 0);
    DoubleVector t41 = DoubleVector.fromArray(S, c4, last);
    DoubleVector t50 = DoubleVector.fromArray(S, c5, 0);
    DoubleVector t51 = DoubleVector.fromArray(S, c5, last);
    DoubleVector t60 = DoubleVector.fromArray(S, c6, 0);
    DoubleVector t61 = DoubleVector.fromArray(S, c6, last);
    DoubleVector t70 = DoubleVector.fromArray(S, c7, 0);
    DoubleVector t71 = DoubleVector.fromArray(S, c7, last);
    for (int k = 0; k < inner; k++) {
      double[] bk = b[k];
      DoubleVector b0 = DoubleVector.fromArray(S, bk, 0);
      DoubleVector b1 = DoubleVector.fromArray(S, bk, last);
      DoubleVector x = DoubleVector.broadcast(S, a0[k]);
      t00 = x.fma(b0, t00);
      t01 = x.fma(b1, t01);
      x = DoubleVector.broadcast(S, a1[k]);
      t10 = x.fma(b0, t10);
      t11 = x.fma(b1, t11);
      x = DoubleVector.broadcast(S, a2[k]);
      t20 = x.fma(b0, t20);
      t21 = x.fma(b1, t21);
      x = DoubleVector.broadcast(S, a3[k]);
      t30 = x.fma(b0, t30);
      t31 = x.fma(b1, t31);
      x = DoubleVector.broadcast(S, a4[k]);
      t40 = x.fma(b0, t40);
      t41 = x.fma(b1, t41);
      x = DoubleVector.broadcast(S, a5[k]);
      t50 = x.fma(b0, t50);
      t51 = x.fma(b1, t51);
      x = DoubleVector.broadcast(S, a6[k]);
      t60 = x.fma(b0, t60);
      t61 = x.fma(b1, t61);
      x = DoubleVector.broadcast(S, a7[k]);
      t70 = x.fma(b0, t70);
      t71 = x.fma(b1, t71);
    }
    t00.intoArray(c0, 0);
    t01.intoArray(c0, last);
    t10.intoArray(c1, 0);
    t11.intoArray(c1, last);
    t20.intoArray(c2, 0);
    t21.intoArray(c2, last);
    t30.intoArray(c3, 0);
    t31.intoArray(c3, last);
    t40.intoArray(c4, 0);
    t41.intoArray(c4, last);
    t50.intoArray(c5, 0);
    t51.intoArray(c5, last);
    t60.intoArray(c6, 0);
    t61.intoArray(c6, last);
    t70.intoArray(c7, 0);
    t71.intoArray(c7, last);
  }

  /**
   * {@code c += aᵀ · b}, tiles of {@link #RW} rows × {@link #tileCols} columns: columns past the last
   * repeat it; the last tile of rows is moved back to end at the last row, and stores only the
   * rows the tiles before it did not.
   */
  private static void multiplyTransposedA(MatMul.Product p) {
    double[][] c = p.c();
    int n = p.rows();
    int m = p.cols();
    double[] tile = TILE.get();
    for (int i = 0; i < n; i += RW) {
      int start = Math.min(i, n - RW);
      for (int j = 0; j < m; j += tileCols(m - j)) {
        for (int jj = 0; jj < tileCols(m - j); jj++) {
          int col = Math.min(j + jj, m - 1);
          for (int r = 0; r < RW; r++) {
            tile[jj * RW + r] = c[start + r][col];
          }
        }
        tileTransposedA(tile, 0, RW, p.a(), start, p.b(), j, m - 1, 0, p.inner());
        int w = Math.min(tileCols(m - j), m - j);
        for (int r = i - start; r < RW; r++) {
          double[] ci = c[start + r];
          for (int jj = 0; jj < w; jj++) {
            ci[j + jj] = tile[jj * RW + r];
          }
        }
      }
    }
  }

  /**
   * Columns of the tile of {@code aᵀ·b} at a column with {@code left} columns left: {@link
   * #NW_WIDE} (with AVX-512) while more than {@link #NW} are, so 6 to 10 columns take one tile and
   * each step of {@code k} loads its two vectors of {@code a} once (with 5-column tiles, {@code
   * Xᵀ·dscores} of the linear classifiers ran at 17–23 GFLOP/s per CPU-second where {@code X·W} of
   * the same bytes ran at 32–34); else {@link #NW}.
   */
  static int tileCols(int left) {
    return left > NW && NW_WIDE > 0 ? NW_WIDE : NW;
  }

  /**
   * The tile of {@link #tileCols}{@code (lastCol + 1 − j)} columns at column {@code j}: {@link
   * #kernelTransposedAWide} or {@link #kernelTransposedA}.
   */
  static void tileTransposedA(double[] t, int base, int stride, double[][] a, int i,
      double[][] b, int j, int lastCol, int k0, int k1) {
    if (tileCols(lastCol + 1 - j) == NW) {
      kernelTransposedA(t, base, stride, a, i, b, j, lastCol, k0, k1);
    } else {
      kernelTransposedAWide(t, base, stride, a, i, b, j, lastCol, k0, k1);
    }
  }

  /**
   * {@link #kernelTransposedA} over {@link #NW_WIDE} columns, the tile in 20 registers (of
   * AVX-512's 32: with AVX2's 16 they would spill): a 10-class layer's columns in one tile, so each
   * step of {@code k} loads its two vectors of {@code a[k]} once instead of once per 5 columns.
   */
  static void kernelTransposedAWide(double[] t, int base, int stride, double[][] a, int i,
      double[][] b, int j, int lastCol, int k0, int k1) {
    int j1 = Math.min(j + 1, lastCol);
    int j2 = Math.min(j + 2, lastCol);
    int j3 = Math.min(j + 3, lastCol);
    int j4 = Math.min(j + 4, lastCol);
    int j5 = Math.min(j + 5, lastCol);
    int j6 = Math.min(j + 6, lastCol);
    int j7 = Math.min(j + 7, lastCol);
    int j8 = Math.min(j + 8, lastCol);
    int j9 = Math.min(j + 9, lastCol);
    int o0 = base;
    int o1 = base + stride;
    int o2 = base + 2 * stride;
    int o3 = base + 3 * stride;
    int o4 = base + 4 * stride;
    int o5 = base + 5 * stride;
    int o6 = base + 6 * stride;
    int o7 = base + 7 * stride;
    int o8 = base + 8 * stride;
    int o9 = base + 9 * stride;
    DoubleVector t00 = DoubleVector.fromArray(S, t, o0);
    DoubleVector t01 = DoubleVector.fromArray(S, t, o0 + L);
    DoubleVector t10 = DoubleVector.fromArray(S, t, o1);
    DoubleVector t11 = DoubleVector.fromArray(S, t, o1 + L);
    DoubleVector t20 = DoubleVector.fromArray(S, t, o2);
    DoubleVector t21 = DoubleVector.fromArray(S, t, o2 + L);
    DoubleVector t30 = DoubleVector.fromArray(S, t, o3);
    DoubleVector t31 = DoubleVector.fromArray(S, t, o3 + L);
    DoubleVector t40 = DoubleVector.fromArray(S, t, o4);
    DoubleVector t41 = DoubleVector.fromArray(S, t, o4 + L);
    DoubleVector t50 = DoubleVector.fromArray(S, t, o5);
    DoubleVector t51 = DoubleVector.fromArray(S, t, o5 + L);
    DoubleVector t60 = DoubleVector.fromArray(S, t, o6);
    DoubleVector t61 = DoubleVector.fromArray(S, t, o6 + L);
    DoubleVector t70 = DoubleVector.fromArray(S, t, o7);
    DoubleVector t71 = DoubleVector.fromArray(S, t, o7 + L);
    DoubleVector t80 = DoubleVector.fromArray(S, t, o8);
    DoubleVector t81 = DoubleVector.fromArray(S, t, o8 + L);
    DoubleVector t90 = DoubleVector.fromArray(S, t, o9);
    DoubleVector t91 = DoubleVector.fromArray(S, t, o9 + L);
    for (int k = k0; k < k1; k++) {
      double[] ak = a[k];
      double[] bk = b[k];
      DoubleVector a0 = DoubleVector.fromArray(S, ak, i);
      DoubleVector a1 = DoubleVector.fromArray(S, ak, i + L);
      DoubleVector x = DoubleVector.broadcast(S, bk[j]);
      t00 = a0.fma(x, t00);
      t01 = a1.fma(x, t01);
      x = DoubleVector.broadcast(S, bk[j1]);
      t10 = a0.fma(x, t10);
      t11 = a1.fma(x, t11);
      x = DoubleVector.broadcast(S, bk[j2]);
      t20 = a0.fma(x, t20);
      t21 = a1.fma(x, t21);
      x = DoubleVector.broadcast(S, bk[j3]);
      t30 = a0.fma(x, t30);
      t31 = a1.fma(x, t31);
      x = DoubleVector.broadcast(S, bk[j4]);
      t40 = a0.fma(x, t40);
      t41 = a1.fma(x, t41);
      x = DoubleVector.broadcast(S, bk[j5]);
      t50 = a0.fma(x, t50);
      t51 = a1.fma(x, t51);
      x = DoubleVector.broadcast(S, bk[j6]);
      t60 = a0.fma(x, t60);
      t61 = a1.fma(x, t61);
      x = DoubleVector.broadcast(S, bk[j7]);
      t70 = a0.fma(x, t70);
      t71 = a1.fma(x, t71);
      x = DoubleVector.broadcast(S, bk[j8]);
      t80 = a0.fma(x, t80);
      t81 = a1.fma(x, t81);
      x = DoubleVector.broadcast(S, bk[j9]);
      t90 = a0.fma(x, t90);
      t91 = a1.fma(x, t91);
    }
    t00.intoArray(t, o0);
    t01.intoArray(t, o0 + L);
    t10.intoArray(t, o1);
    t11.intoArray(t, o1 + L);
    t20.intoArray(t, o2);
    t21.intoArray(t, o2 + L);
    t30.intoArray(t, o3);
    t31.intoArray(t, o3 + L);
    t40.intoArray(t, o4);
    t41.intoArray(t, o4 + L);
    t50.intoArray(t, o5);
    t51.intoArray(t, o5 + L);
    t60.intoArray(t, o6);
    t61.intoArray(t, o6 + L);
    t70.intoArray(t, o7);
    t71.intoArray(t, o7 + L);
    t80.intoArray(t, o8);
    t81.intoArray(t, o8 + L);
    t90.intoArray(t, o9);
    t91.intoArray(t, o9 + L);
  }

  /**
   * {@code t[base + jj·stride + r] += a[k][i + r] · b[k][j + jj]} for r in [0, RW), jj in [0,
   * NW), k in [k0, k1) in order, one fused multiply-add each, the tile in 10 registers; columns
   * past {@code lastCol} repeat it. Also {@link VectorNarrow}'s micro-kernel, over a transposed
   * copy of a block of {@code c} ({@code stride} its rows' length) and a block of {@code k}.
   */
  static void kernelTransposedA(double[] t, int base, int stride, double[][] a, int i,
      double[][] b, int j, int lastCol, int k0, int k1) {
    int j1 = Math.min(j + 1, lastCol);
    int j2 = Math.min(j + 2, lastCol);
    int j3 = Math.min(j + 3, lastCol);
    int j4 = Math.min(j + 4, lastCol);
    int o0 = base;
    int o1 = base + stride;
    int o2 = base + 2 * stride;
    int o3 = base + 3 * stride;
    int o4 = base + 4 * stride;
    DoubleVector t00 = DoubleVector.fromArray(S, t, o0);
    DoubleVector t01 = DoubleVector.fromArray(S, t, o0 + L);
    DoubleVector t10 = DoubleVector.fromArray(S, t, o1);
    DoubleVector t11 = DoubleVector.fromArray(S, t, o1 + L);
    DoubleVector t20 = DoubleVector.fromArray(S, t, o2);
    DoubleVector t21 = DoubleVector.fromArray(S, t, o2 + L);
    DoubleVector t30 = DoubleVector.fromArray(S, t, o3);
    DoubleVector t31 = DoubleVector.fromArray(S, t, o3 + L);
    DoubleVector t40 = DoubleVector.fromArray(S, t, o4);
    DoubleVector t41 = DoubleVector.fromArray(S, t, o4 + L);
    for (int k = k0; k < k1; k++) {
      double[] ak = a[k];
      double[] bk = b[k];
      DoubleVector a0 = DoubleVector.fromArray(S, ak, i);
      DoubleVector a1 = DoubleVector.fromArray(S, ak, i + L);
      DoubleVector x = DoubleVector.broadcast(S, bk[j]);
      t00 = a0.fma(x, t00);
      t01 = a1.fma(x, t01);
      x = DoubleVector.broadcast(S, bk[j1]);
      t10 = a0.fma(x, t10);
      t11 = a1.fma(x, t11);
      x = DoubleVector.broadcast(S, bk[j2]);
      t20 = a0.fma(x, t20);
      t21 = a1.fma(x, t21);
      x = DoubleVector.broadcast(S, bk[j3]);
      t30 = a0.fma(x, t30);
      t31 = a1.fma(x, t31);
      x = DoubleVector.broadcast(S, bk[j4]);
      t40 = a0.fma(x, t40);
      t41 = a1.fma(x, t41);
    }
    t00.intoArray(t, o0);
    t01.intoArray(t, o0 + L);
    t10.intoArray(t, o1);
    t11.intoArray(t, o1 + L);
    t20.intoArray(t, o2);
    t21.intoArray(t, o2 + L);
    t30.intoArray(t, o3);
    t31.intoArray(t, o3 + L);
    t40.intoArray(t, o4);
    t41.intoArray(t, o4 + L);
  }
}
