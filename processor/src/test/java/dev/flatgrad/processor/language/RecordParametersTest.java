package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.check;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records of parameters as ML code passes them ({@code record Params(double[][] W1, double[] b1,
 * ...)}): differentiated component by component, the gradient a record of the same type. Each
 * method's gradient is checked against centred differences and its value against the method's
 * own, bit for bit; its tangent and H·v too, along random records of directions.
 */
class RecordParametersTest {

  private static final String NET = """
      package rec;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Net {
        public record Params(double[][] W1, double[] b1, double[][] W2, double[] b2) {}

        public record Layer(double[][] W, double[] b) {}

        public record Deep(Layer hidden, Layer out, double scale) {}

        public record Spring(double k, double rest) {}

        public record Hyper(double lambda, int epochs) {}

        /** A two-layer net as numpy code writes it: accessors, an alias, softmax cross-entropy, L2. */
        @Differentiable(hessian = true)
        public static double loss(Params p, double[][] X, int[] y, double reg) {
          var W2 = p.W2();
          double[][] h = Nd.tanh(Nd.add(Nd.dot(X, p.W1()), p.b1()));
          double[][] logp = Nd.logSoftmax(Nd.add(Nd.dot(h, W2), p.b2()));
          double data = 0.0;
          for (int n = 0; n < X.length; n++) {
            data -= logp[n][y[n]];
          }
          return data / X.length + 0.5 * reg * (Nd.sum(Nd.square(p.W1())) + Nd.sum(Nd.square(W2)));
        }

        /** The same net in loops: aliases under other names, a field read, a branch, a settings record. */
        @Differentiable(hessian = true)
        public static double looped(Params p, double[][] X, double[] t, Hyper hyper) {
          var W1 = p.W1();
          double[] bias = p.b1();
          double total = 0.0;
          for (int n = 0; n < X.length; n++) {
            double out = p.b2[0];
            for (int j = 0; j < bias.length; j++) {
              double z = bias[j];
              for (int i = 0; i < X[n].length; i++) {
                z += X[n][i] * W1[i][j];
              }
              if (z > 0) {
                out += p.W2()[j][0] * z;
              } else {
                out += p.W2()[j][0] * 0.1 * z;
              }
            }
            double r = out - t[n];
            total += r * r;
          }
          return total / X.length + hyper.lambda() * Nd.sum(Nd.square(W1)) * hyper.epochs();
        }

        /** A component the loss does not reach (b2) gets zeros of its shape. */
        @Differentiable(tangent = true)
        public static double partial(Params p, double[] x) {
          double s = 0.0;
          for (int j = 0; j < p.b1().length; j++) {
            s += p.b1()[j] * x[j] + p.W1()[j][0] * p.W2()[j][0];
          }
          return s;
        }

        /** Nested records, read through a nested alias and a chain of accessors, and a scalar component. */
        @Differentiable(hessian = true)
        public static double deep(Deep d, double[] x) {
          var hidden = d.hidden();
          double[] h = Nd.tanh(Nd.add(Nd.dot(x, hidden.W()), hidden.b()));
          return d.scale() * Nd.sum(Nd.add(Nd.dot(h, d.out().W()), d.out().b()));
        }

        /** A record of scalars is differentiated where wrt names it. */
        @Differentiable(wrt = {"s", "x"}, hessian = true)
        public static double energy(Spring s, double[] x) {
          double e = 0.0;
          for (int i = 0; i + 1 < x.length; i++) {
            double stretch = x[i + 1] - x[i] - s.rest();
            e += 0.5 * s.k() * stretch * stretch;
          }
          return e;
        }

        /** An array result's Jacobian over the record's entries, laid end to end (W, then b). */
        @Differentiable(jacobian = true)
        public static double[] layer(Layer l, double[] x) {
          return Nd.tanh(Nd.add(Nd.dot(x, l.W()), l.b()));
        }

        /** Without wrt a record of scalars is a setting, as before. */
        @Differentiable
        public static double settled(Spring s, double[] x) {
          return s.k() * Nd.sum(Nd.square(x));
        }
      }
      """;

  private static Loaded l;
  private static Compilation c;

  @BeforeAll
  static void compile() {
    c = compileOk(source(NET));
    l = load(c);
  }

  private static final Random RANDOM = new Random(42);

  private static double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = 0.5 * RANDOM.nextGaussian();
      }
    }
    return m;
  }

  private static double[] vector(int n) {
    return matrix(1, n)[0];
  }

  private static Object record(String name, Object... components) throws Exception {
    var constructor = l.loadClass("rec.Net$" + name).getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    return constructor.newInstance(components);
  }

  private static Object params(int in, int hidden, int out) throws Exception {
    return record("Params", matrix(in, hidden), vector(hidden), matrix(hidden, out), vector(out));
  }

  @Test
  void theGradientOfARecordIsARecordOfItsType() throws Exception {
    Object p = params(4, 5, 3);
    double[][] X = matrix(6, 4);
    int[] y = {0, 2, 1, 1, 0, 2};
    assertGradient(l, "rec.NetGrad", "loss", p, X, y, 0.1);
    Object r = l.call("rec.NetGrad", "loss", p, X, y, 0.1);
    Object dp = Loaded.component(r, "dp");
    assertThat(dp.getClass().getName()).isEqualTo("rec.Net$Params");
    assertThat(((double[][]) Loaded.component(dp, "W1")).length).isEqualTo(4);
    assertThat(((double[]) Loaded.component(dp, "b2")).length).isEqualTo(3);
  }

  @Test
  void loopsAliasesFieldReadsAndBranches() throws Exception {
    Object hyper = record("Hyper", 0.01, 2);
    for (int seed = 0; seed < 3; seed++) {
      assertGradient(l, "rec.NetGrad", "looped", params(3, 4, 1), matrix(5, 3), vector(5), hyper);
    }
  }

  @Test
  void aComponentTheLossDoesNotReachGetsZerosOfItsShape() throws Exception {
    Object p = params(3, 3, 2);
    assertGradient(l, "rec.NetGrad", "partial", p, vector(3));
    Object dp = Loaded.component(l.call("rec.NetGrad", "partial", p, vector(3)), "dp");
    assertThat((double[]) Loaded.component(dp, "b2")).isEqualTo(new double[2]);
  }

  @Test
  void nestedRecordsAndScalarComponents() throws Exception {
    Object d = record("Deep", record("Layer", matrix(3, 4), vector(4)), record("Layer", matrix(4, 2), vector(2)), 0.7);
    assertGradient(l, "rec.NetGrad", "deep", d, vector(3));
    Object dd = Loaded.component(l.call("rec.NetGrad", "deep", d, vector(3)), "dd");
    assertThat(Loaded.component(dd, "out").getClass().getName()).isEqualTo("rec.Net$Layer");
  }

  @Test
  void aRecordOfScalarsNamedInWrt() throws Exception {
    Object s = record("Spring", 2.0, 0.3);
    double[] x = {0.0, 0.5, 1.4, 1.7};
    assertGradient(l, "rec.NetGrad", "energy", s, x);
    Object ds = Loaded.component(l.call("rec.NetGrad", "energy", s, x), "ds");
    assertThat(ds.getClass().getName()).isEqualTo("rec.Net$Spring");
    assertGradient(l, "rec.NetGrad", "settled", s, x);
    assertThat(generated(c, "rec.NetGrad")).contains("public record Settled(double value, double[] dx)");
  }

  @Test
  void theJacobianAndHessianLayTheComponentsEntriesEndToEnd() throws Exception {
    double[][] W = matrix(2, 3);
    double[] b = vector(3);
    double[] x = vector(2);
    double[][] jacobian = (double[][]) Loaded.component(l.call("rec.NetGrad", "layerJacobian", record("Layer", W, b), x),
        "jacobian");
    assertThat(jacobian.length).isEqualTo(3);
    assertThat(jacobian[0].length).isEqualTo(6 + 3 + 2);
    for (int i = 0; i < 3; i++) {
      double slope = 1 - Math.pow(Math.tanh(x[0] * W[0][i] + x[1] * W[1][i] + b[i]), 2);
      for (int k = 0; k < 2; k++) {
        // d out_i / d W[k][i] = slope * x[k], in row-major place k * 3 + i
        assertThat(jacobian[i][k * 3 + i]).isWithin(1e-12).of(slope * x[k]);
      }
      assertThat(jacobian[i][6 + i]).isWithin(1e-12).of(slope);
    }
    Object s = record("Spring", 2.0, 0.3);
    double[][] hessian = (double[][]) Loaded.component(l.call("rec.NetGrad", "energyHessian", s, new double[] {0.0, 1.0}),
        "hessian");
    // e = k (1 - rest)^2 / 2 with x fixed: d2e/dk2 = 0, d2e/dk drest = -(1 - rest), d2e/drest2 = k
    assertThat(hessian[0][0]).isWithin(1e-12).of(0.0);
    assertThat(hessian[0][1]).isWithin(1e-12).of(-0.7);
    assertThat(hessian[1][1]).isWithin(1e-12).of(2.0);
  }

  @Test
  void theCheckNamesEachComponentsEntries() throws Exception {
    GradCheck.Report r = check(l, "rec.NetGrad", "loss", params(2, 2, 2), matrix(3, 2), new int[] {0, 1, 1}, 0.1);
    assertThat(r.passed()).isTrue();
    assertThat(r.table()).contains("p.W1     4/4");
    assertThat(r.table()).contains("p.b2     2/2");
  }

  /** A class of errors' sources: a record of parameters and a method whose {@code body} uses it. */
  private static javax.tools.JavaFileObject misuse(String annotation, String signature, String body) {
    return source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Misuse {
          record Params(double[] w, double[] b) {
            double norm() {
              return w[0] * w[0];
            }
          }

          record Hyper(double lambda, int epochs, String name) {}

          record Low(double[] w, float scale, Hyper h) {}

          record Deep(double[][][] T, double c) {}

          @Differentiable
          static double penalty(Params p) {
            return p.w()[0] * p.w()[0];
          }

          %s
          static double f(%s) {
            %s
          }
        }
        """.formatted(annotation, signature, body));
  }

  /** int, String components are passed through (RecordPassThroughTest); a float or a double[][][] can be neither. */
  @Test
  void wrtNamingARecordWithComponentsItCannotTakeNamesThem() {
    assertErrorsOn(misuse("@Differentiable(wrt = {\"x\", \"d\"})", "double[] x, Deep d", "return d.c() * x[0];"),
        "@Differentiable(wrt", "[FlatgradWrt]", "wrt names \"d\"", "double[][][] T can be neither differentiated nor"
        + " passed through");
    // Holding a double array, it would be differentiated by default: an error, not a silent setting.
    assertErrorsOn(misuse("@Differentiable", "Low p, double[] x", "return p.w()[0] * x[0];"),
        "static double f(Low p", "[FlatgradUnsupported]", "`p`, a Low, holds double arrays", "float scale can be"
        + " neither differentiated nor passed through", "name the parameters to differentiate in wrt");
    compileOk(misuse("@Differentiable(wrt = {\"x\"})", "Low p, double[] x", "return p.w()[0] * x[0];"));
  }

  /** Passed to a method of its class, the callee is written where it is called (RecordMethodsTest); else an error. */
  @Test
  void aRecordPassedToAMethodOfAnotherClassIsAnErrorSayingWhatToPass() {
    compileOk(misuse("@Differentiable", "Params p", "return penalty(p) + p.b()[0];"));
    assertErrorsOn(misuse("@Differentiable", "Params p", "return java.util.Objects.hashCode(p) * p.b()[0];"),
        "return java.util.Objects", "[FlatgradUnsupported]", "to `hashCode`, whose body flatgrad does not read", "(p.w(), p.b())");
  }

  @Test
  void aRecordUsedAsAWholeIsAnError() {
    // p.norm(), a method of the record, is written where it is called (RecordMethodsTest); hashCode is no method of its source.
    assertErrorsOn(misuse("@Differentiable", "Params p", "return p.hashCode() * p.w()[0];"),
        "return p.hashCode()", "[FlatgradUnsupported]", "`p`, a Params differentiated component by component, is used as a"
            + " whole here", "p.w()");
    assertErrorsOn(misuse("@Differentiable", "Params p, Params q", "p = q;\n    return p.w()[0];"),
        "p = q;", "[FlatgradUnsupported]", "`p`, a Params differentiated component by component, is assigned here");
  }

  @Test
  void aComponentWrittenIsAParameterWrite() {
    assertErrorsOn(misuse("@Differentiable", "Params p", "var w = p.w();\n    w[0] = 1.0;\n    return w[0] * p.b()[0];"),
        "w[0] = 1.0;", "[FlatgradParameterWrite]", "`w`");
  }

  @Test
  void aRecordLeftOutOfWrtIsPassedOnAsASetting() {
    Compilation calls = compileOk(source("""
        package rec;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Calls {
          public record Params(double[] w, double[] b) {}

          @Differentiable
          static double scaled(Params p, double s) {
            return s * Nd.sum(Nd.multiply(p.w(), p.b()));
          }

          @Differentiable
          static double[] shifted(Params p, double[] x) {
            return Nd.add(Nd.multiply(p.w(), x), p.b());
          }

          /** The record is a setting here: passed on to methods differentiated with respect to it. */
          @Differentiable(wrt = {"x"})
          public static double calls(Params p, double[] x) {
            return scaled(p, x[0]) + Nd.sum(Nd.square(shifted(p, x)));
          }
        }
        """));
    Loaded loaded = load(calls);
    try {
      var params = loaded.loadClass("rec.Calls$Params").getDeclaredConstructors()[0];
      params.setAccessible(true);
      Object p = params.newInstance(vector(3), vector(3));
      assertGradient(loaded, "rec.CallsGrad", "calls", p, vector(3));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aComponentsLocalNamedLikeAClassTheCodeRefersToIsRenamed() throws Exception {
    // The random-program generator's seed 7: the H.v method's stack of signs was a DoubleStack.
    Compilation named = compileOk(source("""
        package rec;

        import dev.flatgrad.annotations.Differentiable;

        class Named {
          record Params(double[] u, double[][] V) {}

          @Differentiable(hessian = true)
          static double f(Params p, double a, boolean flag) {
            double[][] DoubleStack = p.V();
            double[][] A0 = new double[2][];
            for (int i = 0; i < A0.length; i++) {
              A0[i] = DoubleStack[0].clone();
              if (flag) {
                return Math.abs(a) * A0[i][0];
              }
            }
            return a * DoubleStack[1][0];
          }
        }
        """));
    assertThat(generated(named, "rec.NamedGrad")).contains("double[][] DoubleStack2 = p.V();");
    Loaded loaded = load(named);
    var params = loaded.loadClass("rec.Named$Params").getDeclaredConstructors()[0];
    params.setAccessible(true);
    for (boolean flag : new boolean[] {true, false}) {
      assertGradient(loaded, "rec.NamedGrad", "f", params.newInstance(vector(2), matrix(2, 2)), -0.7, flag);
    }
  }

  @Test
  void aRecordReturnedIsAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Returned {
          record Params(double[] w) {}

          @Differentiable
          static Params f(Params p) {
            return p;
          }
        }
        """), "static Params f", "[FlatgradMethodShape]", "returns Params", "double, double[] or double[][]");
  }

  @Test
  void aRecordOfAnotherFileNamedInWrtSaysWhy() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.List;

        class Elsewhere {
          @Differentiable(wrt = {"x", "weights"})
          static double f(double[] x, List<Double> weights) {
            return x[0] * weights.get(0);
          }
        }
        """), "@Differentiable(wrt", "[FlatgradWrt]", "declared in this file, `List` is none");
  }
}
