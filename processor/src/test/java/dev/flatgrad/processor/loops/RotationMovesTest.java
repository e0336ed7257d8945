package dev.flatgrad.processor.loops;

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
 * Swapped buffers get a copy per trip for the analyses' sake ({@code next = tmp.clone()}); the
 * gradient method moves again as the user wrote it where no tape keeps an array of a trip and the
 * backward pass reads no local array but the buffers, and copies where it reads them. The
 * buffers' references are not taped where the backward pass reads them only before its trips
 * ({@code dcur = new double[cur.length]}): {@code UnreadTapes} judges a pop by liveness.
 */
class RotationMovesTest {

  private static final String STEPPERS = """
      package moves;

      import dev.flatgrad.annotations.Differentiable;

      class Steppers {
        @Differentiable
        static double linear(double[] q0, double h, int steps) {
          int n = q0.length;
          double[] prev = q0.clone(), cur = q0.clone(), next = new double[n];
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              next[i] = 2 * cur[i] - prev[i] + h * q0[i];
            }
            double[] tmp = prev;
            prev = cur;
            cur = next;
            next = tmp;
          }
          return cur[0] * cur[n - 1];
        }

        @Differentiable
        static double squares(double[] x0, double dt, int steps) {
          int n = x0.length;
          double[] cur = x0.clone(), next = new double[n];
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              next[i] = cur[i] - dt * cur[i] * cur[i];
            }
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          return cur[0] + 2 * cur[n - 1];
        }

        @Differentiable
        static double grid(double[][] u0, double nu, int steps) {
          int m = u0.length, n = u0[0].length;
          double[][] cur = new double[m][n], next = new double[m][n];
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              cur[i][j] = u0[i][j];
            }
          }
          for (int t = 0; t < steps; t++) {
            for (int i = 1; i < m - 1; i++) {
              for (int j = 1; j < n - 1; j++) {
                next[i][j] = cur[i][j] + nu * (cur[i - 1][j] + cur[i + 1][j] - 2 * cur[i][j]);
              }
            }
            double[][] tmp = cur;
            cur = next;
            next = tmp;
          }
          return cur[1][1] - cur[m - 2][n - 2];
        }
      }
      """;

  @Test
  void aRotationIsMovedWhereNothingReadsItsArraysBackwards() {
    Compilation c = compileOk(source(STEPPERS));
    String grad = generated(c, "moves.SteppersGrad");
    String linear = grad.substring(grad.indexOf("static Linear linear("), grad.indexOf("checkLinear("));
    assertThat(linear).contains("next = tmp;");
    assertThat(linear).doesNotContain("tmp.clone()");
    assertThat(linear).doesNotContain("RefStack");
    String grid = grad.substring(grad.indexOf("static Grid grid("), grad.indexOf("checkGrid("));
    assertThat(grid).contains("next = tmp;");
    assertThat(grid).doesNotContain("Nd.copy(tmp)");
    assertThat(grid).doesNotContain("RefStack");
    Loaded l = load(c);
    assertGradient(l, "moves.SteppersGrad", "linear", new double[] {0.3, -0.7, 1.1, 0.2}, 0.1, 5);
    assertGradient(l, "moves.SteppersGrad", "linear", new double[] {0.3, -0.7}, 0.1, 0);
    double[][] u0 = {{0.1, 0.4, -0.2, 0.3}, {0.5, -0.6, 0.2, 0.1}, {0.3, 0.2, 0.7, -0.4}, {-0.1, 0.6, 0.3, 0.2}};
    assertGradient(l, "moves.SteppersGrad", "grid", u0, 0.15, 4);
    assertGradient(l, "moves.SteppersGrad", "grid", u0, 0.15, 1);
  }

  /** The backward trips read each trip's `cur`, taped: the copy stays, or the tape would hold a later trip's values. */
  @Test
  void aRotationWhoseArraysTheBackwardPassReadsKeepsItsCopy() {
    Compilation c = compileOk(source(STEPPERS));
    String grad = generated(c, "moves.SteppersGrad");
    String squares = grad.substring(grad.indexOf("static Squares squares("), grad.indexOf("checkSquares("));
    assertThat(squares).contains("next = tmp.clone();");
    Loaded l = load(c);
    assertGradient(l, "moves.SteppersGrad", "squares", new double[] {0.3, -0.7, 1.1, 0.2}, 0.1, 5);
    assertGradient(l, "moves.SteppersGrad", "squares", new double[] {0.3}, 0.1, 2);
  }
}
