package dev.flatgrad.processor;

import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Calls whose backward pass is the callee's pullback, adding into the caller's adjoint arrays:
 * in loops, with vector and matrix parameters, rows of a matrix, the same array twice, computed
 * arguments, calls nested three deep, a callee whose backward pass does more than add, and a
 * call whose result is stored into the array it reads.
 */
class PullbackGoldenTest {

  private static final JavaFileObject CALLS = source("""
      package calls;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Calls {
        @Differentiable(wrt = "c")
        static double eval(double[] c, double t) {
          int segments = c.length / 4;
          int s = (int) Math.min(t * segments, segments - 1);
          double u = t * segments - s;
          int k = 4 * s;
          return c[k] + u * (c[k + 1] + u * (c[k + 2] + u * c[k + 3]));
        }

        @Differentiable(wrt = "c")
        static double fit(double[] c, double[] t, double[] y) {
          double loss = 0.0;
          for (int i = 0; i < t.length; i++) {
            double r = eval(c, t[i]) - y[i];
            loss += r * r;
          }
          return loss / t.length;
        }

        @Differentiable
        static double inner(double[] a, double[] b) {
          return Nd.sum(Nd.multiply(a, b)) + a[0] * b[1];
        }

        @Differentiable
        static double twice(double[] x) {
          return inner(x, x) + inner(x, Nd.exp(x));
        }

        @Differentiable
        static double norm(double[] r) {
          double s = 0.0;
          for (int i = 0; i < r.length; i++) {
            s += r[i] * r[i];
          }
          return Math.sqrt(s);
        }

        @Differentiable
        static double energy(double[][] w) {
          return Nd.sum(Nd.multiply(w, w));
        }

        @Differentiable
        static double rows(double[][] w) {
          double s = 0.0;
          for (int j = 0; j < w.length; j++) {
            s += norm(w[j]);
          }
          return s * energy(w);
        }

        @Differentiable
        static double c3(double[] x) {
          return Math.sin(x[0]) * x[1];
        }

        @Differentiable
        static double b3(double[] x) {
          return c3(x) * c3(x) + x[2];
        }

        @Differentiable
        static double a3(double[] x, double s) {
          double total = 0.0;
          for (int i = 0; i < 3; i++) {
            total += s * b3(x);
          }
          return total;
        }

        @Differentiable
        static double rebinds(double[] x) {
          x = Nd.multiply(2.0, x);
          return Nd.sum(Nd.multiply(x, x));
        }

        @Differentiable
        static double callsRebinds(double[] x) {
          return rebinds(x) * rebinds(Nd.exp(x));
        }

        @Differentiable
        static double intoItsOwnArgument(double[] x) {
          double[] a = x.clone();
          for (int i = 0; i < a.length; i++) {
            a[i] = norm(a) * a[i];
          }
          return norm(a);
        }
      }
      """);

  @Test
  void callsAddIntoTheCallersAdjoints() {
    Compilation c = compileOk(CALLS);
    assertGolden(c, "calls.CallsGrad", "PullbackGoldenTest/callsAddIntoTheCallersAdjoints/CallsGrad.java");
    Loaded l = Flatgrad.load(c);
    double[] coefficients = {0.3, -1.2, 0.7, 2.0, -0.4, 0.9, 1.1, -0.6, 0.2, 0.5, -1.5, 0.8};
    double[] t = {0.05, 0.2, 0.31, 0.5, 0.66, 0.7, 0.95};
    double[] y = {0.1, -0.3, 0.4, 0.2, -0.1, 0.6, 0.0};
    ((GradCheck.Report) l.call("calls.CallsGrad", "checkFit", coefficients, t, y)).assertPassed();
    double[] x = {0.4, -0.7, 1.3};
    ((GradCheck.Report) l.call("calls.CallsGrad", "checkTwice", x)).assertPassed();
    double[][] w = {{0.5, -1.0, 2.0}, {1.5, 0.3, -0.2}};
    ((GradCheck.Report) l.call("calls.CallsGrad", "checkRows", (Object) w)).assertPassed();
    ((GradCheck.Report) l.call("calls.CallsGrad", "checkA3", x, 1.7)).assertPassed();
    ((GradCheck.Report) l.call("calls.CallsGrad", "checkCallsRebinds", x)).assertPassed();
    ((GradCheck.Report) l.call("calls.CallsGrad", "checkIntoItsOwnArgument", x)).assertPassed();
  }
}
