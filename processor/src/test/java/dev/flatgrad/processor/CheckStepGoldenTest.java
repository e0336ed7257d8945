package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated checks ({@code checkFoo}, {@code checkFooTangent}, {@code checkFooHvp}) take the
 * difference step a method's {@code @CheckInputs(step = ...)} sets, as the plugin's check goal
 * does: a method whose value is noisy in its last digits passes with its step and fails with the
 * default one.
 */
class CheckStepGoldenTest {

  @Test
  void theChecksUseTheStepOfCheckInputs() {
    Compilation c = compileOk(source("""
        package steps;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        class Noisy {
          /** A quadratic plus noise of 1e-10 that carries no derivative: centred differences need a large step. */
          @Differentiable(hessian = true)
          @CheckInputs(step = 0.1)
          static double noisy(double x, double y) {
            long ticks = (long) (x * 1e10);
            return x * x + 3.0 * x * y - y * y + 1e-10 * (ticks % 7);
          }

          @Differentiable(hessian = true)
          static double noisyDefault(double x, double y) {
            long ticks = (long) (x * 1e10);
            return x * x + 3.0 * x * y - y * y + 1e-10 * (ticks % 7);
          }
        }
        """));
    assertGolden(c, "steps.NoisyGrad", "CheckStepGoldenTest/theChecksUseTheStepOfCheckInputs/NoisyGrad.java");
    Loaded l = load(c);
    for (double[] p : new double[][] {{0.7, -0.3}, {1.3, 0.4}, {-0.45, 0.9}}) {
      String at = p[0] + ", " + p[1];
      assertPassed("checkNoisy at " + at, l.call("steps.NoisyGrad", "checkNoisy", p[0], p[1]));
      assertPassed("checkNoisyTangent at " + at, l.call("steps.NoisyGrad", "checkNoisyTangent", p[0], p[1], 0.6, -0.8));
      assertPassed("checkNoisyHvp at " + at, l.call("steps.NoisyGrad", "checkNoisyHvp", p[0], p[1], 0.6, -0.8));
      GradCheck.Report fine = (GradCheck.Report) l.call("steps.NoisyGrad", "checkNoisyDefault", p[0], p[1]);
      assertWithMessage("the default step sees the noise at %s:\n%s", at, fine.table()).that(fine.passed()).isFalse();
    }
  }

  @Test
  void aStepOutsideZeroToOneIsAnErrorOnIt() {
    JavaFileObject bad = source("""
        package steps;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        class Bad {
          @Differentiable
          @CheckInputs(step = 2)
          static double f(double x) {
            return x * x;
          }
        }
        """);
    assertThat(compile(bad)).hadErrorContaining("[FlatgradCheckInputs] the step must be a number in [0, 1) written in"
        + " place, like 1e-3, which flatgrad reads from the source; not 2").inFile(bad).onLineContaining("step = 2");
  }

  private static void assertPassed(String what, Object report) {
    GradCheck.Report r = (GradCheck.Report) report;
    assertWithMessage("%s\n%s", what, r.table()).that(r.passed()).isTrue();
  }
}
