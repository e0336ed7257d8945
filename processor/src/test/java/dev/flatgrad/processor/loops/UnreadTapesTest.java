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
 * An LSTM step's {@code cn} and {@code hn} were taped on every trip and popped back, though no
 * adjoint reads them ({@code c = cn; h = hn} only pass adjoints on): {@code UnreadTapes} drops
 * such stacks. The states the adjoints do read ({@code c}, {@code h}, the gates) stay taped.
 */
class UnreadTapesTest {

  @Test
  void valuesNoAdjointReadsAreNotTaped() {
    Compilation c = compileOk(source("""
        package unread;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Lstm {
          @Differentiable(wrt = {"wf", "wi", "wo", "wc", "u"})
          static double run(double[][] xs, double[][] wf, double[][] wi, double[][] wo, double[][] wc, double[][] u) {
            double[] h = new double[u.length];
            double[] c = new double[u.length];
            for (int t = 0; t < xs.length; t++) {
              double[] f = Nd.sigmoid(Nd.add(Nd.dot(xs[t], wf), Nd.dot(h, u)));
              double[] in = Nd.sigmoid(Nd.add(Nd.dot(xs[t], wi), Nd.dot(h, u)));
              double[] o = Nd.sigmoid(Nd.add(Nd.dot(xs[t], wo), Nd.dot(h, u)));
              double[] g = Nd.tanh(Nd.add(Nd.dot(xs[t], wc), Nd.dot(h, u)));
              double[] cn = Nd.add(Nd.multiply(f, c), Nd.multiply(in, g));
              double[] hn = Nd.multiply(o, Nd.tanh(cn));
              c = cn;
              h = hn;
            }
            return Nd.sum(h);
          }
        }
        """));
    String grad = generated(c, "unread.LstmGrad");
    assertThat(grad).doesNotContain("hnStack");
    assertThat(grad).doesNotContain("cnStack");
    assertThat(grad).contains("hStack.pop()");
    double[][] xs = {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}};
    double[][] wf = {{0.2, -0.1, 0.4}, {0.3, 0.5, -0.2}};
    double[][] wi = {{-0.3, 0.2, 0.1}, {0.4, -0.5, 0.2}};
    double[][] wo = {{0.1, 0.3, -0.4}, {-0.2, 0.2, 0.5}};
    double[][] wc = {{0.5, -0.3, 0.2}, {0.1, 0.4, -0.1}};
    double[][] u = {{0.2, -0.1, 0.3}, {-0.4, 0.2, 0.1}, {0.3, 0.1, -0.2}};
    assertGradient(load(c), "unread.LstmGrad", "run", xs, wf, wi, wo, wc, u);
  }

  /**
   * Buffers swapped in a linear stepper: the backward pass reads the buffers only before its trips
   * ({@code dcur = new double[cur.length]}), and no trip reads what it would pop, so the buffers'
   * references are not taped (by liveness, not by name).
   */
  @Test
  void aBufferReadOnlyBeforeTheTripsThatRestoreItIsNotTaped() {
    Compilation c = compileOk(source("""
        package unread;

        import dev.flatgrad.annotations.Differentiable;

        class Steppers {
          @Differentiable
          static double leapfrog(double[] q0, double h, int steps) {
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
          static double heat(double[][] u0, double[][] src, double nu, int steps) {
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
                  next[i][j] = cur[i][j] + nu * (cur[i - 1][j] + cur[i + 1][j] + cur[i][j - 1] + cur[i][j + 1])
                      + src[i][j];
                }
              }
              double[][] tmp = cur;
              cur = next;
              next = tmp;
            }
            double s = 0;
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                s += cur[i][j] * cur[i][j];
              }
            }
            return s;
          }
        }
        """));
    String grad = generated(c, "unread.SteppersGrad");
    assertThat(grad).doesNotContain("RefStack");
    Loaded l = load(c);
    assertGradient(l, "unread.SteppersGrad", "leapfrog", new double[] {0.3, -0.7, 1.1, 0.2}, 0.1, 5);
    assertGradient(l, "unread.SteppersGrad", "leapfrog", new double[] {0.3, -0.7}, 0.1, 1);
    double[][] u0 = {{0.1, 0.4, -0.2, 0.3}, {0.5, -0.6, 0.2, 0.1}, {0.3, 0.2, 0.7, -0.4}, {-0.1, 0.6, 0.3, 0.2}};
    double[][] src = {{0.0, 0.1, 0.2, 0.0}, {0.3, -0.2, 0.1, 0.4}, {0.2, 0.5, -0.3, 0.1}, {0.1, 0.0, 0.2, 0.3}};
    assertGradient(l, "unread.SteppersGrad", "heat", u0, src, 0.15, 3);
    assertGradient(l, "unread.SteppersGrad", "heat", u0, src, 0.15, 0);
  }
}
