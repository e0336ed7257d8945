package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.check;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A method's array result is what the method returns, whatever its backward pass does to the
 * array afterwards: where that pass restores elements of the array in place, the result is a copy
 * taken before it runs (and only there).
 */
class ArrayResultsTest {

  private static final String SOURCE = """
      package results;

      import dev.flatgrad.annotations.Differentiable;

      class Scaled {
        /** The issue's example: the backward pass pops the old r[i] back into r. */
        @Differentiable
        static double[] scaled(double[] x, double y) {
          double[] r = x.clone();
          for (int i = 0; i < r.length; ++i) {
            r[i] *= y;
          }
          return r;
        }

        /** Written after being read: the value read is kept (old), the elements need no saving and r is the result. */
        @Differentiable
        static double[][] squaredRows(double[][] m, double y) {
          double[][] r = new double[m.length][];
          for (int i = 0; i < m.length; i++) {
            r[i] = m[i].clone();
            for (int j = 0; j < r[i].length; j++) {
              double old = r[i][j];
              r[i][j] = old * old * y;
              r[i][j] += old;
            }
          }
          return r;
        }

        /** Reassigned, not written in place: no copy is needed. */
        @Differentiable
        static double[] doubled(double[] x) {
          double[] r = x.clone();
          for (int k = 0; k < 2; k++) {
            r = Nd.multiply(r, r);
          }
          return r;
        }
      }
      """.replace("import dev.flatgrad.annotations.Differentiable;",
          "import dev.flatgrad.annotations.Differentiable;\nimport dev.flatgrad.runtime.Nd;");

  @Test
  void theResultIsTheValueBeforeTheBackwardPassRestoresIt() {
    Compilation c = compileOk(source(SOURCE));
    assertGolden(c, "results.ScaledGrad", "ArrayResultsTest/theResultIsTheValueBeforeTheBackwardPassRestoresIt/ScaledGrad.java");
    Loaded l = load(c);
    Object g = result(l, "results.ScaledGrad", "scaled", new double[] {1, 2, 3}, 2.0, new double[] {1, 1, 1});
    assertThat((double[]) Loaded.component(g, "value")).usingExactEquality().containsExactly(2.0, 4.0, 6.0).inOrder();
    Random r = new Random(3);
    for (int n : new int[] {0, 1, 2, 5}) {
      assertGradient(l, "results.ScaledGrad", "scaled", RandomArrays.vector(r, n), r.nextGaussian(),
          RandomArrays.vector(r, n));
      assertGradient(l, "results.ScaledGrad", "squaredRows", RandomArrays.matrix(r, n, 3), r.nextGaussian(),
          RandomArrays.matrix(r, n, 3));
      assertGradient(l, "results.ScaledGrad", "doubled", RandomArrays.vector(r, n), RandomArrays.vector(r, n));
    }
  }

  /**
   * A row squared in place, then stored into the result: the backward pass restores the row's
   * elements, which are the result's, so the result is kept before it runs (it was returned with
   * the restored, unsquared values).
   */
  @Test
  void theResultIsKeptWhereTheBackwardPassRestoresARowStoredIntoIt() {
    Loaded l = load(compileOk(source("""
        package results;

        import dev.flatgrad.annotations.Differentiable;

        class StoredRows {
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
        }
        """)));
    Random r = new Random(5);
    for (int n : new int[] {0, 1, 3}) {
      assertGradient(l, "results.StoredRowsGrad", "squaredSines", RandomArrays.matrix(r, n, 4), RandomArrays.matrix(r, n, 4));
    }
  }

  /** The generated check compares the value too, so a user's own check would catch a wrong one. */
  @Test
  void theCheckReportsTheValue() {
    Loaded l = load(compileOk(source(SOURCE)));
    GradCheck.Report report = check(l, "results.ScaledGrad", "scaled", new double[] {1, 2}, 3.0, new double[] {1, -1});
    assertThat(report.rows().get(0).name()).isEqualTo(GradCheck.VALUE_ROW);
    assertThat(report.rows().get(0).passed()).isTrue();
    assertThat(report.table()).contains("the value equals the original method's");
  }
}
