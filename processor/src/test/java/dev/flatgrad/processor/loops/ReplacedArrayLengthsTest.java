package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * An array replaced each trip by a new one ({@code u = v}, {@code v = new double[u.length]}): the
 * backward pass needs each trip's old {@code u} only for its length. Where every array {@code u}
 * holds has {@code x0.length} elements, that length is read and nothing is taped ({@code
 * reverse.InvariantLengths}); where the length changes each trip and only it is read, the tape
 * keeps the lengths, not the arrays ({@code reverse.LengthTapes}); where the values are read too,
 * the arrays. Gradients vs finite differences, values bit for bit, tangents and H·v.
 */
class ReplacedArrayLengthsTest {

  private static final String RELAXATION = """
      package lengths;

      import dev.flatgrad.annotations.Differentiable;

      class Relaxation {
        @Differentiable
        static double fixed(double[] x0, double k, int steps) {
          double[] u = x0.clone();
          for (int t = 0; t < steps; t++) {
            double[] v = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              v[i] = 0.5 * u[i] + k * x0[i];
            }
            u = v;
          }
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * u[i];
          }
          return s;
        }

        /** The same with the length a local holds, and a neighbour's share. */
        @Differentiable
        static double fixedByN(double[] x0, double k, int steps) {
          int n = x0.length;
          double[] u = new double[n];
          for (int i = 0; i < n; i++) {
            u[i] = x0[i] * x0[i];
          }
          for (int t = 0; t < steps; t++) {
            double[] w = new double[n];
            for (int i = 0; i < w.length; i++) {
              w[i] = 0.5 * u[i] + 0.25 * u[(i + 1) % u.length] + k * x0[i];
            }
            u = w;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += Math.sin(u[i]) * (i + 1);
          }
          return s;
        }

        /** One longer each trip, a linear step: the backward trip reads the old u's length only. */
        @Differentiable
        static double growing(double[] x0, double k, int steps) {
          double[] u = x0.clone();
          for (int t = 0; t < steps; t++) {
            double[] v = new double[u.length + 1];
            for (int i = 0; i < v.length; i++) {
              v[i] = 0.5 * u[i % u.length] + k * i;
            }
            u = v;
          }
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * u[i];
          }
          return s;
        }

        /** Declared before the loop without a value, given one each trip; a length from a local too. */
        @Differentiable
        static double declaredLate(double[] x0, double k, int steps) {
          int m = x0.length + 1;
          double[] u = new double[m];
          for (int i = 0; i < m; i++) {
            u[i] = x0[i % x0.length];
          }
          double[] v;
          double s = 0;
          for (int t = 0; t < steps; t++) {
            v = new double[u.length];
            for (int i = 0; i < v.length; i++) {
              v[i] = 0.5 * u[(i + t) % u.length] + k * i;
            }
            s += v[0] * k;
            u = v;
          }
          double[] w;
          for (int t = 0; t < steps; t++) {
            w = new double[u.length + t];
            for (int i = 0; i < w.length; i++) {
              w[i] = 0.25 * u[i % u.length] + k;
            }
            s += w[w.length - 1] + 2 * w[0];
          }
          for (int i = 0; i < u.length; i++) {
            s += u[i] * u[i];
          }
          return s;
        }

        @Differentiable
        static double shrinking(double[] x0, double k, int steps) {
          double[] u = x0.clone();
          for (int t = 0; t < steps && u.length > 1; t++) {
            double[] v = new double[u.length - 1];
            for (int i = 0; i < v.length; i++) {
              v[i] = 0.5 * u[i] * u[i + 1] + k * x0[i];
            }
            u = v;
          }
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * u[i];
          }
          return s;
        }
      }
      """;

  @Test
  void aLengthEveryArrayHasIsReadAndNothingTaped() {
    String code = generated(compileOk(source(RELAXATION)), "lengths.RelaxationGrad");
    for (String method : new String[] {"Fixed fixed(", "FixedByN fixedByN("}) {
      String gradient = generatedMethod(code, method);
      assertThat(gradient).doesNotContain("Stack");
      assertThat(gradient).doesNotContain("Tape");
    }
    assertThat(generatedMethod(code, "Fixed fixed(")).contains("du = new double[x0.length];");
  }

  @Test
  void aLengthThatChangesIsTapedWithoutItsArray() {
    String code = generated(compileOk(source(RELAXATION)), "lengths.RelaxationGrad");
    String growing = generatedMethod(code, "Growing growing(");
    assertThat(growing).doesNotContain("RefStack");
    assertThat(growing).contains("uLengthTape[uLengthTop] = u.length;");
    String shrinking = generatedMethod(code, "Shrinking shrinking(");
    assertThat(shrinking).contains("vLengthStack.push(v.length);");
    assertThat(shrinking).contains("RefStack<double[]> uStack"); // its values are read
  }

  @Test
  void theGradientsMatchFiniteDifferences() {
    Compilation c = compileOk(source(withSecondOrder(RELAXATION)));
    Loaded l = load(c);
    assertGradient(l, "lengths.RelaxationGrad", "fixed", new double[] {0.3, -0.7, 1.1, 0.2}, 0.4, 5);
    assertGradient(l, "lengths.RelaxationGrad", "fixed", new double[] {0.3}, 0.4, 0);
    assertGradient(l, "lengths.RelaxationGrad", "fixedByN", new double[] {0.3, -0.7, 1.1, 0.2}, 0.4, 5);
    assertGradient(l, "lengths.RelaxationGrad", "fixedByN", new double[] {0.3}, 0.4, 2);
    assertGradient(l, "lengths.RelaxationGrad", "growing", new double[] {0.3, -0.7, 1.1}, 0.4, 4);
    assertGradient(l, "lengths.RelaxationGrad", "growing", new double[] {0.3}, 0.4, 0);
    assertGradient(l, "lengths.RelaxationGrad", "declaredLate", new double[] {0.3, -0.7, 1.1}, 0.4, 5);
    assertGradient(l, "lengths.RelaxationGrad", "declaredLate", new double[] {0.3}, 0.4, 0);
    assertGradient(l, "lengths.RelaxationGrad", "shrinking", new double[] {0.3, -0.7, 1.1, 0.2, 0.9}, 0.4, 3);
    assertGradient(l, "lengths.RelaxationGrad", "shrinking", new double[] {0.3, -0.7}, 0.4, 5);
  }
}
