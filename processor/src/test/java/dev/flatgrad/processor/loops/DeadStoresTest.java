package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Assignments no later statement reads go from the generated methods ({@code DeadStores}, by
 * liveness from what each method returns): the gradient method's, the pullback's and the H·v
 * method's. What a later trip, a branch or a jump out of a loop reads stays, and every gradient
 * and H·v is still the method's (centred differences).
 */
class DeadStoresTest {

  private static final String SOURCE = """
      package dead;

      import dev.flatgrad.annotations.Differentiable;

      class Dead {
        /** A local nothing reads, and a value overwritten before it is read. */
        @Differentiable
        static double unread(double x, double y) {
          double unused = Math.exp(x) * y;
          double a = x * 2.0;
          a = x * y;
          return a * x + Math.sin(y);
        }

        /** Residuals summed over rows: the pullback's forward loop only computed what its backward loop computes again. */
        @Differentiable(wrt = "w")
        static double rows(double[][] w, double[] x, double[] t) {
          double loss = 0.0;
          for (int i = 0; i < w.length; i++) {
            double q = 0.0;
            for (int j = 0; j < x.length; j++) {
              q += w[i][j] * x[j];
            }
            double r = q - t[i];
            loss += 0.5 * r * r;
          }
          return loss;
        }

        /** Calls rows, so that its pullback is generated and compiled. */
        @Differentiable(wrt = "w")
        static double twice(double[][] w, double[] x, double[] t) {
          return rows(w, x, t) * 2.0 + rows(w, t, x);
        }

        /** A value read by the next trip only, and one read after a break: both stay. */
        @Differentiable
        static double carried(double[] v, double s) {
          double prev = s;
          double total = 0.0;
          double last = 0.0;
          for (int i = 0; i < v.length; i++) {
            last = v[i] * s;
            if (last > 10.0) {
              break;
            }
            total += prev * v[i];
            prev = Math.cos(v[i] * s);
          }
          return total + last;
        }
      }
      """;

  @Test
  void assignmentsNothingReadsGoAndTheGradientsStayTheMethods() {
    Compilation c = compileOk(source(withSecondOrder(SOURCE)));
    String grad = generated(c, "dead.DeadGrad");
    assertThat(grad).doesNotContain("unused");
    assertThat(grad).doesNotContain("x * 2.0");
    String pullback = method(grad, "void rowsPullback");
    assertThat(pullback.split("double r = q - t\\[i\\];", -1).length - 1).isEqualTo(1);
    assertThat(method(grad, "Carried carried")).contains("prev = Math.cos(");
    Loaded l = load(c);
    double[][] w = {{0.3, -1.1, 0.4}, {0.9, 0.2, -0.5}, {1.2, -0.3, 0.8}};
    double[] x = {0.1, 0.5, -0.7};
    double[] t = {0.4, -0.2, 0.9};
    assertGradient(l, "dead.DeadGrad", "unread", 0.7, -0.4);
    assertGradient(l, "dead.DeadGrad", "rows", w, x, t);
    assertGradient(l, "dead.DeadGrad", "twice", w, x, t);
    assertGradient(l, "dead.DeadGrad", "carried", new double[] {0.2, -0.4, 0.9, 1.5}, 0.7);
    assertGradient(l, "dead.DeadGrad", "carried", new double[] {0.2, 30.0, 0.9}, 0.7);
  }

  private static final String ROWS = """
      package dead;

      import dev.flatgrad.annotations.Differentiable;

      public class Rows {
        @Differentiable
        public static double clonedRows(double[][] m, double[] s) {
          double[][] a = new double[m.length][];
          for (int i = 0; i < m.length; i++) {
            a[i] = m[i].clone();
            for (int j = 0; j < a[i].length; j++) {
              a[i][j] *= s[j];
            }
          }
          double t = 0;
          for (double[] row : a) {
            for (double v : row) {
              t += v * v;
            }
          }
          return t;
        }

        @Differentiable
        public static double rowsTwice(double[][] m, double c) {
          double[][] a = new double[m.length][];
          for (int i = 0; i < m.length; i++) {
            a[i] = m[i].clone();
          }
          double t = 0;
          for (double[] row : a) {
            for (double v : row) {
              t += v * v;
            }
          }
          for (int i = 0; i < m.length; i++) {
            a[i] = m[i].clone();
            for (int j = 0; j < a[i].length; j++) {
              a[i][j] *= c;
            }
          }
          for (double[] row : a) {
            for (double v : row) {
              t += Math.sin(v);
            }
          }
          return t;
        }
      }
      """;

  /**
   * The zero row a row's adjoint becomes after the adjoint of its clone is added ({@code da[i] =
   * new double[n]}) goes where no later trip and nothing after the loop reads it, and stays where
   * an earlier loop's rows (read later backwards) are the same rows.
   */
  @Test
  void aTripsOwnZeroRowNothingReadsGoes() {
    Compilation c = compileOk(source(withSecondOrder(ROWS)));
    String grad = generated(c, "dead.RowsGrad");
    assertThat(method(grad, "ClonedRows clonedRows")).doesNotContain("da[i] = ");
    String twice = method(grad, "RowsTwice rowsTwice");
    assertThat(twice.split("da\\[i\\] = ", -1).length - 1).isEqualTo(1);
    assertThat(twice).contains("da[i] = Nd.zerosLikeRow(a[i]);");
    Loaded l = load(c);
    double[][] m = {{0.3, -1.1, 0.4}, {0.9, 0.2, -0.5}};
    assertGradient(l, "dead.RowsGrad", "clonedRows", m, new double[] {0.7, -0.2, 1.3});
    assertGradient(l, "dead.RowsGrad", "rowsTwice", m, 0.6);
  }

  /** The generated method whose signature starts with {@code signature} (return type and name). */
  private static String method(String grad, String signature) {
    Matcher m = Pattern.compile("public static " + signature + "\\(.*?\\n    }\\n", Pattern.DOTALL).matcher(grad);
    assertThat(m.find()).isTrue();
    return m.group();
  }
}
