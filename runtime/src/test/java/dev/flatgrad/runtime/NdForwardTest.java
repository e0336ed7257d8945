package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Forward semantics of every {@link Nd} operation, its shape errors, and argument hygiene. */
class NdForwardTest {
  private static final Random RANDOM = new Random(11);

  // ---------------------------------------------------------------------------------------------
  // Broadcasting: every binary op, every combination of ranks, against a reference.

  private static final Map<String, DoubleBinaryOperator> BINARY =
      Map.of(
          "add", Double::sum,
          "subtract", (x, y) -> x - y,
          "multiply", (x, y) -> x * y,
          "divide", (x, y) -> x / y,
          "maximum", Math::max,
          "minimum", Math::min,
          "greater", (x, y) -> x > y ? 1 : 0,
          "greaterEqual", (x, y) -> x >= y ? 1 : 0,
          "less", (x, y) -> x < y ? 1 : 0,
          "lessEqual", (x, y) -> x <= y ? 1 : 0);

  /** Operand shapes: {rows, cols} for a matrix, {n} for a vector, {} for a scalar. */
  private static final List<int[][]> COMPATIBLE =
      List.of(
          shapes(new int[] {3, 4}, new int[] {3, 4}),
          shapes(new int[] {3, 4}, new int[] {3, 1}),
          shapes(new int[] {3, 4}, new int[] {1, 4}),
          shapes(new int[] {3, 4}, new int[] {1, 1}),
          shapes(new int[] {3, 1}, new int[] {1, 4}),
          shapes(new int[] {1, 4}, new int[] {3, 1}),
          shapes(new int[] {3, 1}, new int[] {3, 4}),
          shapes(new int[] {1, 1}, new int[] {3, 4}),
          shapes(new int[] {1, 1}, new int[] {1, 1}),
          shapes(new int[] {3, 4}, new int[] {4}),
          shapes(new int[] {1, 4}, new int[] {4}),
          shapes(new int[] {4}, new int[] {3, 4}),
          shapes(new int[] {4}, new int[] {4}),
          shapes(new int[] {0}, new int[] {0}),
          shapes(new int[] {3, 4}, new int[] {}),
          shapes(new int[] {}, new int[] {3, 4}),
          shapes(new int[] {4}, new int[] {}),
          shapes(new int[] {}, new int[] {4}));

  private static int[][] shapes(int[] a, int[] b) {
    return new int[][] {a, b};
  }

  @Test
  void everyBinaryOpBroadcastsEveryCombinationLikeNumpy() throws Exception {
    for (Map.Entry<String, DoubleBinaryOperator> op : BINARY.entrySet()) {
      for (int[][] s : COMPATIBLE) {
        Object a = operand(s[0]);
        Object b = operand(s[1]);
        Object aCopy = copy(a);
        Object bCopy = copy(b);
        Object result = invoke(op.getKey(), a, b);
        String what = "Nd." + op.getKey() + " " + shape(a) + " " + shape(b);
        assertDeepEquals(expected(op.getValue(), a, b), result, what);
        assertDeepEquals(aCopy, a, what + " modified a");
        assertDeepEquals(bCopy, b, what + " modified b");
        assertFresh(result, a, what);
        assertFresh(result, b, what);
      }
    }
  }

  @Test
  void everyBinaryOpAgainstOneValueIsItsLoopAgainstTheStretchedRow() {
    double[] x = {0.5, -2, 3, 0, Double.NaN, 7, -0.0};
    for (BinaryOp op : BinaryOp.values()) {
      for (double y : new double[] {0.25, -2, 0, Double.NaN}) {
        double[] stretched = new double[x.length];
        Arrays.fill(stretched, y);
        double[] expected = new double[x.length];
        double[] actual = new double[x.length];
        op.apply(x, stretched, expected, 1, 6);
        op.apply(x, y, actual, 1, 6);
        assertArrayEquals(expected, actual, op + " against " + y);
      }
    }
  }

  @Test
  void incompatibleShapesNameOpAndBothShapes() {
    assertIllegal(
        "Nd.add: operands could not be broadcast together with shapes (3, 4) (5)",
        () -> Nd.add(new double[3][4], new double[5]));
    assertIllegal(
        "Nd.subtract: operands could not be broadcast together with shapes (5) (3, 4)",
        () -> Nd.subtract(new double[5], new double[3][4]));
    assertIllegal(
        "Nd.multiply: operands could not be broadcast together with shapes (3, 4) (2, 4)",
        () -> Nd.multiply(new double[3][4], new double[2][4]));
    assertIllegal(
        "Nd.divide: operands could not be broadcast together with shapes (4) (3)",
        () -> Nd.divide(new double[4], new double[3]));
    assertIllegal(
        "Nd.greater: operands could not be broadcast together with shapes (3, 2) (3, 4)",
        () -> Nd.greater(new double[3][2], new double[3][4]));
  }

  @Test
  void copyIsDeepAndUnflattenInvertsFlatten() {
    double[][] m = {{1, 2, 3}, {4, 5, 6}};
    double[][] c = Nd.copy(m);
    c[1][2] = 60;
    assertEquals(6, m[1][2]);
    assertArrayEquals(m[0], Nd.unflatten(Nd.flatten(m), m)[0]);
    assertArrayEquals(m[1], Nd.unflatten(Nd.flatten(m), m)[1]);
    assertIllegal("Nd.unflatten: cannot lay out 5 values as shape (2, 3)",
        () -> Nd.unflatten(new double[5], m));
  }

  @Test
  void vectorsBroadcastOnlyWithOneEntryPerColumn() {
    // Stricter than numpy: no length-1 vectors and no (N, 1) matrix against a vector, so that a
    // gradient's shape never depends on run-time values.
    assertIllegal(
        "Nd.add: operands could not be broadcast together with shapes (3, 4) (1): a vector broadcasts",
        () -> Nd.add(new double[3][4], new double[1]));
    assertIllegal(
        "Nd.add: operands could not be broadcast together with shapes (3, 1) (4): a vector broadcasts",
        () -> Nd.add(new double[3][1], new double[4]));
    assertIllegal(
        "Nd.multiply: operands could not be broadcast together with shapes (4) (1): vectors must have",
        () -> Nd.multiply(new double[4], new double[1]));
  }

  /**
   * Two matrices equally ragged, or one and a scalar, are zipped row by row (the sums and scalings
   * of the adjoint of a user's ragged matrix), as each row alone would be.
   */
  @Test
  void equallyRaggedOperandsAreZippedRowByRow() {
    double[][] a = {{1, 2, 3}, {4}, {}, {5, 6}};
    double[][] b = {{0.5, -1, 2}, {3}, {}, {-2, 0.25}};
    double[][] sum = Nd.add(a, b);
    double[][] product = Nd.multiply(2.5, a);
    double[][] quotient = Nd.divide(a, 4.0);
    double[][] difference = Nd.subtract(1.0, b);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(Nd.add(a[i], b[i]), sum[i]);
      assertArrayEquals(Nd.multiply(2.5, a[i]), product[i]);
      assertArrayEquals(Nd.divide(a[i], 4.0), quotient[i]);
      assertArrayEquals(Nd.subtract(1.0, b[i]), difference[i]);
    }
    assertNull("Nd.multiply: b[1] is null", () -> Nd.multiply(2.0, new double[][] {{1}, null}));
  }

  @Test
  void raggedAndNullArgumentsAreNamed() {
    double[][] ragged = {{1, 2}, {3}};
    assertIllegal("Nd.add: a has shape (2, 2) but b has shape (2 rows of lengths 2, 1)",
        () -> Nd.add(new double[2][2], ragged));
    assertIllegal("Nd.multiply: a has shape (2 rows of lengths 2, 1) but b has shape (2 rows of lengths 1, 2)",
        () -> Nd.multiply(ragged, new double[][] {{1}, {2, 3}}));
    assertIllegal("Nd.exp: x is ragged", () -> Nd.exp(ragged));
    assertIllegal("Nd.dot: a is ragged", () -> Nd.dot(ragged, new double[2][2]));
    assertNull("Nd.add: a is null", () -> Nd.add((double[][]) null, 1.0));
    assertNull("Nd.add: b is null", () -> Nd.add(new double[1], (double[]) null));
    assertNull("Nd.add: b[1] is null", () -> Nd.add(new double[2][1], new double[][] {{1}, null}));
    assertNull("Nd.dot: b is null", () -> Nd.dot(new double[1][1], (double[][]) null));
    assertNull("Nd.transpose: m is null", () -> Nd.transpose(null));
    assertNull("Nd.sum: x is null", () -> Nd.sum((double[]) null));
    assertNull("Nd.pick: y is null", () -> Nd.pick(new double[1][1], null));
    assertNull("Nd.softmaxBackward: out is null", () -> Nd.softmaxBackward(new double[1], null));
  }

  // ---------------------------------------------------------------------------------------------
  // Elementwise functions

  private static final Map<String, DoubleUnaryOperator> UNARY =
      Map.of(
          "exp", Math::exp,
          "log", Math::log,
          "sqrt", Math::sqrt,
          "square", x -> x * x,
          "abs", Math::abs,
          "negative", x -> -x,
          "tanh", Math::tanh,
          "sign", Math::signum,
          "sigmoid", x -> 1 / (1 + Math.exp(-x)),
          "relu", x -> x > 0 ? x : 0);

  @Test
  void everyUnaryOpMapsEveryEntry() throws Exception {
    double[] v = {-2, -0.5, 0, 0.5, 3};
    double[][] m = {{-2, -0.5, 0}, {0.5, 3, 1.25}};
    for (Map.Entry<String, DoubleUnaryOperator> op : UNARY.entrySet()) {
      for (Object x : List.of(v, m)) {
        Object xCopy = copy(x);
        Method method = Nd.class.getMethod(op.getKey(), x.getClass());
        Object result = method.invoke(null, x);
        String what = "Nd." + op.getKey() + " " + shape(x);
        Object expected =
            x instanceof double[]
                ? map((double[]) x, op.getValue())
                : new double[][] {map(m[0], op.getValue()), map(m[1], op.getValue())};
        assertDeepEquals(expected, result, 1e-15, what);
        assertDeepEquals(xCopy, x, what + " modified x");
        assertFresh(result, x, what);
      }
    }
  }

  @Test
  void sigmoidIsStableAtExtremes() {
    double[] s = Nd.sigmoid(new double[] {-1000, -40, 0, 40, 1000});
    assertArrayEquals(new double[] {0, 1 / (1 + Math.exp(40)), 0.5, 1, 1}, s, 1e-300);
    assertEquals(0.5, Nd.sigmoid(0.0));
    assertEquals(0.7310585786300049, Nd.sigmoid(1.0), 1e-16);
    assertEquals(0, Nd.relu(-3.0));
    assertEquals(2, Nd.relu(2.0));
    assertTrue(Double.isNaN(Nd.relu(Double.NaN)));
  }

  @Test
  void signOfZeroIsZero() {
    assertArrayEquals(new double[] {-1, 0, 1}, Nd.sign(new double[] {-3, 0, 2}));
  }

  @Test
  void maximumPropagatesNaNAndComparisonsWithNaNAreFalse() {
    assertTrue(Double.isNaN(Nd.maximum(new double[] {Double.NaN}, 1.0)[0]));
    assertTrue(Double.isNaN(Nd.minimum(1.0, new double[] {Double.NaN})[0]));
    assertArrayEquals(new double[] {0}, Nd.greater(new double[] {Double.NaN}, 0.0));
    assertArrayEquals(new double[] {0}, Nd.lessEqual(new double[] {Double.NaN}, 0.0));
  }

  // ---------------------------------------------------------------------------------------------
  // Softmax

  @Test
  void softmaxIsNormalisedAndStable() {
    double[] s = Nd.softmax(new double[] {1, 2, 3});
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, s, 1e-15);
    double[] big = Nd.softmax(new double[] {1000, 1000});
    assertArrayEquals(new double[] {0.5, 0.5}, big);
    double[][] rows = Nd.softmax(new double[][] {{1, 2, 3}, {1000, 1000, -1000}});
    assertArrayEquals(s, rows[0], 1e-15);
    assertArrayEquals(new double[] {0.5, 0.5, 0}, rows[1], 1e-15);
    assertEquals(0, Nd.softmax(new double[0]).length);
  }

  @Test
  void logSoftmaxIsLogOfSoftmaxAndStable() {
    double[] x = {0.3, -1.2, 2.5, 0};
    double[] expected = map(Nd.softmax(x), Math::log);
    assertArrayEquals(expected, Nd.logSoftmax(x), 1e-14);
    assertArrayEquals(new double[] {-Math.log(2), -Math.log(2)}, Nd.logSoftmax(new double[] {800, 800}));
    double[][] rows = Nd.logSoftmax(new double[][] {x, {1000, 0, 0, 0}});
    assertArrayEquals(expected, rows[0], 1e-14);
    assertArrayEquals(new double[] {0, -1000, -1000, -1000}, rows[1], 1e-12);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions

  @Test
  void reductions() {
    double[] v = {3, -1, 4, 1, -5};
    double[][] m = {{1, 2, 3}, {4, 6, 5}};
    assertEquals(2, Nd.sum(v));
    assertEquals(0.4, Nd.mean(v), 1e-15);
    assertEquals(4, Nd.max(v));
    assertEquals(21, Nd.sum(m));
    assertEquals(3.5, Nd.mean(m));
    assertEquals(6, Nd.max(m));
    assertArrayEquals(new double[] {5, 8, 8}, Nd.sum(m, 0));
    assertArrayEquals(new double[] {6, 15}, Nd.sum(m, 1));
    assertArrayEquals(new double[] {2.5, 4, 4}, Nd.mean(m, 0));
    assertArrayEquals(new double[] {2, 5}, Nd.mean(m, 1));
    assertArrayEquals(new double[] {4, 6, 5}, Nd.max(m, 0));
    assertArrayEquals(new double[] {3, 6}, Nd.max(m, 1));
    assertEquals(2, Nd.argmax(v));
    assertArrayEquals(new int[] {1, 1, 1}, Nd.argmax(m, 0));
    assertArrayEquals(new int[] {2, 1}, Nd.argmax(m, 1));
    assertEquals(0, Nd.sum(new double[0]));
    assertTrue(Double.isNaN(Nd.mean(new double[0])));
  }

  @Test
  void maxTiesGoToTheFirstAndNaNPropagates() {
    assertEquals(1, Nd.argmax(new double[] {1, 7, 7}));
    assertArrayEquals(new int[] {0, 1}, Nd.argmax(new double[][] {{7, 7}, {1, 2}}, 1));
    assertArrayEquals(new int[] {0, 0}, Nd.argmax(new double[][] {{7, 7}, {7, 7}}, 0));
    assertTrue(Double.isNaN(Nd.max(new double[] {1, Double.NaN, 3})));
    assertTrue(Double.isNaN(Nd.max(new double[][] {{1, 2}, {Double.NaN, 3}})));
    assertEquals(1, Nd.argmax(new double[] {1, Double.NaN, Double.NaN}));
  }

  @Test
  void maxIsTheEntryArgmaxPointsAtBitForBit() {
    double nan1 = Double.longBitsToDouble(0x7ff8000000000001L);
    double nan2 = Double.longBitsToDouble(0x7ff8000000000002L);
    double[][] m = {
      {-0.0, 0.0, -1, -2}, {0.0, -0.0, -1, -2}, {1, nan1, nan2, 3}, {nan2, 5, nan1, 1}, {2, 9, 9, -9}
    };
    double[] rowMax = Nd.max(m, 1);
    for (int i = 0; i < m.length; i++) {
      long expected = Double.doubleToRawLongBits(m[i][Nd.argmax(m[i])]);
      assertEquals(expected, Double.doubleToRawLongBits(Nd.max(m[i])), "row " + i);
      assertEquals(expected, Double.doubleToRawLongBits(rowMax[i]), "row " + i);
    }
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(rowMax[0]));
    assertEquals(Double.doubleToRawLongBits(nan1), Double.doubleToRawLongBits(rowMax[2]));
  }

  @Test
  void reductionErrors() {
    assertIllegal("Nd.sum: axis 2 is out of bounds for array of dimension 2", () -> Nd.sum(new double[2][2], 2));
    assertIllegal("Nd.mean: axis -1 is out of bounds", () -> Nd.mean(new double[2][2], -1));
    assertIllegal("Nd.max: axis 3 is out of bounds", () -> Nd.max(new double[2][2], 3));
    assertIllegal("Nd.max: zero-size array", () -> Nd.max(new double[0]));
    assertIllegal("Nd.max: zero-size array", () -> Nd.max(new double[2][0]));
    assertIllegal("Nd.max: zero-size array", () -> Nd.max(new double[2][0], 1));
    assertIllegal("Nd.argmax: zero-size array", () -> Nd.argmax(new double[0]));
  }

  // ---------------------------------------------------------------------------------------------
  // Creation, shape and labels

  @Test
  void creation() {
    assertArrayEquals(new double[3], Nd.zeros(3));
    assertDeepEquals(new double[2][3], Nd.zeros(2, 3), "zeros");
    assertArrayEquals(new double[] {1, 1}, Nd.ones(2));
    assertDeepEquals(new double[][] {{1, 1, 1}, {1, 1, 1}}, Nd.ones(2, 3), "ones");
    double[] v = {5, 6};
    double[][] m = {{5, 6, 7}};
    assertArrayEquals(new double[2], Nd.zerosLike(v));
    assertDeepEquals(new double[1][3], Nd.zerosLike(m), "zerosLike");
    assertDeepEquals(new double[][] {{0, 0}, null}, Nd.zerosLike(new double[][] {{5, 6}, null}), "zerosLike");
    assertArrayEquals(new double[3], Nd.zerosLikeRow(new double[] {1, 2, 3}));
    assertTrue(Nd.zerosLikeRow(null) == null, "a null row stays null");
    assertArrayEquals(new double[] {1, 1}, Nd.onesLike(v));
    assertDeepEquals(new double[][] {{1, 1, 1}}, Nd.onesLike(m), "onesLike");
    assertArrayEquals(new double[] {-2, -2}, Nd.fullLike(v, -2));
    assertDeepEquals(new double[][] {{0.5, 0.5, 0.5}}, Nd.fullLike(m, 0.5), "fullLike");
    assertArrayEquals(new double[] {5, 6}, v);
    assertIllegal("Nd.zeros: negative dimensions are not allowed: -1", () -> Nd.zeros(-1));
    assertIllegal("Nd.ones: negative dimensions", () -> Nd.ones(2, -3));
  }

  @Test
  void shapeOps() {
    double[][] m = {{1, 2, 3}, {4, 5, 6}};
    assertDeepEquals(new double[][] {{1, 4}, {2, 5}, {3, 6}}, Nd.transpose(m), "transpose");
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Nd.flatten(m));
    assertDeepEquals(new double[][] {{7}, {8}}, Nd.col(new double[] {7, 8}), "col");
    assertDeepEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, m, "modified");
    assertEquals(0, Nd.transpose(new double[0][]).length);
  }

  @Test
  void pickAndOneHot() {
    double[][] scores = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    assertArrayEquals(new double[] {3, 4, 8}, Nd.pick(scores, new int[] {2, 0, 1}));
    assertDeepEquals(
        new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},
        Nd.oneHot(new int[] {2, 0, 1}, 3),
        "oneHot");
    assertIllegal(
        "Nd.pick: label y[1] = 3 is out of range for 3 classes",
        () -> Nd.pick(scores, new int[] {0, 3, 1}));
    assertIllegal(
        "Nd.oneHot: label y[0] = -1 is out of range for 2 classes",
        () -> Nd.oneHot(new int[] {-1}, 2));
    assertIllegal("Nd.pick: y has shape (2) but m has shape (3, 3)", () -> Nd.pick(scores, new int[2]));
  }

  // ---------------------------------------------------------------------------------------------
  // Products

  @Test
  void productsMatchTheTextbookLoopAcrossBlockBoundaries() {
    int[][] shapes = {{1, 1, 1}, {3, 4, 5}, {4, 4, 4}, {5, 1, 3}, {7, 129, 257}, {9, 300, 513}};
    for (int[] s : shapes) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      double[][] a = gaussian(n, k);
      double[][] b = gaussian(k, m);
      double[][] expected = naiveDot(a, b);
      String what = "(" + n + ", " + k + ") . (" + k + ", " + m + ")";
      double[][] aCopy = copy(a);
      double[][] bCopy = copy(b);
      assertClose(expected, Nd.dot(a, b), what);
      assertClose(expected, Nd.transposeDot(Nd.transpose(a), b), "transposeDot " + what);
      assertClose(expected, Nd.dotTranspose(a, Nd.transpose(b)), "dotTranspose " + what);
      assertDeepEquals(aCopy, a, "modified a");
      assertDeepEquals(bCopy, b, "modified b");
    }
  }

  @Test
  void vectorProducts() {
    double[][] w = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    assertArrayEquals(new double[] {0.22, 0.26}, Nd.dot(w, x), 1e-15);
    assertArrayEquals(new double[] {0.2 * 0.1 - 0.4 * 0.3, 0.2 * 0.5 + 0.4 * 0.8}, Nd.dot(x, w), 1e-15);
    assertArrayEquals(Nd.dot(x, w), Nd.transposeDot(w, x), 1e-15);
    assertEquals(0.2 * 0.2 + 0.4 * 0.4, Nd.dot(x, x), 1e-15);
    double[] u = {1, 2, 3, 4, 5, 6, 7};
    assertEquals(140, Nd.dot(u, u));
    assertDeepEquals(new double[][] {{3, 4}, {6, 8}}, Nd.outer(new double[] {1, 2}, new double[] {3, 4}), "outer");
  }

  @Test
  void productShapeErrorsAreNumpyStyle() {
    assertIllegal(
        "Nd.dot: shapes (3, 4) and (5, 2) not aligned: 4 (dim 1) != 5 (dim 0)",
        () -> Nd.dot(new double[3][4], new double[5][2]));
    assertIllegal(
        "Nd.dot: shapes (3, 4) and (5) not aligned: 4 (dim 1) != 5 (dim 0)",
        () -> Nd.dot(new double[3][4], new double[5]));
    assertIllegal(
        "Nd.dot: shapes (5) and (3, 4) not aligned: 5 (dim 0) != 3 (dim 0)",
        () -> Nd.dot(new double[5], new double[3][4]));
    assertIllegal(
        "Nd.dot: shapes (2) and (3) not aligned: 2 (dim 0) != 3 (dim 0)",
        () -> Nd.dot(new double[2], new double[3]));
    assertIllegal(
        "Nd.transposeDot: shapes (3, 4) and (5, 2) not aligned: 3 (dim 0) != 5 (dim 0)",
        () -> Nd.transposeDot(new double[3][4], new double[5][2]));
    assertIllegal(
        "Nd.transposeDot: shapes (3, 4) and (5) not aligned: 3 (dim 0) != 5 (dim 0)",
        () -> Nd.transposeDot(new double[3][4], new double[5]));
    assertIllegal(
        "Nd.dotTranspose: shapes (3, 4) and (5, 2) not aligned: 4 (dim 1) != 2 (dim 1)",
        () -> Nd.dotTranspose(new double[3][4], new double[5][2]));
  }

  // ---------------------------------------------------------------------------------------------
  // Backward helpers: semantics and errors (their gradients are checked in NdBackwardTest)

  @Test
  void unbroadcastSumsOverBroadcastAxesAndReturnsGWhenShapesAreEqual() {
    double[][] g = {{1, 2, 3}, {4, 5, 6}};
    assertSame(g, Nd.unbroadcast(g, new double[2][3]));
    assertDeepEquals(new double[][] {{5, 7, 9}}, Nd.unbroadcast(g, new double[1][3]), "(1, 3)");
    assertDeepEquals(new double[][] {{6}, {15}}, Nd.unbroadcast(g, new double[2][1]), "(2, 1)");
    assertDeepEquals(new double[][] {{21}}, Nd.unbroadcast(g, new double[1][1]), "(1, 1)");
    assertArrayEquals(new double[] {5, 7, 9}, Nd.unbroadcast(g, new double[3]));
    assertArrayEquals(new double[] {21}, Nd.unbroadcast(g, new double[1]));
    double[] v = {1, 2, 3};
    assertSame(v, Nd.unbroadcast(v, new double[3]));
    assertArrayEquals(new double[] {6}, Nd.unbroadcast(v, new double[1]));
    assertIllegal(
        "Nd.unbroadcast: shape (3, 3) does not broadcast to the gradient's shape (2, 3)",
        () -> Nd.unbroadcast(g, new double[3][3]));
    assertIllegal("Nd.unbroadcast: shape (2)", () -> Nd.unbroadcast(v, new double[2]));
    assertIllegal("Nd.unbroadcast: shape (2)", () -> Nd.unbroadcast(g, new double[2]));
  }

  @Test
  void sumMeanMaxAndPickBackward() {
    double[][] like = {{1, 9, 3}, {8, 2, 8}};
    assertArrayEquals(new double[] {2, 2}, Nd.sumBackward(2, new double[2]));
    assertDeepEquals(new double[][] {{2, 2, 2}, {2, 2, 2}}, Nd.sumBackward(2, like), "sum");
    assertDeepEquals(
        new double[][] {{1, 2, 3}, {1, 2, 3}},
        Nd.sumBackward(new double[] {1, 2, 3}, 0, like),
        "sum axis 0");
    assertDeepEquals(
        new double[][] {{1, 1, 1}, {2, 2, 2}},
        Nd.sumBackward(new double[] {1, 2}, 1, like),
        "sum axis 1");
    assertArrayEquals(new double[] {0.5, 0.5}, Nd.meanBackward(1, new double[2]));
    assertDeepEquals(new double[][] {{1, 1, 1}, {1, 1, 1}}, Nd.meanBackward(6, like), "mean");
    assertDeepEquals(
        new double[][] {{0.5, 1, 1.5}, {0.5, 1, 1.5}},
        Nd.meanBackward(new double[] {1, 2, 3}, 0, like),
        "mean axis 0");
    assertDeepEquals(
        new double[][] {{1, 1, 1}, {2, 2, 2}},
        Nd.meanBackward(new double[] {3, 6}, 1, like),
        "mean axis 1");
    assertArrayEquals(new double[] {0, 5, 0}, Nd.maxBackward(5, new double[] {1, 7, 7}));
    assertDeepEquals(new double[][] {{0, 5, 0}, {0, 0, 0}}, Nd.maxBackward(5, like), "max");
    assertDeepEquals(
        new double[][] {{0, 2, 0}, {1, 0, 3}},
        Nd.maxBackward(new double[] {1, 2, 3}, like, 0),
        "max axis 0");
    assertDeepEquals(
        new double[][] {{0, 1, 0}, {2, 0, 0}},
        Nd.maxBackward(new double[] {1, 2}, like, 1),
        "max axis 1 (ties to the first)");
    assertDeepEquals(
        new double[][] {{0, 0, 4}, {5, 0, 0}},
        Nd.pickBackward(new double[] {4, 5}, new int[] {2, 0}, like),
        "pick");
    assertIllegal(
        "Nd.sumBackward: dout has shape (2) but the reduction of (2, 3) along axis 0 has shape (3)",
        () -> Nd.sumBackward(new double[2], 0, like));
    assertIllegal("Nd.meanBackward: axis 2 is out of bounds", () -> Nd.meanBackward(new double[2], 2, like));
    assertIllegal("Nd.maxBackward: dout has shape (3)", () -> Nd.maxBackward(new double[3], like, 1));
    assertIllegal("Nd.pickBackward: label y[1] = 3", () -> Nd.pickBackward(new double[2], new int[] {0, 3}, like));
    assertIllegal("Nd.pickBackward: dout has shape (1) but y has shape (2)", () -> Nd.pickBackward(new double[1], new int[2], like));
  }

  @Test
  void gatesFromTheLecture() {
    // relu on x = [1, -2, 3, -1] with upstream [4, -1, 5, 9]: dx = [4, 0, 5, 0].
    double[] x = {1, -2, 3, -1};
    assertArrayEquals(
        new double[] {4, 0, 5, 0}, Nd.multiply(new double[] {4, -1, 5, 9}, Nd.greater(x, 0)), 0.0);
    // sigmoid neuron: gate gradient (1 - 0.73) * 0.73 ≈ 0.20.
    double out = Nd.sigmoid(1.0);
    assertEquals(0.1966, Nd.sigmoidBackward(1.0, out), 1e-4);
    assertEquals(1 - 0.25, Nd.tanhBackward(1.0, 0.5));
    assertArrayEquals(new double[] {0.75 * 2}, Nd.tanhBackward(new double[] {2}, new double[] {0.5}));
    assertIllegal(
        "Nd.sigmoidBackward: dout has shape (2, 3) but out has shape (3, 2)",
        () -> Nd.sigmoidBackward(new double[2][3], new double[3][2]));
  }

  @Test
  void addInPlaceAccumulatesIntoItsFirstArgument() {
    double[] acc = {1, 2};
    assertSame(acc, Nd.addInPlace(acc, new double[] {10, 20}));
    assertArrayEquals(new double[] {11, 22}, acc);
    double[][] acc2 = {{1}, {2}};
    assertSame(acc2, Nd.addInPlace(acc2, new double[][] {{1}, {1}}));
    assertDeepEquals(new double[][] {{2}, {3}}, acc2, "addInPlace");
    assertIllegal(
        "Nd.addInPlace: acc has shape (2, 1) but x has shape (1, 2)",
        () -> Nd.addInPlace(acc2, new double[1][2]));
  }

  @Test
  void subtractInPlaceTakesFromItsFirstArgument() {
    double[] acc = {1, 2};
    assertSame(acc, Nd.subtractInPlace(acc, new double[] {10, 20}));
    assertArrayEquals(new double[] {-9, -18}, acc);
    double[][] acc2 = {{1}, {2}};
    assertSame(acc2, Nd.subtractInPlace(acc2, new double[][] {{1}, {1}}));
    assertDeepEquals(new double[][] {{0}, {1}}, acc2, "subtractInPlace");
    assertIllegal(
        "Nd.subtractInPlace: acc has shape (2, 1) but x has shape (1, 2)",
        () -> Nd.subtractInPlace(acc2, new double[1][2]));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static Object operand(int[] shape) {
    switch (shape.length) {
      case 0:
        return (double) RANDOM.nextInt(5) - 2;
      case 1:
        return smallInts(shape[0]);
      default:
        double[][] m = new double[shape[0]][];
        for (int i = 0; i < m.length; i++) {
          m[i] = smallInts(shape[1]);
        }
        return m;
    }
  }

  /** Values from {-2, -1, 0, 1, 2}: ties exercise the comparisons, zeros the division. */
  private static double[] smallInts(int n) {
    double[] v = new double[n];
    for (int j = 0; j < n; j++) {
      v[j] = RANDOM.nextInt(5) - 2;
    }
    return v;
  }

  private static Object invoke(String name, Object a, Object b) throws Exception {
    Method m = Nd.class.getMethod(name, type(a), type(b));
    try {
      return m.invoke(null, a, b);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static Class<?> type(Object x) {
    return x instanceof Double ? double.class : x.getClass();
  }

  /** The numpy result, computed entry by entry from the broadcast rule. */
  private static Object expected(DoubleBinaryOperator f, Object a, Object b) {
    double[][] x = asMatrix(a);
    double[][] y = asMatrix(b);
    int rows = Math.max(x.length, y.length);
    int cols = Math.max(x[0].length, y[0].length);
    if (x.length == 0 || y.length == 0 || x[0].length == 0 || y[0].length == 0) {
      rows = Math.min(x.length, y.length);
      cols = Math.min(x[0].length, y[0].length);
    }
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i][j] =
            f.applyAsDouble(
                x[i % x.length][j % x[0].length], y[i % y.length][j % y[0].length]);
      }
    }
    return a instanceof double[][] || b instanceof double[][] ? out : out[0];
  }

  private static double[][] asMatrix(Object x) {
    if (x instanceof Double) {
      return new double[][] {{(Double) x}};
    }
    return x instanceof double[] ? new double[][] {(double[]) x} : (double[][]) x;
  }

  private static String shape(Object x) {
    if (x instanceof Double) {
      return "()";
    }
    return x instanceof double[] ? Shapes.of((double[]) x) : Shapes.of((double[][]) x);
  }

  private static Object copy(Object x) {
    if (x instanceof double[]) {
      return ((double[]) x).clone();
    }
    return x instanceof double[][] ? copy((double[][]) x) : x;
  }

  static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  private static void assertFresh(Object result, Object arg, String what) {
    assertNotSame(arg, result, what + " returned its argument");
    if (result instanceof double[][] && arg instanceof double[][]) {
      for (double[] r : (double[][]) result) {
        for (double[] s : (double[][]) arg) {
          assertNotSame(s, r, what + " shares a row with its argument");
        }
      }
    }
  }

  private static void assertDeepEquals(Object expected, Object actual, String what) {
    assertDeepEquals(expected, actual, 0, what);
  }

  private static void assertDeepEquals(Object expected, Object actual, double tol, String what) {
    if (expected instanceof double[]) {
      assertTrue(actual instanceof double[], what + ": expected a vector");
      assertArrayEquals((double[]) expected, (double[]) actual, tol, what);
    } else if (expected instanceof double[][]) {
      assertTrue(actual instanceof double[][], what + ": expected a matrix");
      double[][] e = (double[][]) expected;
      double[][] a = (double[][]) actual;
      assertEquals(e.length, a.length, what + ": rows");
      for (int i = 0; i < e.length; i++) {
        assertArrayEquals(e[i], a[i], tol, what + ": row " + i);
      }
    } else {
      assertEquals(expected, actual, what);
    }
  }

  private static void assertClose(double[][] expected, double[][] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, what);
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(expected[i][j], actual[i][j], 1e-12 * (1 + Math.abs(expected[i][j])), what);
      }
    }
  }

  private static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] out = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      out[j] = f.applyAsDouble(x[j]);
    }
    return out;
  }

  static double[][] gaussian(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = RANDOM.nextGaussian();
      }
    }
    return m;
  }

  private static double[][] naiveDot(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        double s = 0;
        for (int k = 0; k < b.length; k++) {
          s += a[i][k] * b[k][j];
        }
        out[i][j] = s;
      }
    }
    return out;
  }

  static void assertIllegal(String messageStart, Executable op) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op);
    if (!e.getMessage().startsWith(messageStart)) {
      fail("expected a message starting with\n  " + messageStart + "\nbut was\n  " + e.getMessage());
    }
  }

  static void assertNull(String messageStart, Executable op) {
    NullPointerException e = assertThrows(NullPointerException.class, op);
    if (!e.getMessage().startsWith(messageStart)) {
      fail("expected a message starting with\n  " + messageStart + "\nbut was\n  " + e.getMessage());
    }
  }
}
