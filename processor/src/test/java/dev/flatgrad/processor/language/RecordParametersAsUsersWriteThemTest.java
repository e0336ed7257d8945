package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;
import static dev.flatgrad.processor.language.RecordPoints.make;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.javac.FlatgradProcessor;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Records of parameters in programs as ML and physics users write them: a scalar beside arrays,
 * nested records, settings records and enums beside them, components read in nested loops and
 * branches, aliased and reassigned, passed to unmarked helpers, indexed directly, in an instance
 * method, named like other parameters, empty, and records declared nested and at top level. Each
 * gradient is checked against centred differences and its value bit for bit (and, where generated,
 * the tangent and H·v).
 */
class RecordParametersAsUsersWriteThemTest {

  private static final String MODELS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;
      import java.util.stream.IntStream;

      public class Models {
        public record Linear(double bias, double[] w, double[][] V) {}

        public record Layer(double[][] W, double[] b) {}

        public record Mlp(Layer first, Layer second, double temperature) {}

        public record Settings(double lambda, int steps, double clip) {}

        public enum Penalty { L1, L2, NONE }

        public record Shapes(double[] empty, double[][] rows, double[] tail, double s) {}

        public record Particles(double[][] pos, double[] charge) {}

        /** Components and a clone kept in var locals, then streamed: each local's type is its value's. */
        @Differentiable
        public static double streamed(Linear m, double[] x) {
          var w = m.w();
          var V = m.V();
          var copy = x.clone();
          double fit = IntStream.range(0, x.length).mapToDouble(i -> w[i] * x[i]).sum();
          double rows = Arrays.stream(V[1]).map(v -> v * v).sum() + Arrays.stream(copy).max().getAsDouble();
          return fit + Arrays.stream(w).map(v -> Math.tanh(v)).sum() * m.bias() + rows;
        }

        /** A scalar component beside a vector and a matrix: a quadratic model, squared error. */
        @Differentiable(hessian = true)
        public static double quadratic(Linear m, double[][] X, double[] y) {
          double loss = 0.0;
          for (int n = 0; n < X.length; n++) {
            double pred = m.bias();
            for (int i = 0; i < X[n].length; i++) {
              pred += m.w()[i] * X[n][i];
              for (int j = 0; j < X[n].length; j++) {
                pred += 0.5 * X[n][i] * m.V()[i][j] * X[n][j];
              }
            }
            double r = pred - y[n];
            loss += r * r;
          }
          return loss / X.length;
        }

        /** Nested records, a temperature, loops over the layers' entries. */
        @Differentiable(tangent = true)
        public static double mlp(Mlp net, double[] x) {
          Layer a = net.first();
          double[] h = new double[a.b().length];
          for (int j = 0; j < h.length; j++) {
            double z = a.b()[j];
            for (int i = 0; i < x.length; i++) {
              z += x[i] * a.W()[i][j];
            }
            h[j] = Math.tanh(z);
          }
          double out = 0.0;
          for (int k = 0; k < net.second().b().length; k++) {
            double z = net.second().b()[k];
            for (int j = 0; j < h.length; j++) {
              z += h[j] * net.second().W()[j][k];
            }
            out += Math.exp(z / net.temperature());
          }
          return Math.log(out);
        }

        /** A record of parameters, a settings record and an enum choosing the penalty. */
        @Differentiable(hessian = true)
        public static double penalised(Layer p, double[][] X, double[] y, Settings s, Penalty penalty) {
          double loss = 0.0;
          for (int n = 0; n < X.length; n++) {
            double z = p.b()[0];
            for (int i = 0; i < X[n].length; i++) {
              z += X[n][i] * p.W()[i][0];
            }
            double r = z - y[n];
            loss += Math.abs(r) > s.clip() ? s.clip() * (2 * Math.abs(r) - s.clip()) : r * r;
          }
          double reg = switch (penalty) {
            case L1 -> {
              double t = 0.0;
              for (double[] row : p.W()) {
                for (double v : row) {
                  t += Math.abs(v);
                }
              }
              yield t;
            }
            case L2 -> Nd.sum(Nd.square(p.W()));
            case NONE -> 0.0;
          };
          return loss / X.length + s.lambda() * reg * s.steps();
        }

        /** Components read in nested loops and branches, with continue and a running max. */
        @Differentiable
        public static double branchy(Linear m, double[] x) {
          double best = Double.NEGATIVE_INFINITY;
          double total = 0.0;
          for (int i = 0; i < m.w().length; i++) {
            if (x[i] < 0) {
              continue;
            }
            double s = m.bias();
            for (int j = 0; j < m.V()[i].length; j++) {
              if (m.V()[i][j] > 0) {
                s += m.V()[i][j] * x[j];
              } else if (j % 2 == 0) {
                s -= m.w()[j] * m.V()[i][j];
              } else {
                s *= 1.0 + 0.1 * m.w()[i];
              }
            }
            if (s > best) {
              best = s;
            }
            total += s * m.w()[i];
          }
          return total + best;
        }

        /** A component aliased to a local, the local reassigned to a copy, the copy written. */
        @Differentiable(hessian = true)
        public static double aliased(Linear m, double[] x) {
          double[] w = m.w();
          w = w.clone();
          w[0] = 2.0 * w[0] + m.bias();
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * w[i] * x[i];
          }
          return s + m.w()[0];
        }

        /** A component aliased, then the alias pointed at another component. */
        @Differentiable
        public static double repointed(Layer p, double[] x) {
          double[] v = p.b();
          double s = Nd.dot(v, x);
          v = p.W()[0];
          return s + Nd.dot(v, Nd.multiply(x, x));
        }

        private static double dot(double[] a, double[] b) {
          double s = 0.0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        private static double frobenius2(double[][] A) {
          double s = 0.0;
          for (double[] row : A) {
            s += dot(row, row);
          }
          return s;
        }

        static double[] matvec(double[][] A, double[] x) {
          double[] out = new double[A[0].length];
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < out.length; j++) {
              out[j] += x[i] * A[i][j];
            }
          }
          return out;
        }

        /** Components passed to unmarked static helpers of the file. */
        @Differentiable(hessian = true)
        public static double helpers(Linear m, double[] x) {
          double[] z = matvec(m.V(), x);
          return dot(m.w(), z) + m.bias() * frobenius2(m.V()) + dot(z, z);
        }

        /** p.W()[i][j] directly, as numpy ports write p["W"][i, j]. */
        @Differentiable(tangent = true)
        public static double direct(Layer p, double[] x) {
          double s = 0.0;
          for (int i = 0; i < p.W().length; i++) {
            for (int j = 0; j < p.W()[i].length; j++) {
              s += Math.sin(p.W()[i][j] * x[i]) + p.b()[j] * p.W()[i][j];
            }
          }
          return s;
        }

        /** A parameter named like a component: double[] w beside p.w(), a local named like another. */
        @Differentiable(hessian = true)
        public static double sameNames(Linear p, double[] w, double bias) {
          double V = 0.0;
          for (int i = 0; i < w.length; i++) {
            V += w[i] * p.w()[i] + p.V()[i][0] * bias;
          }
          double b = p.bias() * bias;
          return V * V + b;
        }

        /** Components of different shapes, one of them empty. */
        @Differentiable(hessian = true)
        public static double shapes(Shapes p, double[] x) {
          double s = p.s();
          for (int i = 0; i < p.empty().length; i++) {
            s += p.empty()[i] * x[0];
          }
          for (int i = 0; i < p.rows().length; i++) {
            for (int j = 0; j < p.rows()[i].length; j++) {
              s += p.rows()[i][j] * p.rows()[i][j] * x[j % x.length];
            }
          }
          return s + Nd.sum(Nd.multiply(p.tail(), p.tail())) * s;
        }

        /** Physics: Coulomb energy of charged particles, positions and charges differentiated. */
        @Differentiable(hessian = true)
        public static double coulomb(Particles p, double softening) {
          double e = 0.0;
          double[][] pos = p.pos();
          for (int i = 0; i < pos.length; i++) {
            for (int j = i + 1; j < pos.length; j++) {
              double r2 = softening;
              for (int d = 0; d < pos[i].length; d++) {
                double dx = pos[i][d] - pos[j][d];
                r2 += dx * dx;
              }
              e += p.charge()[i] * p.charge()[j] / Math.sqrt(r2);
            }
          }
          return e;
        }

        public record Spring(double k, double rest) {}

        public record Tethered(Layer layer, Spring spring) {}

        public record Named(double[] value, double[] dp) {}

        /** Aliases chosen by a ternary and by a switch on an enum, one of them not a component. */
        @Differentiable(hessian = true)
        public static double chosen(Linear m, double[] x, boolean flag, Penalty mode) {
          double[] v = flag ? m.w() : m.V()[0];
          double[] u = switch (mode) {
            case L1 -> m.w();
            case L2 -> m.V()[1];
            case NONE -> x;
          };
          double s = 0.0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i] * x[i] + u[i] * v[i];
          }
          return s;
        }

        /** An alias pointed at one component or another as a loop runs. */
        @Differentiable(tangent = true)
        public static double repointedInLoop(Linear m, double[] x) {
          double[] cur = m.w();
          double s = 0.0;
          for (int k = 0; k < 3; k++) {
            s += cur[k] * x[k] * s + cur[0];
            cur = k % 2 == 0 ? m.V()[k] : m.w();
          }
          return s;
        }

        /** Components and parameters named like the gradient's own components (value, dp). */
        @Differentiable(hessian = true)
        public static double namedLikeTheGradient(Named p, double[] value, double[] dp) {
          return Nd.dot(p.value(), dp) + Nd.dot(p.dp(), value) * Nd.sum(p.value());
        }

        /** Two records of one type. */
        @Differentiable(hessian = true)
        public static double twoOfAType(Layer p, Layer q, double[] x) {
          return Nd.sum(Nd.multiply(Nd.dot(x, p.W()), q.b())) + Nd.sum(Nd.dot(q.W(), p.b()));
        }

        /** A record of scalars nested in a record of parameters is differentiated with it. */
        @Differentiable(hessian = true)
        public static double tethered(Tethered t, double[] x) {
          double e = 0.0;
          for (int i = 0; i < x.length; i++) {
            double z = Nd.dot(x, t.layer().W()[i]) - t.spring().rest();
            e += 0.5 * t.spring().k() * z * z + t.layer().b()[i];
          }
          return e;
        }

        /** Unrolled gradient steps on a copy of a component (meta-learning's inner loop). */
        @Differentiable(hessian = true)
        public static double unrolled(Linear m, double[] x, double lr) {
          double[] w = Nd.copy(m.w());
          for (int step = 0; step < 3; step++) {
            double r = Nd.dot(w, x) + m.bias() - 1.0;
            for (int i = 0; i < w.length; i++) {
              w[i] -= lr * r * x[i];
            }
          }
          double r = Nd.dot(w, x) + m.bias() - 1.0;
          return r * r;
        }

        /** An array result's tangent and H·v. */
        @Differentiable(tangent = true, hessian = true)
        public static double[] activations(Layer p, double[] x) {
          return Nd.tanh(Nd.add(Nd.dot(x, p.W()), p.b()));
        }

        /** An array result from a record: the gradient takes dout. */
        @Differentiable
        public static double[] forward(Layer p, double[] x) {
          double[] z = matvec(p.W(), x);
          for (int j = 0; j < z.length; j++) {
            z[j] = Math.tanh(z[j] + p.b()[j]);
          }
          return z;
        }
      }
      """;

  private static final String MODEL_CLASS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Sim {
        public record Inner(double[][] K, double[] f) {}

        private final double damping;

        Sim(double damping) {
          this.damping = damping;
        }

        /** An instance method taking a record: fields of this read as settings. */
        @Differentiable(hessian = true)
        public double step(Inner p, double[] u) {
          double e = 0.0;
          for (int i = 0; i < u.length; i++) {
            double ku = 0.0;
            for (int j = 0; j < u.length; j++) {
              ku += p.K()[i][j] * u[j];
            }
            e += 0.5 * u[i] * ku - p.f()[i] * u[i] * damping;
          }
          return e;
        }

        /** A record at top level of the file beside one nested in the class. */
        @Differentiable(hessian = true)
        public static double both(Top t, Inner p, double[] u) {
          return t.c() * Nd.sum(Nd.multiply(t.a(), u)) + Nd.dot(p.f(), Nd.multiply(t.a(), t.a())) + p.K()[0][0] * t.c();
        }
      }

      record Top(double[] a, double c) {}
      """;

  private static Loaded models;
  private static Loaded sim;

  @BeforeAll
  static void compileTheModels() {
    Compilation c = compileOk(source(MODELS));
    models = load(c);
    // Without -Xlint:auxiliaryclass: see aTopLevelRecordCompilesWithAllLintWarningsAsErrors.
    Compilation s = javac().withProcessors(new FlatgradProcessor())
        .withOptions("-Xlint:all", "-Xlint:-processing", "-Xlint:-auxiliaryclass", "-Werror")
        .compile(source(MODEL_CLASS));
    assertWithMessage("%s", s.diagnostics()).that(s.status()).isEqualTo(Compilation.Status.SUCCESS);
    sim = load(s);
  }

  private static final RecordPoints POINTS = new RecordPoints(7);

  @BeforeEach
  void seed() {
    POINTS.reseed();
  }

  private static double[][] matrix(int rows, int cols) {
    return POINTS.matrix(rows, cols);
  }

  private static double[] vector(int n) {
    return POINTS.vector(n);
  }

  private static Object model(String name, Object... components) throws Exception {
    return make(models, "users.Models$" + name, components);
  }

  private static Object linear(int n) throws Exception {
    return model("Linear", 0.3, vector(n), matrix(n, n));
  }

  private static Object layer(int in, int out) throws Exception {
    return model("Layer", matrix(in, out), vector(out));
  }

  private static void check(String method, Object... args) {
    assertGradient(models, "users.ModelsGrad", method, args);
  }

  @Test
  void aScalarBesideArrays() throws Exception {
    check("quadratic", linear(3), matrix(4, 3), vector(4));
  }

  @Test
  void componentsInVarLocalsStreamed() throws Exception {
    check("streamed", linear(3), vector(3));
  }

  @Test
  void nestedRecordsWithATemperature() throws Exception {
    check("mlp", model("Mlp", layer(3, 4), layer(4, 2), 1.7), vector(3));
  }

  @Test
  void aSettingsRecordAndAnEnumBeside() throws Exception {
    Object s = model("Settings", 0.01, 3, 0.8);
    for (Object penalty : models.loadClass("users.Models$Penalty").getEnumConstants()) {
      // The points' residuals stay clear of the Huber kink (|r| = clip) by more than the step h.
      check("penalised", layer(3, 1), matrix(5, 3), vector(5), s, penalty);
    }
  }

  @Test
  void componentsInNestedLoopsAndBranches() throws Exception {
    for (int seed = 0; seed < 4; seed++) {
      double[] x = vector(4);
      x[seed] = Math.abs(x[seed]); // one row at least is not skipped: else the max stays -Infinity
      check("branchy", linear(4), x);
    }
  }

  @Test
  void anAliasReassignedToACopyAndWritten() throws Exception {
    check("aliased", linear(3), vector(3));
  }

  @Test
  void anAliasRepointedAtAnotherComponent() throws Exception {
    check("repointed", layer(3, 3), vector(3));
  }

  @Test
  void componentsPassedToUnmarkedHelpers() throws Exception {
    check("helpers", linear(3), vector(3));
  }

  @Test
  void entriesIndexedThroughTheAccessor() throws Exception {
    check("direct", layer(3, 2), vector(3));
  }

  @Test
  void aParameterNamedLikeAComponent() throws Exception {
    check("sameNames", linear(3), vector(3), 0.6);
  }

  @Test
  void componentsOfDifferentShapesOneEmpty() throws Exception {
    check("shapes", model("Shapes", new double[0], matrix(2, 3), vector(2), 0.4), vector(3));
    check("shapes", model("Shapes", vector(2), new double[0][], new double[0], 0.4), vector(1));
  }

  @Test
  void chargedParticles() throws Exception {
    double[] charge = vector(4);
    check("coulomb", model("Particles", matrix(4, 3), charge), 0.1);
  }

  @Test
  void anArrayResult() throws Exception {
    check("forward", layer(3, 2), vector(3), vector(2));
  }

  @Test
  void aliasesChosenByATernaryAndASwitch() throws Exception {
    for (Object mode : models.loadClass("users.Models$Penalty").getEnumConstants()) {
      for (boolean flag : new boolean[] {true, false}) {
        check("chosen", linear(3), vector(3), flag, mode);
      }
    }
  }

  @Test
  void anAliasRepointedInALoop() throws Exception {
    check("repointedInLoop", linear(3), vector(3));
  }

  @Test
  void namesLikeTheGradientsOwn() throws Exception {
    check("namedLikeTheGradient", model("Named", vector(3), vector(3)), vector(3), vector(3));
  }

  @Test
  void twoRecordsOfOneType() throws Exception {
    check("twoOfAType", layer(3, 3), layer(3, 3), vector(3));
  }

  @Test
  void aRecordOfScalarsNestedInARecordOfParameters() throws Exception {
    check("tethered", model("Tethered", layer(3, 3), model("Spring", 1.5, 0.2)), vector(3));
  }

  @Test
  void unrolledStepsOnACopy() throws Exception {
    check("unrolled", linear(3), vector(3), 0.1);
  }

  @Test
  void anArrayResultsTangentAndHv() throws Exception {
    check("activations", layer(3, 2), vector(3), vector(2));
  }

  @Test
  void wrtNamingAComponentSaysToNameTheRecord() {
    Compilation c = compile(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Component {
          record Params(double[] w, double[] b) {}

          @Differentiable(wrt = {"p.w", "q"})
          static double f(Params p, double[] x) {
            return p.w()[0] * x[0] + p.b()[0];
          }
        }
        """));
    assertThat(c.status()).isEqualTo(Compilation.Status.FAILURE);
    String errors = c.errors().toString();
    assertThat(errors).contains("wrt names \"p.w\", which is not a differentiable parameter of f: choose from p, x"
        + " (wrt names parameters, not their components: name \"p\", whose components are all differentiated)");
    // A name of no parameter once read a detached parameter's placeholder type: "`empty` is none".
    assertThat(errors).contains("wrt names \"q\", which is not a differentiable parameter of f: choose from p, x\n");
    assertThat(errors).doesNotContain("empty");
  }

  /**
   * The gradient, a record of the parameters' type, is built through its constructor: one that
   * checks its components threw on the derivatives (IllegalArgumentException: k must be positive:
   * -6.0), one that changes them ({@code k = Math.abs(k)}) gave a silently wrong gradient (dk = 6
   * for -6). Either is now an error on the parameter saying what to write instead.
   */
  @Test
  void aRecordWhoseConstructorChecksOrChangesItsComponentsIsAnError() {
    for (String constructor : new String[] {
        "if (k <= 0) {\n        throw new IllegalArgumentException();\n      }", "k = Math.abs(k);"}) {
      assertErrorsOn(source("""
          package bad;

          import dev.flatgrad.annotations.Differentiable;

          class Constructed {
            record Params(double[] w, double k) {
              Params {
                %s
              }
            }

            @Differentiable
            static double f(Params p, double[] x) {
              return -p.k() * (p.w()[0] * x[0]);
            }
          }
          """.formatted(constructor)), "static double f(Params p", "[FlatgradUnsupported]",
          "built through its constructor, which Params declares", "static factory method");
    }
    // A record of parameters nested in another is built through its constructor too.
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class NestedConstructed {
          record Layer(double[] w, double k) {
            Layer(double[] w, double k) {
              this.w = w;
              this.k = Math.abs(k);
            }
          }

          record Net(Layer l) {}

          @Differentiable
          static double f(Net n, double[] x) {
            return n.l().k() * x[0] * n.l().w()[0];
          }
        }
        """), "static double f(Net n", "[FlatgradUnsupported]", "which Layer declares");
    // Taken for settings, the record keeps its constructor.
    compileOk(source("""
        package ok;

        import dev.flatgrad.annotations.Differentiable;

        class Settled {
          record Params(double[] w, double k) {
            Params {
              k = Math.abs(k);
            }

            Params(int n) {
              this(new double[n], 1.0);
            }
          }

          record Plain(double[] w, double k) {
            Plain(int n) {
              this(new double[n], 1.0);
            }
          }

          @Differentiable(wrt = {"x"})
          static double f(Params p, double[] x) {
            return p.k() * x[0] * p.w()[0];
          }

          @Differentiable
          static double g(Plain p, double[] x) {
            return p.k() * x[0] * p.w()[0];
          }
        }
        """));
  }

  @Test
  void anInstanceMethodTakingARecord() throws Exception {
    Object self = make(sim, "users.Sim", 0.9);
    Object p = make(sim, "users.Sim$Inner", matrix(3, 3), vector(3));
    assertGradient(sim, "users.SimGrad", "step", self, p, vector(3));
  }

  @Test
  void aTopLevelRecordBesideANestedOne() throws Exception {
    Object t = make(sim, "users.Top", vector(3), 0.5);
    Object p = make(sim, "users.Sim$Inner", matrix(3, 3), vector(3));
    assertGradient(sim, "users.SimGrad", "both", t, p, vector(3));
    assertThat(Loaded.component(sim.call("users.SimGrad", "both", t, p, vector(3)), "dt").getClass().getName())
        .isEqualTo("users.Top");
  }

  /**
   * A record declared at top level of the user's file beside its class is an auxiliary class: the
   * gradient class names it in signatures ({@code both(Top t, ...)}, {@code Both(double value, Top
   * dt, ...)}), where javac 17 warns "auxiliary class users.Top in users/Sim.java should not be
   * accessed from outside its own source file" despite the generated class's
   * {@code @SuppressWarnings("auxiliaryclass")} (javac honours it in bodies, not in member
   * signatures), so -Xlint:all -Werror rejects the generated code. Not a fault of the gradient: the
   * same holds for any auxiliary type as a parameter, a settings record too.
   */
  @Disabled("javac cannot suppress auxiliaryclass in signatures; generated code fails -Xlint:all -Werror")
  @Test
  void aTopLevelRecordCompilesWithAllLintWarningsAsErrors() {
    compileOk(source(MODEL_CLASS));
  }

  /**
   * A record of parameters that writes an accessor itself: one returning the field is the accessor
   * Java declares, read as the component; one computing something ({@code Math.abs(scale)}) is an
   * error on the accessor naming it (generated code reads the components through their accessors,
   * so the gradient would be taken at |scale|). It once said {@code p} "is used as a whole here".
   */
  @Test
  void aComponentWithItsOwnAccessor() throws Exception {
    Compilation c = compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Plain {
          public record Own(double[] w, double scale) {
            public double[] w() {
              return w;
            }

            @Override
            public double scale() {
              return this.scale;
            }
          }

          @Differentiable
          public static double f(Own p, double[] x) {
            return p.scale * Nd.dot(p.w(), x) + p.scale() * p.w[0];
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "users.PlainGrad", "f", make(l, "users.Plain$Own", vector(3), -0.7), vector(3));
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Custom {
          public record Abs(double[] w, double scale) {
            public double scale() {
              return Math.abs(scale);
            }
          }

          @Differentiable
          public static double f(Abs p, double[] x) {
            return p.scale * Nd.dot(p.w(), x);
          }
        }
        """), "public double scale() {", "[FlatgradUnsupported]", "`scale()` of Abs returns something other than"
        + " its component `scale`", "let `scale()` return the component");
  }

  /**
   * An instance method of a model record reading its own components through their accessors,
   * {@code w()} or {@code this.w()}, which Java declares implicitly (once "cannot find method `w`").
   */
  @Test
  void aRecordsInstanceMethodCallsItsOwnAccessors() throws Exception {
    Compilation c = compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public record Model(double[] w, double[] b) {
          @Differentiable
          public double score(double[] x) {
            return Nd.dot(w(), x) * Nd.dot(this.b(), x);
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "users.ModelGrad", "score", make(l, "users.Model", vector(3), vector(3)), vector(3));
  }
}
