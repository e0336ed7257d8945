package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * An LSTM step's {@code cn} and {@code hn} were taped on every trip and popped back, though no
 * adjoint reads them ({@code c = cn; h = hn} only pass adjoints on): {@code UnreadTapes} drops
 * such stacks. The states the adjoints do read ({@code c}, {@code h}, the gates) stay taped.
 */
class UnreadTapesTest {

  @Test
  void valuesNoAdjointReadsAreNotTaped() {
    Compilation c = compileOk(source("""
        package unread;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Lstm {
          @Differentiable(wrt = {"wf", "wi", "wo", "wc", "u"})
          static double run(double[][] xs, double[][] wf, double[][] wi, double[][] wo, double[][] wc, double[][] u) {
            double[] h = new double[u.length];
            double[] c = new double[u.length];
            for (int t = 0; t < xs.length; t++) {
              double[] f = Nd.sigmoid(Nd.add(Nd.dot(xs[t], wf), Nd.dot(h, u)));
              double[] in = Nd.sigmoid(Nd.add(Nd.dot(xs[t], wi), Nd.dot(h, u)));
              double[] o = Nd.sigmoid(Nd.add(Nd.dot(xs[t], wo), Nd.dot(h, u)));
              double[] g = Nd.tanh(Nd.add(Nd.dot(xs[t], wc), Nd.dot(h, u)));
              double[] cn = Nd.add(Nd.multiply(f, c), Nd.multiply(in, g));
              double[] hn = Nd.multiply(o, Nd.tanh(cn));
              c = cn;
              h = hn;
            }
            return Nd.sum(h);
          }
        }
        """));
    String grad = generated(c, "unread.LstmGrad");
    assertThat(grad).doesNotContain("hnStack");
    assertThat(grad).doesNotContain("cnStack");
    assertThat(grad).contains("hStack.pop()");
    double[][] xs = {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}};
    double[][] wf = {{0.2, -0.1, 0.4}, {0.3, 0.5, -0.2}};
    double[][] wi = {{-0.3, 0.2, 0.1}, {0.4, -0.5, 0.2}};
    double[][] wo = {{0.1, 0.3, -0.4}, {-0.2, 0.2, 0.5}};
    double[][] wc = {{0.5, -0.3, 0.2}, {0.1, 0.4, -0.1}};
    double[][] u = {{0.2, -0.1, 0.3}, {-0.4, 0.2, 0.1}, {0.3, 0.1, -0.2}};
    assertGradient(load(c), "unread.LstmGrad", "run", xs, wf, wi, wo, wc, u);
  }

  @Test
  void elementsAccumulatedForAFusedLossAreNotPutBack() {
    // The backward pass of out[j] += p[i] * v[i][j] reads no element of out, and the loss loop
    // reading them is fused into the forward pass: only out.length is read after the put-backs,
    // so no element of out is taped.
    Compilation c = compileOk(source("""
        package unread;

        import dev.flatgrad.annotations.Differentiable;

        class Mix {
          @Differentiable
          static double mix(double[] p, double[][] v, double[] target) {
            double[] out = new double[v[0].length];
            for (int i = 0; i < p.length; i++) {
              for (int j = 0; j < out.length; j++) {
                out[j] += p[i] * p[i] * v[i][j];
              }
            }
            double loss = 0;
            for (int j = 0; j < out.length; j++) {
              double e = out[j] - target[j];
              loss += e * e;
            }
            return loss;
          }
        }
        """));
    String grad = generated(c, "unread.MixGrad");
    assertThat(grad).doesNotContain("outElementStack");
    double[] p = {0.3, -0.8, 1.1};
    double[][] v = {{0.5, -0.2}, {1.0, 0.4}, {-0.3, 0.9}};
    double[] target = {0.2, -0.6};
    assertGradient(load(c), "unread.MixGrad", "mix", p, v, target);
  }
}
