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
 * A matrix-vector product whose matrix and vector both need gradients gets its backward pass in
 * one pass over the matrix's rows ({@code FusedProducts}): {@code Nd.addOuterTransposeDotInto}
 * for {@code Nd.addOuterInPlace} then {@code Nd.transposeDotInto}, in place where other in-place
 * additions lie between them; not where the vector needs no gradient.
 */
class FusedProductsTest {

  @Test
  void aMatrixVectorProductsBackwardIsOnePassOverTheRows() {
    Compilation c = compileOk(source("""
        package fused;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rnn {
          @Differentiable(wrt = {"W", "U"})
          static double run(double[][] W, double[][] U, double[][] xs) {
            double[] h = new double[W.length];
            for (int t = 0; t < xs.length; t++) {
              h = Nd.tanh(Nd.add(Nd.dot(W, h), Nd.dot(U, xs[t])));
            }
            return Nd.sum(h);
          }

          /** The product's vector is data: only the matrix's half, no fusing. */
          @Differentiable(wrt = "W")
          static double readout(double[][] W, double[][] xs) {
            double s = 0.0;
            for (int t = 0; t < xs.length; t++) {
              s += Nd.sum(Nd.tanh(Nd.dot(W, xs[t])));
            }
            return s;
          }
        }
        """));
    String grad = generated(c, "fused.RnnGrad");
    String run = grad.substring(grad.indexOf("public static Run run("), grad.indexOf("public static GradCheck.Report checkRun("));
    assertThat(run).containsMatch("dh = Nd\\.addOuterTransposeDotInto\\(dh, dW, W, d[a-z]+, h\\);");
    assertThat(run).doesNotContain("Nd.transposeDotInto(");
    assertThat(run).contains("Nd.addOuterInPlace(dU, ");
    // The pullback's dW may be null (SkippedAdjoints): its addition stays apart, under its test.
    assertThat(grad).contains("if (dW != null) {");
    String readout = grad.substring(grad.indexOf("readout("));
    assertThat(readout).doesNotContain("addOuterTransposeDotInto");
    Flatgrad.Loaded l = load(c);
    double[][] w = {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.3}, {-0.2, 0.2, 0.1}};
    double[][] u = {{0.5, -0.4}, {0.2, 0.3}, {-0.1, 0.6}};
    double[][] xs = {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}, {0.9, -0.8}};
    assertGradient(l, "fused.RnnGrad", "run", w, u, xs);
    assertGradient(l, "fused.RnnGrad", "readout", u, new double[][] {{0.3, -0.2}, {0.5, 0.1}});
  }
}
