package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertTangent;
import static dev.flatgrad.processor.testing.Flatgrad.assertBodyErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.unindented;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Streams as users mix them with the rest of the language: dot products of an index range in a
 * loop, streams in helpers called from loops, over a record's matrix, {@code average().orElse(0)}
 * guards, {@code max()} as the stabilising shift of softmax and log-sum-exp (gradient-free, as the
 * loop form's), {@code DoubleStream.of} of expressions, {@code toArray()} then written in place,
 * nested streams, streams in conditions and compound assignments, a stream's array result; all
 * with tangents and H·v ({@code hessian = true}). What they do not rewrite is one error on its line.
 */
class StreamsRedTeamTest {

  private static final String MIXED = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;
      import java.util.stream.DoubleStream;
      import java.util.stream.IntStream;

      public class Mixed {
        public record Layer(double[][] W, double[] b) {}

        static double dot(double[] w, double[] x) {
          return IntStream.range(0, w.length).mapToDouble(i -> w[i] * x[i]).sum();
        }

        static double sumOf(double... v) {
          return DoubleStream.of(v).sum();
        }

        @Differentiable
        public static double dotsInLoop(double[][] W, double[] x) {
          double s = 0.0;
          for (int r = 0; r < W.length; r++) {
            int k = r;
            s += Math.tanh(IntStream.range(0, x.length).mapToDouble(i -> W[k][i] * x[i]).sum());
          }
          return s;
        }

        @Differentiable
        public static double helperInLoop(double[][] W, double[] x) {
          double s = 0.0;
          for (double[] row : W) {
            s += Math.exp(-dot(row, x));
          }
          return s + sumOf(x[0], x[1] * x[2], s);
        }

        @Differentiable
        public static double recordRows(Layer p, double[] x) {
          return Arrays.stream(p.W()).mapToDouble(row -> IntStream.range(0, row.length).mapToDouble(i -> row[i] * x[i])
              .sum()).map(Math::tanh).sum() + Arrays.stream(p.b()).map(v -> v * v).sum();
        }

        @Differentiable
        public static double recordLoop(Layer p, double[] x) {
          double out = 0.0;
          for (int r = 0; r < p.W().length; r++) {
            double[] row = p.W()[r];
            out += p.b()[r] * Arrays.stream(row).map(v -> v * x[0]).max().getAsDouble();
          }
          return out;
        }

        @Differentiable
        public static double guardedMean(double[] x, double t) {
          double m = Arrays.stream(x).filter(v -> v > t).average().orElse(0);
          double n = Arrays.stream(x).filter(v -> v < -5).average().orElse(0.0);
          return m * m + t * n + Arrays.stream(x).map(v -> v * t).average().orElse(t);
        }

        @Differentiable
        public static double softmaxStreams(double[] z, int k) {
          double m = Arrays.stream(z).max().getAsDouble();
          double[] e = Arrays.stream(z).map(v -> Math.exp(v - m)).toArray();
          double s = Arrays.stream(e).sum();
          return e[k] / s;
        }

        @Differentiable
        public static double scaledLse(double[] z, double t) {
          double m = Arrays.stream(z).map(v -> v * t).max().getAsDouble();
          return m + Math.log(Arrays.stream(z).map(v -> Math.exp(v * t - m)).sum());
        }

        @Differentiable
        public static double rowsLse(double[][] Z) {
          double total = 0.0;
          for (double[] z : Z) {
            double m = Arrays.stream(z).max().orElse(0);
            total += m + Math.log(Arrays.stream(z).map(v -> Math.exp(v - m)).sum());
          }
          return total;
        }

        @Differentiable
        public static double ofExpressions(double a, double[] x) {
          return DoubleStream.of(a * x[0], Math.sin(a), x[1] / (1 + a * a), Nd.sum(x)).map(v -> v * v).sum()
              + DoubleStream.of(a).max().getAsDouble() * DoubleStream.of(x[2], -a).min().getAsDouble();
        }

        @Differentiable
        public static double arrayThenUse(double[] x, double a) {
          double[] sq = Arrays.stream(x).map(v -> v * v).toArray();
          sq[0] += a;
          for (int i = 1; i < sq.length; i++) {
            sq[i] *= sq[i - 1];
          }
          double[] kept = Arrays.stream(sq).filter(v -> v > 0.1).toArray();
          return Nd.sum(sq) + sq[1] * sq[2] + kept.length * a + Nd.dot(sq, x);
        }

        @Differentiable
        public static double nested(double[] x, double[] y) {
          return Arrays.stream(x).map(v -> v * Arrays.stream(y).map(w -> w * v).sum()).sum()
              + IntStream.range(0, x.length).mapToDouble(i -> IntStream.range(0, y.length)
                  .mapToDouble(j -> x[i] * y[j] * (i + j)).sum()).max().getAsDouble();
        }

        @Differentiable
        public static double iteratedSoftmax(double[] x, double t) {
          double[] h = x.clone();
          for (int step = 0; step < 3; step++) {
            double m = Arrays.stream(h).max().getAsDouble();
            for (int i = 0; i < h.length; i++) {
              h[i] = Math.exp(t * (h[i] - m));
            }
            double s = Arrays.stream(h).sum();
            for (int i = 0; i < h.length; i++) {
              h[i] /= s;
            }
          }
          return h[0];
        }

        @Differentiable
        public static double counted(double[] x, double a) {
          long n = Arrays.stream(x).filter(v -> v > 0).count();
          int m = (int) Arrays.stream(x).filter(v -> v * a < 0.5).count();
          return a * n + m * a * a + IntStream.rangeClosed(1, 3).mapToDouble(i -> Math.pow(a, i) / i).sum();
        }

        @Differentiable
        public static double minThrow(double[] x, double a) {
          double lo = Arrays.stream(x).map(v -> v + a).min().orElseThrow();
          return lo * a + (Arrays.stream(x).sum() > 0 ? a : -a);
        }

        @Differentiable
        public static double rowParts(double[][] W, double a) {
          double s = 0.0;
          for (int k = 0; k < W.length; k++) {
            s += Arrays.stream(W[k]).map(v -> v * a).sum() * Arrays.stream(W[k], 1, 3).average().getAsDouble();
            if (Arrays.stream(W[k]).max().getAsDouble() > 0.5) {
              s *= a;
            }
          }
          return s;
        }

        @Differentiable
        public static double compound(double[] x, double a) {
          double s = a;
          s *= Arrays.stream(x).max().getAsDouble();
          s += Arrays.stream(x).map(v -> v - a).map(v -> v * v).average().getAsDouble();
          s /= 1 + Arrays.stream(x).map(Math::abs).sum();
          return Math.sqrt(s * s + 1);
        }

        @Differentiable
        public static double[] arrayResult(double[] x, double a) {
          double total = Arrays.stream(x).map(v -> v * a).sum();
          return Arrays.stream(x).map(v -> v * a / total).toArray();
        }
      }
      """;

  private static final double[] X = {0.3, -0.7, 1.1};
  private static final double[][] W = {{0.2, -0.4, 0.9}, {-1.3, 0.45, 0.25}, {0.6, 0.8, -0.1}};

  /** Each program's gradient, tangent and H·v against centred differences, values bit for bit. */
  @Test
  void streamsMixedWithLoopsHelpersRecordsAndArraysAreDifferentiated() throws Exception {
    Loaded l = load(compileOk(source(withSecondOrder(MIXED))));
    String c = "rt.MixedGrad";
    assertGradient(l, c, "dotsInLoop", W, X);
    assertGradient(l, c, "helperInLoop", W, X);
    Object layer = l.loadClass("rt.Mixed$Layer").getDeclaredConstructors()[0].newInstance(W, new double[] {0.4, -0.2, 0.7});
    assertGradient(l, c, "recordRows", layer, X);
    assertGradient(l, c, "recordLoop", layer, X);
    assertGradient(l, c, "guardedMean", X, 0.1);
    assertGradient(l, c, "guardedMean", X, 2.0);
    assertGradient(l, c, "softmaxStreams", X, 1);
    assertGradient(l, c, "scaledLse", X, 0.7);
    assertGradient(l, c, "rowsLse", (Object) W);
    assertGradient(l, c, "ofExpressions", 0.4, X);
    assertGradient(l, c, "arrayThenUse", X, 0.4);
    assertGradient(l, c, "nested", X, new double[] {0.5, -0.25});
    assertGradient(l, c, "iteratedSoftmax", X, 0.8);
    assertGradient(l, c, "counted", X, 0.6);
    assertGradient(l, c, "minThrow", X, 0.6);
    assertGradient(l, c, "rowParts", W, 0.6);
    assertGradient(l, c, "compound", X, 0.6);
    assertGradient(l, c, "arrayResult", X, 0.6, new double[] {1.0, -0.5, 0.25});
  }

  /**
   * The max of a softmax or log-sum-exp gets no gradient, as a loop's: by {@code getAsDouble()},
   * of scaled values, and by {@code orElse(0)} (the empty stream's value put in the running max,
   * not chosen by a conditional the shift rule cannot see through).
   */
  @Test
  void aStreamsStabilisingMaxIsGradientFree() {
    String code = generated(compileOk(source(MIXED)), "rt.MixedGrad");
    for (String f : new String[] {"SoftmaxStreams softmaxStreams(", "ScaledLse scaledLse(", "RowsLse rowsLse("}) {
      String body = generatedMethod(code, f);
      assertThat(body).doesNotContain("double dm");
      assertThat(body).doesNotContain("maxStack");
    }
    assertThat(unindented(generatedMethod(code, "RowsLse rowsLse("))).contains("""
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
        m = Math.max(m, z[i]);
        }
        if (z.length == 0) {
        m = 0;
        }
        """);
  }

  /** orElse's value is the max of an empty stream (a log-sum-exp of no terms: -Infinity, as Java's). */
  @Test
  void orElseGivesAnEmptyStreamsValue() {
    Loaded l = load(compileOk(source(MIXED)));
    double[][] rows = {{}, {0.5, -0.25}};
    assertEquals((double) l.call("rt.Mixed", "rowsLse", (Object) rows), d(l.call("rt.MixedGrad", "rowsLse", (Object) rows), "value"));
  }

  /**
   * Streams where users put them: in a record's methods called in a loop, in switch arms (a
   * user's method reference), in a labelled loop left by break and continue, in an exception's
   * message, in an array initializer returned, recomputing a local array, over index ranges.
   */
  private static final String PLACES = """
      package pl;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;
      import java.util.stream.DoubleStream;
      import java.util.stream.IntStream;

      public class Places {
        public record Model(double[] w, double scale) {
          double norm() {
            return Math.sqrt(Arrays.stream(w).map(v -> v * v).sum());
          }

          double fit(double[] x) {
            return IntStream.range(0, x.length).mapToDouble(i -> w[i] * x[i]).sum() * scale;
          }
        }

        static double s0(double v) {
          return Math.sin(v) * v;
        }

        @Differentiable
        public static double recordMethods(Model m, double[] x) {
          double s = 0.0;
          for (int k = 0; k < 2; k++) {
            s += m.fit(x) / m.norm();
          }
          return s;
        }

        @Differentiable
        public static double switched(double[] x, int mode, double a) {
          double s;
          switch (mode) {
            case 0 -> s = Arrays.stream(x).map(v -> v * a).sum();
            case 1 -> s = Arrays.stream(x).map(Places::s0).max().getAsDouble() * a;
            default -> s = a * DoubleStream.of(x).average().orElse(a);
          }
          return s;
        }

        @Differentiable
        public static double labelled(double[][] W, double a) {
          double s = 0.0;
          outer:
          for (int k = 0; k < W.length; k++) {
            for (int j = 0; j < 2; j++) {
              double t = Arrays.stream(W[k]).map(v -> v * a).sum();
              if (t > 5) {
                break outer;
              }
              if (t < -5) {
                continue outer;
              }
              s += t * j;
            }
          }
          return s;
        }

        @Differentiable
        public static double thrown(double[] x, double a) {
          if (a > 10) {
            throw new IllegalArgumentException("too big: " + Arrays.stream(x).sum());
          }
          double[] out = new double[x.length];
          for (int k = 0; k < x.length; k++) {
            int kk = k;
            out[k] = IntStream.range(0, x.length).filter(i -> i != kk).mapToDouble(i -> x[i] * a).sum();
          }
          return Nd.dot(out, out);
        }

        @Differentiable
        public static double[] pair(double[] x, double a) {
          return new double[] {Arrays.stream(x).map(v -> v * a).sum(), Arrays.stream(x).max().getAsDouble() * a};
        }

        @Differentiable
        public static double shrinking(double[] x, double a) {
          double[] v = x.clone();
          for (int it = 0; it < 3; it++) {
            double mean = Arrays.stream(v).average().getAsDouble();
            v = Arrays.stream(v).map(u -> a * (u - mean) + u * x.length).toArray();
          }
          return Arrays.stream(v).sum();
        }

        @Differentiable
        public static double taken(double[] x, int n) {
          double[] first = IntStream.range(0, n).mapToDouble(i -> x[i] * x[i]).toArray();
          double[] rest = IntStream.rangeClosed(n, x.length - 1).mapToDouble(i -> x[i]).toArray();
          return Nd.sum(first) * Nd.sum(rest) + first.length;
        }
      }
      """;

  private static final String INSTANCE = """
      package fw;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;

      public class Inst {
        private final double[] data = {0.5, 1.5, -2.0};

        @Differentiable
        public double loss(double[] w) {
          return Arrays.stream(data).map(d -> d * w[0] - w[1]).map(r -> r * r).average().getAsDouble();
        }
      }
      """;

  @Test
  void streamsStandWhereverTheirStatementRuns() throws Exception {
    Loaded l = load(compileOk(source(withSecondOrder(PLACES))));
    Object model = l.loadClass("pl.Places$Model").getDeclaredConstructors()[0].newInstance(new double[] {0.2, 0.1, -0.3}, 1.5);
    assertGradient(l, "pl.PlacesGrad", "recordMethods", model, X);
    for (int mode = 0; mode < 3; mode++) {
      assertGradient(l, "pl.PlacesGrad", "switched", X, mode, 0.7);
    }
    double[][] ragged = {{0.2, -0.4}, {0.9, 0.1, 0.3}};
    assertGradient(l, "pl.PlacesGrad", "labelled", ragged, 1.5);
    assertGradient(l, "pl.PlacesGrad", "labelled", ragged, 5.5);
    assertGradient(l, "pl.PlacesGrad", "thrown", X, 0.4);
    assertGradient(l, "pl.PlacesGrad", "pair", X, 0.4, new double[] {1, -2});
    assertGradient(l, "pl.PlacesGrad", "shrinking", X, 0.4);
    assertGradient(l, "pl.PlacesGrad", "taken", X, 2);
    Loaded instance = load(compileOk(source(withSecondOrder(INSTANCE))));
    Object self = instance.loadClass("fw.Inst").getDeclaredConstructor().newInstance();
    assertGradient(instance, "fw.InstGrad", "loss", self, new double[] {0.4, -0.2});
  }

  /**
   * Forward mode ({@code tangent = true}) and H·v ({@code hessian = true}) of streams: over index
   * windows in a loop, of a record's weights and matrix rows through a helper, statistics of
   * {@code var} locals, a stream's array result, a for-each over a stream's array, a count as a
   * loop's bound.
   */
  private static final String FORWARD = """
      package fw;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;
      import java.util.stream.DoubleStream;
      import java.util.stream.IntStream;

      public class Fw {
        static final double[] PRIOR = {0.5, -0.5, 1.0};

        public record Model(double[] w, double[][] V, double scale) {}

        static double score(double[] r, double[] x) {
          return Arrays.stream(r).map(v -> v * x[0]).sum() + r[0];
        }

        static double s0(double v) {
          return Math.sin(v);
        }

        @Differentiable(tangent = true)
        public static double windows(double[] x, double a) {
          double s = 0.0;
          for (int k = 1; k < x.length; k++) {
            int from = k - 1;
            s += IntStream.range(from, x.length).mapToDouble(i -> x[i] * (i - from + a)).sum();
            s += Arrays.stream(x, 0, k).map(v -> v * s0(v)).max().getAsDouble();
          }
          return s;
        }

        @Differentiable(tangent = true)
        public static double model(Model m, double[] x) {
          double fit = IntStream.range(0, x.length).mapToDouble(i -> m.w()[i] * x[i]).sum() * m.scale();
          double rows = Arrays.stream(m.V()).mapToDouble(r -> score(r, x)).map(Math::tanh).average().orElse(0);
          double prior = IntStream.range(0, PRIOR.length).mapToDouble(i -> (m.w()[i] - PRIOR[i]) * (m.w()[i] - PRIOR[i]))
              .sum();
          return fit + rows + 0.1 * prior;
        }

        @Differentiable(hessian = true)
        public static double stats(double[] x) {
          var mean = Arrays.stream(x).average().getAsDouble();
          var sd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length);
          double[] z = Arrays.stream(x).map(v -> (v - mean) / sd).toArray();
          double kurt = DoubleStream.of(z).map(v -> v * v * v * v).average().orElse(3);
          long big = Arrays.stream(z).filter(v -> Math.abs(v) > 1).count();
          return kurt + big * mean + Nd.sum(z) * sd;
        }

        @Differentiable(tangent = true)
        public static double[] normalised(double[] x, double t) {
          double n = Math.sqrt(Arrays.stream(x).map(v -> v * v).sum());
          return Arrays.stream(x).map(v -> t * v / n).toArray();
        }

        @Differentiable(hessian = true)
        public static double cases(double[] x, double a) {
          double r = 0.0;
          for (double v : Arrays.stream(x).map(u -> u * a).filter(u -> u > -0.5).toArray()) {
            r += v * v;
          }
          double top = DoubleStream.of(x[0] * a, x[1] + a, Math.exp(x[2])).max().getAsDouble();
          int n = (int) Arrays.stream(x).filter(u -> u > 0).count();
          for (int i = 0; i < n; i++) {
            r += x[i] * top;
          }
          return r;
        }
      }
      """;

  @Test
  void streamsInForwardModeAndSecondOrder() throws Exception {
    Loaded l = load(compileOk(source(FORWARD)));
    Random random = new Random(3);
    assertGradient(l, "fw.FwGrad", "windows", X, 0.4);
    assertTangent(l, "fw.FwGrad", "windows", random, X, 0.4);
    Object model = l.loadClass("fw.Fw$Model").getDeclaredConstructors()[0].newInstance(new double[] {0.2, 0.1, -0.3},
        new double[][] {{0.2, -0.4}, {0.9, 0.1, 0.3}}, 1.5);
    assertGradient(l, "fw.FwGrad", "model", model, X);
    assertTangent(l, "fw.FwGrad", "model", random, model, X);
    assertGradient(l, "fw.FwGrad", "stats", (Object) new double[] {0.3, -0.7, 1.1, 2.5});
    assertGradient(l, "fw.FwGrad", "normalised", X, 0.4, new double[] {1, 2, -1});
    assertTangent(l, "fw.FwGrad", "normalised", random, X, 0.4);
    assertGradient(l, "fw.FwGrad", "cases", X, 0.8);
  }

  /** A stream left as written is reported once, as the stream: not again for its functions. */
  @Test
  void aStreamLeftInALoopsHeaderOrAsAStatementIsOneError() {
    assertOneError("""
            double[] v = x.clone();
            int k = 0;
            while (Arrays.stream(v).map(Math::abs).max().getAsDouble() > 0.2 && k < 5) {
              v[0] *= y;
              k++;
            }
            return v[0];
        """, "while (", "a stream in the header of a while loop", "compute it into a local first");
    assertOneError("""
            double s = 0;
            for (int i = 0; i < Arrays.stream(x).map(v -> v * y).filter(v -> v > 0).count(); i++) {
              s += x[i];
            }
            return s;
        """, "for (", "a stream in the header of a for loop");
    assertOneError("""
            do {
              y *= 0.5;
            } while (Arrays.stream(x).map(Math::abs).sum() * y > 1);
            return y;
        """, "} while", "a stream in the header of a do loop");
    assertOneError("""
            double[] s = {0};
            Arrays.stream(x).forEach(v -> s[0] += v * y);
            return s[0];
        """, "forEach", "`forEach` on a stream is not supported", "write a for loop");
  }

  private static void assertOneError(String body, String line, String... words) {
    assertBodyErrorsOn(body, line, words);
    var c = dev.flatgrad.processor.testing.Flatgrad.compile(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;
        import java.util.stream.IntStream;

        class Bad {
          @Differentiable
          static double f(double[] x, double y) {
        %s
          }
        }
        """.formatted(body)));
    assertEquals(1, c.errors().size(), c.errors().toString());
  }
}
