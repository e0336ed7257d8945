package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertBodyErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * The array utilities users call in numeric Java: {@code Arrays.fill} (whole and in part),
 * {@code System.arraycopy} (between arrays and within one, both ways), {@code Arrays.copyOf} and
 * {@code Arrays.copyOfRange} (truncating, padding, a window), on vectors and on rows of matrices.
 * Gradients, tangents and H·v against centred differences, values bit for bit.
 */
class ArrayUtilitiesTest {

  private static final String ARRAYS = """
      package au;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;

      class Buffers {
        /** A buffer filled, then filled in part with a computed value. */
        @Differentiable
        static double filled(double[] x, double c) {
          double[] h = new double[x.length + 2];
          Arrays.fill(h, c * c);
          Arrays.fill(h, 1, x.length, Math.sin(c));
          int[] picks = new int[x.length];
          Arrays.fill(picks, 1);
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += h[i] * x[i] + h[i + 2] * x[picks[i]];
          }
          return s;
        }

        /** Into a larger buffer, a shift within one array (overlapping), a copy whose direction is known only at run time. */
        @Differentiable
        static double shifted(double[] x, int k) {
          double[] h = new double[x.length + 3];
          System.arraycopy(x, 0, h, 2, x.length);
          System.arraycopy(h, 2, h, 0, x.length);
          System.arraycopy(h, 0, h, k, 2);
          double s = 0.0;
          for (int i = 0; i < h.length; i++) {
            s += h[i] * h[i] * (i + 1);
          }
          return s;
        }

        /** Copies that truncate, pad and take a window; rows of a matrix filled and copied in a loop. */
        @Differentiable
        static double windows(double[] x, double[][] m) {
          double[] head = Arrays.copyOf(x, 2);
          double[] padded = java.util.Arrays.copyOf(x, x.length + 2);
          double[] mid = Arrays.copyOfRange(x, 1, x.length - 1);
          double[][] w = new double[m.length][m[0].length];
          for (int r = 0; r < m.length; r++) {
            Arrays.fill(w[r], m[r][0] * head[1]);
            System.arraycopy(m[r], 1, w[r], 0, m[r].length - 1);
          }
          return Nd.sum(Nd.square(w)) + Nd.sum(Nd.square(padded)) * head[0] + Nd.sum(mid);
        }
      }
      """;

  @Test
  void theUtilitiesAreDifferentiatedAsTheLoopsTheyRun() {
    Loaded l = load(compileOk(source(withSecondOrder(ARRAYS))));
    double[] x = {0.3, -1.2, 2.0, 0.7};
    assertGradient(l, "au.BuffersGrad", "filled", x, 0.8);
    for (int k = 0; k <= 4; k++) {
      assertGradient(l, "au.BuffersGrad", "shifted", x, k);
    }
    assertGradient(l, "au.BuffersGrad", "windows", x, new double[][] {{0.5, -0.4, 1.1}, {0.2, 0.9, -1.3}});
  }

  private static void assertError(String body, String line, String... words) {
    assertBodyErrorsOn(body, line, words);
  }

  @Test
  void badRangesThrowWhatTheJdkThrows() {
    Loaded l = load(compileOk(source("""
        package au;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        public class Ranges {
          @Differentiable
          public static double fillRange(double[] x, int from, int to) {
            double[] h = new double[x.length];
            Arrays.fill(h, from, to, x[0]);
            return h[0] + x[1];
          }

          @Differentiable
          public static double copyCount(double[] x, int n) {
            double[] h = new double[x.length];
            System.arraycopy(x, 0, h, 0, n);
            return h[0] * x[1];
          }
        }
        """)));
    double[] x = {0.5, -1.5, 2.0};
    for (Object[] args : new Object[][] {{"fillRange", x, 2, 1}, {"copyCount", x, -1}}) {
      String method = (String) args[0];
      Object[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
      RuntimeException expected = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> l.call("au.Ranges", method, rest));
      RuntimeException actual = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> l.call("au.RangesGrad", method, rest));
      org.junit.jupiter.api.Assertions.assertEquals(expected.toString(), actual.toString());
    }
    assertGradient(l, "au.RangesGrad", "fillRange", x, 0, 2);
    assertGradient(l, "au.RangesGrad", "copyCount", x, 2);
  }

  @Test
  void writesTheLanguageRejectsAreReportedOnTheCallsLine() {
    assertError("""
            Arrays.fill(x, y);
            return x[0];
        """, "Arrays.fill(x, y);", "parameter array");
    assertError("""
            System.arraycopy(x, 0, x, 1, 2);
            return x[0];
        """, "System.arraycopy(x, 0, x, 1, 2);", "parameter array");
  }
}
