package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import org.junit.jupiter.api.Test;

/**
 * A call's argument that needs no gradient gets no scratch adjoint: the caller passes null, in
 * any position, and the pullback skips what it would add into it ({@code SkippedAdjoints}); a
 * pullback of one adjoint array is never called so and has no test.
 */
class SkippedAdjointsTest {

  @Test
  void anArgumentWithoutAGradientGetsNullAndThePullbackSkipsIt() {
    Compilation c = compileOk(source("""
        package skipped;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Calls {
          @Differentiable
          static double dot(double[] a, double[] b) {
            double s = 0.0;
            for (int i = 0; i < a.length; i++) {
              s += Math.sin(a[i]) * b[i];
            }
            return s;
          }

          @Differentiable
          static double[][] affine(double[][] x, double[][] w, double[] b) {
            return Nd.tanh(Nd.add(Nd.dot(x, w), b));
          }

          @Differentiable
          static double norm(double[] v) {
            return Math.sqrt(Nd.sum(Nd.square(v)));
          }

          /** Data in either position, and rows of a matrix that needs no gradient. */
          @Differentiable(wrt = "w")
          static double loss(double[] x, double[] w, double[][] data, double[][] m, double[] b) {
            double s = dot(x, w) + dot(w, x);
            double[][] h = affine(data, m, b);
            s += Nd.sum(affine(h, data, w));
            for (int j = 0; j < m.length; j++) {
              s += norm(m[j]) * w[j];
            }
            return s;
          }
        }
        """));
    String grad = generated(c, "skipped.CallsGrad");
    String loss = grad.substring(grad.indexOf("public static Loss loss("));
    loss = loss.substring(0, loss.indexOf("public static GradCheck.Report checkLoss("));
    assertThat(loss).containsMatch("dotPullback\\([a-z0-9]+, [a-z0-9.]+, null, dw\\);");
    assertThat(loss).containsMatch("dotPullback\\([a-z0-9]+, [a-z0-9.]+, dw, null\\);");
    assertThat(loss).containsMatch("affinePullback\\([a-z0-9]+, [a-z0-9]+, null, null, dw\\);");
    assertThat(loss).doesNotContain("zerosLike(data)");
    assertThat(loss).doesNotContain("normPullback");
    assertThat(grad).contains("if (da != null) {");
    assertThat(grad).contains("if (dx != null) {");
    Flatgrad.Loaded l = load(c);
    double[] x = {0.3, -0.7, 1.1};
    double[] w = {0.5, 0.2, -0.4};
    double[][] data = {{0.3, -0.2, 0.1}, {0.5, 0.1, -0.6}, {-0.4, 0.7, 0.2}};
    double[][] m = {{0.2, -0.5, 0.4}, {0.3, 0.1, -0.2}, {-0.3, 0.2, 0.6}};
    double[] b = {0.1, -0.2, 0.3};
    assertGradient(l, "skipped.CallsGrad", "loss", x, w, data, m, b);
    assertGradient(l, "skipped.CallsGrad", "dot", x, w);
  }
}
