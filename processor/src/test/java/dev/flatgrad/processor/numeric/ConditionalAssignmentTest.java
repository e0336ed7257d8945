package dev.flatgrad.processor.numeric;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An assignment through {@code ?:} overwrites its target on every arm: the old value's adjoint is
 * cleared whichever arm was taken, and each arm passes the new value's adjoint on, also when an
 * arm reads the target itself ({@code r = r > v[i] ? r : v[i]}).
 */
class ConditionalAssignmentTest {

  @Test
  void aTernaryMaxInALoop() {
    Compilation c = compileOk(source("""
        package ternary;

        import dev.flatgrad.annotations.Differentiable;

        class Max {
          /** The issue's example. */
          @Differentiable
          static double max(double[] v) {
            double r = v[0];
            for (int i = 1; i < v.length; i++) {
              r = r > v[i] ? r : v[i];
            }
            return r;
          }

          /** The same on the elements of an array, running. */
          @Differentiable
          static double runningMax(double[] v) {
            double[] m = v.clone();
            for (int i = 1; i < m.length; i++) {
              m[i] = m[i - 1] > m[i] ? m[i - 1] : m[i];
            }
            return m[m.length - 1];
          }
        }
        """));
    assertGolden(c, "ternary.MaxGrad", "ConditionalAssignmentTest/aTernaryMaxInALoop/MaxGrad.java");
    Loaded l = load(c);
    Object g = result(l, "ternary.MaxGrad", "max", (Object) new double[] {1, 2});
    assertThat((double[]) Loaded.component(g, "dv")).usingExactEquality().containsExactly(0.0, 1.0).inOrder();
    Object running = result(l, "ternary.MaxGrad", "runningMax", (Object) new double[] {3, 1, 2});
    assertThat((double[]) Loaded.component(running, "dv")).usingExactEquality().containsExactly(1.0, 0.0, 0.0)
        .inOrder();
    Random r = new Random(7);
    for (int n = 1; n <= 6; n++) {
      assertGradient(l, "ternary.MaxGrad", "max", (Object) vector(r, n));
      assertGradient(l, "ternary.MaxGrad", "runningMax", (Object) vector(r, n));
    }
  }

  @Test
  void everyArmClearsTheOldValuesAdjoint() {
    Loaded l = load(compileOk(source("""
        package ternary;

        import dev.flatgrad.annotations.Differentiable;

        class Arms {
          @Differentiable
          static double insideAnExpression(double[] v, double x) {
            double r = x;
            for (int i = 0; i < v.length; i++) {
              r = 0.5 * (r > v[i] ? r * x : Math.sin(v[i])) + v[i];
            }
            return r;
          }

          @Differentiable
          static double compound(double[] v, double x) {
            double r = x;
            for (int i = 0; i < v.length; i++) {
              r *= v[i] > 0 ? r : x;
            }
            return r;
          }

          @Differentiable
          static double bothArmsReadIt(double[] v, double x) {
            double r = x;
            for (int i = 0; i < v.length; i++) {
              r = v[i] > 0 ? r * v[i] : r + Math.exp(v[i]);
            }
            return r;
          }

          @Differentiable
          static double nested(double[] v, double x) {
            double r = x;
            for (int i = 0; i < v.length; i++) {
              r = v[i] > 0 ? (r > 1 ? v[i] : r * r) : (x > v[i] ? r : v[i] * x);
            }
            return r;
          }

          @Differentiable
          static double straightLine(double x, double y) {
            double r = x * y;
            r = r > y ? r : y * y;
            r = r < x ? x : r * r;
            return r;
          }

          @Differentiable
          static double element(double[] v, double x) {
            double[] c = v.clone();
            for (int i = 0; i < c.length; i++) {
              c[i] = c[i] > x ? c[i] * c[i] : x;
            }
            return c.length == 0 ? x : c[0] + c[c.length - 1];
          }
        }
        """)));
    Random r = new Random(9);
    for (int n = 0; n <= 5; n++) {
      for (String m : new String[] {"insideAnExpression", "compound", "bothArmsReadIt", "nested", "element"}) {
        assertGradient(l, "ternary.ArmsGrad", m, vector(r, n), -1 + 2 * r.nextDouble());
      }
      assertGradient(l, "ternary.ArmsGrad", "straightLine", -1 + 2 * r.nextDouble(), -1 + 2 * r.nextDouble());
    }
  }

  private static double[] vector(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = -1.5 + 3 * r.nextDouble();
    }
    return v;
  }
}
