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
 * An adjoint array a loop replaces on every trip is written into its previous array ({@code dh =
 * Nd.transposeDotInto(dh, W, dadd)}) where nothing else holds it ({@code ReusedArrays}); where the
 * state changes shape from trip to trip the runtime makes a new array, and where another variable
 * holds the array it is left alone, as is a value of the forward pass (the user's own {@code
 * transposeDot}, kept in another variable). The gradients are the method's (centred differences) in each
 * case, so a reuse that overwrote a value still read would fail.
 */
class ReusedArraysTest {

  private static final String SOURCE = """
      package reused;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Rnn {
        /** A tanh RNN with a vector state: dadd and dh written into their previous arrays. */
        @Differentiable(wrt = {"W", "U"})
        static double rnn(double[][] W, double[][] U, double[][] xs) {
          double[] h = new double[W.length];
          for (int t = 0; t < xs.length; t++) {
            h = Nd.tanh(Nd.add(Nd.dot(W, h), Nd.dot(U, xs[t])));
          }
          return Nd.sum(h);
        }

        /** A state whose length changes on every trip (ws[t] is 3×2, 4×3, 2×4, ...). */
        @Differentiable(wrt = {"ws"})
        static double layers(double[][][] ws, double[] x) {
          double[] h = x;
          for (int t = 0; t < ws.length; t++) {
            h = Nd.sigmoid(Nd.dot(ws[t], h));
          }
          return Nd.sum(Nd.multiply(h, h));
        }

        /** The state's adjoint also read as a whole after the loop's replacement: held elsewhere. */
        @Differentiable(wrt = {"W"})
        static double kept(double[][] W, double[] x, int steps) {
          double[] h = x;
          double[] first = x;
          for (int t = 0; t < steps; t++) {
            h = Nd.tanh(Nd.dot(W, h));
            if (t == 0) {
              first = h;
            }
          }
          return Nd.sum(h) + Nd.sum(Nd.multiply(first, first));
        }

        /** The user's own transposeDot in the loop, its array kept in another variable: never reused. */
        @Differentiable(wrt = {"W"})
        static double primal(double[][] W, double[] x, int steps) {
          double[] h = x;
          double[] z = new double[x.length];
          double[] first = z;
          for (int t = 0; t < steps; t++) {
            z = Nd.transposeDot(W, h);
            if (t == 0) {
              first = z;
            }
            h = Nd.tanh(z);
          }
          return Nd.sum(h) + Nd.sum(Nd.multiply(first, first));
        }

        /** The new state copied to the old one: dc's array passes to dcn, so dc is not written into. */
        @Differentiable(wrt = {"W"})
        static double handed(double[][] W, double[] x, int steps) {
          double[] c = x;
          for (int t = 0; t < steps; t++) {
            double[] cn = Nd.tanh(Nd.dot(W, c));
            c = cn;
          }
          return Nd.sum(c);
        }
      }
      """;

  @Test
  void aReplacedAdjointIsWrittenIntoItsPreviousArray() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "reused.RnnGrad");
    String rnn = method(grad, "Rnn rnn");
    assertThat(rnn).contains("double[] dadd = null;\n");
    assertThat(rnn).contains("dadd = Nd.tanhBackwardInto(dadd, dh, h);");
    // transposeDotInto(dh, W, dadd), fused with dW's share of the same product (FusedProducts)
    assertThat(rnn).contains("dh = Nd.addOuterTransposeDotInto(dh, dW, W, dadd, h);");
    assertThat(method(grad, "Layers layers")).contains("Nd.sigmoidBackwardInto(");
    assertThat(method(grad, "Handed handed")).contains("dc = Nd.transposeDot(W, ddot);");
    assertThat(method(grad, "Primal primal")).contains("z = Nd.transposeDot(W, h);");
    Loaded l = load(c);
    double[][] w = {{0.2, -0.1, 0.4}, {0.3, 0.5, -0.2}, {-0.3, 0.1, 0.2}};
    double[][] u = {{0.2, -0.1}, {-0.4, 0.2}, {0.3, 0.1}};
    double[][] xs = {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}, {0.2, 0.2}};
    assertGradient(l, "reused.RnnGrad", "rnn", w, u, xs);
    double[][][] ws = {
      {{0.2, -0.1}, {0.3, 0.5}, {-0.3, 0.1}},
      {{0.2, -0.1, 0.4}, {0.3, 0.5, -0.2}, {-0.3, 0.1, 0.2}, {0.1, 0.6, -0.5}},
      {{0.2, -0.1, 0.4, 0.3}, {0.5, -0.2, -0.3, 0.1}},
      {{0.7, -0.4}, {0.1, 0.3}, {-0.2, 0.5}}};
    assertGradient(l, "reused.RnnGrad", "layers", ws, new double[] {0.4, -0.9});
    assertGradient(l, "reused.RnnGrad", "kept", w, new double[] {0.4, -0.9, 0.3}, 3);
    assertGradient(l, "reused.RnnGrad", "handed", w, new double[] {0.4, -0.9, 0.3}, 3);
    assertGradient(l, "reused.RnnGrad", "primal", w, new double[] {0.4, -0.9, 0.3}, 3);
  }

  /** The generated method whose signature starts with {@code signature} (return type and name). */
  private static String method(String grad, String signature) {
    Matcher m = Pattern.compile("public static " + signature + "\\(.*?\\n    }\\n", Pattern.DOTALL).matcher(grad);
    assertThat(m.find()).isTrue();
    return m.group();
  }
}
