package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.RecordPoints.make;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.CompilationSubject;
import dev.flatgrad.processor.testing.Flatgrad;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record of parameters passed to static methods of other classes of its file, as users keep
 * their losses and layers in utility classes ({@code Losses.mse(p, x, y)}, {@code
 * Layers.forward(net.first(), x)}): nested and top-level classes, their constants (private ones
 * too), their private helpers and enums read by simple name, methods of theirs passing the record
 * on, records of records, and a record's own methods calling such classes. Each gradient checked
 * against centred differences and its value bit for bit. A method of another file, whose body
 * flatgrad does not read, is an error on its line saying what to do.
 */
class RecordsAcrossClassesTest {

  private static final String MODELS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Models {
        public record Layer(double[][] W, double[] b) {
          double[] apply(double[] x) {
            return Layers.act(Nd.add(Nd.dot(x, W), b));
          }

          /** Passes itself to another class's method and to its own. */
          double size() {
            return Losses.l2(this.W()) + Layers.bias(this) + dot(this);
          }

          double dot(Layer other) {
            return Nd.dot(b, other.b());
          }
        }

        public record Net(Layer first, Layer second, double scale) {
          double out(double[] x) {
            return scale * Nd.sum(Layers.forward(second, first.apply(x)));
          }
        }

        public record Linear(double[] w, double b) {}

        static final class Layers {
          private static final double SLOPE = 0.1;

          enum Kind { TANH, LEAKY }

          private static Kind kind = Kind.LEAKY;

          static double[] act(double[] z) {
            double[] h = new double[z.length];
            for (int j = 0; j < z.length; j++) {
              h[j] = switch (kind) {
                case TANH -> Math.tanh(z[j]);
                case LEAKY -> z[j] > 0 ? z[j] : SLOPE * z[j];
              };
            }
            return h;
          }

          static double[] forward(Layer l, double[] x) {
            return act(Nd.add(Nd.dot(x, l.W()), l.b()));
          }

          static double bias(Layer l) {
            return Nd.sum(Nd.square(l.b()));
          }

          /** Passes the record's parts on to its own class's methods, unqualified. */
          static double penalty(Net n) {
            return bias(n.first()) + Nd.sum(Nd.square(n.second().b())) * weight(Kind.TANH);
          }

          private static double weight(Kind k) {
            return k == Kind.TANH ? 0.5 : 0.25;
          }
        }

        static final class Losses {
          static final double EPS = 1e-3;

          static double mse(Linear p, double[] x, double y) {
            double r = Nd.dot(p.w(), x) + p.b() - y;
            return r * r + EPS * sq(p.b());
          }

          /** Calls its class's other method passing the record on, in a loop, with an early return. */
          static double total(Linear p, double[][] X, double[] y) {
            if (X.length == 0) {
              return 0.0;
            }
            double s = 0.0;
            for (int n = 0; n < X.length; n++) {
              s += mse(p, X[n], y[n]);
            }
            return s / X.length;
          }

          static double l2(double[][] W) {
            return 0.5 * Nd.sum(Nd.square(W));
          }

          private static double sq(double v) {
            return v * v;
          }
        }

        @Differentiable
        public static double fit(Linear p, double[][] X, double[] y) {
          return Losses.total(p, X, y) + Shrink.ridge(p) + Models.Losses.mse(p, X[0], y[0]);
        }

        @Differentiable
        public static double net(Net net, double[] x, double y) {
          double r = net.out(x) - y;
          double[] h = Layers.forward(net.first(), x);
          return r * r + 1e-2 * Layers.penalty(net) + Nd.sum(h) + net.second().size();
        }
      }

      /** A top-level class of the file, with a field named as the caller's class has none. */
      final class Shrink {
        static double lambda = 0.05;

        static double ridge(Models.Linear p) {
          return lambda * Nd.dot(p.w(), p.w());
        }
      }
      """;

  private static Loaded models;

  @BeforeAll
  static void compileTheModels() {
    models = load(compileOk(source(MODELS)));
  }

  private static final RecordPoints POINTS = new RecordPoints(23);

  @BeforeEach
  void seed() {
    POINTS.reseed();
  }

  private static Object layer(int in, int out) throws Exception {
    return make(models, "users.Models$Layer", POINTS.matrix(in, out), POINTS.vector(out));
  }

  @Test
  void passedToNestedAndTopLevelClassesOfTheFile() throws Exception {
    Object p = make(models, "users.Models$Linear", POINTS.vector(3), 0.4);
    assertGradient(models, "users.ModelsGrad", "fit", p, POINTS.matrix(5, 3), POINTS.vector(5));
  }

  @Test
  void recordsOfRecordsPassedOnAndTheirMethodsCallingOtherClasses() throws Exception {
    Object net = make(models, "users.Models$Net", layer(3, 3), layer(3, 3), 1.3);
    for (double y : new double[] {0.2, -1.5}) {
      assertGradient(models, "users.ModelsGrad", "net", net, POINTS.vector(3), y);
    }
  }

  /** A method of another file passed such a record, qualified or statically imported: an error saying what to do. */
  @Test
  void aMethodOfAnotherFileIsAnErrorOnItsLine() {
    JavaFileObject util = source("""
        package bad;

        public final class Util {
          private Util() {}

          public static double reg(Fit.Params p) {
            return p.b() * p.b();
          }
        }
        """);
    JavaFileObject fit = source("""
        package bad;

        import static bad.Util.reg;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Fit {
          public record Params(double[] w, double b) {}

          @Differentiable
          public static double loss(Params p, double[] x) {
            double a = Util.reg(p);
            return a + Nd.dot(p.w(), x) + reg(p);
          }
        }
        """);
    CompilationSubject subject = CompilationSubject.assertThat(compile(fit, util));
    subject.failed();
    for (String word : new String[] {"[FlatgradUnsupported]", "`Util.reg(p)` passes `p`, a Params differentiated",
        "`Util` is not a class of this file", "A method of yours: move it into this file", "(p.w(), p.b())"}) {
      subject.hadErrorContaining(word).inFile(fit).onLineContaining("double a = Util.reg(p);");
    }
    subject.hadErrorContaining("`reg` is not declared in this file").inFile(fit)
        .onLineContaining("return a + Nd.dot(p.w(), x) + reg(p);");
    subject.hadErrorCount(2);
  }

  /**
   * A private utility class's constants and methods, read by a differentiated method or by a method
   * written in it: generated code (another class) named the class, and did not compile ("has private
   * access"); an error on the line saying to drop {@code private}.
   */
  @Test
  void aPrivateUtilityClassIsAnErrorSayingToDropPrivate() {
    JavaFileObject file = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Hidden {
          record P(double[] w, double b) {}

          private static final class Consts {
            static double shift = 0.5;
          }

          private static final class Losses {
            static double sq(double v) {
              return v * v;
            }

            static double mse(P p, double[] x) {
              return sq(p.w()[0] * x[0] + p.b());
            }
          }

          @Differentiable
          static double f(double[] x) {
            return (x[0] - Consts.shift) * x[1];
          }

          @Differentiable
          static double g(double[] x) {
            return Losses.sq(x[0]);
          }

          @Differentiable
          static double h(P p, double[] x) {
            return Losses.mse(p, x);
          }
        }
        """);
    String drop = "make it package-private (drop `private`)";
    Flatgrad.assertErrorsOn(file, "return (x[0] - Consts.shift) * x[1];", "[FlatgradUnsupported]",
        "`Consts` is a private class", drop);
    Flatgrad.assertErrorsOn(file, "return Losses.sq(x[0]);", "`Losses` is a private class", drop);
    Flatgrad.assertErrorsOn(file, "return sq(p.w()[0] * x[0] + p.b());", "`Losses` is a private class", drop);
  }
}
