package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.capitalised;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * The stabilising max of a log-sum-exp or softmax, written element by element with streams or
 * loops (a running {@code Math.max} or a comparison, from a constant or a first element), alone or
 * once per row of a matrix, or with Nd's functions of a vector, gets no gradient
 * (it is exactly zero): no tape of the running max, no {@code dm}. Each form is checked against
 * centred differences, and against a twin whose max the rule does not take (which keeps its
 * {@code dm}): the same value bit for bit, gradients within 1e-12. Where the result does move
 * with the max, the max keeps its gradient.
 */
class ScalarStabilisingShiftsTest {

  private static final String SHIFTS = """
      package sh;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;

      public class Shifts {
        @Differentiable
        public static double streamLse(double[] z) {
          double m = Arrays.stream(z).max().getAsDouble();
          double s = Arrays.stream(z).map(v -> Math.exp(v - m)).sum();
          return m + Math.log(s);
        }

        @Differentiable
        public static double loopLse(double[] z) {
          double m = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < z.length; i++) {
            m = Math.max(m, z[i]);
          }
          double s = 0.0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - m);
          }
          return Math.log(s) + m;
        }

        /** The loop's max, the stream's sum, softmax probabilities as an array. */
        @Differentiable
        public static double[] softmax(double[] z) {
          double top = Double.NEGATIVE_INFINITY;
          for (double v : z) {
            top = Math.max(top, v);
          }
          double m = top;
          double[] e = Arrays.stream(z).map(v -> Math.exp(v - m)).toArray();
          double total = Arrays.stream(e).sum();
          return Arrays.stream(e).map(v -> v / total).toArray();
        }

        /** The stream's max, a loop's sum: cross-entropy of softmax rows, a shift per row. */
        @Differentiable(wrt = "z")
        public static double crossEntropy(double[][] z, int[] y) {
          double loss = 0.0;
          for (int r = 0; r < z.length; r++) {
            double m = Arrays.stream(z[r]).max().getAsDouble();
            double s = 0.0;
            for (int j = 0; j < z[r].length; j++) {
              s += Math.exp(z[r][j] - m);
            }
            double p = Math.exp(z[r][y[r]] - m) / s;
            loss -= Math.log(p);
          }
          return loss / z.length;
        }

        /** Nd's max of a vector, Nd's sum: log-sum-exp and a negative log-likelihood. */
        @Differentiable
        public static double ndLse(double[] z) {
          double m = Nd.max(z);
          double[] e = Nd.exp(Nd.subtract(z, m));
          return m + Math.log(Nd.sum(e));
        }

        @Differentiable(wrt = "z")
        public static double ndNll(double[] z, int y) {
          double m = Nd.max(z);
          double[] e = Nd.exp(Nd.subtract(z, m));
          return -Math.log(e[y] / Nd.sum(e));
        }

        /** Softmax of each row into a matrix, all loops. */
        @Differentiable
        public static double[][] rowSoftmax(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            p[r] = new double[z[r].length];
          }
          for (int r = 0; r < z.length; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < z[r].length; j++) {
              m = Math.max(m, z[r][j]);
            }
            double[] e = new double[z[r].length];
            double s = 0.0;
            for (int j = 0; j < e.length; j++) {
              e[j] = Math.exp(z[r][j] - m);
              s += e[j];
            }
            for (int j = 0; j < e.length; j++) {
              p[r][j] = e[j] / s;
            }
          }
          return p;
        }

        /** The max from the first element by a running Math.max. */
        @Differentiable
        public static double firstMaxLse(double[] z) {
          double m = z[0];
          for (int i = 1; i < z.length; i++) {
            m = Math.max(m, z[i]);
          }
          double s = 0.0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - m);
          }
          return m + Math.log(s);
        }

        /** The max from the first element by comparison: softmax probabilities. */
        @Differentiable
        public static double[] comparedSoftmax(double[] z) {
          double m = z[0];
          for (int i = 1; i < z.length; i++) {
            if (z[i] > m) {
              m = z[i];
            }
          }
          double[] e = new double[z.length];
          double s = 0.0;
          for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - m);
            s += e[i];
          }
          double[] p = new double[z.length];
          for (int i = 0; i < z.length; i++) {
            p[i] = e[i] / s;
          }
          return p;
        }

        /** The max from -Infinity by comparison, over each element. */
        @Differentiable
        public static double comparedLse(double[] z) {
          double m = Double.NEGATIVE_INFINITY;
          for (double v : z) {
            if (v > m) {
              m = v;
            }
          }
          double s = 0.0;
          for (double v : z) {
            s += Math.exp(v - m);
          }
          return Math.log(s) + m;
        }

        /** Cross-entropy of each row, its max by comparison from the row's first element. */
        @Differentiable(wrt = "z")
        public static double rowsCompared(double[][] z, int[] y) {
          double loss = 0.0;
          for (int r = 0; r < z.length; r++) {
            double m = z[r][0];
            for (int j = 1; j < z[r].length; j++) {
              if (z[r][j] > m) {
                m = z[r][j];
              }
            }
            double s = 0.0;
            for (int j = 0; j < z[r].length; j++) {
              s += Math.exp(z[r][j] - m);
            }
            loss += m + Math.log(s) - z[r][y[r]];
          }
          return loss / z.length;
        }

        /** Softmax of each row, its max a running Math.max from the row's first element. */
        @Differentiable
        public static double[][] rowSoftmaxFromFirst(double[][] z) {
          double[][] p = new double[z.length][];
          for (int r = 0; r < z.length; r++) {
            double m = z[r][0];
            for (int j = 1; j < z[r].length; j++) {
              m = Math.max(m, z[r][j]);
            }
            double[] e = new double[z[r].length];
            double s = 0.0;
            for (int j = 0; j < e.length; j++) {
              e[j] = Math.exp(z[r][j] - m);
              s += e[j];
            }
            p[r] = new double[e.length];
            for (int j = 0; j < e.length; j++) {
              p[r][j] = e[j] / s;
            }
          }
          return p;
        }
      }
      """;

  /**
   * The same methods, each max one the rule does not take, which keeps its {@code dm}: the loops'
   * from {@code -Double.MAX_VALUE} or a first element plus zero (not a constant, nor an element),
   * the streams' a helper's (the same values).
   */
  private static final String TWINS = SHIFTS.replace("class Shifts", "class Twins")
      .replace("Double.NEGATIVE_INFINITY", "-Double.MAX_VALUE")
      .replace("double m = top;", "double m = top + 0.0;")
      .replaceAll("double m = (z[^;]*);", "double m = $1 + 0.0;")
      .replaceAll("Arrays\\.stream\\(([^)]*)\\)\\.max\\(\\)\\.getAsDouble\\(\\)", "top($1)")
      .replaceFirst("(?s)}\\s*$", """
            static double top(double[] v) {
              double t = -Double.MAX_VALUE;
              for (double x : v) {
                t = Math.max(t, x);
              }
              return t;
            }
          }
          """);

  private static final String MOVING = """
      package sh;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;

      public class Moving {
        /** Log-sum-exp plus the max again: the result moves with the max. */
        @Differentiable
        public static double lsePlusMax(double[] z) {
          double m = Arrays.stream(z).max().getAsDouble();
          double s = Arrays.stream(z).map(v -> Math.exp(v - m)).sum();
          return 2 * m + Math.log(s);
        }

        /** Each row's max kept past its row: the shifts of different rows meet. */
        @Differentiable
        public static double rowMaxima(double[][] z) {
          double[] top = new double[z.length];
          for (int r = 0; r < z.length; r++) {
            double m = Arrays.stream(z[r]).max().getAsDouble();
            top[r] = m;
          }
          return top[0] - top[1];
        }

        /** A max declared outside the rows' loop and read before each row's is complete. */
        @Differentiable
        public static double running(double[] z) {
          double m = Double.NEGATIVE_INFINITY;
          double s = 0.0;
          for (int i = 0; i < z.length; i++) {
            m = Math.max(m, z[i]);
            s += Math.exp(z[i] - m);
          }
          return m + Math.log(s);
        }

        /** Terms scaled before the sum by a value that does not move by a factor. */
        @Differentiable
        public static double offset(double[] z) {
          double m = Arrays.stream(z).max().getAsDouble();
          double s = Arrays.stream(z).map(v -> Math.exp(v - m) + 1.0).sum();
          return m + Math.log(s);
        }

        /** A max by comparison added to the log-sum-exp once more. */
        @Differentiable
        public static double comparedPlusMax(double[] z) {
          double m = z[0];
          for (int i = 1; i < z.length; i++) {
            if (z[i] > m) {
              m = z[i];
            }
          }
          double s = 0.0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - m);
          }
          double lse = m + Math.log(s);
          return lse + m;
        }

        /** The comparison choosing the max chooses an index too, read past the loop. */
        @Differentiable
        public static double argmax(double[] z) {
          double m = z[0];
          int k = 0;
          for (int i = 1; i < z.length; i++) {
            if (z[i] > m) {
              m = z[i];
              k = i;
            }
          }
          double s = 0.0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - m);
          }
          return m + Math.log(s) + z[k] * z[k];
        }

        /** The max compared: a branch on a moving value. */
        @Differentiable
        public static double branch(double[] z) {
          double m = Arrays.stream(z).max().getAsDouble();
          double s = Arrays.stream(z).map(v -> Math.exp(v - m)).sum();
          return m > 1.0 ? Math.log(s) : Math.log(s) + m;
        }
      }
      """;

  private static final double[] Z = {0.3, -1.2, 2.0, 0.7, 1.9};
  private static final double[][] ROWS = {{0.3, -1.2, 2.0, 0.7}, {1.1, 0.4, -0.5, 2.2}, {-0.3, 0.9, 0.8, -2.0}};
  private static final int[] Y = {2, 0, 1};

  @Test
  void theStabilisingMaxGetsNoGradientInStreamsAndLoops() {
    Compilation c = compileOk(source(SHIFTS), source(TWINS));
    String code = generated(c, "sh.ShiftsGrad");
    String twins = generated(c, "sh.TwinsGrad");
    for (String f : new String[] {"streamLse", "loopLse", "softmax", "crossEntropy", "rowSoftmax", "firstMaxLse",
        "comparedSoftmax", "comparedLse", "rowsCompared", "rowSoftmaxFromFirst"}) {
      String body = generatedMethod(code, capitalised(f) + " " + f + "(");
      assertThat(body).doesNotContain("double dm");
      assertThat(body).doesNotContain("double dtop");
      assertThat(body).doesNotContain("Tape = mStack");
      assertThat(body).doesNotContain("Tape = topStack");
      assertThat(body).doesNotContain("branchStack");
      String twin = generatedMethod(twins, capitalised(f) + " " + f + "(");
      assertThat(twin).containsMatch("double d(m|top) ");
    }
    for (String f : new String[] {"ndLse", "ndNll"}) {
      assertThat(generatedMethod(code, capitalised(f) + " " + f + "(")).doesNotContain("double dm");
    }
    Loaded l = load(c);
    assertGradient(l, "sh.ShiftsGrad", "ndLse", (Object) Z);
    assertGradient(l, "sh.ShiftsGrad", "ndNll", Z, 3);
    assertGradient(l, "sh.ShiftsGrad", "streamLse", (Object) Z);
    assertGradient(l, "sh.ShiftsGrad", "loopLse", (Object) Z);
    assertGradient(l, "sh.ShiftsGrad", "softmax", Z, new double[] {0.5, -1.0, 0.25, 2.0, 0.1});
    assertGradient(l, "sh.ShiftsGrad", "crossEntropy", ROWS, Y);
    assertGradient(l, "sh.ShiftsGrad", "rowSoftmax", ROWS, new double[][] {{1, 0, -1, 2}, {0.5, 0.5, 0, 1}, {0, 0, 3, -1}});
    assertGradient(l, "sh.ShiftsGrad", "firstMaxLse", (Object) Z);
    assertGradient(l, "sh.ShiftsGrad", "comparedSoftmax", Z, new double[] {0.5, -1.0, 0.25, 2.0, 0.1});
    assertGradient(l, "sh.ShiftsGrad", "comparedLse", (Object) Z);
    assertGradient(l, "sh.ShiftsGrad", "rowsCompared", ROWS, Y);
    assertGradient(l, "sh.ShiftsGrad", "rowSoftmaxFromFirst", ROWS, new double[][] {{1, 0, -1, 2}, {0.5, 0.5, 0, 1}, {0, 0, 3, -1}});
    assertGradient(l, "sh.ShiftsGrad", "comparedLse", (Object) new double[] {-1.0, -1.0});
    assertGradient(l, "sh.ShiftsGrad", "streamLse", (Object) new double[] {5.0});
    assertGradient(l, "sh.ShiftsGrad", "loopLse", (Object) new double[] {-1.0, -1.0});
  }

  @Test
  void theSkippedGradientIsTheOneTheTwinComputesAsZero() {
    Loaded l = load(compileOk(source(SHIFTS), source(TWINS)));
    assertSameAsTwin(l, "streamLse", "dz", (Object) Z);
    assertSameAsTwin(l, "loopLse", "dz", (Object) Z);
    assertSameAsTwin(l, "softmax", "dz", Z, new double[] {0.5, -1.0, 0.25, 2.0, 0.1});
    assertSameAsTwin(l, "crossEntropy", "dz", ROWS, Y);
    assertSameAsTwin(l, "rowSoftmax", "dz", ROWS, new double[][] {{1, 0, -1, 2}, {0.5, 0.5, 0, 1}, {0, 0, 3, -1}});
    assertSameAsTwin(l, "firstMaxLse", "dz", (Object) Z);
    assertSameAsTwin(l, "comparedSoftmax", "dz", Z, new double[] {0.5, -1.0, 0.25, 2.0, 0.1});
    assertSameAsTwin(l, "comparedLse", "dz", (Object) Z);
    assertSameAsTwin(l, "rowsCompared", "dz", ROWS, Y);
    assertSameAsTwin(l, "rowSoftmaxFromFirst", "dz", ROWS, new double[][] {{1, 0, -1, 2}, {0.5, 0.5, 0, 1}, {0, 0, 3, -1}});
  }

  @Test
  void aMaxTheResultMovesWithKeepsItsGradient() {
    Compilation c = compileOk(source(MOVING));
    String code = generated(c, "sh.MovingGrad");
    for (String f : new String[] {"lsePlusMax", "rowMaxima", "running", "offset", "branch", "comparedPlusMax", "argmax"}) {
      assertThat(generatedMethod(code, capitalised(f) + " " + f + "(")).contains("double dm");
    }
    Loaded l = load(c);
    for (String f : new String[] {"lsePlusMax", "running", "offset", "branch", "comparedPlusMax", "argmax"}) {
      assertGradient(l, "sh.MovingGrad", f, (Object) Z);
    }
    assertGradient(l, "sh.MovingGrad", "branch", (Object) new double[] {0.3, -0.2});
    assertGradient(l, "sh.MovingGrad", "rowMaxima", (Object) ROWS);
  }

  /** The value bit for bit and the gradient within 1e-12 relative of {@code f}'s and its twin's. */
  private static void assertSameAsTwin(Loaded l, String f, String gradient, Object... args) {
    Object shifted = result(l, "sh.ShiftsGrad", f, args);
    Object twin = result(l, "sh.TwinsGrad", f, args);
    Object value = Loaded.component(shifted, "value");
    if (value instanceof Double) {
      assertEquals((double) value, (double) Loaded.component(twin, "value"), 0.0);
    } else {
      assertArrayEquals(flat(Loaded.component(twin, "value")), flat(value), 0.0);
    }
    double[] a = flat(Loaded.component(shifted, gradient));
    double[] b = flat(Loaded.component(twin, gradient));
    assertEquals(b.length, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-12 * Math.max(1.0, Math.abs(b[i])), f + " " + gradient + "[" + i + "]");
    }
  }

  private static double[] flat(Object array) {
    return array instanceof double[][] m ? java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray()
        : (double[]) array;
  }

}
