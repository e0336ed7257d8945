package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.RecordPoints.make;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record of parameters' own methods called where the record is differentiated ({@code
 * p.norm()}, {@code net.first().apply(x)}), written where they are called ({@link
 * dev.flatgrad.processor.fence.RecordMethods}): methods reading their components through
 * accessors, {@code this.} and fields, taking parameters, returning scalars and arrays, calling the
 * record's other methods and static members, returning from branches and loops, called in loops
 * and on records of records. Each gradient is checked against centred differences and its value
 * bit for bit (and the tangent and H·v where generated).
 */
class RecordMethodsTest {

  private static final String NETS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Nets {
        public record Layer(double[][] W, double[] b) {
          static final double EPS = 1e-3;

          /** Its components through accessors, this. and fields, a static constant of the record. */
          double norm() {
            return Nd.sum(Nd.square(W())) + this.b()[0] * b[0] + this.b[1] * EPS;
          }

          double[] apply(double[] x) {
            double[] z = Nd.add(Nd.dot(x, W), this.b);
            for (int j = 0; j < z.length; j++) {
              z[j] = Math.tanh(z[j]);
            }
            return z;
          }

          /** Its other methods, on this and not, and a parameter named like the caller's local. */
          double loss(double[] x, double y) {
            double[] h = apply(x);
            double r = Nd.sum(h) - y + this.apply(x)[0];
            return r * r + 0.01 * norm();
          }

          /** Returns from branches, one without braces, a parameter it assigns. */
          double clipped(double v) {
            v = v * 2.0;
            if (v > 1.0) {
              return 1.0 + 0.1 * b[0];
            } else if (v < -1.0) return -1.0 + b[1] * v;
            double s = v * b[0];
            return s * s;
          }

          /** A return inside a loop. */
          double firstPositive(double[] x) {
            for (int i = 0; i < b.length; i++) {
              if (x[i] * b[i] > 0) {
                return x[i] * b[i] * W[0][i];
              }
            }
            return b[0];
          }

          /** Returns from nested branches, then from a loop. */
          double mixed(double[] x) {
            if (x[0] > 0) {
              if (x[1] > 0) {
                return b[0] * x[1];
              }
              return b[1];
            }
            for (int i = 0; i < b.length; i++) {
              if (x[i] < -0.5) {
                return b[i] * 2.0;
              }
            }
            return W[0][0];
          }

          static double square(double v) {
            return v * v;
          }

          double squares() {
            double s = 0.0;
            for (double v : b) {
              s += square(v);
            }
            return s;
          }
        }

        public record Net(Layer first, Layer second, double scale) {
          double out(double[] x) {
            return scale * Nd.sum(second.apply(first().apply(x))) + second().squares();
          }
        }

        /** Differentiated on its own, and written where a caller passes it a record it differentiates. */
        @Differentiable(hessian = true)
        public static double lossOf(Layer p, double[] x, double y) {
          double r = Nd.sum(p.apply(x)) - y;
          if (r > 2.0) {
            return 4.0 * r - 4.0;
          }
          return r * r;
        }

        private static double penalty(Layer q) {
          return 0.5 * Nd.sum(Nd.square(q.W())) + q.norm();
        }

        @Differentiable(hessian = true)
        public static double total(Layer p, double[][] X, double[] y) {
          double s = 0.0;
          for (int n = 0; n < X.length; n++) {
            s += lossOf(p, X[n], y[n]);
          }
          return s / X.length + penalty(p);
        }

        @Differentiable
        public static double passedNested(Net net, double[] x) {
          Layer a = net.second();
          return lossOf(net.first(), x, 0.5) + penalty(a) * Nets.penalty(net.first());
        }

        @Differentiable(hessian = true)
        public static double regularised(Layer p, double[] x, double y) {
          double h = p.loss(x, y);
          return h + p.norm() * p.clipped(x[0]);
        }

        @Differentiable(tangent = true)
        public static double inLoop(Layer p, double[][] X) {
          double s = 0.0;
          for (int n = 0; n < X.length; n++) {
            double[] h = p.apply(X[n]);
            s += h[0] * p.clipped(X[n][0] * 3.0) + p.firstPositive(X[n]);
          }
          return s;
        }

        @Differentiable(hessian = true)
        public static double nested(Net net, double[] x) {
          Layer a = net.first();
          var b = net.second();
          return net.out(x) + a.norm() + b.firstPositive(x) * net.second().norm();
        }

        /** In a while's condition: computed before each test. */
        @Differentiable
        public static double untilAbove(Layer p, double[] x) {
          double s = 0.1 + x[0] * x[0];
          int steps = 0;
          while (s < p.norm() + p.mixed(x) && steps < 20) {
            s = s * 1.5 + p.b()[0] * 0.01;
            steps++;
          }
          return s * p.mixed(x);
        }

        @Differentiable
        public static double[] arrayResult(Layer p, double[] x) {
          return p.apply(Nd.multiply(x, x));
        }

        @Differentiable
        public static double inBranches(Layer p, double[] x, boolean flag) {
          double s;
          if (p.norm() > 1.0) {
            if (flag) {
              s = x[0];
            } else {
              s = p.clipped(x[1]);
            }
          } else {
            s = p.squares();
          }
          return s;
        }
      }
      """;

  private static Loaded nets;

  @BeforeAll
  static void compileTheNets() {
    nets = load(compileOk(source(NETS)));
  }

  private static final RecordPoints POINTS = new RecordPoints(11);

  @BeforeEach
  void seed() {
    POINTS.reseed();
  }

  private static Object layer(int in, int out) throws Exception {
    return make(nets, "users.Nets$Layer", POINTS.matrix(in, out), POINTS.vector(out));
  }

  private static void check(String method, Object... args) {
    assertGradient(nets, "users.NetsGrad", method, args);
  }

  @Test
  void methodsCallingEachOtherWithParameters() throws Exception {
    for (double y : new double[] {0.3, -2.0}) {
      double[] x = POINTS.vector(3);
      x[0] = y; // clipped's three branches: 2 * x[0] above 1, below -1, between
      check("regularised", layer(3, 3), x, 0.4);
    }
    double[] x = POINTS.vector(3);
    x[0] = 0.1;
    check("regularised", layer(3, 3), x, 0.4);
  }

  @Test
  void inALoopReturningArraysAndFromALoop() throws Exception {
    check("inLoop", layer(2, 2), POINTS.matrix(4, 2));
  }

  @Test
  void onRecordsOfRecordsAndTheirAliases() throws Exception {
    Object net = make(nets, "users.Nets$Net", layer(3, 3), layer(3, 3), 1.3);
    check("nested", net, POINTS.vector(3));
  }

  @Test
  void passedToMethodsOfTheClassDifferentiatedOrNot() throws Exception {
    double[] y = {0.2, 3.0, -0.4, 1.0}; // one residual above 2: lossOf's other branch
    check("total", layer(3, 2), POINTS.matrix(4, 3), y);
    check("lossOf", layer(3, 2), POINTS.vector(3), 0.3);
    Object net = make(nets, "users.Nets$Net", layer(3, 3), layer(3, 3), 1.3);
    check("passedNested", net, POINTS.vector(3));
  }

  @Test
  void inAWhilesConditionReturningFromBranchesAndALoop() throws Exception {
    for (double[] x : new double[][] {{0.5, 0.5}, {0.5, -0.5}, {-0.2, -0.8}, {-0.2, 0.3}}) {
      check("untilAbove", layer(2, 2), x);
    }
  }

  @Test
  void anArrayResult() throws Exception {
    check("arrayResult", layer(3, 2), POINTS.vector(3), POINTS.vector(2));
  }

  @Test
  void inAConditionAndABranch() throws Exception {
    for (boolean flag : new boolean[] {true, false}) {
      check("inBranches", layer(2, 2), POINTS.vector(2), flag);
      check("inBranches", make(nets, "users.Nets$Layer", POINTS.matrix(2, 2), new double[] {2.0, 1.0}), POINTS.vector(2), flag);
    }
  }

  @Test
  void whereItCannotBeWrittenInPlaceItIsAnErrorSayingWhy() {
    var conditions = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class InCondition {
          record P(double[] w) {
            double first() {
              return w[0];
            }
          }

          static double limit(P p) {
            return p.w()[1];
          }

          @Differentiable
          static double f(P p, double[] x) {
            double s = x[0];
            for (int i = 0; i < 3 && s < p.first(); i++) {
              s = s * 2.0;
            }
            if (x[0] > 0 && limit(p) > 1.0) {
              s = -s;
            }
            return x[1] > 0 ? s : p.first();
          }
        }
        """);
    assertErrorsOn(conditions, "i < 3 && s < p.first()", "[FlatgradUnsupported]", "`p.first()` calls a method of P",
        "in a for's or do's condition", "read it into a local");
    assertErrorsOn(conditions, "return x[1] > 0 ? s : p.first();", "in an operand of &&, || or ?:");
    assertErrorsOn(conditions, "if (x[0] > 0 && limit(p) > 1.0) {", "`limit(p)` passes a record to `limit`",
        "in an operand of &&, || or ?:");
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Whole {
          record P(double[] w) {
            double first(P other) {
              return w[0] * other.w()[0];
            }

            double self() {
              P same = this;
              return first(same);
            }
          }

          @Differentiable
          static double f(P p, double[] x) {
            return p.self() * x[0];
          }
        }
        """), "return p.self() * x[0];", "[FlatgradUnsupported]", "`self` uses `this` as a whole");
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Recursive {
          record P(double[] w) {
            double down(int k) {
              double r = w[k];
              if (k > 0) {
                r *= down(k - 1);
              }
              return r;
            }
          }

          @Differentiable
          static double f(P p, double[] x) {
            return p.down(2) * x[0];
          }
        }
        """), "r *= down(k - 1);", "[FlatgradUnsupported]", "`down` calls itself");
  }

  @Test
  void aNameTheMethodReadsThatTheCallerDeclaresIsAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Captured {
          static double scale = 2.0;

          record P(double[] w) {}

          static double scaled(P p) {
            return scale * p.w()[0];
          }

          @Differentiable
          static double f(P p, double[] x) {
            double scale = x[0];
            return scaled(p) * scale;
          }
        }
        """), "return scaled(p) * scale;", "[FlatgradUnsupported]", "`scale`, which `scaled` reads, would be f's own"
        + " variable: rename that variable of f");
  }

  @Test
  void anOverloadedMethodIsAnErrorSayingToNameThemApart() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Overloads {
          record P(double[] w) {
            double at(int i) {
              return w[i];
            }

            double at(double t) {
              return w[0] * t;
            }
          }

          @Differentiable
          static double f(P p, double[] x) {
            return p.at(1) * x[0];
          }
        }
        """), "return p.at(1) * x[0];", "[FlatgradUnsupported]", "`at` has 2 overloads of 1; give them different"
        + " names");
  }

  /** Written before its statement, the call would run before an earlier call given the same values. */
  @Test
  void anEarlierCallGivenWhatItIsGivenIsAnError() {
    var noisy = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        class Noisy {
          record P(double[] w) {
            double noisy(Random r) {
              return w[0] * r.nextGaussian();
            }
          }

          static double fill(double[] buf, double v) {
            buf[0] = v;
            return v;
          }

          @Differentiable(wrt = {"p"})
          static double f(P p, Random rng) {
            double a = rng.nextGaussian() + p.noisy(rng);
            double b = Math.sqrt(2.0) + p.noisy(rng);
            double[] buf = new double[1];
            // fill writes into buf, so it is written in place too, each call in its turn: no error.
            return a + b * fill(buf, 2.0) + loss(p, buf) * fill(buf, 3.0);
          }

          static double loss(P p, double[] buf) {
            return p.w()[0] * buf[0];
          }
        }
        """);
    assertErrorsOn(noisy, "double a = rng.nextGaussian() + p.noisy(rng);", "[FlatgradUnsupported]",
        "it comes after `rng.nextGaussian()`", "call `rng.nextGaussian()` in a statement before");
    // Math's functions change nothing: the second statement is written in place.
    com.google.testing.compile.CompilationSubject.assertThat(dev.flatgrad.processor.testing.Flatgrad.compile(noisy))
        .hadErrorCount(1);
  }

  /** The record's own @Differentiable method calls its other methods, which read its components. */
  @Test
  void aRecordsOwnMethodCallsItsOtherMethodsAndAccessors() throws Exception {
    Compilation c = compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public record Model(double[] w, double[] b) {
          double bias() {
            return b()[0] + this.b[1];
          }

          @Differentiable
          public double score(double[] x) {
            return Nd.dot(w(), x) * Nd.dot(this.b(), x) + bias() * x[0];
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "users.ModelGrad", "score", make(l, "users.Model", POINTS.vector(3), POINTS.vector(3)), POINTS.vector(3));
  }

  /** A stream of a nested record's matrix's rows (was an error naming its type, double[][], before rows streamed). */
  @Test
  void aStreamOfANestedRecordsMatrixStreamsItsRows() throws Exception {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Streamed {
          record L(double[][] W, double[] b) {}

          record M(L a, double beta) {}

          @Differentiable
          static double f(M m) {
            return m.beta() * Arrays.stream(m.a().W()).mapToDouble(r -> Arrays.stream(r).sum()).sum();
          }
        }
        """)));
    Object layer = make(l, "users.Streamed$L", new double[][] {{0.3, -1.2}, {2.0, 0.7}}, new double[] {0.5, 1.5});
    assertGradient(l, "users.StreamedGrad", "f", make(l, "users.Streamed$M", layer, 0.75));
  }

  /**
   * A record that changes what it is given in a constructor of its own, made of the parameters'
   * values, returned by a record's method or made in the method, read through its accessors: the
   * gradient through it was silently zero; an error where it is made (one without a constructor of
   * its own, or whose compact constructor only checks, is written as its components,
   * RecordLocalsTest, RecordRedTeamTest P203).
   */
  @Test
  void aRecordMadeOfTheParametersAndReadIsAnErrorWhereItIsMade() {
    String checked = """
          record Q(double[] w, double b) {
            Q {
              b = Math.max(b, 0.0);
            }
          }
        """;
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Made {
          record P(double[] w, double b) {
            Q scaled(double a) {
              return new Q(w, a * b);
            }
          }
        """ + checked + """

          @Differentiable
          static double f(P p, double[] x) {
            return p.scaled(2.0).b() * x[0];
          }
        }
        """), "return new Q(w, a * b);", "[FlatgradNoGradient]", "`new Made.Q` makes an object");
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Made {
          record P(double[] w, double b) {}
        """ + checked + """

          @Differentiable
          static double f(P p, double[] x) {
            Q q = new Q(p.w(), 2.0 * p.b());
            return q.b() * x[0];
          }
        }
        """), "Q q = new Q(p.w(), 2.0 * p.b());", "[FlatgradNoGradient]", "`new Made.Q` makes an object");
  }
}
