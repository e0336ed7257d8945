package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both matrix-product kernels against the textbook triple loop with one fused multiply-add per
 * step, bit for bit (so the two kernels agree with each other exactly), on shapes that exercise
 * every edge of their blocking: rows left over from the 6-row tiles, columns past the last full
 * strip, depths past one L2 block, an {@code op(b)} too large to pack at once (packed a chunk of
 * columns, or of depth, at a time), fewer columns than a strip (the narrow kernel, rows of {@code
 * c} in the lanes, when {@code a} is transposed), each operand transposed or not, and
 * accumulation into a non-zero {@code c} or into a new, zero one.
 */
class MatMulTest {
  // Rows around the 6- and 8-row tiles and 96- and 128-row panels, VectorSmall's 8-row tiles, the
  // narrow kernel's 16-row tiles (AVX-512); columns around its 5-column groups (a transposed a
  // takes it for up to 4 columns, and for up to 15 from a million multiply-adds: 137x530.530x15
  // here; more in narrowProducts). Below two million multiply-adds, VectorSmall takes a·b of L to 2L columns (L doubles a
  // vector: 8 with AVX-512) from 8 rows, its last tile of rows and its second vector of columns
  // overlapping what comes before, and aᵀ·b of up to 15 columns from 2L rows, its last tile of rows
  // moved back over rows already stored (23, 25, 40, 137 with AVX-512). Past those, last strips of
  // every width around one vector, which a one-vector micro-kernel computes: 17, 20, 22, 24, 25 and
  // 33 columns leave 1, 4, 6, 8, 9 and 1 past the 16-column strips of AVX-512 (1, 4, 6, 0, 1, 1 past
  // AVX2's 8).
  private static final int[] ROWS = {1, 5, 6, 7, 8, 9, 13, 23, 24, 25, 40, 137};
  private static final int[] COLS = {1, 4, 5, 8, 10, 15, 16, 17, 20, 22, 24, 25, 33, 300};
  private static final int[] INNER = {1, 3, 256, 257, 530};

  @Test
  void theVectorKernelIsLoadedWhenTheModuleIsPresent() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      assertNotNull(MatMul.vectorKernel(), "VectorMatMul missing from the runtime's classes");
    }
  }

  @Test
  void plainKernelAgreesWithTheTripleLoop() {
    check(MatMul.PLAIN);
  }

  @Test
  void vectorKernelAgreesWithTheTripleLoop() {
    MatMulKernel kernel = MatMul.vectorKernel();
    if (kernel != null) {
      check(kernel);
    }
  }

  /** Both tile heights on any machine: 6 rows (AVX2's registers) and 8 (AVX-512's). */
  @Test
  void vectorKernelOfEitherTileAgreesWithTheTripleLoop() throws ReflectiveOperationException {
    for (int rows : new int[] {6, 8}) {
      MatMulKernel kernel = MatMul.vectorKernel(rows);
      if (kernel != null) {
        assertEquals(true, kernel.toString().endsWith(rows + "-row tiles"), kernel.toString());
        check(kernel);
      }
    }
  }

  private static void check(MatMulKernel kernel) {
    for (int n : ROWS) {
      for (int m : COLS) {
        for (int inner : INNER) {
          check(kernel, n, m, inner);
        }
      }
    }
    check(kernel, 9, 300, 3000); // 900,000 doubles of op(b): two chunks of columns
    check(kernel, 9, 17, 40000); // deeper than a chunk: two chunks of depth
    check(kernel, 25, 10, 4200); // 10 columns, a million multiply-adds: narrow, deeper than a block
    check(kernel, 513, 10, 3); // aᵀ·b of rows longer than VectorSmall reads in place
    narrowProducts(kernel);
    check(kernel, 0, 10, 5); // empty products
    check(kernel, 16, 0, 5);
    check(kernel, 16, 10, 0);
  }

  /**
   * Products of fewer than 16 columns past the small kernel's size: a transposed {@code a} (rows of
   * {@code c} in the lanes, a block of {@code k} at a time, over a transposed copy of {@code c}; the
   * rows past the last two-vector tile by a scalar loop), for any number of columns up to 4 and for
   * more from a million multiply-adds, so with single rows, rows around the tiles of 8 and 16 and
   * columns around the 5-column groups and AVX-512's 10-column ones (6 to 10 columns one tile, 11
   * and 14 a 10-column tile and a 5-column one); and {@code a·b} of L to 2L columns read in place (with
   * AVX-512 at any size while {@code b} stays in L2: 10 columns 5,200 deep, 8 columns 6,000 deep
   * over 300 rows; 8 columns 30,000 deep go to the strip kernel).
   */
  private static void narrowProducts(MatMulKernel kernel) {
    for (int n : new int[] {1, 7, 8, 15, 16, 17, 33}) {
      for (int m : new int[] {1, 2, 4, 5, 6, 9, 10, 11, 14, 15}) {
        check(kernel, n, m, m <= 4 ? 37 : (1 << 20) / (n * m) + 1);
      }
    }
    check(kernel, 41, 10, 5200);
    check(kernel, 300, 8, 6000);
    check(kernel, 9, 8, 30000);
  }

  private static void check(MatMulKernel kernel, int n, int m, int inner) {
    Random random = new Random(7);
    for (int variant = 0; variant < 4; variant++) {
      boolean ta = (variant & 1) != 0;
      boolean tb = (variant & 2) != 0;
      double[][] a = ta ? uniform(random, inner, n) : uniform(random, n, inner);
      double[][] b = tb ? uniform(random, m, inner) : uniform(random, inner, m);
      // Half the products go into a new, zero c, which a kernel may start from zero instead of
      // reading (Product.zero): the same bits as adding into zeros.
      boolean zero = random.nextBoolean();
      double[][] c = zero ? new double[n][m] : uniform(random, n, m);
      double[][] expected = Nd.copy(c);
      // Each entry takes its steps of k in order; the loops run i-k-j only to read rows along.
      for (int i = 0; i < n; i++) {
        double[] e = expected[i];
        for (int k = 0; k < inner; k++) {
          double x = ta ? a[k][i] : a[i][k];
          for (int j = 0; j < m; j++) {
            e[j] = Math.fma(x, tb ? b[j][k] : b[k][j], e[j]);
          }
        }
      }
      kernel.multiply(new MatMul.Product(c, a, ta, b, tb, inner, zero), 1);
      String what =
          n + "x" + inner + "." + inner + "x" + m + " ta=" + ta + " tb=" + tb + " zero=" + zero;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          assertEquals(expected[i][j], c[i][j], what + " at " + i + "," + j);
        }
      }
    }
  }

  /** Entries uniform in [-1, 1): a Gaussian draw costs as much as the rest of this test. */
  private static double[][] uniform(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = 2 * random.nextDouble() - 1;
      }
    }
    return m;
  }
}
