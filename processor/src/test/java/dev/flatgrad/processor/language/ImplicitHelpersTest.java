package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Helpers of the file that a {@code @Differentiable} method calls, without an annotation of their
 * own, are differentiated as if marked: scalar and array helpers, helpers calling helpers, in a
 * nested class calling the class around it, called on {@code this}, overloaded, with the modes
 * their callers ask for. A helper flatgrad cannot differentiate is an error only where a gradient
 * must pass through it, saying why.
 */
class ImplicitHelpersTest {

  private static final String MODEL = """
      package ih;

      import dev.flatgrad.annotations.Differentiable;

      class Model {
        final double scale;

        Model(double scale) {
          this.scale = scale;
        }

        static double sq(double x) {
          return x * x;
        }

        static double sq(double x, double w) {
          return w * x * x;
        }

        static double[] affine(double[] x, double[][] w) {
          double[] y = new double[w.length];
          for (int r = 0; r < w.length; r++) {
            for (int c = 0; c < x.length; c++) {
              y[r] += w[r][c] * x[c];
            }
            y[r] = Math.tanh(y[r]) + sq(x[r % x.length]);
          }
          return y;
        }

        double scaled(double x) {
          return scale * Math.sin(x);
        }

        /** Not differentiable (a call for its effect), but called only on constants. */
        static double logged(double x) {
          double[] kept = {x};
          java.util.Arrays.sort(kept);
          return kept[0];
        }

        static int argmax(double[] y) {
          int best = 0;
          for (int i = 1; i < y.length; i++) {
            if (y[i] > y[best]) {
              best = i;
            }
          }
          return best;
        }

        @Differentiable(tangent = true, hessian = true)
        static double loss(double[] x, double[][] w, double b) {
          double[] y = affine(x, w);
          double s = sq(b, 0.5) + logged(2.0);
          for (double v : y) {
            s += sq(v - b);
          }
          return s + y[argmax(y)] + Norms.norm(y);
        }

        @Differentiable(tangent = true)
        double energy(double[] x) {
          double e = 0.0;
          for (int i = 0; i < x.length; i++) {
            e += this.scaled(x[i]) * scaled(x[(i + 1) % x.length]);
          }
          return e;
        }

        static class Norms {
          static double norm(double[] y) {
            return Math.sqrt(sumOfSquares(y) + 1.0);
          }

          static double sumOfSquares(double[] y) {
            double s = 0.0;
            for (double v : y) {
              s += sq(v);
            }
            return s;
          }
        }
      }
      """;

  @Test
  void helpersAreDifferentiatedAsIfMarked() throws Exception {
    Compilation c = compileOk(source(MODEL));
    Loaded l = load(c);
    double[] x = {0.3, -1.2, 0.8};
    double[][] w = {{0.5, -0.2, 0.1}, {1.1, 0.4, -0.7}, {-0.3, 0.9, 0.2}, {0.6, -0.5, 0.3}};
    assertGradient(l, "ih.ModelGrad", "loss", x, w, 0.4);
    var make = l.loadClass("ih.Model").getDeclaredConstructor(double.class);
    make.setAccessible(true);
    Object model = make.newInstance(1.5);
    assertGradient(l, "ih.ModelGrad", "energy", model, x);
    // Each helper got what its callers need: gradients, and the tangent and H·v of loss's helpers.
    String grad = generated(c, "ih.ModelGrad");
    assertThat(grad).contains("public static Sq sq(double x)");
    assertThat(grad).contains("sqHvp(");
    assertThat(grad).contains("affineHvp(");
    assertThat(grad).contains("scaledTangent(");
    assertThat(grad).doesNotContain("scaledHvp(");
    assertThat(grad).doesNotContain(" logged(double");
    assertThat(grad).doesNotContain(" argmax(double");
    assertThat(generated(c, "ih.Model_NormsGrad")).contains("sumOfSquaresHvp(");
  }

  @Test
  void aHelperThatCannotBeDifferentiatedIsAnErrorWhereAGradientNeedsIt() {
    JavaFileObject file = source("""
        package ih;

        import dev.flatgrad.annotations.Differentiable;

        class Printing {
          static double logged(double x) {
            System.out.println(x);
            return x * x;
          }

          @Differentiable
          static double f(double x) {
            return logged(x) + logged(1.0);
          }
        }
        """);
    assertErrorsOn(file, "return logged(x) + logged(1.0);", "[FlatgradNoGradient]", "`Printing.logged`",
        "could not differentiate `logged`", "line 7:", "pure function", "@CustomGradient(of = \"logged\")");
    Compilation c = compile(file);
    CompilationSubject.assertThat(c).hadErrorCount(1);
  }

  @Test
  void aPrivateHelperIsAnErrorOnItsCall() {
    assertErrorsOn(source("""
        package ih;

        import dev.flatgrad.annotations.Differentiable;

        class Hidden {
          private static double sq(double x) {
            return x * x;
          }

          @Differentiable
          static double f(double x) {
            return sq(x) + 1.0;
          }
        }
        """), "return sq(x) + 1.0;", "`sq` is private", "make it package-private");
  }
}
