package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import org.junit.jupiter.api.Test;

/**
 * An int or long counter changed by {@code k++}, {@code k--}, {@code k += c}, {@code k -= c} is
 * given back in the backward pass by the inverse update ({@code k--} at the mirror of {@code
 * k++}), not by a tape: in loops, nested loops, loops left by a break, a continue or a return,
 * branches that update it on one arm (their direction recomputed or taped), with its value read
 * after the loop, and beside a reassignment, which still tapes. Each gradient is checked against
 * centred differences, and through a caller, which runs the method's pullback.
 */
class InvertedCountersTest {

  private static final String SOURCE = """
      package counters;

      import dev.flatgrad.annotations.Differentiable;

      class Counters {
        /** One arm updates k; the direction does not read k, so it is recomputed. */
        @Differentiable
        static double oneArm(double[] x) {
          double[] picked = new double[x.length];
          int k = 0;
          for (int i = 0; i < x.length; i++) {
            if (i % 2 == 0) {
              picked[k] = x[i] * x[i];
              k++;
            }
          }
          double s = 0.0;
          for (int j = 0; j < k; j++) {
            s += picked[j] * (j + 1);
          }
          return s * k;
        }

        /** The direction reads k, which the arm changes: it is taped. */
        @Differentiable
        static double takenArm(double[] x) {
          double[] kept = new double[3];
          int k = 0;
          for (int i = 0; i < x.length; i++) {
            if (k < 3 && x[i] > 0.0) {
              kept[k] = Math.sin(x[i]);
              k++;
            }
          }
          return kept[0] + 2.0 * kept[1] + 3.0 * kept[2] + k;
        }

        /** Nested loops, a step that is a local, and k -= c. */
        @Differentiable
        static double nested(double[] x) {
          int step = 2;
          double[] grid = new double[x.length * x.length * step];
          int k = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
              grid[k] = x[i] * x[j];
              k += step;
            }
            k -= 1;
            grid[k] = Math.exp(x[i]);
            k++;
          }
          double s = 0.0;
          for (int m = 0; m < grid.length; m++) {
            s += grid[m] * grid[m] * (m % 3 + 1);
          }
          return s;
        }

        /** A loop left by a break, one by a continue, and a while loop counted by k itself. */
        @Differentiable
        static double jumps(double[] x) {
          double[] y = new double[2 * x.length];
          int k = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 1.5) {
              break;
            }
            y[k] = x[i] * x[i];
            k += 2;
          }
          for (int i = 0; i < x.length; i++) {
            if (x[i] < 0.0) {
              continue;
            }
            y[k % y.length] += Math.cos(x[i]);
            k++;
          }
          double s = 0.0;
          int m = 0;
          while (m < k && m < y.length) {
            s += y[m] * x[m % x.length];
            m++;
          }
          return s + k;
        }

        /** A return from inside the loop. */
        @Differentiable
        static double leftByReturn(double[] x) {
          double[] acc = new double[x.length + 1];
          int k = 0;
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            acc[k] = s;
            k++;
            s = s * 0.5 + x[i] * x[i];
            if (s > 3.0) {
              return s * acc[k - 1] + k;
            }
          }
          return s + acc[k - 1];
        }

        /** A reassignment (taped) beside increments (inverted), a long counter, a local one. */
        @Differentiable
        static double mixed(double[] x) {
          double[] rows = new double[x.length * 2];
          int at = 0;
          long total = 0L;
          double s = 0.0;
          for (int r = 0; r < 2; r++) {
            at = r * x.length;
            for (int j = 0; j < x.length; j++) {
              rows[at] = x[j] * (r + 1);
              at++;
              total += 3;
            }
            int local = 0;
            for (int j = 0; j < x.length; j++) {
              s += Math.sin(rows[local + r * x.length]) * local;
              local++;
            }
          }
          int top = 0;
          double[] pair = new double[2];
          pair[top] = s;
          top++;
          pair[top] = s * s;
          top++;
          return pair[0] + pair[1] * total + rows[at - 1] + top;
        }

        @Differentiable
        static double callers(double[] x) {
          return oneArm(x) + takenArm(x) + nested(x) + jumps(x) + leftByReturn(x) + mixed(x);
        }
      }
      """;

  private static final String[] METHODS = {"oneArm", "takenArm", "nested", "jumps", "leftByReturn", "mixed", "callers"};

  @Test
  void countersAreUndoneByTheirInverse() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "counters.CountersGrad");
    assertThat(grad).doesNotContain("kStack");
    assertThat(grad).doesNotContain("topStack");
    assertThat(grad).contains("at = atTape[atTop];");
    assertThat(grad).contains("k--;");
    assertThat(grad).contains("k -= step;");
    Flatgrad.Loaded l = load(c);
    double[][] points = {
      {0.3, -0.2, 0.7, 0.1},
      {0.9, 1.2, -0.4, 0.6, 1.1},
      {1.7, 0.2, -0.5},
      {0.5, 0.4, 2.0, 0.3, -0.8, 0.1},
      {-0.3, -0.6, 0.25},
    };
    for (String m : METHODS) {
      for (double[] p : points) {
        assertGradient(l, "counters.CountersGrad", m, (Object) p.clone());
      }
    }
  }
}
