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
 * A row of a matrix replaced by one of another length (a ragged matrix's row by another row, a
 * row by a new array of its own length), once or in a loop: backwards, the adjoint's row takes the
 * shape of the row that was there before, which the adjoints read before it (an element's share)
 * and the copy's adjoint added into the parameter's ({@code Nd.addInPlace}) need. Gradients vs
 * centred differences, values bit for bit, tangents and H·v. A row replaced by another row of a
 * matrix and then written into would change that row too: an error on the write, as the gradient
 * (two rows, two adjoints) would be silently wrong.
 */
class ReplacedRaggedRowsTest {

  private static final String ROWS = """
      package ragged;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Rows {
        /** A row of the copy replaced by another row of the matrix. */
        @Differentiable
        public static double byAnotherRow(double[][] W, double a) {
          double[][] C = Nd.copy(W);
          C[0] = W[1];
          double s = 0;
          for (int i = 0; i < C.length; i++) {
            for (int j = 0; j < C[i].length; j++) {
              s += Math.sin(a * C[i][j]) * C[i][j];
            }
          }
          return s;
        }

        /** The old row read, then replaced by a new one of k elements filled after. */
        @Differentiable
        public static double byNewRow(double[][] W, double a, int k) {
          double[][] C = Nd.copy(W);
          double first = C[0][0] * a + C[0][C[0].length - 1];
          C[0] = new double[k];
          for (int j = 0; j < k; j++) {
            C[0][j] = a * j + W[1][j % W[1].length];
          }
          double s = first * first;
          for (double[] row : C) {
            for (double v : row) {
              s += v * v * a;
            }
          }
          return s;
        }

        /** A row replaced by a new one of k elements, the old one never read. */
        @Differentiable
        public static double byUnreadRow(double[][] W, double a, int k) {
          double[][] C = Nd.copy(W);
          C[0] = new double[k];
          for (int j = 0; j < k; j++) {
            C[0][j] = a * j;
          }
          double s = 0;
          for (double[] row : C) {
            for (double v : row) {
              s += Math.sin(v) * a;
            }
          }
          return s;
        }

        /** Each trip a row replaced by a new one as long as the next row, the old one never read. */
        @Differentiable
        public static double unreadInALoop(double[][] W, double a, int steps) {
          int n = W.length;
          double[][] C = Nd.copy(W);
          for (int t = 0; t < steps; t++) {
            int k = t % n;
            double[] next = C[(k + 1) % n];
            double[] row = new double[next.length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.tanh(a * next[j]);
            }
            C[k] = row;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < C[i].length; j++) {
              s += C[i][j] * (i + 1);
            }
          }
          return s;
        }

        /** Each trip a row replaced by a new row as long as the next row, computed from both. */
        @Differentiable
        public static double inALoop(double[][] W, double a, int steps) {
          int n = W.length;
          double[][] C = Nd.copy(W);
          for (int t = 0; t < steps; t++) {
            int k = t % n;
            double[] next = C[(k + 1) % n];
            double[] row = new double[next.length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.tanh(a * next[j]) + C[k][j % C[k].length];
            }
            C[k] = row;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < C[i].length; j++) {
              s += C[i][j] * C[i][j] * (i + 1);
            }
          }
          return s;
        }

        /** Rows moved up by one in a loop over them, the last row a new short one. */
        @Differentiable
        public static double shiftedUp(double[][] W, double a) {
          int n = W.length;
          double[][] C = Nd.copy(W);
          double s = 0;
          for (int i = 0; i + 1 < n; i++) {
            s += C[i][0] * a;
            C[i] = Nd.multiply(C[i + 1], a);
          }
          C[n - 1] = new double[1];
          C[n - 1][0] = a * a;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < C[i].length; j++) {
              s += Math.cos(C[i][j]) * (j + 1);
            }
          }
          return s;
        }
      }
      """;

  private static final double[][] RAGGED = {{0.3, -1.2, 0.7}, {0.5}, {2.0, -0.4}};
  private static final double[][] TRIANGLE = {{0.9}, {-0.6, 0.2}, {1.1, 0.4, -0.8}, {0.3, -0.2, 0.6, 1.5}};
  private static final double[][] SQUARE = {{0.3, -1.2}, {0.5, 0.8}};

  @Test
  void aRowReplacedByOneOfAnotherLengthGivesItsAdjointTheOldRowsShape() {
    Loaded l = load(compileOk(source(withSecondOrder(ROWS))));
    for (double[][] W : new double[][][] {RAGGED, TRIANGLE, SQUARE}) {
      assertGradient(l, "ragged.RowsGrad", "byAnotherRow", W, 0.7);
      assertGradient(l, "ragged.RowsGrad", "byNewRow", W, 0.7, 4);
      assertGradient(l, "ragged.RowsGrad", "byNewRow", W, 0.7, 1);
      assertGradient(l, "ragged.RowsGrad", "byUnreadRow", W, 0.7, 4);
      assertGradient(l, "ragged.RowsGrad", "byUnreadRow", W, 0.7, 1);
      assertGradient(l, "ragged.RowsGrad", "inALoop", W, 0.7, 5);
      assertGradient(l, "ragged.RowsGrad", "unreadInALoop", W, 0.7, 5);
      assertGradient(l, "ragged.RowsGrad", "unreadInALoop", W, 0.7, 2);
      assertGradient(l, "ragged.RowsGrad", "shiftedUp", W, 0.7);
    }
  }

  @Test
  void aRowWrittenThroughAfterItIsAnotherRowIsAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rows {
          @Differentiable
          static double twoRows(double[][] W, double a) {
            double[][] C = Nd.copy(W);
            C[1] = C[0];
            C[1][0] = a * C[1][0];
            double s = 0;
            for (int i = 0; i < C.length; i++) for (int j = 0; j < C[i].length; j++) s += C[i][j] * C[i][j];
            return s;
          }
        }
        """), "C[1][0] = a * C[1][0];", "writing into a row of `C` that may be another of its rows too",
        "give each row its own copy (.clone())");
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rows {
          @Differentiable
          static double otherMatrix(double[][] W, double a) {
            double[][] C = Nd.copy(W);
            double[][] D = Nd.copy(W);
            C[1] = D[0];
            C[1][0] = a * C[1][0];
            double s = 0;
            for (int i = 0; i < D.length; i++) for (int j = 0; j < D[i].length; j++) s += D[i][j] * C[i][j];
            return s;
          }
        }
        """), "C[1][0] = a * C[1][0];", "writing into `C`, which shares its array with `D`");
  }
}
