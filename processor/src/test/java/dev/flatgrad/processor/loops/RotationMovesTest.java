package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
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
 * ({@code dcur = new double[cur.length]}): {@code UnreadTapes} judges a pop by liveness. The
 * tangent method moves always (it has no backward pass), its tangents too ({@code nextDot =
 * tmpDot}); the pullback, the saved-values form and the H·v method where the gradient would.
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

  private static final String RELAXATION = """
      package moves;

      import dev.flatgrad.annotations.Differentiable;

      public class Relaxation {
        /** A linear step: the backward pass reads no trip's buffer. */
        @Differentiable(hessian = true)
        public static double relax(double[] x0, double[] w, int steps) {
          int n = x0.length;
          double[] cur = x0.clone();
          double[] next = new double[n];
          for (int it = 0; it < steps; it++) {
            for (int i = 0; i < n; i++) {
              next[i] = 0.5 * cur[i] + 0.25 * cur[(i + 1) % n] + w[i];
            }
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += cur[i] * cur[i];
          }
          return s;
        }

        /** A nonlinear step, each trip's buffer read backwards: only the tangent method moves. */
        @Differentiable(hessian = true)
        public static double heat(double[] x0, double[] k, int steps) {
          int n = x0.length;
          double[] cur = x0.clone();
          double[] next = new double[n];
          for (int it = 0; it < steps; it++) {
            for (int i = 0; i < n; i++) {
              next[i] = cur[i] + k[i] * (cur[(i + 1) % n] - cur[i]) - 0.1 * cur[i] * cur[i];
            }
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          return cur[0] * cur[n - 1];
        }

        /** Calls whose gradients go through the saved-values forms and pullbacks. */
        @Differentiable
        public static double caller(double[] x0, double[] w) {
          return relax(x0, w, 3) * relax(w, x0, 2) + heat(x0, w, 2);
        }
      }
      """;

  @Test
  void theTangentPullbackAndHvpFormsMoveToo() {
    Compilation c = compileOk(source(RELAXATION));
    String grad = generated(c, "moves.RelaxationGrad");
    for (String method : new String[] {"Relax relax(", "RelaxSaved relaxSaved(", "RelaxTangent relaxTangent(",
        "RelaxHvp relaxHvp("}) {
      String code = generatedMethod(grad, method);
      assertThat(code).contains("next = tmp;");
      assertThat(code).doesNotContain("tmp.clone()");
    }
    assertThat(generatedMethod(grad, "RelaxTangent relaxTangent(")).contains("nextDot = tmpDot;");
    assertThat(generatedMethod(grad, "RelaxHvp relaxHvp(")).contains("nextDot = tmpDot;");
    assertThat(generatedMethod(grad, "HeatTangent heatTangent(")).contains("nextDot = tmpDot;");
    assertThat(generatedMethod(grad, "Heat heat(")).contains("next = tmp.clone();");
    Loaded l = load(c);
    double[] x0 = {0.3, -0.7, 1.1, 0.2};
    double[] w = {0.2, 0.5, -0.3, 0.8};
    for (int steps : new int[] {0, 1, 4}) {
      assertGradient(l, "moves.RelaxationGrad", "relax", x0, w, steps);
      assertGradient(l, "moves.RelaxationGrad", "heat", x0, w, steps);
    }
    assertGradient(l, "moves.RelaxationGrad", "caller", x0, w);
    assertGradient(l, "moves.RelaxationGrad", "caller", w, x0);
  }
}
