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
 * A loop counting by one that tapes at most one value a trip writes its tape into the stack's
 * array at an index kept in a local ({@code CountedTapes}); where a trip may tape more (a nested
 * loop) or the trip count is not one subtraction away (a step of 2), the stack stays.
 */
class CountedTapesTest {

  private static final String SOURCE = """
      package counted;

      import dev.flatgrad.annotations.Differentiable;

      class Tapes {
        @Differentiable
        static double horner(double x, double[] c) {
          double s = 0.0;
          for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + c[i];
          }
          return s;
        }

        /** Two values taped a trip, one of them only on some trips, and a break. */
        @Differentiable
        static double branches(double x, double[] v) {
          double s = 1.0;
          double t = 0.0;
          for (int k = 1; k <= v.length; k++) {
            if (v[k - 1] > 2.5) {
              break;
            }
            if (v[k - 1] > 0.0) {
              t = Math.sin(t * x + v[k - 1]);
            }
            s = Math.tanh(s * v[k - 1] + t);
          }
          return s + t;
        }

        /** A nested loop tapes more than once a trip: the outer loop keeps its stack. */
        @Differentiable
        static double nested(double x, double[][] m) {
          double s = x;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s = Math.sin(s * m[i][j]);
            }
          }
          return s;
        }

        /** The user's names are the tape's: the tape's are made unique. */
        @Differentiable
        static double clash(double x, double[] sTape) {
          double s = x;
          int sTop = 1;
          for (int i = 0; i < sTape.length; i++) {
            s = Math.sin(s * sTape[i]) + sTop;
          }
          return s;
        }

        /** Counting by two: the stack stays. */
        @Differentiable
        static double everyOther(double x, double[] v) {
          double s = x;
          for (int i = 0; i < v.length; i += 2) {
            s = Math.cos(s * v[i]);
          }
          return s;
        }
      }
      """;

  @Test
  void loopsCountingByOneTapeIntoAnArrayAtAnIndex() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "counted.TapesGrad");
    assertThat(grad).contains("double[] sTape = sStack.tape(c.length);");
    assertThat(grad).contains("sTape[sTop] = s;");
    assertThat(grad).contains("s = sTape[sTop];");
    assertThat(grad).contains("tTape[tTop] = t;");
    assertThat(grad).contains("sStack.push(s);"); // nested, everyOther
    Flatgrad.Loaded l = load(c);
    double[] c1 = {0.5, -1.2, 0.3, 2.0, -0.7};
    assertGradient(l, "counted.TapesGrad", "horner", 0.9, c1);
    assertGradient(l, "counted.TapesGrad", "horner", 0.9, new double[0]);
    assertGradient(l, "counted.TapesGrad", "branches", 0.8, new double[] {0.4, -0.3, 1.1, -0.2, 0.6});
    assertGradient(l, "counted.TapesGrad", "branches", 0.8, new double[] {0.4, -0.3, 3.0, -0.2, 0.6});
    assertGradient(l, "counted.TapesGrad", "branches", 0.8, new double[0]);
    assertGradient(l, "counted.TapesGrad", "nested", 0.7, new double[][] {{0.3, 0.9}, {1.1}, {-0.4, 0.2, 0.5}});
    assertGradient(l, "counted.TapesGrad", "clash", 0.6, new double[] {0.3, -0.8, 1.2});
    assertGradient(l, "counted.TapesGrad", "everyOther", 0.7, new double[] {0.3, 0.9, 1.1, -0.4, 0.2});
    // Called twice in a row: the pooled stack's array comes back empty and grown.
    assertGradient(l, "counted.TapesGrad", "horner", 1.1, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 17, 18, 19, 20, 21});
  }
}
