package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs written as users write them, not in the project's style: a numerics person's Newton
 * and fixed-point iterations, finance (Black-Scholes, a binomial tree rolled back in place, Monte
 * Carlo with an inline LCG), physics (spring chains, leapfrog, n-body, RK4 with helpers returning
 * arrays, implicit heat by Thomas), statistics (a Gaussian mixture, a Kalman filter, a GP with a
 * Cholesky by hand, an HMM), ML by hand (softmax, an RNN, a GRU, an LSTM, attention, batch and
 * layer norm, convolutions, SVM, k-means, unrolled Adam, a soft tree), in many styles (final
 * locals, compound operators, nested ternaries, labelled breaks, early returns, switches, var,
 * static final tables, helpers of every kind, locals named grad and dx, rows written through a
 * local). One program a file in src/test/resources/users/; each is compiled with the processor and
 * its own main runs the generated checks: the value bit for bit, the gradient (for some the tangent
 * and H·v too) against centred differences. The constructs flatgrad rightly rejects are error
 * tests: on the offending line, saying what to write instead.
 */
class UsersProgramsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "P01Newton",
      "P02BlackScholes",
      "P03Binomial",
      "P04MonteCarlo",
      "P05Springs",
      "P06Gmm",
      "P08Kalman",
      "P09Softmax",
      "P10Rnn",
      "P11Conv",
      "P12Attention",
      "P13BatchNorm",
      "P14Hinge",
      "P15Styles",
      "P16Names",
      "P17Helpers",
      "P18ArrayUtils",
      "P19Layer",
      "P20Enhanced",
      "P21Rk4",
      "P22Cholesky",
      "P23GaussJordan",
      "P24Thomas",
      "P25Hmm",
      "P26Losses",
      "P27Lstm",
      "P28LayerNormDropout",
      "P29Adam",
      "P30Simpson",
      "P31NBody",
      "P32Interp",
      "P33Model",
      "P34Switch",
      "P35RowWrites",
      "P36Recs",
      "P37Logistic",
      "P38Image",
      "P39Counter",
      "P40Tree",
      "P42Mixed",
      "P43Returns",
      "P44Sort",
      "P45RowLocals",
      "P46Ode",
      "P47Matrix",
      "P48Portfolio",
      "P49Wave",
      "P50Queue",
      "P51Inst",
      "P52Names2",
      "P53Misc",
      "P54Viterbi",
      "P55RowsPutInPlace"})
  void theGeneratedChecksPass(String program) {
    Loaded l = load(compileOk(source(program(program))));
    l.call("users." + program, "main", (Object) new String[0]);
  }

  /**
   * A helper of a nested class of a class in the unnamed package (a one-file program): generated
   * code named it as class {@code Arrays2Grad} of a package {@code P29Adam}, which javac could not
   * find.
   */
  @Test
  void aNestedClassOfTheUnnamedPackageIsNamedAsNested() {
    String code = program("P29Adam").replace("package users;", "");
    Loaded l = load(compileOk(JavaFileObjects.forSourceString("P29Adam", code)));
    l.call("P29Adam", "main", (Object) new String[0]);
  }

  /** A row a local holds, chosen by a condition, written while the matrix is read later: not the same program as a write through it. */
  @Test
  void aWriteThroughARowTheMatrixStillReadsIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Rows {
          @Differentiable
          static double f(double[] x) {
            double[][] acc = new double[2][2];
            double[] row = x[0] > 0 ? acc[0] : acc[1];
            row[0] = x[0] * x[1];
            return acc[0][0] + acc[1][0];
          }
        }
        """), "row[0] = x[0] * x[1];", "`row`, which holds a row of `acc`", "acc[i][j] = ...", "a copy (.clone())");
  }

  /** A vector put into a row whose index flatgrad cannot follow, written after: was a silent zero gradient. */
  @Test
  void aWriteIntoAVectorAMatrixHoldsAsARowIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Stored {
          @Differentiable
          static double f(double[] x, int k, int j) {
            double[][] m = new double[2][2];
            double[] v = new double[2];
            m[k] = v;
            m[j] = new double[2];
            v[0] = x[0] * x[1];
            return m[0][0] * x[0];
          }
        }
        """), "v[0] = x[0] * x[1];", "`v`, which holds a row of `m`", "m[i][j] = ...");
  }

  /** One vector in two rows of a matrix: a write through one row changed the other unseen (a silent wrong gradient). */
  @Test
  void oneArrayInTwoRowsIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Twice {
          @Differentiable
          static double stored(double[] x) {
            double[][] out = new double[2][];
            double[] v = new double[2];
            out[0] = v;
            out[1] = v;
            v[0] = x[0] * x[1];
            return out[1][0] * x[0];
          }
        }
        """), "out[1] = v;", "one array in two rows of `out`", "its own copy (.clone())");
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Twice {
          @Differentiable
          static double literal(double[] x) {
            double[] v = new double[2];
            v[0] = x[0] * x[1];
            double[][] out = {v, v};
            out[0][1] = x[1];
            return out[1][1] * out[1][0];
          }
        }
        """), "double[][] out = {v, v};", "one array in two rows of the initializer", "its own copy (.clone())");
  }

  /**
   * Buffers swapped in a loop (a stencil's ping-pong): the analysis cannot tell the two apart
   * after the swap, so the write is an error, once (the loop's body is analysed until it settles,
   * and each pass reported it again).
   */
  @Test
  void pingPongBuffersAreOneErrorOnTheWrite() {
    javax.tools.JavaFileObject file = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Stencil {
          @Differentiable
          static double pingPong(double[] u0, double nu, int steps) {
            int n = u0.length;
            double[] cur = u0.clone();
            double[] next = new double[n];
            for (int t = 0; t < steps; t++) {
              for (int i = 1; i < n - 1; i++) {
                next[i] = cur[i] + nu * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
              }
              double[] tmp = cur; cur = next; next = tmp;
            }
            return cur[0];
          }
        }
        """);
    assertErrorsOn(file, "next[i] = cur[i]", "writing into `next`, which shares its array with `cur`");
    com.google.common.truth.Truth.assertThat(compile(file).errors()).hasSize(1);
  }

  @Test
  void aSortInPlaceSaysToSortACopyByHand() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Median {
          @Differentiable
          static double median(double[] x) {
            double[] s = x.clone();
            Arrays.sort(s);
            return s[s.length / 2];
          }
        }
        """), "Arrays.sort(s);", "Arrays.sort sorts its array in place", "insertion sort of x.clone()");
  }

  @Test
  void aVoidHelperFillingAnArraySaysToReturnTheArray() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Layers {
          static void matvec(double[][] a, double[] x, double[] out) {
            for (int i = 0; i < a.length; i++) {
              out[i] = a[i][0] * x[0] + a[i][1] * x[1];
            }
          }

          @Differentiable
          static double layer(double[][] a, double[] x) {
            double[] h = new double[a.length];
            matvec(a, x, h);
            return h[0] * h[1];
          }
        }
        """), "matvec(a, x, h);", "`matvec(a, x, h)`", "make `matvec` return the array", "assign the call's result");
  }

  private static String program(String name) {
    try (InputStream in = UsersProgramsTest.class.getResourceAsStream("/users/" + name + ".java")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
