package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A row stored into a matrix ({@code p[r] = row}): the backward pass takes the row's adjoint out
 * of the matrix's ({@code double[] drow = dp[r];}) and puts a zero row in its place, instead of
 * copying the whole matrix adjoint and cloning the row on every trip; where the row's adjoint
 * already holds something (the row is stored twice), it is added. Each is checked against centred
 * differences, bit for bit in its value, and for leaving the caller's arrays as they were.
 */
class TakenRowAdjointsTest {

  private static final String SOURCE = """
      package rows;

      import dev.flatgrad.annotations.Differentiable;

      class Taken {
        /** Each row filled, then stored: the row is the matrix's own. */
        @Differentiable
        static double[][] squaredSines(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            double[] row = new double[z[r].length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.sin(z[r][j]);
              row[j] = row[j] * row[j];
            }
            p[r] = row;
          }
          return p;
        }

        /** The row stored in two matrices: its adjoint is the sum of two rows. */
        @Differentiable
        static double[][] heldTwice(double[][] z) {
          double[][] p = new double[z.length][];
          double[][] q = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            double[] row = new double[z[r].length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.sin(z[r][j]);
            }
            p[r] = row;
            q[r] = row;
          }
          double[][] out = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            out[r] = new double[z[r].length];
            for (int j = 0; j < z[r].length; j++) {
              out[r][j] = p[r][j] * q[r][j] + 3.0 * p[r][j];
            }
          }
          return out;
        }

        /** The row written after it was stored (through p[r] too). */
        @Differentiable
        static double[][] changedAfter(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            double[] row = new double[z[r].length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.sin(z[r][j]);
            }
            p[r] = row;
            for (int j = 0; j < row.length; j++) {
              row[j] = row[j] * z[r][j];
            }
          }
          return p;
        }

        /** The row replaced is read before and after: its adjoint is not the new row's. */
        @Differentiable
        static double oldRowRead(double[][] z, double[] w) {
          double[][] p = new double[z.length][w.length];
          for (int r = 0; r < z.length; r++) {
            for (int j = 0; j < w.length; j++) {
              p[r][j] = z[r][j] * w[j];
            }
          }
          double s = 0.0;
          for (int r = 0; r < z.length; r++) {
            double[] old = p[r];
            double[] row = new double[w.length];
            for (int j = 0; j < w.length; j++) {
              row[j] = Math.cos(old[j]) * w[j];
            }
            p[r] = row;
            s += old[0] * p[r][0];
          }
          for (int r = 0; r < z.length; r++) {
            s += p[r][1] * p[r][1];
          }
          return s;
        }

        /** Rows replaced while another variable holds the first of the old ones. */
        @Differentiable
        static double[][] overwrittenRows(double[][] z) {
          double[][] p = new double[z.length][z[0].length];
          for (int r = 0; r < z.length; r++) {
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] = z[r][j] * z[r][j];
            }
          }
          double[] first = p[0];
          for (int r = 0; r < z.length; r++) {
            double[] row = new double[z[r].length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.exp(p[r][j]) + first[j];
            }
            p[r] = row;
          }
          return p;
        }
      }
      """;

  @Test
  void aStoredRowsAdjointIsTakenOutOfTheMatrixs() {
    Compilation c = compileOk(source(SOURCE));
    assertGolden(c, "rows.TakenGrad", "TakenRowAdjointsTest/aStoredRowsAdjointIsTakenOutOfTheMatrixs/TakenGrad.java");
    String sines = generatedMethod(generated(c, "rows.TakenGrad"), "SquaredSines squaredSines(");
    assertThat(sines).contains("double[] drow = dp[r];");
    assertThat(sines).doesNotContain("Nd.copy(dp)");
    assertThat(sines).doesNotContain("clone");
    Loaded l = load(c);
    Random r = new Random(11);
    for (int n : new int[] {0, 1, 3}) {
      for (String f : new String[] {"squaredSines", "heldTwice", "changedAfter"}) {
        assertGradient(l, "rows.TakenGrad", f, RandomArrays.matrix(r, n, 4), RandomArrays.matrix(r, n, 4));
      }
    }
    for (int n : new int[] {1, 3}) {
      assertGradient(l, "rows.TakenGrad", "oldRowRead", RandomArrays.matrix(r, n, 3), RandomArrays.vector(r, 3));
      assertGradient(l, "rows.TakenGrad", "overwrittenRows", RandomArrays.matrix(r, n, 4), RandomArrays.matrix(r, n, 4));
    }
  }
}
