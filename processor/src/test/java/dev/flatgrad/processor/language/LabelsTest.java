package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Labelled loops left by {@code break label} and {@code continue label} from inner loops (for,
 * while, do/while, enhanced for, a switch's case), through one loop or several: gradients,
 * tangents and H·v against centred differences, values bit for bit, at points that take every
 * jump and none.
 */
class LabelsTest {

  private static final String LABELS = """
      package lb;

      import dev.flatgrad.annotations.Differentiable;

      class Searches {
        /** A search that leaves both loops at the first entry past a threshold. */
        @Differentiable
        static double firstAbove(double[][] m, double t) {
          double found = 0.0;
          int row = -1;
          rows:
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              if (m[i][j] > t) {
                found = m[i][j] * m[i][j];
                row = i;
                break rows;
              }
            }
            found += 0.1 * m[i][0];
          }
          return found + row * t;
        }

        /** The next row from inside a while, beside a plain break of the while. */
        @Differentiable
        static double skipRows(double[][] m, double c) {
          double s = 0.0;
          outer:
          for (int i = 0; i < m.length; i++) {
            int j = 0;
            while (j < m[i].length) {
              if (m[i][j] < -1.0) continue outer;
              if (m[i][j] > 2.0) break;
              s += Math.sin(c * m[i][j]);
              j++;
            }
            s = s * 0.9 + m[i][0];
          }
          return s;
        }

        /** Three levels: a do/while continued from two loops down, an enhanced for left from its own body and from below. */
        @Differentiable
        static double levels(double[] x, int n) {
          double s = 0.0;
          int k = 0;
          outer:
          do {
            k++;
            middle:
            for (double v : x) {
              if (v > 5.0) break middle;
              for (int r = 0; r < n; r++) {
                s += v * (r + 1) * 0.1;
                if (s > 3.0) continue outer;
                if (s < -3.0) break middle;
              }
              s = Math.tanh(s);
            }
            s = s * 0.5;
          } while (k < 3);
          return s * x[0];
        }

        /** A case of a switch that leaves the loops around it. */
        @Differentiable
        static double caseLeaves(double[] x, int mode) {
          double s = 1.0;
          scan:
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 2; j++) {
              switch (mode) {
                case 0 -> s += x[i] * j;
                case 1 -> {
                  if (x[i] < 0.0) break scan;
                  s *= 1.0 + 0.1 * x[i];
                }
                default -> s -= x[i] * s;
              }
            }
          }
          return s;
        }
      }
      """;

  @Test
  void labelledJumpsAreDifferentiatedAsTheFlagsTheyMean() {
    Loaded l = load(compileOk(source(withSecondOrder(LABELS))));
    String g = "lb.SearchesGrad";
    double[][] m = {{0.5, -0.3, 1.2}, {2.4, 0.1, -0.6}, {0.7, 0.2, 0.9}};
    assertGradient(l, g, "firstAbove", m, 1.0); // found in row 0
    assertGradient(l, g, "firstAbove", m, 2.0); // found in row 1
    assertGradient(l, g, "firstAbove", m, 3.0); // never found
    assertGradient(l, g, "skipRows", m, 0.7);
    assertGradient(l, g, "skipRows", new double[][] {{0.5, -1.5, 1.2}, {0.4, 2.5, -0.6}, {0.7, 0.2, 0.9}}, 0.7);
    assertGradient(l, g, "levels", new double[] {0.4, -0.3, 0.8}, 3);
    assertGradient(l, g, "levels", new double[] {2.5, 1.3, 0.8}, 4); // continue outer
    assertGradient(l, g, "levels", new double[] {-2.5, -1.3, 0.8}, 4); // break middle from below
    assertGradient(l, g, "levels", new double[] {0.4, 6.0, 0.8}, 2); // break middle from its body
    for (int mode = 0; mode < 3; mode++) {
      assertGradient(l, g, "caseLeaves", new double[] {0.4, -0.3, 0.8}, mode);
      assertGradient(l, g, "caseLeaves", new double[] {0.4, 0.3, 0.8}, mode);
    }
  }

  @Test
  void aLabelOnABlockIsReportedOnItsLine() {
    JavaFileObject file = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Bad {
          @Differentiable
          static double f(double x) {
            double y = x;
            found: {
              if (x > 1.0) {
                break found;
              }
              y = x * x;
            }
            return y;
          }
        }
        """);
    assertErrorsOn(file, "found: {", "a label on a block");
  }
}
