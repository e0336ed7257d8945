package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work split over threads gives the single-threaded result bit for bit: every kernel, every
 * transposition, cut into 1, 2 or 3 blocks (of rows, or of columns when rows are few), on shapes
 * with no rows, one column, and sizes that are not multiples of the tiles; and through {@link Nd}
 * with 1, 2 and 3 threads at sizes above the parallel threshold.
 */
class ParallelTest {
  private static final int[] ROWS = {0, 1, 7, 8, 9, 17, 24, 61};
  // 800 columns: the vector kernel gives each of 2 or 3 parts whole 256-column blocks of them.
  private static final int[] COLS = {1, 5, 17, 40, 800};
  private static final int[] INNER = {1, 3, 257};

  private final int savedThreads = Nd.threads();

  @AfterEach
  void restoreThreads() {
    Nd.setThreads(savedThreads);
  }

  @Test
  void aProductCutIntoBlocksIsBitForBitTheWholeProduct() throws ReflectiveOperationException {
    Nd.setThreads(3);
    List<MatMulKernel> kernels = new ArrayList<>();
    kernels.add(MatMul.PLAIN);
    // The vector kernel with either tile height (6 rows on AVX2, 8 on AVX-512), on any machine.
    for (int rows : new int[] {6, 8}) {
      if (MatMul.vectorKernel(rows) != null) {
        kernels.add(MatMul.vectorKernel(rows));
      }
    }
    Random random = new Random(11);
    for (MatMulKernel kernel : kernels) {
      for (int n : ROWS) {
        for (int m : COLS) {
          for (int inner : INNER) {
            assertPartsAgree(kernel, random, n, m, inner,
                kernel == MatMul.PLAIN ? "plain" : kernel.toString());
          }
        }
      }
    }
  }

  /** An n×inner·inner×m product in each transposition: cut into 2 and 3 parts, bit for bit the whole. */
  private static void assertPartsAgree(MatMulKernel kernel, Random random, int n, int m, int inner, String label) {
    for (int variant = 0; variant < 4; variant++) {
      boolean ta = (variant & 1) != 0;
      boolean tb = (variant & 2) != 0;
      double[][] a = ta ? gaussian(random, inner, n) : gaussian(random, n, inner);
      double[][] b = tb ? gaussian(random, m, inner) : gaussian(random, inner, m);
      double[][] c = gaussian(random, n, m);
      double[][] whole = Nd.copy(c);
      kernel.multiply(new MatMul.Product(whole, a, ta, b, tb, inner), 1);
      for (int parts = 2; parts <= 3; parts++) {
        double[][] split = Nd.copy(c);
        kernel.multiply(new MatMul.Product(split, a, ta, b, tb, inner), parts);
        assertBitwiseEqual(whole, split, label + " " + n + "x" + inner + "." + inner + "x" + m + " ta=" + ta
            + " tb=" + tb + " in " + parts + " parts");
      }
    }
  }

  @Test
  void aProductDeeperThanOneSharedChunkIsBitForBitTheWholeProduct() {
    MatMulKernel kernel = MatMul.vectorKernel();
    if (kernel == null) {
      return;
    }
    Nd.setThreads(3);
    Random random = new Random(12);
    // Parts share op(b) packed a chunk of depth at a time: 40 columns 3000 deep are two chunks,
    // 300 columns 1500 deep six.
    // Narrow products: a transposed a with 10 and 7 columns (rows of c in the lanes; each part a
    // transposed copy of its rows of c, tiles of 16 rows with AVX-512, the rest scalar), and a·b of
    // 10 columns read in place (rows of c cut into blocks of 8).
    int[][] shapes = {{17, 40, 3000}, {9, 300, 1500}, {70, 10, 1600}, {33, 7, 4600}, {41, 10, 5200}};
    for (int[] shape : shapes) {
      assertPartsAgree(kernel, random, shape[0], shape[1], shape[2], "vector");
    }
  }

  @Test
  void aProductWhosePartsPackForThemselvesIsBitForBitTheWholeProduct() {
    MatMulKernel kernel = MatMul.vectorKernel();
    if (kernel == null) {
      return;
    }
    Nd.setThreads(3);
    Random random = new Random(13);
    // From 64 rows a thread, with too few columns to cut, each part packs all of op(b) itself and
    // takes a block of rows: around the row tiles, one KC block deep and several, one strip and many.
    int[][] shapes = {{192, 40, 300}, {200, 17, 257}, {250, 100, 1100}, {389, 33, 530}};
    for (int[] shape : shapes) {
      assertPartsAgree(kernel, random, shape[0], shape[1], shape[2], "vector");
    }
  }

  @Test
  void ndProductsAreTheSameForOneTwoAndThreeThreads() {
    Random random = new Random(5);
    // 7.3 million multiply-adds: above three times the threshold, so 2 and 3 threads split it.
    double[][] x = gaussian(random, 240, 301);
    double[][] w = gaussian(random, 301, 101);
    double[][] dy = gaussian(random, 240, 101);
    double[][][] expected = null;
    for (int threads = 1; threads <= 3; threads++) {
      Nd.setThreads(threads);
      double[][][] got = {
        Nd.dot(x, w), Nd.transposeDot(x, dy), Nd.dotTranspose(dy, w),
        Nd.addDotInPlace(Nd.copy(dy), x, w)
      };
      // A new result (its rows allocated by the threads, its tiles started from zero) is the
      // product added into zeros.
      double[][][] intoZeros = {
        Nd.addDotInPlace(new double[240][101], x, w),
        Nd.addTransposeDotInPlace(new double[301][101], x, dy),
        Nd.addDotTransposeInPlace(new double[240][301], dy, w)
      };
      for (int r = 0; r < intoZeros.length; r++) {
        assertBitwiseEqual(intoZeros[r], got[r], "new product " + r + " with " + threads + " threads");
      }
      if (expected == null) {
        expected = got;
      } else {
        for (int r = 0; r < got.length; r++) {
          assertBitwiseEqual(expected[r], got[r], "product " + r + " with " + threads + " threads");
        }
      }
    }
  }

  @Test
  void largeElementwiseWorkIsTheSameForOneTwoAndThreeThreads() {
    Random random = new Random(6);
    double[][] x = gaussian(random, 700, 301);
    double[][] y = gaussian(random, 700, 301);
    double[] row = gaussian(random, 1, 301)[0];
    double[][] expected = null;
    for (int threads = 1; threads <= 3; threads++) {
      Nd.setThreads(threads);
      double[][] got = Nd.add(Nd.multiply(Nd.exp(Nd.multiply(x, 0.1)), y), row);
      Nd.addInPlace(got, 0.5, Nd.tanh(y));
      // Sums of a large matrix: the rows' sums on the threads, added in row order after.
      double sumOfRows = 0;
      for (double[] r : got) {
        sumOfRows += Nd.sum(r);
      }
      assertEquals(sumOfRows, Nd.sum(got), "sum with " + threads + " threads");
      assertEquals(Nd.sum(Nd.square(got)), Nd.sumOfSquares(got), "sumOfSquares, " + threads);
      assertEquals(Nd.sum(Nd.multiply(got, y)), Nd.vdot(got, y), "vdot with " + threads + " threads");
      if (expected == null) {
        expected = got;
      } else {
        assertBitwiseEqual(expected, got, "elementwise with " + threads + " threads");
      }
    }
  }

  @Test
  void everyPartRunsExactlyOnce() {
    Nd.setThreads(3);
    for (int parts : new int[] {1, 2, 3, 7, 40}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(parts);
      Parallel.forEach(parts, runs::incrementAndGet);
      for (int p = 0; p < parts; p++) {
        assertEquals(1, runs.get(p), "part " + p + " of " + parts);
      }
    }
  }

  @Test
  void aPartsExceptionReachesTheCaller() {
    Nd.setThreads(2);
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> Parallel.forEach(4, p -> {
          if (p == 3) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
  }

  @Test
  void concurrentCallersFromAParallelStreamFinishWithTheirOwnResults() {
    Nd.setThreads(2);
    Random random = new Random(8);
    double[][] x = gaussian(random, 160, 200);
    double[][] w = gaussian(random, 200, 64);
    double[][] expected = Nd.dot(x, w);
    // Eight callers at once, on the common pool's workers: none may wait on another's parts.
    List<double[][]> results = IntStream.range(0, 8).parallel()
        .mapToObj(i -> Nd.dot(x, w)).toList();
    for (double[][] r : results) {
      assertBitwiseEqual(expected, r, "concurrent Nd.dot");
    }
  }

  @Test
  void theThreadCountMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Nd.setThreads(0));
    assertEquals("Nd.setThreads: the thread count must be at least 1: 0", e.getMessage());
    assertEquals(savedThreads, Nd.threads());
  }

  private static void assertBitwiseEqual(double[][] expected, double[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int i = 0; i < expected.length; i++) {
      long[] e = new long[expected[i].length];
      long[] a = new long[actual[i].length];
      for (int j = 0; j < e.length; j++) {
        e[j] = Double.doubleToRawLongBits(expected[i][j]);
      }
      for (int j = 0; j < a.length; j++) {
        a[j] = Double.doubleToRawLongBits(actual[i][j]);
      }
      assertArrayEquals(e, a, what + ": row " + i);
    }
  }

  private static double[][] gaussian(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }
}
