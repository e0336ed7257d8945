package dev.flatgrad.processor.fence;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Recursion is an error on the call that closes the cycle; overloads calling one another are not
 * recursion when the arguments' types, as the source writes them, pick another overload.
 */
class RecursionTest {

  @Test
  void overloadsCallingEachOtherAreNoCycle() {
    Compilation c = compileOk(source("""
        package rec;

        import dev.flatgrad.annotations.Differentiable;

        class Norms {
          @Differentiable
          static double sq(double x) {
            return x * x;
          }

          @Differentiable
          static double sq(double[] v) {
            double s = 0.0;
            for (double x : v) {
              s += sq(x);
            }
            return s;
          }

          @Differentiable
          static double sq(double[][] m) {
            double s = 0.0;
            for (int i = 0; i < m.length; i++) {
              s += sq(m[i]) + sq(m[i][0]) + sq(2.0);
            }
            return s;
          }

          @Differentiable
          static double norm(double[] v) {
            return norm(v, 2);
          }

          @Differentiable
          static double norm(double[] v, int p) {
            return Math.pow(sq(v), 1.0 / p);
          }

          @Differentiable
          static double energy(double[][] m) {
            return sq(m) + norm(m[0]);
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "rec.NormsGrad", "energy", (Object) new double[][] {{0.5, -1.0}, {2.0, 0.25}});
  }

  @Test
  void aCycleThroughAnotherMethodIsAnErrorOnTheCallThatClosesIt() {
    JavaFileObject file = source("""
        package rec;

        import dev.flatgrad.annotations.Differentiable;

        class Cycle {
          @Differentiable
          static double a(double x) {
            return x > 1.0 ? b(x / 2.0) : x;
          }

          @Differentiable
          static double b(double x) {
            return a(x) + 1.0;
          }

          @Differentiable
          static double c(double[] v) {
            return c(v[0]);
          }

          @Differentiable
          static double c(double x) {
            return x * c(new double[] {x});
          }
        }
        """);
    Compilation c = compile(file);
    assertThat(c).hadErrorContaining("`a` calls `b`, which calls `a` back").inFile(file).onLineContaining("b(x / 2.0)");
    assertThat(c).hadErrorContaining("`b` calls `a`, which calls `b` back").inFile(file).onLineContaining("a(x) + 1.0");
    assertThat(c).hadErrorContaining("`c` calls `c`, which calls `c` back").inFile(file).onLineContaining("c(v[0])");
  }
}
