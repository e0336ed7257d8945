package dev.flatgrad.processor.numeric;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Control flow as javac judges it: locals declared without a value and assigned on some paths
 * (definite assignment, JLS 16), and loops that only a return leaves (reachability, JLS 14.22).
 * What javac accepts, flatgrad differentiates, and its output javac accepts too.
 */
class ControlFlowTest {

  @Test
  void localsAssignedOnSomePathsOnly() {
    Compilation c = compileOk(source("""
        package flow;

        import dev.flatgrad.annotations.Differentiable;

        class Assigned {
          /** The issue's example: s exists only where x < 1. */
          @Differentiable
          static double declaredFirst(double x) {
            double s;
            double r;
            if (x < 1) {
              s = x * x;
              r = s * x;
            } else {
              r = x;
            }
            return r;
          }

          @Differentiable
          static double inALoop(double[] v) {
            double total = 0;
            for (int i = 0; i < v.length; i++) {
              double a;
              double b;
              if (v[i] > 0) {
                a = Math.sqrt(v[i]);
                b = a * v[i];
              } else {
                b = v[i];
              }
              total += b * b;
            }
            return total;
          }
        }
        """));
    assertGolden(c, "flow.AssignedGrad", "ControlFlowTest/localsAssignedOnSomePathsOnly/AssignedGrad.java");
    Loaded l = load(c);
    for (double x : new double[] {-2, 0.5, 0.99, 1.01, 3}) {
      assertGradient(l, "flow.AssignedGrad", "declaredFirst", x);
    }
    Random r = new Random(13);
    for (int n = 0; n <= 5; n++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = -2 + 4 * r.nextDouble();
      }
      assertGradient(l, "flow.AssignedGrad", "inALoop", (Object) v);
    }
  }

  @Test
  void loopsLeftOnlyByReturn() {
    Compilation c = compileOk(source("""
        package flow;

        import dev.flatgrad.annotations.Differentiable;

        class Forever {
          /** The issue's example: valid Java, no return after the loop. */
          @Differentiable
          static double halve(double x) {
            double y = x;
            while (true) {
              y = y * 0.5;
              if (y < 1) {
                return y;
              }
            }
          }

          @Differentiable
          static double forEver(double x, double[] w) {
            double y = x;
            int i = 0;
            for (;;) {
              y = Math.sin(y) * w[i % w.length] + y;
              i++;
              if (i >= 3 * w.length) {
                return y * x;
              } else if (y > 4) {
                return y;
              }
            }
          }

          @Differentiable
          static double doForever(double x) {
            double y = x;
            do {
              y = y * y + 1.1;
              if (y > 2) {
                break;
              }
            } while (true);
            return y * x;
          }

          @Differentiable
          static double constantCondition(double x) {
            double y = x;
            while (1 < 2 && !false) {
              y = y * 1.5;
              if (y > 10) {
                return y;
              }
            }
          }

          @Differentiable
          static double nestedInABranch(double x) {
            if (x < 0) {
              return -x;
            } else {
              double y = x + 1;
              while (true) {
                y = y * y;
                if (y > 5) {
                  return y;
                }
              }
            }
          }
        }
        """));
    assertGolden(c, "flow.ForeverGrad", "ControlFlowTest/loopsLeftOnlyByReturn/ForeverGrad.java");
    Loaded l = load(c);
    for (double x : new double[] {0.3, 1.5, 7.3, 100.7}) {
      assertGradient(l, "flow.ForeverGrad", "halve", x);
      assertGradient(l, "flow.ForeverGrad", "forEver", x, new double[] {0.5, -0.25, 0.75});
      assertGradient(l, "flow.ForeverGrad", "doForever", x);
      assertGradient(l, "flow.ForeverGrad", "constantCondition", x);
      assertGradient(l, "flow.ForeverGrad", "nestedInABranch", x);
      assertGradient(l, "flow.ForeverGrad", "nestedInABranch", -x);
    }
  }
}
