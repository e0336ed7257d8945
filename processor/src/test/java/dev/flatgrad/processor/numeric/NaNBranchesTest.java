package dev.flatgrad.processor.numeric;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A comparison with a NaN is false whichever way it is written, so the backward pass must test a
 * branch as the method did: {@code !(x < 0)} is not {@code x >= 0} there. A NaN that does not
 * reach the result must not change the gradient of what does.
 */
class NaNBranchesTest {

  private static final String CLASS = "nan.BranchesGrad";

  private static Loaded compiled() {
    return load(compileOk(source("""
        package nan;

        import dev.flatgrad.annotations.Differentiable;

        class Branches {
          @Differentiable
          static double untilNegative(double[] x, double w) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              if (x[i] < 0) {
                break;
              }
              s += w * w;
            }
            return s;
          }

          @Differentiable
          static double skipAboveCap(double[] x, double w, double cap) {
            double s = 0;
            for (int i = 0; i < x.length; i += 2) {
              if (x[i] > cap) {
                continue;
              }
              s += w * x.length;
            }
            return s;
          }

          @Differentiable
          static double notBelow(double x, double w) {
            if (!(x < 0)) {
              return w * w;
            }
            return w;
          }
        }
        """)));
  }

  @Test
  void aNaNTakesTheBranchItTookForward() {
    Loaded l = compiled();
    double nan = Double.NaN;
    // NaN < 0 is false: the NaN entry and the one after it add w * w; -1 stops the loop.
    assertThat(d(result(l, CLASS, "untilNegative", new double[] {nan, 1, -1, 5}, 3.0), "dw")).isEqualTo(12.0);
    // NaN > cap is false: entries 0 and 2 (NaN) count, entry 4 (above the cap) does not.
    assertThat(d(result(l, CLASS, "skipAboveCap", new double[] {0, 9, nan, 9, 7}, 2.0, 5.0), "dw")).isEqualTo(10.0);
    // !(NaN < 0) is true.
    assertThat(d(result(l, CLASS, "notBelow", nan, 3.0), "dw")).isEqualTo(6.0);
    assertGradient(l, CLASS, "untilNegative", new double[] {0.5, 1, -1, 5}, 3.0);
    assertGradient(l, CLASS, "skipAboveCap", new double[] {0, 9, 1, 9, 7}, 2.0, 5.0);
    assertGradient(l, CLASS, "notBelow", -0.5, 3.0);
    assertGradient(l, CLASS, "notBelow", 0.5, 3.0);
  }
}
