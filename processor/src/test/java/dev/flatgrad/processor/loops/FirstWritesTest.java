package dev.flatgrad.processor.loops;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A store that writes each element of a new array at most once overwrites the allocation's zero,
 * so the backward pass neither clears the element's adjoint after it nor sets it to the store's
 * own share ({@code FirstWrites}, by {@code Loops.distinctPerTrip}): shifted, mirrored, and once
 * outside any loop. Where two trips write one element ({@code r[i / 2]}, which reads its own old
 * value) the element's adjoint is set, not added to, and the gradient (centred differences) is
 * wrong if the rule fires there.
 */
class FirstWritesTest {

  private static final String SOURCE = """
      package first;

      import dev.flatgrad.annotations.Differentiable;

      class Fill {
        @Differentiable
        static double mirrored(double[] v) {
          int n = v.length;
          double[] r = new double[n];
          for (int i = 0; i < n; i++) {
            r[n - 1 - i] = Math.sin(v[i]);
          }
          double s = 0.0;
          for (int i = 0; i < n; i++) {
            s = s * 0.5 + r[i] * v[i];
          }
          return s;
        }

        @Differentiable
        static double shifted(double[] v) {
          double[] r = new double[v.length + 1];
          for (int i = 0; i < v.length; i++) {
            r[i + 1] = v[i] * v[i];
          }
          double s = 0.0;
          for (int i = 0; i < r.length; i++) {
            s = s * 0.5 + Math.cos(r[i]);
          }
          return s;
        }

        @Differentiable
        static double once(double x, double y) {
          double[] r = new double[2];
          r[1] = x * y;
          return Math.sin(r[1]) + r[0];
        }

        @Differentiable
        static double halves(double[] v) {
          double[] r = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            r[i / 2] = r[i / 2] * 0.5 + v[i];
          }
          double s = 0.0;
          for (int i = 0; i < r.length; i++) {
            s = s * 0.5 + Math.sin(r[i]);
          }
          return s;
        }
      }
      """;

  @Test
  void storesThatWriteEachElementOnceAreFirstWritesAndNoOthers() {
    Compilation c = compileOk(source(SOURCE));
    Loaded l = load(c);
    double[] v = {0.3, -0.7, 1.1, 0.4, -0.2};
    assertGradient(l, "first.FillGrad", "mirrored", v);
    assertGradient(l, "first.FillGrad", "shifted", v);
    assertGradient(l, "first.FillGrad", "once", 0.6, -1.3);
    assertGradient(l, "first.FillGrad", "halves", v);
  }
}
