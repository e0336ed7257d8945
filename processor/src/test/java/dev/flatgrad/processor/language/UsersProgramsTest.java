package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
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
 * local), and more (countdown loops, varargs helpers, elements of computed arrays, hashed long
 * indices with floorMod, ragged rows built in triangular loops, an inverse and an LDL by hand,
 * Gauss-Seidel, soft-DTW, a ray-sphere hit, an adaptive-step ODE, string settings), then (P70 on)
 * generators made inside from a seed (draws in indices, tests, arms, loops: Heston paths, Gumbel
 * noise, a Metropolis chain, a shuffle, dropout), velocity Verlet, an L-BFGS two-loop recursion, a
 * GP likelihood, 1D finite elements, causal attention, conv1d with pooling, robust losses, Bezier
 * arc length, and one construct per program taken to its corners (compound operators of every
 * kind, index arithmetic, Math's functions, labels, overloads and varargs), then (P105 on) records of
 * parameters as users keep models (an MLP of layer records with an enum activation, a Gaussian
 * mixture through a utility class, a settings record's method given the weights, RK4, robust losses,
 * dropout from a seed, an autoencoder of records of records, Newton on a polynomial record, a
 * Kalman filter, REINFORCE with draws from the policy, a heat rod stopped early, pairwise ranking
 * through a top-level utility class, record methods over a for-each's iterable, a GRU of gate
 * records, a GP kernel record with a Cholesky class, record methods returning from switches, one
 * layer record passed twice to a utility class's method). One program a file in src/test/resources/users/; each is compiled with the processor and
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
      "P55RowsPutInPlace",
      "P56Countdown",
      "P57Varargs",
      "P58Computed",
      "P59Seeded",
      "P60Ragged",
      "P61Inverse",
      "P62GaussSeidel",
      "P63SoftDtw",
      "P64Ray",
      "P65AdaptiveOde",
      "P66Settings",
      "P67MinBound",
      "P68Tridiag",
      "P69Geometry",
      "P70SeededDraws",
      "P71Leapfrog",
      "P72KalmanStep",
      "P73Lbfgs",
      "P74GpMarginal",
      "P75Greeks",
      "P76Fem1d",
      "P77SpringMesh",
      "P78PortfolioRisk",
      "P79Attention2d",
      "P80LayerNormGelu",
      "P81Conv1dPool",
      "P82GruSeq",
      "P83RobustLosses",
      "P84EarlyReturns",
      "P85Converge",
      "P86Overloads",
      "P87Compound",
      "P88IndexArith",
      "P89Rows2d",
      "P90MathZoo",
      "P91Swaps",
      "P92Labels",
      "P93ArrayTernary",
      "P94NBodyEnergy",
      "P95SoftKmeans",
      "P96Names",
      "P97DrawsEverywhere",
      "P98DrawsReread",
      "P99Bezier",
      "P100HestonMc",
      "P101GumbelSoftmax",
      "P102SeededShuffle",
      "P103Metropolis",
      "P104LuPivot",
      "P105MlpLayers",
      "P106GmmRecord",
      "P107LogRegHyper",
      "P108Rk4State",
      "P109HuberSwitch",
      "P110DropoutNet",
      "P111Autoencoder",
      "P112NewtonPoly",
      "P113KalmanRecord",
      "P114Reinforce",
      "P115HeatRod",
      "P116Ranking",
      "P117RecordLoops",
      "P118GruRecords",
      "P119GpKernel",
      "P120RecordSwitches",
      "P121SameRecordTwice"})
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
   * Two rows of a matrix of clones swapped through a temporary (P104LuPivot) put no array in two
   * rows; a row a local held before the swap is still that array, and a write through it an error.
   */
  @Test
  void aRowHeldAcrossASwapIsWrittenThroughTheMatrixOnly() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Held {
          @Differentiable
          static double f(double[][] m) {
            double[][] a = new double[m.length][];
            for (int i = 0; i < m.length; i++) a[i] = m[i].clone();
            double[] first = a[0];
            double[] t = a[0];
            a[0] = a[1];
            a[1] = t;
            first[0] = first[0] * 3;
            return a[1][0] * a[0][1];
          }
        }
        """), "first[0] = first[0] * 3;", "writing into `first`, which holds a row of `a`");
  }

  /**
   * An array local declared without a value and assigned in a loop: the generated code pushed its
   * value before each assignment, null on the first trip, and made the adjoint of the value popped
   * as long as it, a NullPointerException; it now starts as an empty array.
   */
  @Test
  void anArrayDeclaredWithoutAValueAndAssignedInALoop() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Later {
          @Differentiable
          public static double f(double[] x, int steps) {
            double[] t;
            double s = 0;
            for (int k = 0; k < steps; k++) {
              t = x.clone();
              t[0] = t[0] * t[1] + k;
              s += t[0] * t[1];
            }
            return s;
          }
        }
        """)));
    for (int steps : new int[] {0, 1, 3}) {
      dev.flatgrad.processor.numeric.GradAsserts.assertGradient(l, "users.LaterGrad", "f", new double[] {0.7, -1.3},
          steps);
    }
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
  void aVoidHelperOfAnotherFileFillingAnArraySaysWhatToDo() {
    // One of the file is written where it is called (ArrayWritingHelpersTest); another file's body is not read.
    JavaFileObject ops = source("""
        package bad;

        class Ops {
          static void matvec(double[][] a, double[] x, double[] out) {
            for (int i = 0; i < a.length; i++) {
              out[i] = a[i][0] * x[0] + a[i][1] * x[1];
            }
          }
        }
        """);
    JavaFileObject layers = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Layers {
          @Differentiable
          static double layer(double[][] a, double[] x) {
            double[] h = new double[a.length];
            Ops.matvec(a, x, h);
            return h[0] * h[1];
          }
        }
        """);
    com.google.testing.compile.CompilationSubject subject =
        com.google.testing.compile.CompilationSubject.assertThat(compile(ops, layers));
    subject.failed();
    for (String word : new String[] {"`Ops.matvec(a, x, h)`", "declare `matvec` in this file",
        "make it return the array", "assign the call's result"}) {
      subject.hadErrorContaining(word).inFile(layers).onLineContaining("Ops.matvec(a, x, h);");
    }
  }

  /**
   * Hexadecimal, octal and binary literals with the sign bit set are negative as written: the
   * generated code printed them with a minus from their value ({@code -0x9E3779B97F4A7C15L}), another
   * number, so a hash's slots, the value and the gradient were all wrong (P59).
   */
  @Test
  void aLiteralNegativeAsWrittenKeepsItsValue() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Bits {
          @Differentiable
          public static double f(double[] t, long id) {
            long h = id * 0x9E3779B97F4A7C15L + -0x9E3779B97F4A7C15L;
            int a = 0xFFFFFFFF, b = -0xFFFFFFFF, c = 037777777777, d = 0b10000000000000000000000000000001;
            int slot = (int) Math.floorMod(h ^ a ^ (b * 7L) ^ c ^ d, (long) t.length);
            return t[slot] * t[slot] * (a - b + c - d);
          }

          public static void main(String[] args) {
            for (long id = 0; id < 20; id++) {
              BitsGrad.checkF(new double[] {0.5, -1.5, 2, 0.25, 3}, id).assertPassed();
            }
          }
        }
        """)));
    l.call("users.Bits", "main", (Object) new String[0]);
  }

  /**
   * A DP whose row {@code cur} is allocated in the outer loop's body and handed on by {@code prev =
   * cur}: the element save of {@code cur[j] = ...} put back {@code cur[j] = curElementStack.pop()}
   * in a backward pass that declared no {@code cur} (its restore was dropped as unread, though the
   * put-back still stored into it): "cannot find symbol cur". The backward pass reads only the
   * row's shape, which element writes leave as it is: no element is saved at all now.
   */
  @Test
  void aRowAllocatedInTheLoopAndHandedOnCompiles() {
    Compilation c = compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Rolling {
          /** edit-distance-like DP with rolling rows */
          @Differentiable
          public static double rolling(double[] x, double[] y) {
            int m = y.length;
            double[] prev = new double[m + 1];
            for (int j = 1; j <= m; j++) prev[j] = prev[j - 1] + y[j - 1] * y[j - 1];
            for (int i = 1; i <= x.length; i++) {
              double[] cur = new double[m + 1];
              cur[0] = prev[0] + x[i - 1] * x[i - 1];
              for (int j = 1; j <= m; j++) {
                double c = (x[i - 1] - y[j - 1]) * (x[i - 1] - y[j - 1]);
                cur[j] = Math.min(prev[j - 1] + c, Math.min(prev[j] + 1.0, cur[j - 1] + 1.0));
              }
              prev = cur;
            }
            return prev[m];
          }
          public static void main(String[] args) {
            RollingGrad.checkRolling(new double[] {0.1, 0.5, 1.2, 0.8}, new double[] {0.0, 0.7, 1.05}).assertPassed();
          }
        }
        """));
    // The row is new each trip and only its shape is read backwards: its elements are never saved.
    assertThat(generated(c, "users.RollingGrad")).doesNotContain("ElementStack");
    Loaded l = load(c);
    l.call("users.Rolling", "main", (Object) new String[0]);
  }

  /**
   * Rows made fresh inside loops and handed on in every shape: written while they are read, rolled
   * ({@code b = a; a = next}), put into a table, three loops deep, cloned from the last row, a row
   * of a matrix made each trip.
   */
  @Test
  void freshRowsHandedOnInEveryShapeCompile() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Rows {
          /** a fresh row each trip, written with reads of itself and handed on */
          @Differentiable
          public static double handedOn(double[] x, double[] y) {
            int m = y.length;
            double[] prev = new double[m + 1];
            for (int j = 1; j <= m; j++) prev[j] = prev[j - 1] + y[j - 1] * y[j - 1];
            for (int i = 1; i <= x.length; i++) {
              double[] cur = new double[m + 1];
              cur[0] = prev[0] + x[i - 1] * x[i - 1];
              for (int j = 1; j <= m; j++) {
                cur[j] = Math.sin(cur[j - 1]) * prev[j] + x[i - 1] * cur[j - 1] * cur[j - 1];
                cur[j] = cur[j] * 0.5 + prev[j - 1];
              }
              prev = cur;
            }
            return prev[m];
          }

          /** two rows swapped through a temporary */
          @Differentiable
          public static double swapped(double[] x, int steps) {
            int n = x.length;
            double[] a = x.clone();
            double[] b = new double[n];
            for (int t = 0; t < steps; t++) {
              double[] next = new double[n];
              for (int j = 0; j < n; j++) {
                double left = j > 0 ? next[j - 1] : b[n - 1];
                next[j] = Math.tanh(a[j] * left + 0.3 * a[j]);
              }
              b = a;
              a = next;
            }
            double s = 0;
            for (int j = 0; j < n; j++) s += a[j] * (j + 1) + b[j];
            return s;
          }

          /** fresh rows put into a table, the next row reading the one before */
          @Differentiable
          public static double table(double[] x, int rows) {
            int n = x.length;
            double[][] table = new double[rows + 1][n];
            table[0] = x.clone();
            for (int i = 1; i <= rows; i++) {
              double[] cur = new double[n];
              for (int j = 0; j < n; j++) {
                cur[j] = table[i - 1][j] * table[i - 1][(j + 1) % n] + (j > 0 ? cur[j - 1] * 0.25 : 0.0);
              }
              table[i] = cur;
            }
            double s = 0;
            for (double[] r : table) for (double v : r) s += Math.sin(v);
            return s;
          }

          /** three loops deep: the row made in the middle loop, written in the inner one */
          @Differentiable
          public static double deep(double[] x, int sweeps) {
            int n = x.length;
            double[] prev = x;
            for (int s = 0; s < sweeps; s++) {
              for (int i = 0; i < 2; i++) {
                double[] cur = new double[n];
                for (int j = 0; j < n; j++) {
                  for (int k = 0; k <= j; k++) {
                    cur[j] += prev[k] * Math.cos(cur[j] + k);
                  }
                }
                prev = cur;
              }
            }
            double out = 0;
            for (double v : prev) out += v * v;
            return out;
          }

          /** a row cloned from the last one, changed in place and handed on */
          @Differentiable
          public static double cloned(double[] x, int steps) {
            double[] prev = x;
            for (int t = 0; t < steps; t++) {
              double[] cur = prev.clone();
              for (int j = 1; j < cur.length; j++) {
                cur[j] = cur[j] * cur[j - 1] * 0.5 + prev[j];
              }
              prev = cur;
            }
            return prev[prev.length - 1];
          }

          /** the row handed on is a row of a matrix made each trip */
          @Differentiable
          public static double matrixRows(double[] x, int steps) {
            int n = x.length;
            double[] prev = x;
            for (int t = 0; t < steps; t++) {
              double[][] two = new double[2][n];
              for (int j = 0; j < n; j++) {
                two[0][j] = prev[j] * prev[j];
                two[1][j] = two[0][j] + (j > 0 ? two[1][j - 1] : 0.0);
              }
              prev = two[t % 2];
            }
            double s = 0;
            for (double v : prev) s += v;
            return s;
          }

          public static void main(String[] args) {
            double[] x = {0.1, 0.5, -1.2, 0.8};
            RowsGrad.checkHandedOn(x, new double[] {0.0, 0.7, 1.05}).assertPassed();
            RowsGrad.checkSwapped(x, 3).assertPassed();
            RowsGrad.checkSwapped(x, 4).assertPassed();
            RowsGrad.checkTable(x, 3).assertPassed();
            RowsGrad.checkDeep(x, 2).assertPassed();
            RowsGrad.checkCloned(x, 3).assertPassed();
            RowsGrad.checkMatrixRows(x, 3).assertPassed();
          }
        }
        """)));
    l.call("users.Rows", "main", (Object) new String[0]);
  }

  /**
   * A vector read, then written through another variable holding it ({@code q = p}) where the
   * forward pass reads the first no more: the backward pass read the written value, a silently
   * wrong gradient (analytic 37.5, numeric 15.5). The write now saves what it overwrites, as a
   * write through the variable read does.
   */
  @Test
  void aWriteThroughAnotherVariableHoldingTheArrayIsUndone() {
    Loaded l = load(compileOk(source("""
        package users;
        import dev.flatgrad.annotations.Differentiable;
        public class A3 {
          /** read through an alias, then written through the original */
          @Differentiable
          public static double original(double[] x) {
            double[] p = x.clone();
            double[] q = p;
            double s = q[0] * q[0];
            p[0] = 5 * x[1];
            return s + p[0] * x[0];
          }

          /** read, then written through an alias made after the read */
          @Differentiable
          public static double alias(double[] x) {
            double[] p = x.clone();
            double s = p[0] * p[0];
            double[] q = p;
            q[0] = 5 * x[1];
            return s + q[0] * x[0];
          }

          public static void main(String[] args) {
            A3Grad.checkOriginal(new double[] {1.5, 2.5}).assertPassed();
            A3Grad.checkAlias(new double[] {1.5, 2.5}).assertPassed();
          }
        }
        """)));
    l.call("users.A3", "main", (Object) new String[0]);
  }

  /**
   * Writes the backward pass must still undo once an array's shape is watched apart from its
   * elements: a row replaced by a longer one, an array reassigned, elements whose values are read
   * and overwritten, ragged rows filled in a triangle.
   */
  @Test
  void writesThatChangeAShapeOrAValueReadAreStillSaved() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Shapes {
          @Differentiable
          public static double rowReplaced(double[] x, int trips) {
            double s = 0;
            double[][] W = new double[2][];
            for (int t = 0; t < trips; t++) {
              W[0] = x.clone();
              s += 2 * W[0][1];
              W[0] = new double[3 + t];
              W[0][2 + t] = x[0] * x[1];
              s += 3 * W[0][2 + t];
              W[1] = W[0].clone();
            }
            return s * s;
          }

          @Differentiable
          public static double reassigned(double[] x, int trips) {
            double s = 0;
            double[] a = x.clone();
            for (int t = 0; t < trips; t++) {
              s += 2 * a[0];
              a = new double[x.length + t];
              a[t] = x[1] * s;
              s += 3 * a[t];
              a[t] = 7;
            }
            return s;
          }

          @Differentiable
          public static double valuesRead(double[] x) {
            int n = x.length;
            double s = 0;
            double[] a = new double[n];
            for (int k = 0; k < 3; k++) {
              for (int i = 0; i < n; i++) {
                a[i] = x[i] * (k + 1) + a[(i + 1) % n];
                s += a[i] * a[i];
                a[i] = Math.sin(a[i]);
              }
            }
            return s;
          }

          @Differentiable
          public static double ragged(double[] x) {
            int n = x.length;
            double[][] T = new double[n][];
            double s = 0;
            for (int i = 0; i < n; i++) {
              T[i] = new double[i + 1];
              for (int j = 0; j <= i; j++) {
                T[i][j] = (j > 0 ? T[i][j - 1] : 1.0) * x[i] + (i > 0 && j < i ? T[i - 1][j] : 0.0);
                T[i][j] = T[i][j] * 0.5;
              }
              s += T[i][i];
            }
            return s;
          }

          public static void main(String[] args) {
            double[] x = {0.1, 0.5, -1.2, 0.8};
            ShapesGrad.checkRowReplaced(x, 3).assertPassed();
            ShapesGrad.checkReassigned(x, 3).assertPassed();
            ShapesGrad.checkValuesRead(x).assertPassed();
            ShapesGrad.checkRagged(x).assertPassed();
          }
        }
        """)));
    l.call("users.Shapes", "main", (Object) new String[0]);
  }

  /**
   * A matrix cloned (a record's component, a parameter) with a row replaced by an input: the
   * clone's own array is written, not the rows it shares, but it was rejected as "writing into a
   * row of the array of parameter `W`".
   */
  @Test
  void aClonedMatrixWithARowReplacedIsAccepted() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class CloneRow {
          public record Q(double[][] W, double[] b) {}

          /** a record's matrix cloned, its first row replaced by an input */
          @Differentiable
          public static double viaRecord(Q q, double[] x) {
            double[][] W = q.W().clone();
            W[0] = x;
            double s = 0;
            for (int i = 0; i < W.length; i++) for (int j = 0; j < W[i].length; j++) s += W[i][j] * q.b()[j] * W[i][j];
            return s;
          }

          /** a parameter matrix cloned, a row replaced, the original read too */
          @Differentiable
          public static double plain(double[][] A, double[] x) {
            double[][] W = A.clone();
            W[0] = x;
            double s = 0;
            for (int i = 0; i < W.length; i++) for (int j = 0; j < W[i].length; j++) s += Math.sin(W[i][j]) * W[i][j];
            return s + A[0][1] * W[0][1];
          }

          /** rows replaced in a loop: by the input, by fresh rows computed from the ones before */
          @Differentiable
          public static double inALoop(double[][] A, double[] x) {
            double[][] W = A.clone();
            for (int i = 0; i < W.length; i++) {
              if (i % 2 == 0) {
                W[i] = x;
              } else {
                double[] row = new double[x.length];
                for (int j = 0; j < row.length; j++) row[j] = Math.tanh(W[i - 1][j] * A[i][j]);
                W[i] = row;
              }
            }
            double s = 0;
            for (double[] r : W) for (double v : r) s += v * v;
            return s;
          }

          public static void main(String[] args) {
            double[][] A = {{0.1, 0.5}, {-1.2, 0.8}, {0.3, 0.4}};
            CloneRowGrad.checkViaRecord(new Q(A, new double[] {0.7, -0.2}), new double[] {1.5, 2.5}).assertPassed();
            CloneRowGrad.checkPlain(A, new double[] {1.5, 2.5}).assertPassed();
            CloneRowGrad.checkInALoop(A, new double[] {1.5, -0.5}).assertPassed();
          }
        }
        """)));
    l.call("users.CloneRow", "main", (Object) new String[0]);
  }

  /**
   * An element written through a cloned matrix whose row 0 is an input: it may change the input or
   * a row of the matrix cloned (the analysis does not tell rows apart), and the message names both.
   */
  @Test
  void anElementWrittenThroughAClonedMatrixNamesEveryParameterItMayChange() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Cloned {
          @Differentiable
          static double f(double[][] A, double[] x) {
            double[][] W = A.clone();
            W[0] = x;
            W[1][0] = 2 * W[1][0];
            return W[1][0] * W[0][1];
          }
        }
        """), "W[1][0] = 2 * W[1][0];", "the array of parameter `x` (through `W`) or a row of the array of parameter `A`",
        "x.clone(); Nd.copy(A) copies the rows too");
  }

  /**
   * A term array made in each trip, filled by compound writes and handed on ({@code term = nt}),
   * as in a Taylor series of a matrix (did not compile: {@code nt[i]} was put back where {@code nt}
   * is not declared; a fresh row's element writes save nothing now).
   */
  @Test
  void aTermArrayMadeInTheLoopAndHandedOnCompiles() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Series {
          @Differentiable
          public static double f(double[] a) {
            double[] term = a.clone();
            for (int k = 1; k <= 3; k++) {
              double[] nt = new double[a.length];
              for (int i = 0; i < a.length; i++) {
                nt[i] += term[i] * a[i];
                nt[i] /= k;
              }
              term = nt;
            }
            return term[0] + term[1];
          }
          public static void main(String[] args) {
            SeriesGrad.checkF(new double[] {0.3, 0.4}).assertPassed();
          }
        }
        """)));
    l.call("users.Series", "main", (Object) new String[0]);
  }

  /**
   * A {@code java.util.Random} made inside from a {@code long} seed, the way to draw a dropout mask
   * or noise deterministically (was "creating objects is not supported"): the draws are constants,
   * made once by the generated forward pass in the method's order, and its check repeats them.
   */
  @Test
  void aRandomMadeFromASeedIsAccepted() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        public class Seeded {
          /** inverted dropout, the mask drawn from a seed so the loss is deterministic */
          @Differentiable
          public static double dropout(double[] w, double[] x, double p, long seed) {
            Random rng = new Random(seed);
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              double keep = rng.nextDouble() < p ? 0.0 : 1.0 / (1 - p);
              s += keep * w[i] * x[i];
            }
            return Math.tanh(s);
          }

          /** Gaussian noise added to the input */
          @Differentiable
          public static double noisy(double[] w, long seed, double sigma) {
            Random rng = new Random(seed);
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              double xi = 1.0 + sigma * rng.nextGaussian();
              s += (w[i] * xi) * (w[i] * xi);
            }
            return s;
          }
          public static void main(String[] args) {
            double[] w = {0.4, -0.3, 1.2, 0.8, -0.5};
            SeededGrad.checkDropout(w, new double[] {1, 2, -1, 0.5, 0.3}, 0.4, 42L).assertPassed();
            SeededGrad.checkNoisy(w, 7L, 0.1).assertPassed();
          }
        }
        """)));
    l.call("users.Seeded", "main", (Object) new String[0]);
  }

  /** A generator seeded by the clock draws anew on every call: its check could not repeat them. */
  @Test
  void aRandomWithoutASeedIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        class Unseeded {
          @Differentiable
          static double f(double[] w) {
            double s = 0;
            Random rng = new Random();
            for (double v : w) s += v * rng.nextGaussian();
            return s * s;
          }
        }
        """), "Random rng = new Random();", "`new Random()` draws different numbers on every call",
        "new Random(seed) with seed a long parameter");
  }

  /**
   * An object made of a differentiated value would lose its gradient: an error, not a silent zero
   * (a record without a constructor of its own, or whose compact constructor only checks, is written
   * as its components, RecordLocalsTest, RecordRedTeamTest P203).
   */
  @Test
  void anObjectMadeOfADifferentiatedValueIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Made {
          record Hyper(double lambda, int steps) {
            Hyper {
              steps = Math.max(steps, 1);
            }
          }

          @Differentiable
          static double f(double[] w) {
            Hyper h = new Hyper(w[1] * 0.5, 3);
            return w[0] * h.lambda();
          }
        }
        """), "Hyper h = new Hyper(w[1] * 0.5, 3);", "makes an object", "depends on the differentiated parameters");
  }

  /**
   * A private nested class as a parameter's or a local's type, or a private constructor: generated
   * code, another class, named them (javac: "has private access" in generated code).
   */
  @Test
  void aPrivateClassOrConstructorIsAnErrorOnItsLine() {
    String code = """
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Hidden {
          private record Cfg(double scale) {}

          static final class Shift {
            final double by;

            private Shift(double by) {
              this.by = by;
            }
          }

          @Differentiable
          static double f(double[] w, Cfg c) {
            return w[0] * c.scale() + w[1];
          }

          @Differentiable
          static double g(double[] w) {
            Shift s = new Shift(0.5);
            return w[0] * s.by;
          }
        }
        """;
    assertErrorsOn(source(code), "static double f(double[] w, Cfg c) {", "`Cfg` is a private class", "drop `private`");
    assertErrorsOn(source(code), "Shift s = new Shift(0.5);", "the constructor `Shift(...)` is private",
        "drop `private`");
  }

  /**
   * A switch over a String setting was rejected ("a switch is supported over int and enum constants
   * only"), though {@code mode.equals("l2")} in if/else worked (P66).
   */
  @Test
  void aSwitchOverAStringSettingIsAccepted() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Activations {
          @Differentiable
          public static double activation(double[] x, String act) {
            double s = 0;
            for (double v : x) {
              switch (act) {
                case "relu" -> s += Math.max(0, v);
                case "tanh" -> s += Math.tanh(v);
                case "softplus" -> s += Math.log1p(Math.exp(v));
                default -> s += v;
              }
            }
            return s * s;
          }
          public static void main(String[] args) {
            for (String a : new String[] {"relu", "tanh", "softplus", "id"}) {
              ActivationsGrad.checkActivation(new double[] {0.3, -0.7, 1.1}, a).assertPassed();
            }
          }
        }
        """)));
    l.call("users.Activations", "main", (Object) new String[0]);
  }

  /**
   * Switches over Strings in every form: arrows in a loop, colons with shared cases, a constant's
   * label (compared by equals, not ==: the settings below are new strings), a computed selector,
   * switch expressions with several labels, a block and inside a larger expression; a null setting.
   */
  @Test
  void switchesOverStringsInEveryFormAreAccepted() {
    Loaded l = load(compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        public class Activations {
          static final String HUBER = "huber";

          /** arrows, nested in a loop, with a default */
          @Differentiable
          public static double activation(double[] x, String act) {
            double s = 0;
            for (double v : x) {
              switch (act) {
                case "relu" -> s += Math.max(0, v);
                case "tanh" -> s += Math.tanh(v);
                case "softplus" -> s += Math.log1p(Math.exp(v));
                default -> s += v;
              }
            }
            return s * s;
          }

          /** colons with break, cases sharing code, a constant's label, a computed selector */
          @Differentiable
          public static double loss(double[] w, double[] x, String kind) {
            double total = 0;
            for (int i = 0; i < w.length; i++) {
              double r = w[i] * x[i] - 1.0;
              switch (kind.trim()) {
                case "l2":
                case "mse":
                  total += r * r;
                  break;
                case HUBER:
                  if (Math.abs(r) < 1) {
                    total += 0.5 * r * r;
                  } else {
                    total += Math.abs(r) - 0.5;
                  }
                  break;
                default:
                  total += Math.abs(r);
                  break;
              }
            }
            return total;
          }

          /** switch expressions: a declaration's value with several labels and a block, and inside a larger expression */
          @Differentiable
          public static double mixed(double[] x, String act, String scale) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double y = switch (act) {
                case "relu", "rectifier" -> Math.max(0, x[i]);
                case "sigmoid" -> {
                  double e = Math.exp(-x[i]);
                  yield 1 / (1 + e);
                }
                default -> x[i];
              };
              s += y * switch (scale) { case "half" -> 0.5; case "double" -> 2.0; default -> 1.0; };
            }
            return s;
          }

          public static void main(String[] args) {
            double[] x = {0.3, -0.7, 1.1};
            for (String a : new String[] {"relu", "tanh", "softplus", "id"}) {
              ActivationsGrad.checkActivation(x, new String(a.toCharArray())).assertPassed();
            }
            for (String k : new String[] {"l2", " mse ", "huber", "l1"}) {
              ActivationsGrad.checkLoss(new double[] {0.5, 2.0, -1.5}, x, new String(k.toCharArray())).assertPassed();
            }
            for (String a : new String[] {"relu", "rectifier", "sigmoid", "id"}) {
              for (String s : new String[] {"half", "double", "one"}) {
                ActivationsGrad.checkMixed(x, new String(a.toCharArray()), s).assertPassed();
              }
            }
            // A null setting throws where the method's switch does.
            for (Runnable call : new Runnable[] {() -> activation(x, null), () -> ActivationsGrad.activation(x, null)}) {
              try {
                call.run();
                throw new AssertionError("no NullPointerException");
              } catch (NullPointerException expected) {
                // as Java's switch
              }
            }
          }
        }
        """)));
    l.call("users.Activations", "main", (Object) new String[0]);
  }

  private static String program(String name) {
    try (InputStream in = UsersProgramsTest.class.getResourceAsStream("/users/" + name + ".java")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
