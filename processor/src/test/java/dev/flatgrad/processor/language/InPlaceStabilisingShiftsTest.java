package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.capitalised;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A softmax computed in place, its array reused from scores to exponentials to probabilities
 * ({@code p[i] = Math.exp(p[i] - m)}, then {@code p[i] /= s}), as attention and classifiers are
 * written by hand: the stabilising max gets no gradient (no {@code dm}, no tape of its
 * comparisons), as it does when each stage has an array of its own. Where a loop does not rewrite
 * every element once (it stops short, skips one, leaves early, reads a neighbour), the result moves
 * with the max and keeps its gradient. Every method is checked against centred differences.
 */
class InPlaceStabilisingShiftsTest {

  private static final String FREE = """
      package ip;

      import dev.flatgrad.annotations.Differentiable;

      public class Free {
        /** Scores, exponentials and probabilities in one array, the max found by comparison. */
        @Differentiable
        public static double attention(double[] q, double[][] k, double[] v) {
          int n = k.length;
          double[] p = new double[n];
          double m = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < q.length; j++) {
              s += q[j] * k[i][j];
            }
            p[i] = s;
            if (p[i] > m) {
              m = p[i];
            }
          }
          double sum = 0;
          for (int i = 0; i < n; i++) {
            p[i] = Math.exp(p[i] - m);
            sum += p[i];
          }
          for (int i = 0; i < p.length; i++) {
            p[i] = p[i] / sum;
          }
          double out = 0;
          for (int i = 0; i < n; i++) {
            out += p[i] * v[i];
          }
          return out;
        }

        /** A softmax helper's in-place normalisation, its result the probabilities. */
        @Differentiable
        public static double[] softmax(double[] z) {
          double m = z[0];
          for (double x : z) {
            m = Math.max(m, x);
          }
          double[] p = new double[z.length];
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - m);
            s += p[i];
          }
          for (int i = 0; i < z.length; i++) {
            p[i] /= s;
          }
          return p;
        }

        /** One array per row, normalised in place while the loss is read from it. */
        @Differentiable(wrt = "logits")
        public static double nll(double[][] logits, int[] labels) {
          double loss = 0;
          for (int r = 0; r < logits.length; r++) {
            int c = logits[r].length;
            double m = Double.NEGATIVE_INFINITY;
            for (double x : logits[r]) {
              if (x > m) {
                m = x;
              }
            }
            double[] p = new double[c];
            double s = 0;
            for (int j = 0; j < c; j++) {
              p[j] = Math.exp(logits[r][j] - m);
              s += p[j];
            }
            for (int j = 0; j < c; j++) {
              p[j] /= s;
              if (j == labels[r]) {
                loss -= Math.log(p[j]);
              }
            }
          }
          return loss;
        }
      }
      """;

  /**
   * A method of {@code (z, w)} that puts {@code Math.exp(z[i] - m)} for the max {@code m} of
   * {@code z} into {@code p} of {@code size} elements, sums them into {@code s}, then runs {@code rest}.
   */
  private static String moving(String doc, String name, String size, String rest) {
    return """
          /** %s */
          @Differentiable
          public static double %s(double[] z, double[] w) {
            double m = Double.NEGATIVE_INFINITY;
            for (double x : z) {
              m = Math.max(m, x);
            }
            int n = z.length;
            double[] p = new double[%s];
            double s = 0;
            for (int i = 0; i < n; i++) {
              p[i] = Math.exp(z[i] - m);
              s += p[i];
            }
        %s
          }
        """.formatted(doc, name, size, rest.indent(4).stripTrailing());
  }

  private static final String MOVING = """
      package ip;

      import dev.flatgrad.annotations.Differentiable;

      public class Moving {
      %s
      }
      """.formatted(String.join("\n",
      moving("The last element is left as an exponential: it moves with m.", "stopsShort", "n", """
          for (int i = 0; i < n - 1; i++) {
            p[i] /= s;
          }
          double out = 0;
          for (int i = 0; i < n; i++) {
            out += p[i] * w[i];
          }
          return out;
          """),
      moving("The first element skipped by a continue.", "skipsOne", "n", """
          for (int i = 0; i < n; i++) {
            if (i == 0) {
              continue;
            }
            p[i] /= s;
          }
          double out = 0;
          for (int i = 0; i < n; i++) {
            out += p[i] * w[i];
          }
          return out;
          """),
      moving("Left early: the elements after the break stay exponentials.", "leavesEarly", "n", """
          for (int i = 0; i < n; i++) {
            p[i] /= s;
            if (p[i] > 0.3) {
              break;
            }
          }
          double out = 0;
          for (int i = 0; i < n; i++) {
            out += p[i] * w[i];
          }
          return out;
          """),
      moving("Each trip reads the next element, not yet divided.", "readsANeighbour", "n", """
          double out = 0;
          for (int i = 0; i < n; i++) {
            p[i] /= s;
            out += p[(i + 1) % n] * w[i];
          }
          return out;
          """),
      moving("An array longer than the loop: its last element is never divided.", "longerArray", "n + 1", """
          p[n] = Math.exp(-m);
          for (int i = 0; i < n; i++) {
            p[i] /= s;
          }
          double out = p[n];
          for (int i = 0; i < n; i++) {
            out += p[i] * w[i];
          }
          return out;
          """)));

  private static final double[] Z = {0.3, -1.2, 2.0, 0.7, 1.9};
  private static final double[] W = {0.5, -1.0, 0.25, 2.0, 0.1};

  @Test
  void aMaxBeforeAnInPlaceNormalisationGetsNoGradient() {
    Compilation c = compileOk(source(FREE));
    String code = generated(c, "ip.FreeGrad");
    for (String f : new String[] {"attention", "softmax", "nll"}) {
      String body = generatedMethod(code, capitalised(f) + " " + f + "(");
      assertThat(body).doesNotContain("double dm");
      assertThat(body).doesNotContain("branchStack");
      assertThat(body).doesNotContain("mStack");
    }
    Loaded l = load(c);
    assertGradient(l, "ip.FreeGrad", "attention", new double[] {0.4, -0.3},
        new double[][] {{1.0, 0.5}, {-0.7, 1.2}, {0.2, -0.4}, {1.1, 0.9}}, new double[] {1.0, -2.0, 0.5, 0.3});
    assertGradient(l, "ip.FreeGrad", "softmax", Z, W);
    assertGradient(l, "ip.FreeGrad", "nll", new double[][] {{0.3, -1.2, 2.0}, {1.1, 0.4, -0.5}}, new int[] {2, 0});
  }

  @Test
  void aLoopThatDoesNotRewriteEveryElementOnceKeepsTheMaxsGradient() {
    Compilation c = compileOk(source(MOVING));
    String code = generated(c, "ip.MovingGrad");
    Loaded l = load(c);
    for (String f : new String[] {"stopsShort", "skipsOne", "leavesEarly", "readsANeighbour", "longerArray"}) {
      assertThat(generatedMethod(code, capitalised(f) + " " + f + "(")).contains("double dm");
      assertGradient(l, "ip.MovingGrad", f, Z, W);
    }
  }
}
