package dev.flatgrad.runtime;

/**
 * The part of {@link VectorMatMul} for products with a transposed {@code a} and fewer columns than
 * a strip of its micro-kernel (the gradient {@code Xᵀ·dscores} of a 10-class layer, 3073×500ᵀ·
 * 500×10 in the linear classifiers), where a strip would be mostly zero padding.
 *
 * <p>The lanes hold <em>rows</em> of {@code c}, so a vector of a row of {@code a} is a vector of
 * a column of {@code op(a)}: {@link VectorSmall#tileTransposedA}'s tile of two vectors of rows ×
 * 5 columns (10 with AVX-512) reads {@code a} and {@code op(b)} in place, nothing packed. So that each row of {@code
 * a} is read along, from memory once, a block's rows of {@code c} take {@link #KB} steps of {@code
 * k} at a time, tile by tile: a tile reads two vectors of each of those {@code KB} rows of {@code
 * a}, the next tile the next two (a stream per row, which the CPU prefetches). The tiles of {@code
 * c} that this revisits once per block of {@code k} live in a transposed copy of the block's rows
 * (a column of {@code c} contiguous, so a tile is two vector loads and stores per column), made when the block
 * starts and copied back when it ends. The rows past the last whole tile take a scalar loop. Each
 * entry is still {@code c[i][j]} plus its products in order of {@code k}, one fused multiply-add
 * each: the same bits as every kernel, however the rows are cut.
 *
 * <p>It replaced a kernel that copied the columns of {@code op(a)} into packed panels first: in the
 * profile of the linear classifiers' value and gradient on two threads that copy (a read of all of
 * {@code X}, 12 MB) was a third of all samples, more than its multiply-adds.
 */
final class VectorNarrow {
  private static final int RW = VectorSmall.RW;
  /** Steps of {@code k} a tile takes before the next tile: rows of {@code a} streamed at once. */
  private static final int KB = 16;

  /** Per thread: the transposed copy of a block of {@code c}'s rows. */
  private static final ThreadLocal<double[][]> COLUMNS =
      ThreadLocal.withInitial(() -> new double[][] {new double[0]});

  private VectorNarrow() {}

  /**
   * Whether a product of {@code m < strip} columns runs faster here than in strips {@code strip}
   * columns wide (measured for the kernel before this one, which packed: up to 4 columns always;
   * at 10 columns from about a million multiply-adds).
   */
  static boolean pays(int n, int m, int inner, int strip) {
    return m < strip && (m <= 4 || (long) n * m * inner >= 1 << 20);
  }

  /** {@code m} columns rounded up to whole tiles ({@link VectorSmall#tileCols}). */
  private static int paddedCols(int m) {
    int padded = 0;
    for (int j = 0; j < m; j += VectorSmall.tileCols(m - j)) {
      padded = j + VectorSmall.tileCols(m - j);
    }
    return padded;
  }

  /**
   * {@code op(b)} as rows of its own, {@code bk[j] = op(b)(k, j)}, which the micro-kernel
   * broadcasts from: {@code b} itself, or its transposition (a copy of {@code inner × m} doubles,
   * small beside {@code a}).
   */
  static double[][] rowsOfB(MatMul.Product p) {
    if (!p.transposeB()) {
      return p.b();
    }
    double[][] rows = new double[p.inner()][p.cols()];
    MatMul.transpose(p.b(), 0, p.cols(), 0, p.inner(), rows);
    return rows;
  }

  /**
   * {@code c += aᵀ · op(b)} on the rows [i0, i1) of {@code c}, all its columns; {@code b} are the
   * rows of {@code op(b)} ({@link #rowsOfB}).
   */
  static void multiply(MatMul.Product p, double[][] b, int i0, int i1) {
    double[][] a = p.a();
    double[][] c = p.c();
    int m = p.cols();
    int inner = p.inner();
    int width = (i1 - i0) / RW * RW;
    if (width > 0) {
      double[][] holder = COLUMNS.get();
      if (holder[0].length < paddedCols(m) * width) {
        holder[0] = new double[paddedCols(m) * width];
      }
      double[] columns = holder[0];
      for (int r = 0; r < width; r++) {
        double[] ci = c[i0 + r];
        for (int j = 0; j < m; j++) {
          columns[j * width + r] = ci[j];
        }
      }
      for (int k0 = 0; k0 < inner; k0 += KB) {
        int k1 = Math.min(inner, k0 + KB);
        for (int r = 0; r < width; r += RW) {
          // Columns past m (a last group narrower than its tile) repeat the last; their copies
          // in the padding of `columns` are never read back.
          for (int j = 0; j < m; j += VectorSmall.tileCols(m - j)) {
            VectorSmall.tileTransposedA(
                columns, j * width + r, width, a, i0 + r, b, j, m - 1, k0, k1);
          }
        }
      }
      for (int r = 0; r < width; r++) {
        double[] ci = c[i0 + r];
        for (int j = 0; j < m; j++) {
          ci[j] = columns[j * width + r];
        }
      }
    }
    for (int i = i0 + width; i < i1; i++) {
      double[] ci = c[i];
      for (int k = 0; k < inner; k++) {
        double x = a[k][i];
        double[] bk = b[k];
        for (int j = 0; j < m; j++) {
          ci[j] = Math.fma(x, bk[j], ci[j]);
        }
      }
    }
  }
}
