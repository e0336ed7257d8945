package dev.flatgrad.processor.numeric;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * The conventions of the rules at the edges of their domains, as the README's "Supported Java"
 * states them: the usual subgradients at kinks, JAX's and Enzyme's choices for pow, and infinite
 * or NaN slopes where the function has no finite one.
 */
class EdgeConventionsTest {

  private static final String CLASS = "edges.EdgesGrad";

  private static Loaded compiled() {
    Compilation c = compileOk(source("""
        package edges;

        import dev.flatgrad.annotations.Differentiable;

        class Edges {
          @Differentiable
          static double pow(double x, double y) {
            return Math.pow(x, y);
          }

          @Differentiable
          static double cube(double x) {
            return Math.pow(x, 3.0);
          }

          @Differentiable
          static double hypot(double x, double y) {
            return Math.hypot(x, y);
          }

          @Differentiable
          static double abs(double x) {
            return Math.abs(x);
          }

          @Differentiable
          static double max(double x, double y) {
            return Math.max(x, y);
          }

          @Differentiable
          static double min(double x, double y) {
            return Math.min(x, y);
          }

          @Differentiable
          static double sqrt(double x) {
            return Math.sqrt(x);
          }

          @Differentiable
          static double atan2(double y, double x) {
            return Math.atan2(y, x);
          }

          @Differentiable
          static double steps(double x) {
            return Math.floor(x) + Math.ceil(x) + Math.rint(x) + Math.signum(x) + Math.round(x);
          }
        }
        """));
    assertGolden(c, CLASS, "EdgeConventionsTest/EdgesGrad.java");
    return load(c);
  }

  @Test
  void powAtZeroFollowsJaxAndEnzyme() {
    Loaded l = compiled();
    // x^y at x = 0, y > 0 is 0 for every nearby y: slope 0 in y, not 0 * log(0) = NaN.
    assertThat(d(result(l, CLASS, "pow", 0.0, 1.0), "dy")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "pow", 0.0, 1.0), "dx")).isEqualTo(1.0);
    assertThat(d(result(l, CLASS, "pow", 0.0, 2.5), "dy")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "pow", 0.0, 2.5), "dx")).isEqualTo(0.0);
    // x^0 is 1 for every x: slope 0 in x, also at x = 0 (not 0 * 0^-1 = NaN).
    assertThat(d(result(l, CLASS, "pow", 0.0, 0.0), "dx")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "pow", 3.0, 0.0), "dx")).isEqualTo(0.0);
    // 0^y for 0 < y < 1 has an infinite slope in x.
    assertThat(d(result(l, CLASS, "pow", 0.0, 0.5), "dx")).isPositiveInfinity();
    // A negative base: the slope in y is NaN (x^y is not real near a whole y), in x it is finite.
    assertThat(d(result(l, CLASS, "pow", -2.0, 3.0), "dy")).isNaN();
    assertThat(d(result(l, CLASS, "pow", -2.0, 3.0), "dx")).isEqualTo(12.0);
    assertThat(d(result(l, CLASS, "cube", 0.0), "dx")).isEqualTo(0.0);
    for (double x : new double[] {0.3, 1.7, 4.2}) {
      for (double y : new double[] {-1.5, 0.5, 2.0, 3.25}) {
        assertGradient(l, CLASS, "pow", x, y);
      }
      assertGradient(l, CLASS, "cube", -x);
    }
  }

  @Test
  void kinksTakeTheUsualSubgradients() {
    Loaded l = compiled();
    assertThat(d(result(l, CLASS, "abs", 0.0), "dx")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "hypot", 0.0, 0.0), "dx")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "hypot", 0.0, 0.0), "dy")).isEqualTo(0.0);
    // max and min route a tie to their first argument.
    assertThat(d(result(l, CLASS, "max", 1.0, 1.0), "dx")).isEqualTo(1.0);
    assertThat(d(result(l, CLASS, "max", 1.0, 1.0), "dy")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "min", 1.0, 1.0), "dx")).isEqualTo(1.0);
    assertThat(d(result(l, CLASS, "min", 1.0, 1.0), "dy")).isEqualTo(0.0);
    // Step functions have slope 0 everywhere, at their jumps too.
    assertThat(d(result(l, CLASS, "steps", 0.0), "dx")).isEqualTo(0.0);
    assertThat(d(result(l, CLASS, "steps", 2.5), "dx")).isEqualTo(0.0);
    assertGradient(l, CLASS, "hypot", 0.3, -0.4);
    assertGradient(l, CLASS, "abs", -0.3);
  }

  @Test
  void slopesWithoutAFiniteValueAreInfiniteOrNaN() {
    Loaded l = compiled();
    assertThat(d(result(l, CLASS, "sqrt", 0.0), "dx")).isPositiveInfinity();
    // atan2 jumps at the origin: no slope there.
    assertThat(d(result(l, CLASS, "atan2", 0.0, 0.0), "dy")).isNaN();
    assertGradient(l, CLASS, "atan2", 0.3, -0.4);
    assertGradient(l, CLASS, "sqrt", 0.3);
  }
}
