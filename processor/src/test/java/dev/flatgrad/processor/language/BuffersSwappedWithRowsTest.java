package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A local buffer swapped with a row of a matrix ({@code double[] t = grid[k]; grid[k] = buf; buf =
 * t;}), or closed with the row's copy ({@code buf = t.clone();}): where the matrix's rows are its
 * own (a deep copy, rows given only new arrays or swapped) and the buffer is given only new arrays,
 * {@code lower.SwappedBuffers} makes the swap's last move a copy, as for buffers swapped between
 * locals. The buffer's old contents (the row's) are read after the swap. Gradients vs centred
 * differences, values bit for bit, tangents and H·v; where another local still holds the row, it
 * stays an error.
 */
class BuffersSwappedWithRowsTest {

  private static final String GRIDS = """
      package grids;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Grids {
        /** Each trip a row replaced by the buffer, which takes the row and is blended into next trip's. */
        @Differentiable
        public static double swapped(double[][] x, double dt, int steps) {
          int n = x[0].length;
          double[][] grid = Nd.copy(x);
          double[] buf = new double[n];
          for (int it = 0; it < steps; it++) {
            int k = it % grid.length;
            for (int i = 0; i < n; i++) {
              buf[i] = 0.5 * buf[i] + Math.sin(grid[k][i]) * dt + grid[(k + 1) % grid.length][i];
            }
            double[] t = grid[k];
            grid[k] = buf;
            buf = t;
          }
          double s = 0;
          for (int r = 0; r < grid.length; r++) {
            for (int i = 0; i < n; i++) {
              s += grid[r][i] * (r + 1);
            }
          }
          return s + buf[0] * buf[n - 1];
        }

        /** The same closed by the user with the row's copy. */
        @Differentiable
        public static double swappedCopy(double[][] x, double dt, int steps) {
          int n = x[0].length;
          double[][] grid = Nd.copy(x);
          double[] buf = new double[n];
          for (int it = 0; it < steps; it++) {
            int k = it % grid.length;
            for (int i = 0; i < n; i++) {
              buf[i] = 0.5 * buf[i] + Math.sin(grid[k][i]) * dt + grid[(k + 1) % grid.length][i];
            }
            double[] t = grid[k];
            grid[k] = buf;
            buf = t.clone();
          }
          double s = 0;
          for (int r = 0; r < grid.length; r++) {
            for (int i = 0; i < n; i++) {
              s += grid[r][i] * (r + 1);
            }
          }
          return s + buf[0] * buf[n - 1];
        }

        /** Only on odd trips, in a nested loop, the buffer a clone at the start; rows of different lengths. */
        @Differentiable
        public static double sometimes(double[][] x, double a, int outer, int inner) {
          double[][] grid = Nd.copy(x);
          double[] buf = x[0].clone();
          for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
              int k = (o + q) % grid.length;
              for (int i = 0; i < buf.length; i++) {
                buf[i] = Math.tanh(a * buf[i]) + grid[k][i % grid[k].length];
              }
              if (q % 2 == 1) {
                double[] t = grid[k];
                grid[k] = buf;
                buf = t;
              }
            }
          }
          double s = 0;
          for (double[] row : grid) {
            for (double v : row) {
              s += v * v;
            }
          }
          for (double v : buf) {
            s += 3 * v;
          }
          return s;
        }
      }
      """;

  private static final double[][] X = {{0.3, -1.2, 0.7}, {0.5, 0.1, -0.4}, {2.0, -0.4, 0.9}};
  private static final double[][] RAGGED = {{0.3, -1.2, 0.7}, {0.5}, {2.0, -0.4}};

  @Test
  void aBufferSwappedWithARowIsDifferentiated() {
    Loaded l = load(compileOk(source(withSecondOrder(GRIDS))));
    for (int steps : new int[] {0, 1, 2, 5}) {
      assertGradient(l, "grids.GridsGrad", "swapped", X, 0.3, steps);
      assertGradient(l, "grids.GridsGrad", "swappedCopy", X, 0.3, steps);
    }
    assertGradient(l, "grids.GridsGrad", "sometimes", X, 0.7, 2, 3);
    assertGradient(l, "grids.GridsGrad", "sometimes", RAGGED, 0.7, 3, 4);
  }

  /** Another local still holding the row after the swap would see the buffer's writes: an error on the write. */
  @Test
  void aRowHeldByAnotherLocalStaysAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rows {
          @Differentiable
          static double held(double[][] x, double dt, int steps) {
            double[][] grid = Nd.copy(x);
            double[] buf = new double[x[0].length];
            double[] first = grid[0];
            double s = 0;
            for (int it = 0; it < steps; it++) {
              int k = it % grid.length;
              for (int i = 0; i < buf.length; i++) buf[i] = Math.sin(grid[k][i]) * dt;
              double[] t = grid[k];
              grid[k] = buf;
              buf = t;
              s += first[0];
            }
            return s + grid[0][0] + buf[0];
          }
        }
        """), "for (int i = 0; i < buf.length; i++) buf[i] = Math.sin", "writing into `buf`", "`first`");
  }
}
