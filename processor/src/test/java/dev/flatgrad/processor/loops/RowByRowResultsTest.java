package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.capitalised;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A matrix result built row by row: the backward pass reads {@code dout} where nothing writes the
 * adjoint (no copy of it, no zeroing of elements or rows no later trip reads), and copies it where
 * something does. Each is checked against centred differences, bit for bit in its value, and for
 * leaving the caller's {@code dout} as it was.
 */
class RowByRowResultsTest {

  private static final String SOURCE = """
      package rows;

      import dev.flatgrad.annotations.Differentiable;

      class Rows {
        /** Each row made, then filled. */
        @Differentiable
        static double[][] squares(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            p[r] = new double[z[r].length];
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] = z[r][j] * z[r][j];
            }
          }
          return p;
        }

        /** Each row filled, then stored. */
        @Differentiable
        static double[][] sines(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            double[] row = new double[z[r].length];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.sin(z[r][j]);
            }
            p[r] = row;
          }
          return p;
        }

        /** A rectangular result, two scalar parameters. */
        @Differentiable
        static double[][] affine(double[][] z, double a, double b) {
          double[][] p = new double[z.length][z[0].length];
          for (int r = 0; r < z.length; r++) {
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] = a * z[r][j] + b;
            }
          }
          return p;
        }

        /** A vector result. */
        @Differentiable
        static double[] cubes(double[] z) {
          double[] p = new double[z.length];
          for (int j = 0; j < z.length; j++) {
            p[j] = z[j] * z[j] * z[j];
          }
          return p;
        }
      }
      """;

  /** The adjoint is written where an element is read again: it is a copy of dout. */
  private static final String WRITTEN = """
      package rows;

      import dev.flatgrad.annotations.Differentiable;

      class Written {
        /** Each element scaled again by what it was. */
        @Differentiable
        static double[][] twice(double[][] z) {
          double[][] p = new double[z.length][z[0].length];
          for (int r = 0; r < z.length; r++) {
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] = z[r][j] * 3.0;
            }
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] = p[r][j] * z[r][j];
            }
          }
          return p;
        }

        /** Each row adds the one before it: a later trip reads another row. */
        @Differentiable
        static double[][] runningRows(double[][] z) {
          double[][] p = new double[z.length][z[0].length];
          for (int r = 0; r < z.length; r++) {
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] = z[r][j] * z[r][j];
            }
          }
          for (int r = 1; r < z.length; r++) {
            for (int j = 0; j < z[r].length; j++) {
              p[r][j] += p[r - 1][j];
            }
          }
          return p;
        }

        /** A running sum along each row: a later trip reads the element before. */
        @Differentiable
        static double[][] cumulative(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            p[r] = new double[z[r].length];
            p[r][0] = z[r][0];
            for (int j = 1; j < z[r].length; j++) {
              p[r][j] = p[r][j - 1] + z[r][j] * z[r][j];
            }
          }
          return p;
        }
      }
      """;

  private static final double[][] Z = {{0.3, -1.2, 2.0}, {0.7, 1.9, -0.4}, {1.1, 0.2, -0.8}};
  private static final double[][] DOUT = {{1.0, -0.5, 2.0}, {0.25, 3.0, -1.0}, {0.5, 0.5, 1.5}};

  @Test
  void aResultBuiltRowByRowIsReadFromDout() {
    Compilation c = compileOk(source(SOURCE));
    assertGolden(c, "rows.RowsGrad", "RowByRowResultsTest/aResultBuiltRowByRowIsReadFromDout/RowsGrad.java");
    String code = generated(c, "rows.RowsGrad");
    for (String f : new String[] {"squares", "sines", "affine", "cubes"}) {
      String body = generatedMethod(code, capitalised(f) + " " + f + "(");
      assertThat(body).doesNotContainMatch("\\bdp\\b");
      assertThat(body).doesNotContain("copy");
      assertThat(body).doesNotContain("clone");
      assertThat(body).contains("dout[");
    }
    Loaded l = load(c);
    assertGradient(l, "rows.RowsGrad", "squares", Z, DOUT);
    assertGradient(l, "rows.RowsGrad", "sines", Z, DOUT);
    assertGradient(l, "rows.RowsGrad", "affine", Z, 1.5, -0.5, DOUT);
    assertGradient(l, "rows.RowsGrad", "cubes", new double[] {0.5, -1.5, 2.0}, new double[] {1.0, -2.0, 0.5});
    assertGradient(l, "rows.RowsGrad", "squares", new double[][] {{1.0, -2.0, 0.5, 3.0}},
        new double[][] {{2.0, -1.0, 0.5, 4.0}});
  }

  @Test
  void anAdjointWrittenIsACopyOfDout() {
    Compilation c = compileOk(source(WRITTEN));
    String code = generated(c, "rows.WrittenGrad");
    for (String f : new String[] {"twice", "runningRows"}) {
      assertThat(generatedMethod(code, capitalised(f) + " " + f + "(")).contains("Nd.copy(dout)");
    }
    Loaded l = load(c);
    assertGradient(l, "rows.WrittenGrad", "twice", Z, DOUT);
    assertGradient(l, "rows.WrittenGrad", "runningRows", Z, DOUT);
    assertGradient(l, "rows.WrittenGrad", "cumulative", Z, DOUT);
  }
}
