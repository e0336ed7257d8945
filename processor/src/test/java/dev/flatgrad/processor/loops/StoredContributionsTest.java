package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An element contribution to a fresh adjoint array is stored ({@code dc[i] = ...}) where each trip
 * of a counting loop provably writes another element that nothing wrote before
 * ({@code StoredContributions}); everywhere else it stays an addition. Each method below that
 * keeps its additions would get a wrong gradient if they were stored, so the centred differences
 * fail if the rule fires where it must not.
 */
class StoredContributionsTest {

  private static final String SOURCE = """
      package stored;

      import dev.flatgrad.annotations.Differentiable;

      class Stored {
        /** Horner: the backward loop counts up, one element a trip. */
        @Differentiable
        static double horner(double x, double[] c) {
          double s = 0.0;
          for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + c[i];
          }
          return s;
        }

        /** The elements from the end, n - 1 - i, and shifted by a fixed k: each trip its own. */
        @Differentiable
        static double mirrored(double[] v, double[] u, int k) {
          double s = 1.0;
          int n = v.length;
          for (int i = 0; i < n - k; i++) {
            s = Math.sin(s * v[n - 1 - i]) + u[i + k] * s;
          }
          return s;
        }

        /** A matrix by rows and columns: each (i, j) once; the vector by j, once per row: added. */
        @Differentiable
        static double rows(double[][] w, double[] x) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            double q = 0.0;
            for (int j = 0; j < x.length; j++) {
              q = q * 0.5 + w[i][j] * x[j];
            }
            s = s * Math.cos(q) + q;
          }
          return s;
        }

        /** Two contributions to c[i] in one trip. */
        @Differentiable
        static double twice(double x, double[] c) {
          double s = 0.0;
          for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + Math.sin(c[i]) + c[i] * s;
          }
          return s;
        }

        /** Neighbours: c[i] and c[i + 1] in one trip, so each element in two trips. */
        @Differentiable
        static double neighbours(double x, double[] c) {
          double s = 0.0;
          for (int i = 0; i + 1 < c.length; i++) {
            s = s * x + c[i] * c[i + 1];
          }
          return s;
        }

        /** Two loops over the same array: the second (backwards) adds to what the first wrote. */
        @Differentiable
        static double twoLoops(double x, double[] c) {
          double s = 0.0;
          for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + c[i];
          }
          for (int i = 0; i < c.length; i++) {
            s = Math.sin(s) * c[i];
          }
          return s;
        }

        /** The same elements on every pass of an outer loop. */
        @Differentiable
        static double passes(double x, double[] c) {
          double s = 0.0;
          for (int r = 0; r < 3; r++) {
            for (int i = c.length - 1; i >= 0; i--) {
              s = Math.sin(s * x) + c[i];
            }
          }
          return s;
        }

        /** A while loop over the array twice: an element a trip, each element in two trips. */
        @Differentiable
        static double whileLoop(double x, double[] c) {
          double s = 0.0;
          int i = 0;
          int pass = 0;
          while (pass < 2) {
            s = Math.sin(s * x) + c[i];
            i = i + 1;
            if (i == c.length) {
              i = 0;
              pass = pass + 1;
            }
          }
          return s;
        }

        /** An index the loop changes otherwise: i + k is the same element on every trip. */
        @Differentiable
        static double drifting(double x, double[] c) {
          double s = 0.0;
          int k = 0;
          for (int i = 0; i < c.length; i++) {
            s = s * x + c[i + k];
            k = k - 1;
          }
          return s;
        }

        /** Not one to one: i % 2 is two elements for four trips. */
        @Differentiable
        static double folded(double x, double[] c) {
          double s = 0.0;
          for (int i = 0; i < 4; i++) {
            s = s * x + c[i % 2];
          }
          return s;
        }

        /** A contribution before the loop (backwards: c[0] in the return). */
        @Differentiable
        static double before(double x, double[] c) {
          double s = 0.0;
          for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + c[i];
          }
          return s * c[0];
        }

        /**
         * An alias of the array after the loop: backwards, the adjoint of c is that of a, which
         * holds a[0]'s share before the loop adds.
         */
        @Differentiable
        static double aliased(double x, double[] c) {
          double s = 0.0;
          for (int i = c.length - 1; i >= 0; i--) {
            s = s * x + c[i];
          }
          double[] a = c;
          return s * a[0];
        }
      }
      """;

  private static Compilation compilation;
  private static String grad;

  @BeforeAll
  static void compile() {
    compilation = compileOk(source(withSecondOrder(SOURCE)));
    grad = generated(compilation, "stored.StoredGrad");
  }

  @Test
  void eachTripWritingItsOwnElementStores() {
    assertThat(method("Horner horner")).contains("dc[i] = ds;");
    assertThat(method("Horner horner")).doesNotContain("dc[i] +=");
    assertThat(method("Mirrored mirrored")).containsMatch("dv\\[n - 1 - i\\] = ");
    assertThat(method("Mirrored mirrored")).containsMatch("du\\[i \\+ k\\] = ");
    assertThat(method("Rows rows")).containsMatch("dw\\[i\\]\\[j\\] = ");
    assertThat(method("Rows rows")).containsMatch("dx\\[j\\] \\+= ");
    // The H·v method's gradient part, too.
    assertThat(method("HornerHvp hornerHvp")).contains("dc[i] = ");
    Loaded l = load(compilation);
    Random random = new Random(13);
    double[] c = {0.4, -1.2, 0.7, 0.3, -0.5};
    assertGradient(l, "stored.StoredGrad", "horner", 0.8, c);
    assertSecondOrder(l, "stored.StoredGrad", "horner", random, 0.8, c);
    assertGradient(l, "stored.StoredGrad", "mirrored", c, new double[] {0.1, 0.5, -0.3, 0.9, 0.2}, 2);
    assertGradient(l, "stored.StoredGrad", "rows", new double[][] {{0.3, -0.4, 0.8}, {0.5, 0.1, -0.6}}, new double[] {0.2, -0.7, 0.4});
    assertSecondOrder(l, "stored.StoredGrad", "rows", random, new double[][] {{0.3, -0.4, 0.8}, {0.5, 0.1, -0.6}},
        new double[] {0.2, -0.7, 0.4});
  }

  @Test
  void anElementThatMayBeWrittenTwiceKeepsItsAdditions() {
    for (String m : new String[] {"Twice twice", "Neighbours neighbours", "Passes passes", "WhileLoop whileLoop",
        "Drifting drifting", "Folded folded", "Before before", "Aliased aliased"}) {
      assertThat(method(m)).doesNotContainMatch("dc\\[[^\\]]*\\] = ");
    }
    assertThat(method("TwoLoops twoLoops")).containsMatch("dc\\[i\\] \\+= ");
    Loaded l = load(compilation);
    double[] c = {0.4, -1.2, 0.7, 0.3, -0.5};
    for (String m : new String[] {"twice", "neighbours", "twoLoops", "passes", "whileLoop", "drifting", "folded",
        "before", "aliased"}) {
      assertGradient(l, "stored.StoredGrad", m, 0.8, c);
    }
  }

  /** The generated method whose signature starts with {@code signature} (return type and name). */
  private static String method(String signature) {
    Matcher m = Pattern.compile("public static " + signature + "\\(.*?\\n    }\\n", Pattern.DOTALL).matcher(grad);
    assertThat(m.find()).isTrue();
    return m.group();
  }
}
