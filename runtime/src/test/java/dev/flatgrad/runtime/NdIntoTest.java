package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forms that write into a given array ({@code ...Into}): bit for bit the allocating op they
 * stand for; the given array is written and returned where it has the result's shape (and is not
 * an operand a product reads while writing), else a fresh one is; shapes that do not fit the op
 * are named as the allocating op names them.
 */
class NdIntoTest {
  private static final int[][] SHAPES = {{0, 0}, {1, 1}, {1, 5}, {4, 1}, {3, 7}, {9, 17}};

  private final Random random = new Random(7);

  @Test
  void tanhBackwardIntoIsTanhBackwardWrittenIntoAFittingArray() {
    for (int[] s : SHAPES) {
      double[] dy = gaussian(s[1]);
      double[] y = gaussian(s[1]);
      double[] want = Nd.tanhBackward(dy, y);
      double[] into = gaussian(s[1]);
      assertSame(into, Nd.tanhBackwardInto(into, dy, y));
      assertBits(want, into);
      assertSame(dy, Nd.tanhBackwardInto(dy, dy, y), "in place of an operand");
      assertBits(want, dy);
      double[] fresh = Nd.tanhBackwardInto(new double[s[1] + 1], y, y);
      assertBits(Nd.tanhBackward(y, y), fresh);
      assertBits(Nd.tanhBackward(y, y), Nd.tanhBackwardInto(null, y, y));

      double[][] dm = gaussian(s[0], s[1]);
      double[][] m = gaussian(s[0], s[1]);
      double[][] wantM = Nd.tanhBackward(dm, m);
      double[][] intoM = gaussian(s[0], s[1]);
      assertSame(intoM, Nd.tanhBackwardInto(intoM, dm, m));
      assertBits(wantM, intoM);
      double[][] other = gaussian(s[0] + 1, s[1]);
      assertNotSame(other, Nd.tanhBackwardInto(other, dm, m));
      assertBits(wantM, Nd.tanhBackwardInto(null, dm, m));
    }
  }

  @Test
  void sigmoidBackwardIntoIsSigmoidBackwardWrittenIntoAFittingArray() {
    for (int[] s : SHAPES) {
      double[] dy = gaussian(s[1]);
      double[] y = gaussian(s[1]);
      double[] into = gaussian(s[1]);
      assertSame(into, Nd.sigmoidBackwardInto(into, dy, y));
      assertBits(Nd.sigmoidBackward(dy, y), into);
      assertBits(Nd.sigmoidBackward(dy, y), Nd.sigmoidBackwardInto(new double[s[1] + 2], dy, y));

      double[][] dm = gaussian(s[0], s[1]);
      double[][] m = gaussian(s[0], s[1]);
      double[][] intoM = gaussian(s[0], s[1]);
      assertSame(intoM, Nd.sigmoidBackwardInto(intoM, dm, m));
      assertBits(Nd.sigmoidBackward(dm, m), intoM);
      double[][] ragged = gaussian(s[0], s[1]);
      if (s[0] > 1) {
        ragged[1] = new double[s[1] + 1];
        assertNotSame(ragged, Nd.sigmoidBackwardInto(ragged, dm, m));
      }
    }
  }

  @Test
  void transposeDotIntoIsTransposeDotWrittenIntoAFittingVector() {
    for (int[] s : SHAPES) {
      double[][] a = gaussian(s[0], s[1]);
      double[] v = gaussian(s[0]);
      double[] want = Nd.transposeDot(a, v);
      double[] into = gaussian(s[1]);
      assertSame(into, Nd.transposeDotInto(into, a, v));
      assertBits(want, into);
      assertBits(want, Nd.transposeDotInto(null, a, v));
      assertBits(want, Nd.transposeDotInto(new double[s[1] + 1], a, v));
      if (s[0] == s[1]) {
        double[] same = v.clone();
        double[] result = Nd.transposeDotInto(same, a, same);
        assertNotSame(same, result, "the vector it reads is not written while read");
        assertBits(want, result);
      }
    }
  }

  @Test
  void addOuterTransposeDotIntoIsTheTwoCallsItStandsFor() {
    for (int[] s : SHAPES) {
      // k = s[1]: one product's two halves (one loop a row); other k: halves of two products
      for (int k : s[0] == 0 ? new int[] {0} : new int[] {0, 1, 6, s[1]}) { // no rows: no column count
        double[][] m = gaussian(s[0], s[1]);
        double[] dy = gaussian(s[0]);
        double[] x = gaussian(k);
        double[][] acc = gaussian(s[0], k);
        double[][] wantAcc = Nd.addOuterInPlace(copy(acc), dy, x);
        double[] want = Nd.transposeDot(m, dy);
        double[] into = gaussian(s[1]);
        assertSame(into, Nd.addOuterTransposeDotInto(into, acc, m, dy, x));
        assertBits(want, into);
        assertBits(wantAcc, acc);
        assertBits(want, Nd.addOuterTransposeDotInto(null, copy(wantAcc), m, dy, x));
        double[] wrongLength = new double[s[1] + 1];
        assertNotSame(wrongLength, Nd.addOuterTransposeDotInto(wrongLength, copy(wantAcc), m, dy, x));
        if (s[0] == s[1]) {
          double[] read = dy.clone();
          double[] result = Nd.addOuterTransposeDotInto(read, copy(wantAcc), m, read, x);
          assertNotSame(read, result, "the vector it reads is not written while read");
          assertBits(want, result);
        }
      }
    }
    IllegalArgumentException acc = assertThrows(IllegalArgumentException.class,
        () -> Nd.addOuterTransposeDotInto(null, new double[2][3], new double[2][4], new double[2], new double[4]));
    assertEquals("Nd.addOuterTransposeDotInto: acc has shape (2, 3) but the outer product has shape (2, 4)",
        acc.getMessage());
    IllegalArgumentException product = assertThrows(IllegalArgumentException.class,
        () -> Nd.addOuterTransposeDotInto(null, new double[2][3], new double[5][4], new double[2], new double[3]));
    assertEquals(assertThrows(IllegalArgumentException.class,
        () -> Nd.transposeDot(new double[5][4], new double[2])).getMessage(), product.getMessage());
    // A ragged row is reported when reached (the rows above it were updated).
    double[][] raggedM = {new double[3], new double[2]};
    assertEquals("Nd.addOuterTransposeDotInto: m is ragged: row 1 has length 2, row 0 has length 3",
        assertThrows(IllegalArgumentException.class, () -> Nd.addOuterTransposeDotInto(
            null, new double[2][3], raggedM, new double[2], new double[3])).getMessage());
    double[][] raggedAcc = {new double[3], new double[4]};
    assertEquals("Nd.addOuterTransposeDotInto: acc is ragged: row 1 has length 4, row 0 has length 3",
        assertThrows(IllegalArgumentException.class, () -> Nd.addOuterTransposeDotInto(
            null, raggedAcc, new double[2][3], new double[2], new double[3])).getMessage());
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  @Test
  void shapesThatDoNotFitTheOpAreNamedAsTheAllocatingOpNamesThem() {
    IllegalArgumentException into =
        assertThrows(IllegalArgumentException.class, () -> Nd.transposeDotInto(new double[3], new double[2][3], new double[4]));
    IllegalArgumentException plain =
        assertThrows(IllegalArgumentException.class, () -> Nd.transposeDot(new double[2][3], new double[4]));
    assertEquals(plain.getMessage(), into.getMessage());
    IllegalArgumentException gate =
        assertThrows(IllegalArgumentException.class, () -> Nd.tanhBackwardInto(new double[3], new double[3], new double[2]));
    assertEquals("Nd.tanhBackward", gate.getMessage().substring(0, "Nd.tanhBackward".length()));
  }

  private static void assertBits(double[] want, double[] got) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), "entry " + i);
    }
  }

  private static void assertBits(double[][] want, double[][] got) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertBits(want[i], got[i]);
    }
  }

  private double[] gaussian(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private double[][] gaussian(int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = gaussian(cols);
    }
    return m;
  }
}
