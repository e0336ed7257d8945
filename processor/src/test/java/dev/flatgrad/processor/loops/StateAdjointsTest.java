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
 * A loop that replaces its state ({@code c = cn}): backwards, the state's adjoint array passes to
 * {@code dcn} with its ownership where nothing else holds it, and is added into in place rather
 * than copied ({@code Adjoints.handOver}). Where the array is the caller's ({@code dout}) or the
 * new state's adjoint already has a share, it is not: the caller's array stays as it was and the
 * gradients are the method's (centred differences).
 */
class StateAdjointsTest {

  private static final String SOURCE = """
      package states;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Cell {
        /** An LSTM-like cell: dc passes to dcn, which the tanh's share is added into in place. */
        @Differentiable(wrt = {"w", "u"})
        static double cell(double[][] xs, double[][] w, double[][] u) {
          double[] h = new double[u.length];
          double[] c = new double[u.length];
          for (int t = 0; t < xs.length; t++) {
            double[] f = Nd.sigmoid(Nd.add(Nd.dot(xs[t], w), Nd.dot(h, u)));
            double[] cn = Nd.add(Nd.multiply(f, c), Nd.tanh(Nd.dot(h, u)));
            double[] hn = Nd.multiply(f, Nd.tanh(cn));
            c = cn;
            h = hn;
          }
          return Nd.sum(h) + Nd.sum(c);
        }

        /** The last cell state returned: its adjoint starts as the caller's dout. */
        @Differentiable(wrt = {"w", "u"})
        static double[] states(double[][] xs, double[][] w, double[][] u) {
          double[] h = new double[u.length];
          double[] c = new double[u.length];
          for (int t = 0; t < xs.length; t++) {
            double[] f = Nd.sigmoid(Nd.add(Nd.dot(xs[t], w), Nd.dot(h, u)));
            double[] cn = Nd.add(Nd.multiply(f, c), Nd.tanh(Nd.dot(h, u)));
            double[] hn = Nd.multiply(f, Nd.tanh(cn));
            c = cn;
            h = hn;
          }
          return c;
        }

        /** The new state read again after the copy: its adjoint has a share before (backwards) the copy. */
        @Differentiable(wrt = {"w", "u"})
        static double reread(double[][] xs, double[][] w, double[][] u) {
          double[] c = new double[u.length];
          double s = 0.0;
          for (int t = 0; t < xs.length; t++) {
            double[] cn = Nd.add(Nd.multiply(Nd.sigmoid(Nd.dot(xs[t], w)), c), Nd.tanh(Nd.dot(c, u)));
            c = cn;
            s = s + Nd.sum(Nd.multiply(cn, cn));
          }
          return s + Nd.sum(c);
        }
      }
      """;

  @Test
  void theStatesAdjointIsAddedIntoInPlaceWhereItIsOwned() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "states.CellGrad");
    String cell = method(grad, "Cell cell");
    assertThat(cell).contains("double[] dcn = dc;");
    assertThat(cell).contains("Nd.addInPlace(dcn, ");
    assertThat(cell).doesNotContain("Nd.add(dcn, ");
    assertThat(method(grad, "States states")).doesNotContain("Nd.addInPlace(dcn, ");
    Loaded l = load(c);
    double[][] xs = {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}};
    double[][] w = {{0.2, -0.1, 0.4}, {0.3, 0.5, -0.2}};
    double[][] u = {{0.2, -0.1, 0.3}, {-0.4, 0.2, 0.1}, {0.3, 0.1, -0.2}};
    assertGradient(l, "states.CellGrad", "cell", xs, w, u);
    assertGradient(l, "states.CellGrad", "states", xs, w, u, new double[] {0.7, -1.1, 0.4});
    assertGradient(l, "states.CellGrad", "reread", xs, w, u);
  }

  /** The generated method whose signature starts with {@code signature} (return type and name). */
  private static String method(String grad, String signature) {
    Matcher m = Pattern.compile("public static " + signature + "\\(.*?\\n    }\\n", Pattern.DOTALL).matcher(grad);
    assertThat(m.find()).isTrue();
    return m.group();
  }
}
