package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import org.junit.jupiter.api.Test;

/**
 * A counting loop over a long ({@code for (long k = 0; k < n; k++)}, as users count seeds, ids and
 * timestamps) runs backwards by counting the other way, as an int one does, under the same
 * conditions: up or down, by one or by a constant step, to an int or a long bound, left by a break
 * (its trips recorded), nested. Nothing is recorded for the counter.
 */
class LongCountersTest {

  private static final String SEEDS = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class L1 {
        @Differentiable
        static double seeds(double[] w, long n, int m) {
          double s = 0;
          for (long k = 0; k < n; k++) {
            s = Math.sin(s + w[(int) (k % w.length)] * k);
          }
          for (long k = 3; k <= m; k += 2) {
            s = s * w[(int) (k % w.length)] + Math.cos(s);
          }
          for (long k = n; k > 0; k--) {
            s = s * s * 0.5 + w[(int) (k % w.length)];
            if (s > 4.0) {
              break;
            }
          }
          for (long k = 10; k >= n - 3; k -= 3) {
            s = Math.tanh(s * w[(int) Math.floorMod(k, (long) w.length)]);
          }
          for (int r = 0; r < m; r++) {
            for (long t = 1L << 40; t + 1 < (1L << 40) + r; ++t) {
              s += w[r % w.length] * Math.exp(-0.1 * (t - (1L << 40))) * s;
            }
          }
          return s;
        }
      }
      """;

  @Test
  void longCountersRunBackwardsCountingTheOtherWay() throws Exception {
    double[] w = {0.3, -0.7, 1.1, 0.45, -0.2};
    assertProgram(SEEDS, "L1", "seeds", at(w, 7L, 9), at(w, 0L, 2), at(w, -2L, 0), at(w, 12L, 5));
    String code = generated(compileOk(source(SEEDS)), "rt.L1Grad");
    assertThat(code).doesNotContain("LongStack");
    assertThat(code).contains("for (long k = Math.max(n, 0) - 1; k >= 0; k--)");
    assertThat(code).contains("for (long k = 3 + Math.floorDiv(Math.max(m, 2) - 3, 2) * 2; k >= 3; k -= 2)");
  }
}
