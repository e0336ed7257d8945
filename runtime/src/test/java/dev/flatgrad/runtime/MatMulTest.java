package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both matrix-product kernels against the textbook triple loop, on shapes that exercise every
 * edge of their blocking: rows left over from the 8-row tiles, columns past the last full strip,
 * depths past one packed block, each operand transposed or not, and accumulation into a
 * non-zero {@code c}.
 */
class MatMulTest {
  private static final int[] ROWS = {1, 7, 8, 9, 17, 40, 137};
  private static final int[] COLS = {1, 5, 16, 17, 33, 300};
  private static final int[] INNER = {1, 3, 256, 257, 530};

  @Test
  void theVectorKernelIsLoadedWhenTheModuleIsPresent() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      assertNotNull(MatMul.vectorKernel(), "VectorMatMul missing from the runtime's classes");
    }
  }

  @Test
  void plainKernelAgreesWithTheTripleLoop() {
    check(MatMul::plainAccumulate);
  }

  @Test
  void vectorKernelAgreesWithTheTripleLoop() {
    MatMulKernel kernel = MatMul.vectorKernel();
    if (kernel != null) {
      check(kernel);
    }
  }

  private static void check(MatMulKernel kernel) {
    Random random = new Random(7);
    for (int n : ROWS) {
      for (int m : COLS) {
        for (int inner : INNER) {
          for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            double[][] a = ta ? gaussian(random, inner, n) : gaussian(random, n, inner);
            double[][] b = tb ? gaussian(random, m, inner) : gaussian(random, inner, m);
            double[][] c = gaussian(random, n, m);
            double[][] expected = Nd.copy(c);
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < inner; k++) {
                  s += (ta ? a[k][i] : a[i][k]) * (tb ? b[j][k] : b[k][j]);
                }
                expected[i][j] += s;
              }
            }
            kernel.accumulate(
                new MatMul.Product(c, a, ta, b, tb, inner), 0, n, 0, m);
            String what = n + "x" + inner + "." + inner + "x" + m + " ta=" + ta + " tb=" + tb;
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < m; j++) {
                assertEquals(expected[i][j], c[i][j], 1e-12 * (1 + inner), what + " at " + i + "," + j);
              }
            }
          }
        }
      }
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
