package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

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

  /** Programs as users write them: each method's helpers unmarked, in a class, an interface, with Nd. */
  private static final String PROGRAMS = """
      package ih;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Programs {
        static final double G = 9.81;

        static double drag(double v, double c) {
          return -c * v * Math.abs(v);
        }

        static double[] step(double[] state, double c, double dt) {
          double[] next = state.clone();
          next[0] += dt * state[2];
          next[1] += dt * state[3];
          next[2] += dt * drag(state[2], c);
          next[3] += dt * (drag(state[3], c) - G);
          return next;
        }

        /** How far a projectile flies, stepped until it lands. */
        @Differentiable
        static double range(double angle, double speed, double c) {
          double[] s = {0, 0, speed * Math.cos(angle), speed * Math.sin(angle)};
          int steps = 0;
          while (s[1] >= 0 && steps < 1_000) {
            s = step(s, c, 0.05);
            steps++;
          }
          return s[0];
        }

        static double sigmoid(double z) {
          return 1.0 / (1.0 + Math.exp(-z));
        }

        @Differentiable
        static double logistic(double[] w, double[][] x, int[] y, boolean[] use) {
          double nll = 0.0;
          int n = 0;
          for (int i = 0; i < x.length; i++) {
            if (!use[i]) {
              continue;
            }
            double z = w[0];
            for (int j = 0; j < x[i].length; j++) {
              z += w[j + 1] * x[i][j];
            }
            double p = sigmoid(z);
            nll -= y[i] == 1 ? Math.log(p) : Math.log1p(-p);
            n++;
          }
          return nll / Math.max(n, 1) + 0.05 * Poly.norm2(w);
        }

        static double[][] layer(double[][] x, double[][] w, double[] b) {
          return Nd.tanh(Nd.add(Nd.dot(x, w), b));
        }

        static double crossEntropy(double[][] scores, int[] labels) {
          double[][] logp = Nd.logSoftmax(scores);
          double s = 0;
          for (int i = 0; i < labels.length; i++) {
            s -= logp[i][labels[i]];
          }
          return s / labels.length;
        }

        @Differentiable
        static double mlp(double[][] x, int[] labels, double[][] w1, double[] b1, double[][] w2) {
          return crossEntropy(Nd.dot(layer(x, w1, b1), w2), labels);
        }
      }

      interface Poly {
        static double horner(double[] c, double x) {
          double r = 0;
          for (int i = c.length - 1; i >= 0; i--) {
            r = r * x + c[i];
          }
          return r;
        }

        static double norm2(double[] c) {
          return Nd.sum(Nd.square(c));
        }

        @Differentiable
        static double fitError(double[] c, double[] xs, double[] ys) {
          double e = 0;
          for (int i = 0; i < xs.length; i++) {
            double r = horner(c, xs[i]) - ys[i];
            e += r * r;
          }
          return Math.sqrt(e / xs.length) + 1e-3 * norm2(c);
        }
      }
      """;

  @Test
  void programsWrittenAsUsersWriteThem() {
    Loaded l = load(compileOk(source(withSecondOrder(PROGRAMS))));
    assertGradient(l, "ih.ProgramsGrad", "range", 0.7, 6.0, 0.05);
    double[][] x = {{0.5, -1.0, 0.3}, {1.2, 0.4, -0.7}, {-0.3, 0.8, 0.1}, {0.9, -0.2, 0.6}};
    assertGradient(l, "ih.ProgramsGrad", "logistic", new double[] {0.1, -0.4, 0.7, 0.2}, x, new int[] {1, 0, 1, 0},
        new boolean[] {true, false, true, true});
    double[][] w1 = {{0.3, -0.5}, {0.8, 0.1}, {-0.6, 0.4}};
    double[][] w2 = {{0.7, -0.2, 0.5}, {-0.4, 0.9, 0.3}};
    assertGradient(l, "ih.ProgramsGrad", "mlp", x, new int[] {0, 2, 1, 1}, w1, new double[] {0.1, -0.2}, w2);
    assertGradient(l, "ih.PolyGrad", "fitError", new double[] {0.5, -0.3, 0.2}, new double[] {-1.0, -0.2, 0.4, 1.1},
        new double[] {0.3, 0.6, 0.2, 0.9});
  }

  @Test
  void onlyTheOverloadsACallCanReachAreDifferentiated() {
    Compilation c = compileOk(source("""
        package ih;

        import dev.flatgrad.annotations.Differentiable;

        class Norms {
          static double norm(double[] v) {
            double s = 0.0;
            for (double x : v) {
              s += x * x;
            }
            return Math.sqrt(s);
          }

          static double norm(double[][] m) {
            double s = 0.0;
            for (double[] row : m) {
              s += norm(row);
            }
            return s;
          }

          @Differentiable
          static double f(double[] w) {
            double[] v = {w[0], 2.0 * w[1]};
            return norm(v) + norm(w);
          }
        }
        """));
    String grad = generated(c, "ih.NormsGrad");
    assertThat(grad).contains("norm(double[] v)");
    assertThat(grad).doesNotContain("norm(double[][] m)");
    assertGradient(load(c), "ih.NormsGrad", "f", new double[] {0.3, -1.2});
  }

  @Test
  void varargsHelpersAreDifferentiatedAsArrayHelpers() {
    Compilation c = compileOk(source(withSecondOrder("""
        package ih;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Pools {
          static double sum(double... xs) {
            double s = 0.0;
            for (double v : xs) {
              s += v;
            }
            return s;
          }

          private static double softmax(double temperature, double... xs) {
            double z = 0.0;
            for (double v : xs) {
              z += Math.exp(v / temperature);
            }
            return temperature * Math.log(z);
          }

          static double rows(double[]... rows) {
            double s = 0.0;
            for (double[] r : rows) {
              s += r[0] * r[r.length - 1];
            }
            return s;
          }

          static double[] twice(double[] v) {
            return Nd.multiply(2.0, v);
          }

          static double square(double v) {
            return v * v;
          }

          @Differentiable
          static double f(double x, double y, double[] w) {
            double[] both = {x, y};
            var alias = both;
            return sum(x, y, x * y) + sum() + sum(Math.sin(x)) + sum(w) + sum(alias)
                + softmax(0.5, x, y, w[0]) + softmax(2.0, w) + rows(w, both) + rows(w);
          }

          /** One argument in the varargs' place whose type only javac knows: a value, or the array. */
          @Differentiable
          static double g(double x, double[] w) {
            return sum(twice(w)) + sum(square(x)) + sum(Nd.exp(w)) + sum(Nd.dot(w, w))
                + softmax(1.5, x > 0 ? twice(w) : w) + sum(sum(w)) + rows(twice(w));
          }
        }
        """)));
    assertGradient(load(c), "ih.PoolsGrad", "f", 0.3, -0.8, new double[] {0.5, 1.5, -0.2});
    assertGradient(load(c), "ih.PoolsGrad", "g", 0.3, new double[] {0.5, 1.5, -0.2});
    assertGradient(load(c), "ih.PoolsGrad", "g", -0.3, new double[] {0.5, -0.4});
    assertThat(generated(c, "ih.PoolsGrad")).contains("double[] values = new double[] {x, y, x * y};");
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
}
