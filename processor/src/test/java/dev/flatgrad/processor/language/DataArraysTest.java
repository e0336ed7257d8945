package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

/**
 * The arrays that carry data beside the differentiated values: masks ({@code boolean[]},
 * {@code boolean[][]}), index tables ({@code int[][]}, an edge list), ids ({@code long[]}), as
 * parameters, locals, fields and arguments of calls, read and written. Gradients, tangents and
 * H·v against centred differences, values bit for bit.
 */
class DataArraysTest {

  private static final String DATA = """
      package da;

      import dev.flatgrad.annotations.Differentiable;

      class Data {
        private final boolean[] frozen;
        private final int[][] pairs;

        Data(boolean[] frozen, int[][] pairs) {
          this.frozen = frozen;
          this.pairs = pairs;
        }

        /** A dropout mask: kept entries squared, dropped ones scaled. */
        @Differentiable
        static double masked(double[] x, boolean[] keep) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += keep[i] ? x[i] * x[i] : 0.5 * x[i];
          }
          return s;
        }

        /** A graph's weighted Laplacian energy over an edge list. */
        @Differentiable
        static double graph(double[] x, int[][] edges, double[] w) {
          double s = 0.0;
          for (int[] e : edges) {
            double d = x[e[0]] - x[e[1]];
            s += w[e[0]] * d * d;
          }
          int[][] twice = new int[edges.length][];
          for (int k = 0; k < edges.length; k++) {
            twice[k] = new int[] {edges[k][1], edges[k][0]};
          }
          for (int k = 0; k < twice.length; k++) {
            s += Math.sin(x[twice[k][0]]) * x[twice[k][1]];
          }
          return s;
        }

        /** A mask computed, read, flipped in place and read again: the backward pass needs its old entries. */
        @Differentiable
        static double flipped(double[] x) {
          boolean[] positive = new boolean[x.length];
          for (int i = 0; i < x.length; i++) {
            positive[i] = x[i] > 0.0;
          }
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            if (positive[i]) {
              s += x[i] * x[i];
            }
            positive[i] = !positive[i];
            if (positive[i]) {
              s += Math.exp(x[i]);
            }
            positive[(i + 1) % x.length] = s > 1.0;
          }
          return s;
        }

        /** Ids of type long and a grid of flags, in a callee and its caller. */
        @Differentiable
        static double picked(double[] x, long[] ids, boolean[][] grid) {
          double s = 0.0;
          long[] hashes = new long[ids.length];
          for (int i = 0; i < ids.length; i++) {
            hashes[i] = ids[i] * 31L + i;
          }
          for (int r = 0; r < grid.length; r++) {
            for (int c = 0; c < grid[r].length; c++) {
              if (grid[r][c] && hashes[c] % 2L == 0L) {
                s += x[r] * x[c];
              } else if (grid[r][c]) {
                s -= Math.tanh(x[c]);
              }
            }
          }
          return s;
        }

        @Differentiable
        static double caller(double[] x, long[] ids, boolean[][] grid) {
          boolean[] keep = new boolean[x.length];
          for (int i = 0; i < x.length; i++) {
            keep[i] = grid[0][i];
          }
          return picked(x, ids, grid) * masked(x, keep);
        }

        /** Flags and masks built with &=, |=, ^=; an index hashed with bit operators. */
        @Differentiable
        static double flags(double[] x, int seed) {
          boolean allPositive = true;
          boolean anyLarge = false;
          boolean odd = false;
          boolean[] seen = new boolean[x.length];
          int h = seed;
          long bits = 0L;
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            allPositive &= x[i] > 0.0;
            anyLarge |= Math.abs(x[i]) > 1.5;
            odd ^= x[i] < 0.0;
            h ^= i * 31;
            h <<= 1;
            h &= 0xff;
            h >>= 1;
            bits |= 1L << (h % 8);
            int j = h % x.length;
            seen[j] |= x[i] > x[j];
            seen[i] &= !odd;
            if (seen[j] ^ anyLarge) {
              s += x[i] * x[j];
            } else {
              s -= Math.sin(x[i]);
            }
          }
          return (allPositive ? 2.0 : 1.0) * s + (odd ? x[0] : -x[0]) + (bits & 5L) * x[x.length - 1];
        }

        /** Masks and tables read from fields. */
        @Differentiable
        double fields(double[] x) {
          double s = 0.0;
          for (int[] p : pairs) {
            if (!frozen[p[0]]) {
              s += x[p[0]] * Math.cos(x[p[1]]);
            }
          }
          return s;
        }
      }
      """;

  @Test
  void dataArraysAreReadWrittenAndPassedOn() throws Exception {
    Loaded l = load(compileOk(source(withSecondOrder(DATA))));
    double[] x = {0.3, -1.2, 2.0, 0.7, -0.4};
    assertGradient(l, "da.DataGrad", "masked", x, new boolean[] {true, false, true, true, false});
    int[][] edges = {{0, 1}, {1, 2}, {3, 0}, {4, 2}, {2, 2}};
    assertGradient(l, "da.DataGrad", "graph", x, edges, new double[] {0.5, 1.5, -0.3, 2.0, 0.9});
    assertGradient(l, "da.DataGrad", "flipped", x);
    assertGradient(l, "da.DataGrad", "flipped", new double[] {-0.3, 0.2, -0.9});
    long[] ids = {4L, 7L, 1_000_000_000_001L, 10L, -3L};
    boolean[][] grid = {
        {true, false, true, true, false},
        {false, true, true, false, true},
        {true, true, false, true, true}};
    assertGradient(l, "da.DataGrad", "picked", x, ids, grid);
    assertGradient(l, "da.DataGrad", "caller", x, ids, grid);
    for (int seed = 0; seed < 4; seed++) {
      assertGradient(l, "da.DataGrad", "flags", x, seed * 7);
      assertGradient(l, "da.DataGrad", "flags", new double[] {0.4, 1.7, 0.9}, seed);
    }
    Constructor<?> make = l.loadClass("da.Data").getDeclaredConstructor(boolean[].class, int[][].class);
    make.setAccessible(true);
    Object data = make.newInstance(new boolean[] {false, true, false, false, true}, new int[][] {{0, 1}, {1, 3}, {2, 4}, {4, 0}});
    assertGradient(l, "da.DataGrad", "fields", data, x);
  }

  @Test
  void writingADataParameterIsAnError() {
    assertErrorsOn(source("""
        package da;

        import dev.flatgrad.annotations.Differentiable;

        class Writes {
          @Differentiable
          static double mask(double[] x, boolean[] keep) {
            keep[0] = false;
            return x[0];
          }
        }
        """), "keep[0] = false;", "[FlatgradParameterWrite]", "keep");
    assertErrorsOn(source("""
        package da;

        import dev.flatgrad.annotations.Differentiable;

        class Writes {
          @Differentiable
          static double table(double[] x, int[][] edges) {
            edges[0][1] = 2;
            return x[edges[0][1]];
          }
        }
        """), "edges[0][1] = 2;", "[FlatgradParameterWrite]", "edges");
  }
}
