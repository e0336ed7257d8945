package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-place and fused forms against straightforward reference loops: each writes into and
 * returns its first argument, agrees with the allocating ops it replaces, and names the shapes
 * that do not fit.
 */
class NdInPlaceTest {
  private static final int[][] SHAPES = {{0, 0}, {1, 1}, {1, 5}, {4, 1}, {3, 7}, {9, 17}};
  private static final double TOLERANCE = 1e-13;

  private final Random random = new Random(99);

  @Test
  void addInPlaceWithAScaleIsAnAxpy() {
    for (int[] s : SHAPES) {
      double[][] acc = gaussian(s[0], s[1]);
      double[][] x = gaussian(s[0], s[1]);
      double[][] expected = new double[s[0]][s[1]];
      for (int i = 0; i < s[0]; i++) {
        for (int j = 0; j < s[1]; j++) {
          expected[i][j] = acc[i][j] + -1.5 * x[i][j];
        }
      }
      assertSame(acc, Nd.addInPlace(acc, -1.5, x));
      assertMatrix(expected, acc);
      if (s[0] > 0) {
        double[] v = Nd.copy(acc[0]);
        double[] want = Nd.add(v, Nd.multiply(0.25, x[0]));
        assertSame(v, Nd.addInPlace(v, 0.25, x[0]));
        assertArrayEquals(want, v, TOLERANCE);
      }
    }
  }

  @Test
  void addMultiplyInPlaceAddsTheElementwiseProduct() {
    for (int[] s : SHAPES) {
      double[][] acc = gaussian(s[0], s[1]);
      double[][] a = gaussian(s[0], s[1]);
      double[][] b = gaussian(s[0], s[1]);
      double[][] expected = Nd.add(acc, Nd.multiply(a, b));
      assertSame(acc, Nd.addMultiplyInPlace(acc, a, b));
      assertMatrix(expected, acc);
      if (s[0] > 0) {
        double[] v = Nd.copy(acc[0]);
        double[] want = Nd.add(v, Nd.multiply(a[0], b[0]));
        assertSame(v, Nd.addMultiplyInPlace(v, a[0], b[0]));
        assertArrayEquals(want, v, TOLERANCE);
      }
    }
  }

  /** A matrix of one column, one row or one element stands for acc's shape, as in multiply. */
  @Test
  void addMultiplyInPlaceBroadcastsColumnsAndRows() {
    for (int[] s : SHAPES) {
      if (s[0] == 0 || s[1] == 0) {
        continue;
      }
      double[][] a = gaussian(s[0], s[1]);
      double[][][] others = {gaussian(s[0], 1), gaussian(1, s[1]), gaussian(1, 1)};
      for (double[][] b : others) {
        double[][] acc = gaussian(s[0], s[1]);
        double[][] expected = Nd.add(acc, Nd.multiply(b, a));
        assertSame(acc, Nd.addMultiplyInPlace(acc, b, a));
        assertMatrix(expected, acc);
        acc = gaussian(s[0], s[1]);
        expected = Nd.add(acc, Nd.multiply(a, b));
        assertSame(acc, Nd.addMultiplyInPlace(acc, a, b));
        assertMatrix(expected, acc);
      }
    }
  }

  @Test
  void multiplyInPlaceScales() {
    for (int[] s : SHAPES) {
      double[][] acc = gaussian(s[0], s[1]);
      double[][] expected = Nd.multiply(acc, 1.0 / 3);
      assertSame(acc, Nd.multiplyInPlace(acc, 1.0 / 3));
      assertMatrix(expected, acc);
    }
    double[] v = {1, -2, 4};
    assertSame(v, Nd.multiplyInPlace(v, 0.5));
    assertArrayEquals(new double[] {0.5, -1, 2}, v);
  }

  @Test
  void accumulatingProductsAddTheProductIntoAcc() {
    int[][] dims = {{0, 0, 0}, {1, 1, 1}, {3, 4, 5}, {9, 1, 17}, {17, 33, 1}, {40, 300, 19}};
    for (int[] d : dims) {
      double[][] a = gaussian(d[0], d[1]);
      double[][] b = gaussian(d[1], d[2]);
      double[][] at = Nd.transpose(a);
      double[][] bt = Nd.transpose(b);
      double[][] acc = gaussian(d[0], d[2]);
      double[][] expected = Nd.copy(acc);
      for (int i = 0; i < d[0]; i++) {
        for (int j = 0; j < d[2]; j++) {
          double sum = 0;
          for (int k = 0; k < d[1]; k++) {
            sum += a[i][k] * b[k][j];
          }
          expected[i][j] += sum;
        }
      }
      double tolerance = 1e-12 * (1 + d[1]);
      double[][] c = Nd.copy(acc);
      assertSame(c, Nd.addDotInPlace(c, a, b));
      assertMatrix(expected, c, tolerance);
      c = Nd.copy(acc);
      assertSame(c, Nd.addTransposeDotInPlace(c, at, b));
      assertMatrix(expected, c, tolerance);
      c = Nd.copy(acc);
      assertSame(c, Nd.addDotTransposeInPlace(c, a, bt));
      assertMatrix(expected, c, tolerance);
    }
  }

  @Test
  void sumOfSquaresIsTheSumOfTheSquares() {
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double expected = 0;
      for (double[] row : x) {
        expected += sumInFourParts(Nd.square(row));
      }
      assertEquals(expected, Nd.sumOfSquares(x));
      assertEquals(Nd.sum(Nd.square(x)), Nd.sumOfSquares(x));
      assertEquals(Nd.sum(Nd.multiply(x, x)), Nd.vdot(x, x));
      assertEquals(Nd.vdot(x, x), Nd.sumOfSquares(x));
    }
    assertEquals(25.0, Nd.sumOfSquares(new double[] {3, -4}));
    assertEquals(0.0, Nd.sumOfSquares(new double[0]));
  }

  @Test
  void sumsInFourPartsInAFixedOrder() {
    for (int n = 0; n <= 13; n++) {
      double[] x = gaussian(1, n)[0];
      double[] y = gaussian(1, n)[0];
      assertEquals(sumInFourParts(x), Nd.sum(x), "n = " + n);
      assertEquals(Nd.sum(Nd.square(x)), Nd.sumOfSquares(x), "n = " + n);
      assertEquals(Nd.sum(Nd.multiply(x, y)), Nd.dot(x, y), "n = " + n);
      assertEquals(Nd.sum(x) / n, Nd.mean(x), "n = " + n);
    }
    double[][] m = gaussian(9, 17);
    double expected = 0;
    for (double[] row : m) {
      expected += sumInFourParts(row);
    }
    assertEquals(expected, Nd.sum(m));
    assertEquals(expected / (9 * 17), Nd.mean(m));
  }

  @Test
  void fourPartialSumsRoundLessThanOne() {
    double[] x = new double[1 << 20];
    BigDecimal exact = BigDecimal.ZERO;
    double serial = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.1 + random.nextDouble();
      exact = exact.add(new BigDecimal(x[i]));
      serial += x[i];
    }
    double error = Math.abs(new BigDecimal(Nd.sum(x)).subtract(exact).doubleValue());
    double serialError = Math.abs(new BigDecimal(serial).subtract(exact).doubleValue());
    assertTrue(error < serialError, error + " against " + serialError);
  }

  /** The runtime's order of summation, written out: entry 4g + j to part j, the rest to part 0. */
  private static double sumInFourParts(double[] x) {
    double[] part = new double[4];
    int whole = x.length - x.length % 4;
    for (int i = 0; i < x.length; i++) {
      part[i < whole ? i % 4 : 0] += x[i];
    }
    return (part[0] + part[1]) + (part[2] + part[3]);
  }

  @Test
  void logSumExpIsStable() {
    double[] v = {0.5, -1.25, 2.0};
    double naive = Math.log(Math.exp(0.5) + Math.exp(-1.25) + Math.exp(2.0));
    assertEquals(naive, Nd.logSumExp(v), 1e-15);
    assertEquals(1000 + naive, Nd.logSumExp(Nd.add(v, 1000)), 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, Nd.logSumExp(new double[0]));
    assertEquals(Double.POSITIVE_INFINITY, Nd.logSumExp(new double[] {1, Double.POSITIVE_INFINITY}));
    assertEquals(Double.NEGATIVE_INFINITY,
        Nd.logSumExp(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}));
    assertEquals(Double.NaN, Nd.logSumExp(new double[] {1, Double.NaN}));
    double[][] m = gaussian(4, 3);
    double[] rows = Nd.logSumExp(m, 1);
    double[] cols = Nd.logSumExp(m, 0);
    for (int i = 0; i < 4; i++) {
      assertEquals(Math.log(Nd.sum(Nd.exp(m[i]))), rows[i], 1e-14);
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(Math.log(Nd.sum(Nd.exp(Nd.transpose(m)[j]))), cols[j], 1e-14);
    }
  }

  @Test
  void anOuterProductIsAddedInPlaceAsOuterThenAddInPlaceAddsIt() {
    double[] u = {0.3, -1.2, 0.7};
    double[] v = {2.0, -0.4, 1e-3, 5.5};
    double[][] acc = gaussian(3, 4);
    double[][] expected = Nd.addInPlace(Nd.copy(acc), Nd.outer(u, v));
    double[][] c = Nd.copy(acc);
    assertSame(c, Nd.addOuterInPlace(c, u, v));
    assertMatrix(expected, c, 0.0);
    assertMessage("Nd.addOuterInPlace: acc has shape (2, 3) but the outer product has shape (3, 4)",
        () -> Nd.addOuterInPlace(new double[2][3], u, v));
    assertMessage("Nd.addOuterInPlace: v is null", () -> Nd.addOuterInPlace(acc, u, null));
    double[][] ragged = {new double[4], new double[4], new double[3]};
    assertMessage("Nd.addOuterInPlace: acc is ragged: row 2 has length 3, row 0 has length 4",
        () -> Nd.addOuterInPlace(ragged, u, v));
  }

  @Test
  void shapesThatDoNotFitAreNamed() {
    double[][] acc = new double[2][3];
    assertMessage("Nd.addInPlace: acc has shape (2, 3) but x has shape (3, 2)",
        () -> Nd.addInPlace(acc, 2.0, new double[3][2]));
    assertMessage("Nd.addMultiplyInPlace: b has shape (2, 4), which does not broadcast to acc's shape (2, 3)",
        () -> Nd.addMultiplyInPlace(acc, new double[2][3], new double[2][4]));
    assertMessage("Nd.addMultiplyInPlace: a has shape (3, 1), which does not broadcast to acc's shape (2, 3)",
        () -> Nd.addMultiplyInPlace(acc, new double[3][1], new double[2][3]));
    assertMessage("Nd.addMultiplyInPlace: acc has shape (3) but b has shape (1)",
        () -> Nd.addMultiplyInPlace(new double[3], new double[3], new double[1]));
    assertMessage("Nd.addDotInPlace: acc has shape (2, 3) but the product has shape (2, 4)",
        () -> Nd.addDotInPlace(acc, new double[2][5], new double[5][4]));
    assertMessage(
        "Nd.addTransposeDotInPlace: shapes (5, 2) and (4, 3) not aligned: 5 (dim 0) != 4 (dim 0)",
        () -> Nd.addTransposeDotInPlace(acc, new double[5][2], new double[4][3]));
    assertMessage("Nd.addDotTransposeInPlace: acc is null",
        () -> Nd.addDotTransposeInPlace(null, new double[2][5], new double[3][5]));
    assertMessage("Nd.logSumExpBackward: dout has shape (3) and out (2) but logSumExp(m, 1) of m"
            + " with shape (2, 3) has shape (2)",
        () -> Nd.logSumExpBackward(new double[3], acc, new double[2], 1));
  }

  /**
   * The adjoint of a user's ragged matrix (a triangle of weights) is summed and scaled in place
   * row by row, as each row alone would be; matrices whose rows differ name both shapes.
   */
  @Test
  void equallyRaggedMatricesAreAccumulatedRowByRow() {
    double[][] acc = {{1, 2, 3}, {4}, {}, {5, 6}};
    double[][] x = {{0.5, -1, 2}, {3}, {}, {-2, 0.25}};
    double[][] want = new double[acc.length][];
    for (int i = 0; i < acc.length; i++) {
      want[i] = Nd.copy(acc[i]);
      Nd.addInPlace(want[i], x[i]);
      Nd.addInPlace(want[i], -1.5, x[i]);
      Nd.subtractInPlace(want[i], x[i]);
      Nd.multiplyInPlace(want[i], 0.5);
    }
    assertSame(acc, Nd.addInPlace(acc, x));
    assertSame(acc, Nd.addInPlace(acc, -1.5, x));
    assertSame(acc, Nd.subtractInPlace(acc, x));
    assertSame(acc, Nd.multiplyInPlace(acc, 0.5));
    for (int i = 0; i < acc.length; i++) {
      assertArrayEquals(want[i], acc[i]);
    }
    double[][] shorter = {{1, 2, 3}, {4}, {5}, {5, 6}};
    assertMessage("Nd.addInPlace: acc has shape (4 rows of lengths 3, 1, 0, 2) but x has shape "
        + "(4 rows of lengths 3, 1, 1, 2)", () -> Nd.addInPlace(acc, shorter));
    assertMessage("Nd.subtractInPlace: acc has shape (4 rows of lengths 3, 1, 0, 2) but x has shape (2, 3)",
        () -> Nd.subtractInPlace(acc, new double[2][3]));
    assertMessage("Nd.addInPlace: acc has shape (2, 3) but x has shape (3, 3)",
        () -> Nd.addInPlace(new double[2][3], 2.0, new double[3][3]));
    assertMessage("Nd.addInPlace: x[1] is null", () -> Nd.addInPlace(new double[2][1], new double[][] {{1}, null}));
  }

  private static void assertMessage(String expected, Runnable call) {
    RuntimeException e = assertThrows(RuntimeException.class, call::run);
    assertEquals(expected, e.getMessage());
  }

  private static void assertMatrix(double[][] expected, double[][] actual) {
    assertMatrix(expected, actual, TOLERANCE);
  }

  private static void assertMatrix(double[][] expected, double[][] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], tolerance, "row " + i);
    }
  }

  private double[][] gaussian(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }
}
