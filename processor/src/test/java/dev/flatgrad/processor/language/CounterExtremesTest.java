package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counting loops that start within a step of either end of their type: the backward replay steps
 * from the first index one step further, which wraps round there ({@code i -= 3} from {@code
 * MIN_VALUE + 1}, {@code i++} from {@code MAX_VALUE}) and never stopped. A few trips each, so that
 * a replay that wraps shows as a timeout, not as hours.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CounterExtremesTest {

  private static final String LOOPS = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class Ends {
        @Differentiable
        static double up3(double[] x, int n, int m) {
          double s = x[1];
          for (int i = n; i < m; i += 3) s = s * (i % 2 == 0 ? x[0] : 0.5) + x[1];
          return s * x[0];
        }

        @Differentiable
        static double down(double[] x, int n, int m) {
          double s = x[1];
          for (int i = n; i > m; i--) s = s * (i % 2 == 0 ? x[0] : 0.5) + x[1];
          return s;
        }

        @Differentiable
        static double down2(double[] x, int n, int m) {
          double s = x[1];
          for (int i = n; i > m; i -= 2) s = s * (i % 4 == 1 ? x[0] : 0.5) + x[1];
          return s;
        }

        @Differentiable
        static double downTo(double[] x, int n) {
          double s = x[1];
          for (int i = n; i > 0; i--) {
            s = s * x[0] + x[1];
            if (s > 50.0) break;
          }
          return s;
        }

        @Differentiable
        static double converge(double[] x, int maxIter) {
          double s = x[0];
          for (int it = 0; it < maxIter; it++) {
            s = Math.sin(s) * x[1] + x[0];
            if (Math.abs(s) > 1.0) break;
          }
          return s;
        }

        @Differentiable
        static double longs(double[] x, long n, long m) {
          double s = x[1];
          for (long k = n; k > m; k--) s = s * (k % 2 == 0 ? x[0] : 0.5) + x[1];
          for (long k = m - n; k < m - n + 5; k += 2) s = s * (k % 2 == 0 ? x[0] : 0.25) + x[1];
          return s;
        }

        @Differentiable
        static double sameEnds(double[] x, int n) {
          double s = x[1];
          for (int i = n; i < n; i++) s = s * x[0];
          for (int i = 0; i < 0; i++) s = s * x[1];
          for (long k = n; k >= n; k -= 2) s = Math.sin(s) * x[0]; // one trip: a long does not wrap there
          return s;
        }

        @Differentiable
        static double longConstants(double[] x) {
          long top = 9223372036854775807L;
          double s = x[1];
          for (long k = top - 4; k < top; k++) s = s * (k % 2 == 0 ? x[0] : 0.5) + x[1];
          for (long k = -9223372036854775805L; k > Long.MIN_VALUE; k--) s = s * 0.5 + x[0];
          return s;
        }

        @Differentiable
        static double chars(double[] x, char a, char b, char lo, char hi) {
          double s = x[1];
          for (char c = a; c > b; c--) s = s * (c % 2 == 0 ? x[0] : 0.5) + x[1];
          for (char c = a; c > b; c -= 3) s = s * (c % 2 == 0 ? x[0] : 0.25) + x[1];
          for (char c = lo; c < hi; c += 3) s = s * (c % 2 == 0 ? x[0] : 0.75) + x[1];
          for (char c = 'a'; c <= hi; c += 5) s = s * 0.75 + x[0];
          return s;
        }
      }
      """;

  private static final double[] X = {0.9, 1.1};

  @Test
  void steppingUpFromNearMinValue() throws Exception {
    assertProgram(LOOPS, "Ends", "up3", at(X, Integer.MIN_VALUE, Integer.MIN_VALUE + 10),
        at(X, Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 8), at(X, Integer.MIN_VALUE + 2, Integer.MIN_VALUE),
        at(X, Integer.MIN_VALUE, Integer.MIN_VALUE), at(X, -4, 9));
  }

  @Test
  void countingDownFromMaxValue() throws Exception {
    int max = Integer.MAX_VALUE;
    assertProgram(LOOPS, "Ends", "down", at(X, max, max - 5), at(X, max, max), at(X, max - 1, max - 4), at(X, 3, -2));
    assertProgram(LOOPS, "Ends", "down2", at(X, max, max - 7), at(X, max - 1, max - 6), at(X, max, max), at(X, 5, -4));
  }

  @Test
  void aBreakInACountdownFromMaxValue() throws Exception {
    double[] growing = {1.5, 1.1}; // s passes 50 after a few trips
    assertProgram(LOOPS, "Ends", "downTo", at(growing, Integer.MAX_VALUE), at(growing, 0), at(growing, 3));
  }

  @Test
  void aLoopLeftByABreakLongBeforeAHugeBound() throws Exception {
    double[] growing = {0.9, 1.5}; // |s| passes 1 on the first trips
    assertProgram(LOOPS, "Ends", "converge", at(growing, Integer.MAX_VALUE), at(growing, 1), at(growing, 0));
  }

  @Test
  void longsAtEitherEnd() throws Exception {
    assertProgram(LOOPS, "Ends", "longs", at(X, Long.MAX_VALUE, Long.MAX_VALUE - 5), at(X, Long.MAX_VALUE, Long.MAX_VALUE),
        at(X, -1L, Long.MAX_VALUE), at(X, 3L, -2L));
  }

  @Test
  void aLoopFromItsOwnBound() throws Exception {
    assertProgram(LOOPS, "Ends", "sameEnds", at(X, 3), at(X, Integer.MIN_VALUE), at(X, Integer.MAX_VALUE));
  }

  @Test
  void longConstantsNearEitherEnd() throws Exception {
    assertProgram(LOOPS, "Ends", "longConstants", at(X));
  }

  @Test
  void charsNearEitherEnd() throws Exception {
    assertProgram(LOOPS, "Ends", "chars", at(X, '\uffff', '\ufffa', (char) 1, (char) 8),
        at(X, '\ufffe', '\ufff8', (char) 0, (char) 10), at(X, (char) 4, (char) 0, (char) 2, (char) 2),
        at(X, (char) 0, (char) 0, (char) 0, (char) 0), at(X, 'z', 'p', 'a', 'q'), at(X, '\uffff', '\uffff', '\uffe0', '\ufff0'));
  }
}
