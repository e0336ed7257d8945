package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import org.junit.jupiter.api.Test;

/**
 * A backward loop starts at the forward loop's last index, {@code n - 1}, clamped ({@code
 * Math.max(n, 0) - 1}) where {@code n - 1} could wrap. A local holding a length, or what a constant
 * or another such local makes, and a parameter a guard before the loops bounds, cannot be near
 * {@code Integer.MIN_VALUE}: those loops keep the plain start, and replay exactly.
 */
class LoopStartsFromLocalsTest {

  private static final String LOCALS = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class Starts {
        @Differentiable
        static double lengths(double[] x, double[] y) {
          int layers = x.length;
          int n = y.length - 1;
          final int H = 4;
          int m = Math.min(x.length, y.length);
          int half = m / 2;
          double s = 0.0;
          for (int l = 0; l < layers - 1; l++) s = s * 0.5 + x[l] * x[l + 1];
          for (int i = 0; i < n; i++) s += Math.sin(y[i] * s);
          for (int h = 0; h < H; h++) s = s * x[h % x.length];
          for (int k = 1; k < m; k += 2) s += Math.cos(x[k] * y[k] + s);
          for (int k = half; k > 0; k--) s = s * 0.75 + y[k];
          return s;
        }

        @Differentiable
        static double guarded(double[] x, int n, long steps) {
          if (n < 0 || n > x.length) {
            throw new IllegalArgumentException("n = " + n);
          }
          if (!(steps >= 1 && steps <= 1_000_000)) throw new IllegalArgumentException("steps " + steps);
          double s = x[0];
          for (int i = 0; i < n; i++) s = s * Math.sin(x[i] + s);
          for (int i = n; i > 0; i -= 2) s = s * 0.5 + x[i - 1];
          for (long k = steps; k > 0; k--) s = Math.cos(s) * x[0];
          return s;
        }

        @Differentiable
        static double guardedLate(double[] x, int n) {
          double s = x[0];
          for (int i = 0; i < n; i++) s = s * Math.sin(x[i % x.length] + s);
          if (n < 0) throw new IllegalArgumentException("n = " + n);
          for (int i = 0; i < n; i++) s = s * Math.cos(x[i % x.length] + s);
          return s;
        }
      }
      """;

  @Test
  void localsOfLengthsAndConstantsKeepThePlainStart() throws Exception {
    assertProgram(LOCALS, "Starts", "lengths", at(new double[] {0.3, -0.2, 0.7, 0.4, 1.1}, new double[] {0.5, 0.1, -0.6, 0.9}),
        at(new double[] {0.3}, new double[] {0.5}));
    String all = generated(compileOk(source(LOCALS)), "rt.StartsGrad");
    String code = all.substring(all.indexOf("lengths("), all.indexOf("guarded("));
    assertThat(code).doesNotContain("Math.max(");
    assertThat(code).doesNotContain("trips");
    assertThat(code).contains("for (int l = layers - 2; l >= 0; l--)");
    assertThat(code).contains("for (int i = n - 1; i >= 0; i--)");
    assertThat(code).contains("for (int h = H - 1; h >= 0; h--)");
    assertThat(code).contains("for (int k = 1 + Math.floorDiv(m - 2, 2) * 2; k >= 1; k -= 2)");
    assertThat(code).contains("for (int k = 1; k <= half; k++)");
  }

  @Test
  void aGuardBeforeTheLoopsBoundsAParameter() throws Exception {
    double[] x = {0.3, -0.2, 0.7, 0.4, 1.1};
    assertProgram(LOCALS, "Starts", "guarded", at(x, 0, 1L), at(x, 1, 3L), at(x, 5, 2L), at(x, 4, 7L));
    String code = generated(compileOk(source(LOCALS)), "rt.StartsGrad");
    String guarded = code.substring(code.indexOf("guarded("), code.indexOf("guardedLate("));
    assertThat(guarded).contains("for (int i = n - 1; i >= 0; i--)");
    assertThat(guarded).contains("for (int i = n - Math.floorDiv(n - 1, 2) * 2; i <= n; i += 2)");
    assertThat(guarded).contains("for (long k = 1; k <= steps; k++)");
    assertThat(guarded).doesNotContain("trips");
  }

  @Test
  void aGuardAfterALoopSaysNothingOfIt() throws Exception {
    double[] x = {0.3, -0.2, 0.7};
    assertProgram(LOCALS, "Starts", "guardedLate", at(x, 0), at(x, 4));
    String code = generated(compileOk(source(LOCALS)), "rt.StartsGrad");
    assertThat(code.substring(code.indexOf("guardedLate("))).contains("Math.max(n, 0) - 1");
  }
}
