package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A loop whose backward trips only add into adjoints runs each trip's backward pass in the
 * forward loop ({@code FusedLoops}); a loop whose trips need one another's adjoints, or whose
 * seed is only known after it, keeps its backward loop. Either way the gradient is the method's
 * (centred differences), through the gradient method and through a caller's pullback.
 */
class FusedLoopsTest {

  private static final String SOURCE = """
      package fused;

      import dev.flatgrad.annotations.Differentiable;

      class Sums {
        /** A mean of squared errors over points: fused, seeded before the loop. */
        @Differentiable(wrt = "w")
        static double meanSquares(double[] w, double[] x, double[] y) {
          double loss = 0.0;
          for (int i = 0; i < x.length; i++) {
            double r = w[0] + w[1] * x[i] - y[i];
            loss += r * r;
          }
          return loss / x.length;
        }

        /** Two sums and a scalar parameter's adjoint summed in the trips: fused. */
        @Differentiable
        static double twoSums(double[] v, double s) {
          double a = 0.0;
          double b = 0.0;
          for (int i = 0; i < v.length; i++) {
            double e = Math.exp(s * v[i]);
            a += e;
            b = b + v[i] * e;
          }
          return a - 3.0 * b;
        }

        /** The seeds of the sums are read from their final values (b / a): the backward loop stays. */
        @Differentiable
        static double ratio(double[] v) {
          double a = 0.0;
          double b = 0.0;
          for (int i = 0; i < v.length; i++) {
            double e = Math.exp(v[i]);
            a += e;
            b += v[i] * e;
          }
          return b / a;
        }

        /** The seed of the sum is its final value (sqrt): the backward loop stays. */
        @Differentiable
        static double norm(double[] v) {
          double sq = 0.0;
          for (int i = 0; i < v.length; i++) {
            sq += v[i] * v[i];
          }
          return Math.sqrt(sq);
        }

        /** A running value whose adjoint changes from trip to trip: the backward loop stays. */
        @Differentiable
        static double decayed(double[] v) {
          double p = 0.0;
          for (int i = 0; i < v.length; i++) {
            p = 0.5 * p + v[i] * v[i];
          }
          return p;
        }

        /** The fused loss called in a loop: its pullback is the fused loop, without the sum. */
        @Differentiable(wrt = "w")
        static double batches(double[] w, double[][] x, double[][] y) {
          double total = 0.0;
          for (int b = 0; b < x.length; b++) {
            total += meanSquares(w, x[b], y[b]) * (b + 1);
          }
          return total;
        }
      }
      """;

  @Test
  void loopsThatOnlyAddIntoAdjointsRunTheirBackwardInTheForwardLoop() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "fused.SumsGrad");
    assertThat(loops(grad, "meanSquares")).isEqualTo(1);
    assertThat(loops(grad, "twoSums")).isEqualTo(1);
    assertThat(loops(grad, "ratio")).isEqualTo(2);
    assertThat(loops(grad, "norm")).isEqualTo(2);
    assertThat(loops(grad, "decayed")).isEqualTo(2);
    assertThat(grad).doesNotContain("rStack");
    Loaded l = load(c);
    double[] x = {0.1, 0.5, -0.7, 1.3};
    double[] y = {0.4, -0.2, 0.9, 0.3};
    assertGradient(l, "fused.SumsGrad", "meanSquares", new double[] {0.3, -1.1}, x, y);
    assertGradient(l, "fused.SumsGrad", "twoSums", new double[] {0.2, -0.4, 0.9}, 0.7);
    assertGradient(l, "fused.SumsGrad", "ratio", new double[] {0.2, -0.4, 0.9});
    assertGradient(l, "fused.SumsGrad", "norm", new double[] {0.2, -0.4, 0.9});
    assertGradient(l, "fused.SumsGrad", "decayed", new double[] {0.2, -0.4, 0.9});
    assertGradient(l, "fused.SumsGrad", "batches", new double[] {0.3, -1.1}, new double[][] {x, y}, new double[][] {y, x});
  }

  /** How many {@code for} loops the gradient method {@code name} has. */
  private static int loops(String grad, String name) {
    Matcher m = Pattern.compile("public static \\w+ " + name + "\\(.*?\\n    }\\n", Pattern.DOTALL).matcher(grad);
    assertThat(m.find()).isTrue();
    return m.group().split("for \\(", -1).length - 1;
  }
}
