package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * An element of an array a call computes, read where the call is ({@code vector(y, h)[0]}, {@code
 * Nd.softmax(z)[k]}, {@code outer(a, b)[i][j]}): the array is given a name and its adjoint takes
 * the element's (it was an internal error).
 */
class ComputedElementsTest {

  @Test
  void elementsOfComputedArrays() {
    Loaded l = load(compileOk(source(withSecondOrder("""
        package ce;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Picks {
          @Differentiable
          static double[] scaled(double[] y, double h) {
            double[] out = new double[y.length];
            for (int i = 0; i < y.length; i++) {
              out[i] = Math.sin(y[i]) * h;
            }
            return out;
          }

          static double[][] outer(double[] a, double[] b) {
            double[][] m = new double[a.length][b.length];
            for (int i = 0; i < a.length; i++) {
              for (int j = 0; j < b.length; j++) {
                m[i][j] = a[i] * b[j];
              }
            }
            return m;
          }

          @Differentiable
          static double f(double[] y, double h, double[] z) {
            double s = scaled(y, h)[0] + scaled(y, 2.0 * h)[1] * h;
            for (int k = 0; k < z.length; k++) {
              s += Nd.softmax(z)[k] * z[k] + outer(y, z)[k % y.length][k];
            }
            return s;
          }
        }
        """))));
    assertGradient(l, "ce.PicksGrad", "f", new double[] {0.3, -0.5, 2.0}, 0.7, new double[] {0.4, -1.1, 0.2, 0.9});
  }
}
