package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import org.junit.jupiter.api.Test;

/**
 * A local that took a row of a matrix before the row was replaced by a new array ({@code double[]
 * old = m[0]; m[0] = new double[n];}) holds the old array, which the matrix no longer holds: reads
 * of it and of the new row, and writes into either, as users write them (a history shifted by one,
 * a row rebuilt from what it was). Each value bit for bit, each gradient against centred
 * differences, with tangent and H·v. Where the local may still be the row (taken at another index,
 * or the index changed since), a write that changes the other stays an error.
 */
class FormerRowsTest {

  @Test
  void aRowTakenBeforeItIsReplacedKeepsTheOldArray() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Rows {
          @Differentiable
          static double rebuilt(double[][] m, double s) {
            double[][] a = {m[0].clone(), m[1].clone()};
            double[] old = a[0];
            a[0] = new double[a[1].length];
            for (int i = 0; i < old.length; i++) {
              a[0][i] = old[i] * s + a[1][i];
            }
            old[1] = old[1] * old[0];
            return a[0][0] * a[0][1] + old[1] + a[1][0];
          }

        }
        """, "Rows", "rebuilt", at(new double[][] {{0.5, -1.0, 2.0}, {1.5, 0.3, -0.7}}, 1.3));
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Rows2 {
          @Differentiable
          static double history(double[] x, double decay) {
            int n = x.length;
            double[][] h = new double[3][n];
            double total = 0;
            for (int t = 0; t < 4; t++) {
              for (int k = 0; k < 2; k++) {
                double[] prev = h[k];
                h[k] = new double[n];
                for (int i = 0; i < n; i++) {
                  h[k][i] = decay * prev[i] + (k == 0 ? x[i] : h[k - 1][i]) * 0.5;
                }
                total += prev[0] * h[k][n - 1];
              }
            }
            return total + h[1][0];
          }
        }
        """, "Rows2", "history", at(new double[] {0.4, -1.1, 0.9}, 0.8));
  }

  @Test
  void aRowTakenAtAnotherIndexMayStillBeTheRow() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Rows3 {
          @Differentiable
          static double f(double[][] m, double s, int j) {
            double[][] a = {m[0].clone(), m[1].clone()};
            double[] other = a[j];
            double[] old = a[0];
            a[0] = new double[2];
            old[0] = s;
            return other[0] + old[0] + a[0][0];
          }
        }
        """), "old[0] = s;", "writing into `old`, which shares its array with `other`");
  }

  @Test
  void aFormerRowAnotherVariableHoldsIsStillShared() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Rows4 {
          @Differentiable
          static double f(double[][] m, double s) {
            double[][] a = {m[0].clone(), m[1].clone()};
            double[][] b = a.clone();
            double[] old = a[0];
            a[0] = new double[2];
            old[0] = s;
            return b[0][0] + old[1] + a[0][0];
          }
        }
        """), "old[0] = s;", "writing into `old`, which shares its array with `b`");
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Rows5 {
          @Differentiable
          static double f(double[][] m, double s) {
            double[][] a = new double[2][];
            double[] c = m[0].clone();
            a[0] = c;
            a[1] = m[1].clone();
            double[] old = a[0];
            a[0] = new double[2];
            old[0] = s;
            return c[0] + a[0][0];
          }
        }
        """), "old[0] = s;", "writing into `old`, which shares its array with `c`");
  }
}
