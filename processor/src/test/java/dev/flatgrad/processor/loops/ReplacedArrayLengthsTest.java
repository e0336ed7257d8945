package dev.flatgrad.processor.loops;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * An array replaced each trip by a new one ({@code u = v}, {@code v = new double[u.length]}): the
 * backward pass needs each trip's old {@code u} only for its length. Both gradients vs finite
 * differences and bit for bit: one whose arrays all keep {@code x0.length} elements, one whose
 * length changes each trip (each trip's {@code u} is read there, so its tape must stay). The
 * reference tape of the first ({@code uStack}, read only for {@code u.length}) is still there.
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
  void theGradientsMatchFiniteDifferences() {
    Compilation c = compileOk(source(RELAXATION));
    Loaded l = load(c);
    assertGradient(l, "lengths.RelaxationGrad", "fixed", new double[] {0.3, -0.7, 1.1, 0.2}, 0.4, 5);
    assertGradient(l, "lengths.RelaxationGrad", "fixed", new double[] {0.3}, 0.4, 0);
    assertGradient(l, "lengths.RelaxationGrad", "shrinking", new double[] {0.3, -0.7, 1.1, 0.2, 0.9}, 0.4, 3);
    assertGradient(l, "lengths.RelaxationGrad", "shrinking", new double[] {0.3, -0.7}, 0.4, 5);
  }
}
