package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The runtime's exponential: its accuracy in ulps against an exact reference and against {@link
 * Math#exp}, its special values, and the same bits from its scalar and Vector API forms.
 */
class ExpTest {
  private static final MathContext REFERENCE = new MathContext(40);

  private final Random random = new Random(7);

  @Test
  void isWithinSixTenthsOfAnUlpOfTheExactResult() {
    double worst = 0;
    for (int n = 0; n < 20_000; n++) {
      double x = point(n);
      double ulps = ulpsFromExact(Exp.exp(x), x);
      worst = Math.max(worst, ulps);
    }
    // The final rounding (half an ulp) and a little over a tenth of an ulp of the steps before it:
    // 0.59 at worst over these points.
    assertTrue(worst < 0.65, "worst error " + worst + " ulp");
  }

  @Test
  void differsFromMathExpByAtMostOneUlp() {
    int different = 0;
    int points = 1_000_000;
    for (int n = 0; n < points; n++) {
      double x = point(n);
      double ours = Exp.exp(x);
      double theirs = Math.exp(x);
      if (ours != theirs) {
        different++;
        assertEquals(theirs, ours, Math.ulp(theirs), "at " + x);
      }
      assertEquals(StrictMath.exp(x), ours, Math.ulp(ours), "at " + x);
    }
    // 1.5% of these points, where one of the two rounds the other way.
    assertTrue(different < points / 20, different + " of " + points + " differ from Math.exp");
  }

  @Test
  void outsideItsRangeIsMathExp() {
    double[] special = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 708.0001, 709.78, 709.79,
      710, 1e300, -708.0001, -720, -745.1, -746, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE
    };
    for (double x : special) {
      assertEquals(Math.exp(x), Exp.exp(x), 0, "at " + x);
    }
  }

  @Test
  void isExactWhereTheResultIs() {
    assertEquals(1.0, Exp.exp(0.0), 0);
    assertEquals(1.0, Exp.exp(-0.0), 0);
    assertEquals(1.0, Exp.exp(Double.MIN_VALUE), 0);
    assertEquals(1.0, Exp.exp(-Double.MIN_VALUE), 0);
    assertEquals(1.0, Exp.exp(1e-17), 0);
    assertEquals(Math.E, Exp.exp(1), Math.ulp(Math.E));
    assertTrue(Exp.exp(708) > 1e307 && Exp.exp(-708) < 1e-307 && Exp.exp(-708) > 0);
  }

  @Test
  void vectorAndScalarFormsGiveTheSameBits() {
    assumeTrue(Exp.vectorized(), "the JVM runs without jdk.incubator.vector");
    for (int length : new int[] {0, 1, 3, 4, 7, 8, 9, 10, 16, 17, 33, 1000}) {
      double[] x = new double[length];
      for (int j = 0; j < length; j++) {
        x[j] = point(random.nextInt(1000));
      }
      if (length > 9) {
        // Entries outside the vectors' range, inside a vector: that vector goes the scalar way.
        x[5] = Double.NaN;
        x[length - 3] = -800;
        x[length / 2] = 709.5;
      }
      for (int from : new int[] {0, Math.min(1, length)}) {
        for (double shift : new double[] {0, 2.5}) {
          double[] out = new double[length];
          Exp.exp(x, shift, out, from, length);
          for (int j = 0; j < length; j++) {
            double want = j < from ? 0 : Exp.exp(x[j] - shift);
            assertEquals(
                Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(out[j]),
                "entry " + j + " of " + length + " from " + from + ", x = " + x[j]);
          }
        }
      }
    }
  }

  @Test
  void ndExpIsTheRuntimesExp() {
    double[][] m = new double[5][13];
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] = point(random.nextInt(1000));
      }
    }
    double[][] e = Nd.exp(m);
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        assertEquals(Exp.exp(m[i][j]), e[i][j], 0);
      }
    }
  }

  /**
   * Test points: mostly the range softmax meets (|x| up to 40), every tenth over the whole range
   * handled by the algorithm, every hundredth tiny.
   */
  private double point(int n) {
    if (n % 100 == 0) {
      return (random.nextDouble() - 0.5) * 1e-9;
    }
    if (n % 10 == 0) {
      return (random.nextDouble() * 2 - 1) * Exp.LIMIT;
    }
    return (random.nextDouble() * 2 - 1) * 40;
  }

  /** {@code |e - exp(x)|} in ulps of {@code e}, with {@code exp(x)} to 40 digits. */
  private static double ulpsFromExact(double e, double x) {
    BigDecimal exact = exactExp(x);
    return exact.subtract(new BigDecimal(e)).abs()
        .divide(new BigDecimal(Math.ulp(e)), REFERENCE).doubleValue();
  }

  /** {@code e^x = (e^(x/2^11))^(2^11)}, the inner exponential by its Taylor series. */
  private static BigDecimal exactExp(double x) {
    MathContext mc = new MathContext(60);
    BigDecimal y = new BigDecimal(x).divide(BigDecimal.valueOf(2048), mc);
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    for (int k = 1; k < 40; k++) {
      term = term.multiply(y, mc).divide(BigDecimal.valueOf(k), mc);
      sum = sum.add(term, mc);
    }
    for (int s = 0; s < 11; s++) {
      sum = sum.multiply(sum, mc);
    }
    return sum.round(REFERENCE);
  }
}
