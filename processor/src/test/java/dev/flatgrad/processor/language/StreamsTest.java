package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.check;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.testing.Flatgrad.assertBodyErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Stream reductions as users write them in numeric Java: sums, means and variances, log-sum-exp
 * over the maximum, softmax, norms, dot products over an index range, filtered means, streams in
 * loops and in helpers. Gradients, tangents and H·v against centred differences, values bit for
 * bit (at points where the JDK's compensated sum and a plain loop's differ).
 */
class StreamsTest {

  private static final String STATS = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;
      import java.util.stream.DoubleStream;
      import java.util.stream.IntStream;

      public class Stats {
        @Differentiable
        public static double sumOfSquares(double[] x) {
          return Arrays.stream(x).map(v -> v * v).sum();
        }

        @Differentiable
        public static double total(double[] x) {
          return Arrays.stream(x).sum();
        }

        @Differentiable
        public static double variance(double[] x) {
          double mean = Arrays.stream(x).average().getAsDouble();
          return Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
        }

        @Differentiable
        public static double logSumExp(double[] z) {
          double m = Arrays.stream(z).max().getAsDouble();
          return m + Math.log(Arrays.stream(z).map(v -> Math.exp(v - m)).sum());
        }

        @Differentiable
        public static double[] softmax(double[] z) {
          double m = Arrays.stream(z).max().orElseThrow();
          double[] e = Arrays.stream(z).map(v -> Math.exp(v - m)).toArray();
          double total = Arrays.stream(e).sum();
          return Arrays.stream(e).map(v -> v / total).toArray();
        }

        @Differentiable
        public static double norm(double[] w) {
          return Math.sqrt(Arrays.stream(w).map(v -> v * v).sum());
        }

        /** Calls of a method with a stream, through its saved values and pullback. */
        @Differentiable
        public static double normsOfRows(double[][] m) {
          double s = 0.0;
          for (int r = 0; r < m.length; r++) {
            s += norm(m[r]) * norm(m[r]);
          }
          return s;
        }

        @Differentiable
        public static double dot(double[] a, double[] b) {
          int n = a.length;
          return IntStream.range(0, n).mapToDouble(i -> a[i] * b[i]).sum();
        }

        /** The mean of the positive residuals, 0 where there are none. */
        @Differentiable
        public static double positiveResidualMean(double[] y, double[] p) {
          return IntStream.range(0, y.length).mapToDouble(i -> y[i] - p[i]).filter(r -> r > 0).average().orElse(0.0);
        }

        /** Streams in a loop: the norms of the rows, and the smallest entry of each. */
        @Differentiable
        public static double rows(double[][] m) {
          double s = 0.0;
          for (double[] row : m) {
            s += Math.sqrt(Arrays.stream(row).map(v -> v * v).sum()) + Arrays.stream(row).min().getAsDouble();
          }
          return s;
        }

        static double softplus(double v) {
          return Math.log1p(Math.exp(v));
        }

        /** A helper named only as a stream's function (a reference), differentiated as a call of it would be. */
        @Differentiable
        public static double softplusSum(double[] x) {
          return Arrays.stream(x).map(Stats::softplus).sum();
        }

        static double mean(double[] x) {
          return Arrays.stream(x).sum() / x.length;
        }

        /** A helper that streams, called in a stream's function. */
        @Differentiable
        public static double centred(double[] x) {
          double mu = mean(x);
          return Arrays.stream(x).map(v -> {
            double d = v - mu;
            return d * d * d;
          }).sum();
        }

        /** A stream in another's functions: the sum of the pairwise products above a threshold. */
        @Differentiable
        public static double pairs(double[] x, double t) {
          return Arrays.stream(x)
              .filter(u -> Arrays.stream(x).filter(w -> w > u).count() > 0)
              .map(v -> Arrays.stream(x).map(w -> w * v).filter(p -> p > t).sum())
              .sum();
        }

        /** DoubleStream.of, a range of an array, a method reference, a filter, count and min. */
        @Differentiable
        public static double mixed(double[] x, double c) {
          double low = DoubleStream.of(x[0] * c, x[1], c).min().getAsDouble();
          long big = Arrays.stream(x, 1, x.length).map(Math::exp).filter(v -> v > 1.5).count();
          double top = Arrays.stream(x).filter(v -> v < c).max().orElse(-c);
          return low * big + top + IntStream.rangeClosed(1, 3).mapToDouble(k -> k * x[k - 1]).map(v -> v * c).sum();
        }
      }
      """;

  @Test
  void reductionsAreDifferentiatedAsTheLoopsTheyRun() {
    Loaded l = load(compileOk(source(withSecondOrder(STATS))));
    double[] x = {0.3, -1.2, 2.0, 0.7};
    double[] y = {1.1, 0.4, -0.5, 2.2};
    for (String f : new String[] {"sumOfSquares", "total", "variance", "logSumExp", "norm", "centred", "softplusSum"}) {
      assertGradient(l, "st.StatsGrad", f, x);
    }
    assertGradient(l, "st.StatsGrad", "softmax", x, new double[] {0.5, -1.0, 0.25, 2.0});
    assertGradient(l, "st.StatsGrad", "dot", x, y);
    assertGradient(l, "st.StatsGrad", "positiveResidualMean", y, x);
    assertGradient(l, "st.StatsGrad", "positiveResidualMean", new double[] {-1.0, 0.0}, new double[] {0.5, 0.5});
    assertGradient(l, "st.StatsGrad", "rows", (Object) new double[][] {{0.3, -1.2, 2.0}, {0.7, 1.1, -0.4}});
    assertGradient(l, "st.StatsGrad", "normsOfRows", (Object) new double[][] {{0.3, -1.2, 2.0}, {0.7, 1.1, -0.4}});
    assertGradient(l, "st.StatsGrad", "pairs", x, 0.1);
    for (double c : new double[] {0.8, 1.6, -3.0}) {
      assertGradient(l, "st.StatsGrad", "mixed", x, c);
    }
  }

  private static final String MORE = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;
      import java.util.stream.DoubleStream;

      public class More {
        static double w = 0.5;

        static double[] scaled(double[] x, double c) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = c * x[i];
          }
          return y;
        }

        /** Streams in an if's condition, an else-if's, a for-each's array; a computed source; a field named as a parameter. */
        @Differentiable(tangent = true)
        public static double where(double[] x, double c) {
          double s = 0.0;
          if (Arrays.stream(x).map(v -> v * c).sum() > 1.0) {
            s += c;
          } else if (Arrays.stream(scaled(x, c)).filter(v -> v != 0.0).average().orElseThrow() < 0.5) {
            s -= c * c;
          }
          for (double p : Arrays.stream(x).filter(v -> v > -1.0).map(w -> w * w + w).toArray()) {
            s += p * Arrays.stream(x).map(v -> v * w).count();
          }
          double[] kept = DoubleStream.of(x).filter(v -> v > 1.0).toArray();
          return s + kept.length * Arrays.stream(kept).map(Math::sin).max().orElse(c);
        }
      }
      """;

  @Test
  void streamsStandWhereTheirStatementRunsThem() {
    Loaded l = load(compileOk(source(MORE)));
    for (double c : new double[] {0.3, 1.7, -0.4}) {
      assertGradient(l, "st.MoreGrad", "where", new double[] {0.3, -1.2, 2.0, 0.7}, c);
      assertGradient(l, "st.MoreGrad", "where", new double[] {-0.3, -1.2, -2.0}, c);
    }
    for (double c : new double[] {0.3, 1.7, -0.4}) {
      GradCheck.Report r = check(l, "st.MoreGrad", "whereTangent", new double[] {0.3, -1.2, 2.0}, c,
          new double[] {1.0, 0.5, -0.25}, 0.75);
      assertTrue(r.passed(), r::table);
    }
  }

  private static final String EDGES = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;
      import java.util.stream.IntStream;

      public class Edges {
        /** Part of an array, an int[] of indices, counts of ranges (empty ones too), a closed range, a reference as a filter. */
        @Differentiable
        public static double edges(double[] x, int[] idx, int n, double c) {
          double inner = Arrays.stream(x, 1, 3).map(v -> v * c).sum();
          double picked = Arrays.stream(idx).mapToDouble(i -> x[i] * x[i]).sum();
          double counted = IntStream.range(0, n).count() + IntStream.range(2, n).filter(k -> x[k % x.length] > 0).count();
          double closed = IntStream.rangeClosed(n - 3, n).mapToDouble(k -> x[Math.floorMod(k, x.length)]).map(Math::sin).sum();
          double none = IntStream.range(n, 2).mapToDouble(k -> x[0]).sum();
          double lowest = Arrays.stream(x).filter(Double::isFinite).min().orElse(0.0);
          double huge = Arrays.stream(x).filter(v -> v > 100.0).max().orElse(Math.cos(c) * x[idx.length - 1]);
          if (x.length > 10) {
            throw new IllegalArgumentException("too long: " + Arrays.stream(x).count());
          }
          return inner + picked + c * counted + closed + none + lowest + huge;
        }
      }
      """;

  @Test
  void sourcesCountAndRangeAsJavaDoes() {
    Loaded l = load(compileOk(source(withSecondOrder(EDGES))));
    double[] x = {0.3, -1.2, 2.0, 0.7};
    for (int n : new int[] {-2, 0, 1, 4, 7}) {
      assertGradient(l, "st.EdgesGrad", "edges", x, new int[] {3, 0, 3}, n, 0.6);
    }
    double[] tooLong = new double[11];
    RuntimeException expected = assertThrows(RuntimeException.class, () -> l.call("st.Edges", "edges", tooLong, new int[0], 1, 0.5));
    RuntimeException actual = assertThrows(RuntimeException.class, () -> l.call("st.EdgesGrad", "edges", tooLong, new int[0], 1, 0.5));
    assertEquals(expected.toString(), actual.toString());
  }

  @Test
  void aRecordsComponentsStream() throws Exception {
    Loaded l = load(compileOk(source("""
        package st;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        public class Fit {
          public record Params(double[] w, double b) {}

          /** A ridge penalty of the weights and a mean of the inputs, read through the record. */
          @Differentiable
          public static double fit(Params p, double[] x) {
            return Arrays.stream(p.w()).map(v -> v * v).sum() + p.b() * Arrays.stream(x).average().orElse(0.0);
          }
        }
        """)));
    var constructor = l.loadClass("st.Fit$Params").getDeclaredConstructors()[0];
    Object p = constructor.newInstance(new double[] {0.3, -1.2, 2.0}, 0.7);
    assertGradient(l, "st.FitGrad", "fit", p, new double[] {1.5, -0.5});
  }

  /**
   * 1e16 + 1 + 1 - 1e16 + 1 is 1 added in order (each 1 lost against 1e16), 3 by the JDK's
   * compensated sum: the generated code's value is the stream's, not a plain loop's.
   */
  @Test
  void sumsAreTheJdksCompensatedSumsBitForBit() {
    Loaded l = load(compileOk(source(STATS)));
    double[] x = {1e16, 1.0, 1.0, -1e16, 1.0};
    double plain = 0.0;
    for (double v : x) {
      plain += v;
    }
    double stream = (double) l.call("st.Stats", "total", (Object) x);
    assertNotEquals(plain, stream);
    assertEquals(stream, d(l.call("st.StatsGrad", "total", (Object) x), "value"));
    for (String f : new String[] {"sumOfSquares", "variance", "norm", "centred"}) {
      double[] small = {1.0, 1e-8, 1e-8, 1e-8, 1e-8, 3e-8};
      assertEquals((double) l.call("st.Stats", f, (Object) small), d(l.call("st.StatsGrad", f, (Object) small), "value"), f);
    }
    double[] a = {1e8, 1.0, 1.0, -1e8};
    double[] b = {1e8, 1e-9, 1e-9, 1e8};
    assertEquals((double) l.call("st.Stats", "dot", a, b), d(l.call("st.StatsGrad", "dot", a, b), "value"));
  }

  @Test
  void emptyStreamsThrowWhatJavaThrows() {
    Loaded l = load(compileOk(source(STATS)));
    for (String f : new String[] {"variance", "logSumExp"}) {
      RuntimeException expected = assertThrows(RuntimeException.class, () -> l.call("st.Stats", f, (Object) new double[0]));
      RuntimeException actual = assertThrows(RuntimeException.class, () -> l.call("st.StatsGrad", f, (Object) new double[0]));
      assertEquals(expected.toString(), actual.toString());
    }
    assertEquals(0.0, d(l.call("st.StatsGrad", "total", (Object) new double[0]), "value"));
  }

  /** Runs the method and its gradient on the same arguments: both throw the same exception, message and all. */
  private static void assertSameThrow(Loaded l, String cls, String method, Object... args) {
    RuntimeException expected = assertThrows(RuntimeException.class, () -> l.call("st." + cls, method, args));
    RuntimeException actual = assertThrows(RuntimeException.class, () -> l.call("st." + cls + "Grad", method, args));
    assertEquals(expected.toString(), actual.toString());
  }

  private static final String CHECKS = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;
      import java.util.stream.IntStream;

      public class Checks {
        /** Counts the positives after a map that reads the array at each: Java runs the map, which may throw. */
        @Differentiable
        public static double countedAfterMap(double[] x, double c) {
          long n = Arrays.stream(x).filter(v -> v > 0).map(v -> x[(int) v]).count();
          return c * n + Arrays.stream(x).filter(v -> v > 0).map(v -> v * c).filter(v -> v < 5).map(Math::log).count();
        }

        /** Counts even positions after an int map that divides by an element: Java runs it, which may throw. */
        @Differentiable
        public static double countedIntMap(double[] x, int[] idx, double c) {
          return c * IntStream.range(0, idx.length).filter(k -> k % 2 == 0).map(k -> 12 / idx[k]).count() + x[0];
        }

        /** Part of an array between bounds the caller gives: Java checks them before it sums. */
        @Differentiable
        public static double part(double[] x, int from, int to) {
          return Arrays.stream(x, from, to).map(v -> v * v).sum() + Arrays.stream(x, 1, to).sum();
        }
      }
      """;

  @Test
  void countsRunTheMapsAfterTheLastFilter() {
    Compilation c = compileOk(source(CHECKS));
    // The map that may throw runs into a local nobody reads; the one that cannot (Math.log) does not run.
    String grad = generated(c, "st.ChecksGrad");
    assertTrue(grad.contains("double mapped = x[(int) v];\n"), grad);
    assertTrue(!grad.contains("Math.log"), grad);
    Loaded l = load(c);
    assertGradient(l, "st.ChecksGrad", "countedAfterMap", new double[] {0.5, -1.0, 1.5}, 0.7);
    assertGradient(l, "st.ChecksGrad", "countedAfterMap", new double[] {0.5, -1.0, 1.5}, -0.7);
    assertSameThrow(l, "Checks", "countedAfterMap", new double[] {0.5, 7.0}, 0.7);
    assertTrue(grad.contains("int mapped = 12 / idx[k];\n"), grad);
    assertGradient(l, "st.ChecksGrad", "countedIntMap", new double[] {0.5, -1.0}, new int[] {3, 0, 4}, 0.7);
    assertSameThrow(l, "Checks", "countedIntMap", new double[] {0.5, -1.0}, new int[] {3, 1, 0}, 0.7);
  }

  @Test
  void rangesOutOfTheArrayThrowAsArraysStreamDoes() {
    Loaded l = load(compileOk(source(CHECKS)));
    assertGradient(l, "st.ChecksGrad", "part", new double[] {0.3, -1.2, 2.0, 0.7}, 0, 3);
    assertGradient(l, "st.ChecksGrad", "part", new double[] {0.3, -1.2, 2.0, 0.7}, 2, 4);
    for (int[] bounds : new int[][] {{0, 9}, {-1, 2}, {3, 2}, {-1, -2}, {2, 2}}) {
      if (bounds[0] == 2) {
        assertGradient(l, "st.ChecksGrad", "part", new double[] {0.3, -1.2, 2.0}, 2, 2);
        continue;
      }
      assertSameThrow(l, "Checks", "part", new double[] {0.3, -1.2, 2.0}, bounds[0], bounds[1]);
    }
  }

  /** A class of the user's own named Arrays (java.util's not imported) is the user's: its stream is a call. */
  @Test
  void anArraysOfTheUsersOwnIsNotJavaUtils() {
    for (String imports : new String[] {"", "import java.util.*;\n"}) {
      Loaded l = load(compileOk(source("""
          package st;

          import dev.flatgrad.annotations.Differentiable;
          %s
          public class Own {
            @Differentiable
            public static double f(double[] x) {
              return Arrays.stream(x) * x[1];
            }
          }

          class Arrays {
            static double stream(double[] a) {
              return a[0] * a[0];
            }
          }
          """.formatted(imports))));
      assertGradient(l, "st.OwnGrad", "f", new double[] {0.3, -1.2, 2.0});
    }
  }

  private static final String ND_LOCALS = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;

      public class NdLocals {
        static double[] twice(double[] x) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = 2 * x[i];
          }
          return y;
        }

        /** `var` locals of Nd's element-wise, broadcasting, axis and product functions and of a helper, streamed. */
        @Differentiable
        public static double f(double[] x, double[][] m) {
          var t = Nd.tanh(x);
          var shifted = Nd.add(1.0, Nd.multiply(t, x));
          var rows = Nd.sum(Nd.square(m), 1);
          var mv = Nd.dot(m, x);
          var h = twice(x);
          var sm = Nd.subtract(m, x);
          return Arrays.stream(t).map(e -> e * 2).sum() + Arrays.stream(shifted).average().getAsDouble()
              + Arrays.stream(rows).map(Math::sqrt).sum() * Arrays.stream(mv).max().getAsDouble()
              + Arrays.stream(h).map(v -> v * v).sum() + Arrays.stream(Nd.flatten(sm)).sum();
        }
      }
      """;

  @Test
  void varLocalsOfNdCallsAndHelpersStreamAsTheirArrays() {
    Loaded l = load(compileOk(source(ND_LOCALS)));
    double[] x = {0.3, -1.2, 2.0};
    double[][] m = {{0.3, -1.2, 2.0}, {0.7, 1.1, -0.4}};
    assertGradient(l, "st.NdLocalsGrad", "f", x, m);
    double[] big = {1e16, 1.0, -1e16};
    double[][] bm = {{1e16, 1.0, 1.0}, {-1e16, 1.0, 3e-8}};
    assertEquals((double) l.call("st.NdLocals", "f", big, bm), d(l.call("st.NdLocalsGrad", "f", big, bm), "value"));
  }

  private static void assertError(String body, String line, String... words) {
    assertBodyErrorsOn(body, line, words);
  }

  @Test
  void formsOutsideTheRewriteAreReportedOnTheirLine() {
    assertError("""
            double s = Arrays.stream(x)
                .sorted()
                .sum();
            return s;
        """, ".sorted()", "`sorted`", "for loop");
    assertError("""
            return Arrays.stream(x).reduce(0.0, (a, b) -> a + b);
        """, "reduce", "`reduce`");
    assertError("""
            return Arrays.stream(x).map(v -> v * y).boxed().mapToDouble(v -> v).sum();
        """, "boxed", "`boxed`");
    assertError("""
            return Arrays.stream(x).parallel().sum();
        """, "parallel", "`parallel`");
    assertError("""
            return y > 0 && Arrays.stream(x).sum() > 1 ? 1.0 : y;
        """, "Arrays.stream", "right operand of &&", "local");
    assertError("""
            return y > 0 ? Arrays.stream(x).sum() : y;
        """, "Arrays.stream", "arm of ?:", "local");
    assertError("""
            double s = y;
            while (Arrays.stream(x).sum() > s) {
              s += 1.0;
            }
            return s;
        """, "while (", "header of a while", "local");
    assertError("""
            double a = y, b = Arrays.stream(x).map(v -> v * a).sum();
            return b;
        """, "double a = y", "several variables", "statement of its own");
    assertError("""
            java.util.stream.DoubleStream s = Arrays.stream(x).map(v -> v * y);
            return s.sum();
        """, "DoubleStream s", "kept as a value");
    assertError("""
            return Arrays.stream(x).max().orElseThrow(IllegalStateException::new);
        """, "orElseThrow", "`orElseThrow`", "getAsDouble()");
    assertError("""
            return Arrays.stream(x).distinct().limit(2).sum();
        """, "distinct", "`distinct`");
    assertError("""
            double[] h = new double[x.length];
            Arrays.stream(x).forEach(v -> h[0] += v);
            return h[0];
        """, "forEach", "`forEach`");
    assertError("""
            return IntStream.range(0, x.length).sum();
        """, "IntStream.range", "`sum()` of an IntStream", "mapToDouble");
  }
}
