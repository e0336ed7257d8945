package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import org.junit.jupiter.api.Test;

/**
 * A counting loop runs backwards from its last index, {@code n - 1}: for a bound of {@code
 * Integer.MIN_VALUE} (no trip) that wraps to {@code MAX_VALUE}, and the backward loop made two
 * billion trips of a gradient that is not the method's. The last index is clamped where the bound
 * may be anything; a length or a constant keeps the plain {@code n - 1}.
 */
class CounterOverflowTest {

  private static final String LOOPS = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class Wrap {
        @Differentiable
        static double f(double[] x, int n) {
          double s = 0.0;
          for (int i = 0; i < n; i++) s += x[i % x.length] * x[0];
          return s + x[0];
        }

        @Differentiable
        static double g(double[] x, int n) {
          double t = 0.0;
          for (int k = 0; k < 2; k++) t += f(x, n) * x[1];
          return t;
        }

        @Differentiable
        static double stepped(double[] x, int n) {
          double s = x[1];
          for (int i = 5; i < n; i += 3) s = s * 0.5 + x[0];
          return s * x[0];
        }

        @Differentiable
        static double longs(double[] x, long n) {
          double s = x[0];
          for (long k = 0; k < n; k++) s = Math.cos(s) * x[1];
          for (long k = n; k > -4; k--) s = s * x[0];
          return s;
        }
      }
      """;

  @Test
  void aBoundOfMinValueMakesNoTripBackwardsEither() throws Exception {
    double[] x = {1.5, 2.0};
    for (int n : new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, 0, 3}) {
      assertProgram(LOOPS, "Wrap", "f", at(x, n));
      assertProgram(LOOPS, "Wrap", "g", at(x, n));
    }
    String code = generated(compileOk(source(LOOPS)), "rt.WrapGrad");
    assertThat(code).contains("Math.max(n, 0) - 1");
    assertThat(code).contains("for (int k = 1; k >= 0; k--)");
  }

  @Test
  void steppedLoopsNearEitherEndOfInt() throws Exception {
    double[] x = {0.7, -0.4};
    // A linear body, nothing taped: at MAX_VALUE - 2 the loop makes 700 million trips (about a minute).
    // n = MAX_VALUE is left out: Java's own i += 3 wraps past it and never stops.
    assertProgram(LOOPS, "Wrap", "stepped", at(x, Integer.MIN_VALUE), at(x, Integer.MIN_VALUE + 2), at(x, 20),
        at(x, Integer.MAX_VALUE - 2));
  }

  @Test
  void longCountersAtLongMinValue() throws Exception {
    double[] x = {0.9, 0.8};
    assertProgram(LOOPS, "Wrap", "longs", at(x, Long.MIN_VALUE), at(x, Long.MIN_VALUE + 1), at(x, 0L), at(x, 4L));
  }
}
