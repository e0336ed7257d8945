package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import org.junit.jupiter.api.Test;

/**
 * The adjoint of a row alias ({@code double[] row = W[i];}) read by element is added into the row
 * of the matrix's adjoint ({@code dW[i][j] += ...}), not gathered in an array of its own and added
 * at the end ({@code RowAdjoints}); where the row reaches an {@code Nd} call, the row's adjoint
 * stays an array. Checked against centred differences, through callers' pullbacks too (one of
 * which needs no gradient of the matrix and passes null for it).
 */
class RowAdjointsTest {

  private static final String SOURCE = """
      package rows;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Rows {
        /** The row and the matrix read in one trip, a branch on one of them. */
        @Differentiable
        static double mixed(double[][] W, double[] x) {
          double s = 0.0;
          for (int i = 0; i < W.length; i++) {
            double[] row = W[i];
            for (int j = 0; j < row.length; j++) {
              s += row[j] * x[j] + W[i][j] * row[j];
              if (row[j] > 0.0) {
                s += Math.sin(row[j]);
              }
            }
          }
          return s;
        }

        /** A row read in a branch, and one that reaches an Nd call (whose adjoint stays an array). */
        @Differentiable
        static double branchesAndCalls(double[][] W, double[] x) {
          double s = 0.0;
          for (int i = 0; i < W.length; i++) {
            double[] row = W[i];
            if (x[i % x.length] > 0.0) {
              for (int j = 0; j < row.length; j++) {
                s += row[j] * row[j];
              }
            } else {
              s += Nd.dot(row, x);
            }
          }
          return s;
        }

        /** A caller that differentiates only x: the pullback gets null for the matrix's adjoint. */
        @Differentiable(wrt = "x")
        static double onlyX(double[][] W, double[] x) {
          return mixed(W, x) * branchesAndCalls(W, x);
        }

        @Differentiable
        static double both(double[][] W, double[] x) {
          return mixed(W, x) + 2.0 * branchesAndCalls(W, x);
        }
      }
      """;

  @Test
  void rowAdjointsAreAddedIntoTheMatrixAdjoint() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "rows.RowsGrad");
    assertThat(grad).contains("dW[i][j] +=");
    assertThat(grad).contains("Nd.addInPlace(dW[i], drow)");
    Flatgrad.Loaded l = load(c);
    double[][] W = {{0.3, -0.2, 0.7}, {0.1, 0.4, -0.6}, {-0.9, 0.25, 0.5}};
    double[] x = {0.5, -1.5, 0.8};
    for (String m : new String[] {"mixed", "branchesAndCalls", "onlyX", "both"}) {
      assertGradient(l, "rows.RowsGrad", m, W, x);
    }
  }
}
