package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A countdown written as a {@code while} ({@code int i = n; while (i-- > 0)}, {@code while (--i >=
 * 0)}) is the counting loop it is: replayed backwards by counting up, nothing recorded; where the
 * counter is read after the loop, or what its start reads changes before the loop, it stays a
 * {@code while} whose exits are recorded, with the same gradient.
 */
class CountdownsTest {

  @Test
  void countdownWhilesAreCountingLoops() {
    Compilation c = compileOk(source("""
        package cd;

        import dev.flatgrad.annotations.Differentiable;

        class Horner {
          /** Horner's rule from the top coefficient down, as C programmers write it. */
          @Differentiable
          static double poly(double[] a, double x) {
            double s = 0.0;
            int i = a.length;
            while (i-- > 0) {
              s = s * x + a[i];
            }
            return s;
          }

          /** Countdowns from literals, none of whose trips run. */
          @Differentiable
          static double none(double x) {
            double s = x;
            int i = 0;
            while (i-- > 0) {
              s *= x;
            }
            int j = 2;
            while (j-- > 0) {
              s *= x;
            }
            return s;
          }

          /** Nested countdowns, a continue and a break, the mirrored test, a start of a count. */
          @Differentiable
          static double rows(double[][] W, double[] v, int n) {
            double total = 0.0;
            int r = W.length;
            double decay = 1.0;
            while (0 < r--) {
              int k = Math.min(n, W[r].length);
              double acc = 0.0;
              while (--k >= 0) {
                if (W[r][k] < -0.9) continue;
                acc += W[r][k] * v[k] * decay;
                if (acc > 50.0) break;
              }
              decay *= 0.9;
              total += Math.tanh(acc);
            }
            return total;
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "cd.HornerGrad", "none", 0.7);
    assertGradient(l, "cd.HornerGrad", "poly", new double[] {0.3, -0.7, 1.1, 0.5}, 0.8);
    assertGradient(l, "cd.HornerGrad", "poly", new double[] {}, 0.8);
    double[][] w = {{0.2, -0.95, 0.4}, {0.6, 0.1, -0.3}};
    assertGradient(l, "cd.HornerGrad", "rows", w, new double[] {0.5, 0.7, -0.2}, 3);
    assertGradient(l, "cd.HornerGrad", "rows", w, new double[] {0.5, 0.7, -0.2}, 2);
    assertGradient(l, "cd.HornerGrad", "rows", w, new double[] {0.5, 0.7, -0.2}, 0);
    String grad = generated(c, "cd.HornerGrad");
    assertThat(grad).contains("for (int i = a.length - 1; i >= 0; i--) {");
    assertThat(grad).contains("for (int r = W.length - 1; r >= 0; r--) {");
    assertThat(grad).contains("for (int i = -1; i >= 0; i--) {");
    assertThat(grad).contains("for (int j = 1; j >= 0; j--) {");
    assertThat(grad).doesNotContain("while (true)");
    assertThat(grad).contains("for (int k = Math.min(n, W[r].length) - 1; k >= 0; k--) {");
  }

  @Test
  void countdownsThatAreNotCountingLoopsStayWhiles() {
    Compilation c = compileOk(source("""
        package cd;

        import dev.flatgrad.annotations.Differentiable;

        class Left {
          /** The counter read after the loop; the start's input changed before it. */
          @Differentiable
          static double left(double[] x, int n) {
            double s = 0.0;
            int i = x.length;
            while (i-- > 0) {
              s += x[i] * x[i];
              if (s > 1.0) break;
            }
            int j = n;
            n = 1;
            while (j-- > 0) {
              s += 0.5 * x[j % x.length] * n;
            }
            return s + i;
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "cd.LeftGrad", "left", new double[] {0.3, -0.7, 0.2}, 2);
    assertGradient(l, "cd.LeftGrad", "left", new double[] {0.9, 0.8, 0.2}, 3);
    String grad = generated(c, "cd.LeftGrad");
    assertThat(grad).contains("while (true)");
  }
}
