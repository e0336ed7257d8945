package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.testing.Flatgrad.assertBodyErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.unindented;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * Streams over the rows of a matrix ({@code Stream<double[]>}) as users write them: a number of
 * each row ({@code mapToDouble(row -> ...)}, a helper of the row, a stream of the row in the
 * function), all the weights ({@code flatMapToDouble(Arrays::stream)}), rows given one by one
 * ({@code Stream.of(a, b, c)}). Gradients, tangents and H·v against centred differences; values
 * bit for bit, at points where the JDK's compensated sum and a plain loop's differ.
 */
class RowStreamsTest {

  private static final String ROWS = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;
      import java.util.stream.IntStream;
      import java.util.stream.Stream;

      public class Rows {
        static double r = 0.25;

        static double dot(double[] a, double[] b) {
          double s = 0.0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        static double norm(double[] v) {
          return Math.sqrt(dot(v, v));
        }

        /** The sum of the rows' norms: a reference to the user's helper. */
        @Differentiable
        public static double norms(double[][] W) {
          return Arrays.stream(W).mapToDouble(Rows::norm).sum();
        }

        @Differentiable
        public static double total(double[][] W) {
          return Arrays.stream(W).mapToDouble(r -> Arrays.stream(r).sum()).sum();
        }

        /** The best score of the rows: a helper of each row. */
        @Differentiable
        public static double bestScore(double[][] W, double[] x) {
          return Arrays.stream(W).mapToDouble(row -> dot(row, x)).max().getAsDouble();
        }

        @Differentiable
        public static double firstColumnMean(double[][] X) {
          return Arrays.stream(X).mapToDouble(r -> r[0]).average().orElse(0);
        }

        /** The L2 penalty of all the weights. */
        @Differentiable
        public static double l2(double[][] W) {
          return Arrays.stream(W).flatMapToDouble(Arrays::stream).map(w -> w * w).sum();
        }

        @Differentiable
        public static double products(double[] a, double[] b, double[] c) {
          return Stream.of(a, b, c).mapToDouble(v -> v[0] * v[1]).sum() + Stream.of(a, a, c).mapToDouble(v -> v[1]).sum()
              + Stream.of(a, b).flatMapToDouble(Arrays::stream).map(v -> v * v).sum();
        }

        @Differentiable
        public static double trace(double[][] W) {
          return IntStream.range(0, W.length).mapToDouble(i -> W[i][i]).sum();
        }

        /** A log-sum-exp of each row whose first entry is positive, in a block lambda of two streams. */
        @Differentiable
        public static double logSumExps(double[][] W) {
          return Arrays.stream(W).filter(r -> r[0] > 0).mapToDouble(r -> {
            double m = Arrays.stream(r).max().getAsDouble();
            return m + Math.log(Arrays.stream(r).map(v -> Math.exp(v - m)).sum());
          }).sum();
        }

        /** Flattenings: counted, filtered and averaged, of a filter's rows, of a block, of a part of the rows. */
        @Differentiable
        public static double flattened(double[][] W, double c) {
          long positive = Arrays.stream(W).flatMapToDouble(r -> Arrays.stream(r).map(v -> v * c)).filter(v -> v > 0).count();
          double scaled = Arrays.stream(W).flatMapToDouble(row -> Arrays.stream(row).map(v -> v / row.length))
              .filter(v -> v < 1).average().orElse(c);
          double lowest = Arrays.stream(W).flatMapToDouble(Arrays::stream).min().getAsDouble();
          double[] flat = Arrays.stream(W).filter(w -> w.length > 2).flatMapToDouble(Arrays::stream).map(v -> v * c).toArray();
          long rows = Arrays.stream(W).filter(q -> q.length > 1).count();
          double blocks = Arrays.stream(W, 1, W.length).flatMapToDouble(q -> {
            double s = c * q.length;
            return Arrays.stream(q).map(v -> v * s);
          }).map(v -> v * r).sum();
          double top = Arrays.stream(W).flatMapToDouble(Arrays::stream).filter(v -> v < c).max().orElse(-c);
          return positive * c + scaled + lowest * flat[flat.length - 1] + rows + blocks + top;
        }

        /** A row parameter named as the field the stages after it read: the row is renamed, the field read. */
        @Differentiable
        public static double shadowing(double[][] W) {
          return Arrays.stream(W).flatMapToDouble(r -> Arrays.stream(r).map(v -> v * r[0])).map(v -> v + r).sum();
        }

        /** Each entry of the long rows scaled by the entry its size points at: a filter and a map that may throw. */
        @Differentiable
        public static double pointed(double[][] W, double c) {
          return Arrays.stream(W).filter(q -> q[2] > c)
              .flatMapToDouble(q -> Arrays.stream(q).map(v -> v * q[(int) Math.abs(v)])).sum();
        }

        /** Stream.of a matrix streams its rows (varargs); of a row, that one row. */
        @Differentiable
        public static double ofAll(double[][] W, double c) {
          return Stream.of(W).mapToDouble(q -> q[1] * c).max().orElse(0.0) + Stream.of(W[0]).mapToDouble(q -> q[2]).sum();
        }
      }
      """;

  @Test
  void rowsOfARecordsComponentOfAnNdResultAndOfIntsStream() throws Exception {
    Loaded l = load(compileOk(source("""
        package st;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;
        import java.util.Arrays;

        public class Layers {
          public record Layer(double[][] W, double b) {}

          /** A ridge penalty of a record's weights, the largest activation of a var local, rows of indices picking inputs. */
          @Differentiable
          public static double f(Layer p, double[] x, int[][] pairs) {
            var h = Nd.tanh(p.W());
            return Arrays.stream(p.W()).flatMapToDouble(Arrays::stream).map(w -> w * w).sum() * p.b()
                + Arrays.stream(h).mapToDouble(row -> Arrays.stream(row).max().getAsDouble()).max().orElse(0.0)
                + Arrays.stream(pairs).mapToDouble(pair -> x[pair[0]] * x[pair[1]]).sum();
          }
        }
        """)));
    Object layer = l.loadClass("st.Layers$Layer").getDeclaredConstructors()[0].newInstance(W, 0.7);
    assertGradient(l, "st.LayersGrad", "f", layer, new double[] {1.5, -0.5, 0.25}, new int[][] {{0, 1}, {2, 2}, {1, 0}});
  }

  private static final String PLACES = """
      package st;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;

      public class Places {
        static final double[][] DATA = {{1.0, 2.0}, {-0.5, 0.25}};

        /** A helper with rows streams, differentiated where it is called. */
        @Differentiable
        public static double penalty(double[][] W, double lambda) {
          return lambda * Arrays.stream(W).flatMapToDouble(Arrays::stream).map(w -> w * w).sum();
        }

        /**
         * Rows streams in a loop whose index is j, of a local matrix, of a field's data, in an if's
         * condition and a for-each's array, one in another's function, and a call of the helper.
         */
        @Differentiable
        public static double places(double[][] W, double[] x) {
          double s = 0.0;
          int size = W.length;
          double[][] H = new double[size][2];
          for (int j = 0; j < size; j++) {
            H[j][0] = W[j][0] * x[0];
            H[j][1] = Math.tanh(W[j][1]);
            s += Arrays.stream(H).flatMapToDouble(Arrays::stream).filter(h -> h > 0).sum() * (j + 1);
          }
          if (Arrays.stream(DATA).mapToDouble(d -> d[0] * x[1]).max().getAsDouble() > 0) {
            s += 1.5 * x[1];
          }
          for (double v : Arrays.stream(W).flatMapToDouble(r -> Arrays.stream(r).map(e -> e * x[2])).toArray()) {
            s += v * v;
          }
          double nested = Arrays.stream(W).mapToDouble(a -> Arrays.stream(H).flatMapToDouble(Arrays::stream)
              .map(b -> a[0] * b).sum()).sum();
          return s + nested + penalty(W, x[0]);
        }
      }
      """;

  @Test
  void rowStreamsStandWhereTheirStatementRunsThem() {
    Loaded l = load(compileOk(source(withSecondOrder(PLACES))));
    assertGradient(l, "st.PlacesGrad", "places", W, new double[] {0.5, -1.0, 2.0});
    assertGradient(l, "st.PlacesGrad", "places", new double[][] {{-0.3, 1.2}, {0.7, 1.1}}, new double[] {-0.5, 1.0, 0.3});
  }

  private static final double[][] W = {{0.3, -1.2, 2.0}, {0.7, 1.1, -0.4}, {0.5, 0.25, 1.5}};
  private static final double[][] RAGGED = {{-0.3, 1.2, 2.0}, {0.7, 1.1}, {0.5, -0.25, 1.5, 3.0}};

  @Test
  void rowStreamsAreDifferentiatedAsTheLoopsTheyRun() {
    Loaded l = load(compileOk(source(withSecondOrder(ROWS))));
    double[] x = {0.5, -1.0, 2.0};
    for (double[][] m : new double[][][] {W, RAGGED}) {
      for (String f : new String[] {"norms", "total", "firstColumnMean", "l2", "logSumExps", "shadowing"}) {
        assertGradient(l, "st.RowsGrad", f, (Object) m);
      }
      for (double c : new double[] {0.65, -1.3}) {
        assertGradient(l, "st.RowsGrad", "flattened", m, c);
        assertGradient(l, "st.RowsGrad", "ofAll", m, c);
      }
    }
    assertGradient(l, "st.RowsGrad", "bestScore", W, x);
    assertGradient(l, "st.RowsGrad", "trace", (Object) W);
    assertGradient(l, "st.RowsGrad", "products", x, new double[] {1, 2}, new double[] {3, 4, 5});
  }

  /** Sums of the rows' entries are the JDK's compensated sums (1e16 + 1 + 1 - 1e16 is 2, not 0), and empty streams throw as Java's. */
  @Test
  void valuesAreJavasBitForBit() {
    Loaded l = load(compileOk(source(ROWS)));
    double[][] big = {{1e16, 1.0, 1.0}, {-1e16, 1.0, 3e-8}};
    double plain = 0.0;
    for (double[] row : big) {
      for (double v : row) {
        plain += v;
      }
    }
    double stream = (double) l.call("st.Rows", "total", (Object) big);
    assertNotEquals(plain, stream);
    for (String f : new String[] {"total", "l2", "shadowing", "firstColumnMean", "logSumExps"}) {
      assertEquals((double) l.call("st.Rows", f, (Object) big), d(l.call("st.RowsGrad", f, (Object) big), "value"), f);
    }
    assertEquals((double) l.call("st.Rows", "flattened", big, 1e-8), d(l.call("st.RowsGrad", "flattened", big, 1e-8), "value"));
    assertEquals(0.0, d(l.call("st.RowsGrad", "l2", (Object) new double[0][]), "value"));
    assertEquals(0.0, d(l.call("st.RowsGrad", "firstColumnMean", (Object) new double[0][]), "value"));
    for (double[][] empty : new double[][][] {new double[0][], {{}, {}}}) {
      RuntimeException expected = assertThrows(RuntimeException.class, () -> l.call("st.Rows", "flattened", empty, 0.5));
      RuntimeException actual = assertThrows(RuntimeException.class, () -> l.call("st.RowsGrad", "flattened", empty, 0.5));
      assertEquals(expected.toString(), actual.toString());
    }
  }

  /**
   * A filter of rows before a flattening runs once a row, in the loop, as Java runs it: a row too
   * short for the filter fails after an earlier row's map did (the terms array is sized by all the
   * rows' lengths, not by a loop of the filter first, which failed on the short row first).
   */
  @Test
  void aFilterBeforeAFlatteningRunsOnceARowInJavasOrder() {
    Loaded l = load(compileOk(source(ROWS)));
    for (double[][] m : new double[][][] {{{3.5, 0.1, 2.0}, {0.3}}, {{0.5, 0.1, 2.0}, {0.3}}, {{0.5, 0.1, 0.2}, {4.0, 1.0}}}) {
      RuntimeException expected = assertThrows(RuntimeException.class, () -> l.call("st.Rows", "pointed", m, 0.5));
      RuntimeException actual = assertThrows(RuntimeException.class, () -> l.call("st.RowsGrad", "pointed", m, 0.5));
      assertEquals(expected.toString(), actual.toString());
    }
    // Points away from whole entries, where the entry pointed at changes.
    for (double[][] m : new double[][][] {{{0.5, 0.1, 2.2}, {-0.2, 0.9, 0.1}, {0.8, -0.3, 1.2, 0.6}}, {{1.4, -2.5, 0.7}, {0.3, 1.6, 0.2, -0.9}}}) {
      assertGradient(l, "st.RowsGrad", "pointed", m, 0.4);
    }
  }

  /** The L2 penalty reads as the loops a person would write: the rows' lengths, then each weight in turn. */
  @Test
  void aFlatteningIsTwoLoopsOverTheRowsAndTheirEntries() {
    Compilation c = compileOk(source(ROWS));
    String l2 = unindented(generatedMethod(generated(c, "st.RowsGrad"), "L2 l2("));
    assertTrue(l2.contains("""
        int size = 0;
        for (int i = 0; i < W.length; i++) {
        size += W[i].length;
        }
        double[] terms = new double[size];
        int count = 0;
        for (int i = 0; i < W.length; i++) {
        for (int j = 0; j < W[i].length; j++) {
        double w = W[i][j];
        terms[count] = w * w;
        count++;
        }
        }
        double out = Nd.streamSum(terms, count);
        """), l2);
  }

  private static void assertError(String body, String line, String... words) {
    assertBodyErrorsOn("double[][] W = {x, x};\n" + body, line, words);
  }

  @Test
  void whatRowStreamsDoNotRewriteIsReportedOnItsLine() {
    assertError("""
            return Arrays.stream(W).collect(java.util.stream.Collectors.toList()).size();
        """, "collect", "`collect` of a stream of rows (double[])", "mapToDouble(row -> ...)", "for loop over the rows");
    assertError("""
            double[][] sorted = Arrays.stream(W)
                .sorted((a, b) -> Double.compare(a[0], b[0]))
                .toArray(double[][]::new);
            return sorted[0][0];
        """, ".sorted(", "`sorted` of a stream of rows");
    assertError("""
            return Arrays.stream(W).filter(r -> r[0] > y).toArray().length;
        """, "toArray", "`toArray` of a stream of rows");
    assertError("""
            return Arrays.stream(W).max(java.util.Comparator.comparingDouble(r -> r[0])).get()[0];
        """, "max", "`max` of a stream of rows");
    assertError("""
            return Arrays.stream(W).map(r -> r).mapToDouble(r -> r[0]).sum();
        """, "map(r -> r)", "`map` of a stream of rows", "mapToDouble(row -> ...)", "flatMapToDouble(Arrays::stream)");
    assertError("""
            return Arrays.stream(W).flatMapToDouble(r -> Arrays.stream(r, 0, 2)).sum();
        """, "flatMapToDouble", "flatMapToDouble(r -> Arrays.stream(r))");
    assertError("""
            return Arrays.stream(W)
                .flatMapToDouble(r -> Arrays.stream(r).sorted())
                .sum();
        """, ".flatMapToDouble", "`sorted` of a row's stream");
    assertError("""
            return Arrays.stream(x).mapToDouble(v -> v).sum() + java.util.stream.Stream.of(x, y).count();
        """, "Stream.of", "`Stream.of` of these values", "double[] rows");
    assertError("""
            int[][] pairs = {{0, 1}};
            return Arrays.stream(pairs).flatMapToInt(Arrays::stream).mapToDouble(i -> x[i]).sum();
        """, "flatMapToInt", "`flatMapToInt` of a stream of rows (int[])", "mapToDouble(row -> ...) of the rows");
    assertError("""
            return java.util.List.of(x, x).stream()
                .mapToDouble(v -> v[0] * y)
                .sum();
        """, "v -> v[0]", "a stream of a collection (`java.util.List.of(x, x).stream()`)", "Stream.of(a, b)");
  }
}
