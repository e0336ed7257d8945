package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code Nd.copyOf} and {@code Nd.copyOfRange} are {@code Arrays}' own, and their backward places
 * dout; {@code Nd.copy} of a matrix copies each row as it is.
 */
class NdCopiesTest {

  private static final double[] X = {1.5, -2.0, 3.25, 0.5};

  @Test
  void copiesAreThoseOfArrays() {
    for (int n = 0; n <= 6; n++) {
      assertArrayEquals(Arrays.copyOf(X, n), Nd.copyOf(X, n));
    }
    for (int from = 0; from <= X.length; from++) {
      for (int to = from; to <= 7; to++) {
        assertArrayEquals(Arrays.copyOfRange(X, from, to), Nd.copyOfRange(X, from, to));
      }
    }
  }

  @Test
  void theBackwardOfARangePlacesDoutAtItsStartAndDropsThePadding() {
    assertArrayEquals(new double[] {0, 7, 8, 0}, Nd.copyOfRangeBackward(new double[] {7, 8}, 1, X));
    assertArrayEquals(new double[] {0, 0, 7, 8}, Nd.copyOfRangeBackward(new double[] {7, 8, 9}, 2, X));
    assertArrayEquals(new double[] {0, 0, 0, 0}, Nd.copyOfRangeBackward(new double[] {7}, 4, X));
    // The backward is the transpose of the copy: <copyOfRange(x), d> == <x, backward(d)>.
    double[] d = {0.3, -1.1, 2.0, 0.7, 5.0};
    for (int from = 0; from <= X.length; from++) {
      double[] copy = Nd.copyOfRange(X, from, from + d.length);
      assertTrue(dot(copy, d) == dot(X, Nd.copyOfRangeBackward(d, from, X)));
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void badArgumentsThrowWhatArraysThrowsNamingTheShape() {
    assertTrue(assertThrows(NegativeArraySizeException.class, () -> Nd.copyOf(X, -1)).getMessage().contains("(4)"));
    assertTrue(assertThrows(ArrayIndexOutOfBoundsException.class, () -> Nd.copyOfRange(X, 5, 6)).getMessage()
        .contains("(4)"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Nd.copyOfRange(X, 3, 2)).getMessage()
        .contains("from 3 to 2"));
    assertTrue(assertThrows(NullPointerException.class, () -> Nd.copyOf(null, 2)).getMessage().contains("x is null"));
  }

  /** A ragged matrix (the adjoint of a user's triangle of weights) is copied row by row, deeply. */
  @Test
  void aRaggedMatrixIsCopiedRowByRow() {
    double[][] x = {{1, 2, 3}, {4}, {}, {5, 6}};
    double[][] copy = Nd.copy(x);
    assertEquals(x.length, copy.length);
    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(x[i], copy[i]);
      assertNotSame(x[i], copy[i]);
    }
  }

  /** A null row (an adjoint's, mirroring a row of new double[n][] not yet allocated) stays null. */
  @Test
  void aNullRowIsCopiedAsNull() {
    double[][] copy = Nd.copy(new double[][] {{1}, null});
    assertArrayEquals(new double[] {1}, copy[0]);
    assertNull(copy[1]);
  }
}
