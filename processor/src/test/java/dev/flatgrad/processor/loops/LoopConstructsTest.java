package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.loops.RandomArrays.matrix;
import static dev.flatgrad.processor.loops.RandomArrays.uniform;
import static dev.flatgrad.processor.loops.RandomArrays.vector;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Every loop and array construct of issue 3, checked numerically (relative error below 1e-7) for
 * several sizes, including 1 and 0 where the method allows them, with its tangent and H·v. One
 * compilation unit, compiled once.
 */
class LoopConstructsTest {

  private static final String CLASS = "loopcases.LoopsGrad";
  private static final int[] SIZES = {0, 1, 2, 3, 6};
  private static final int TRIES = 3;

  private static Loaded loaded;

  @BeforeAll
  static void compileAll() {
    loaded = load(compileOk(source(withSecondOrder("""
        package loopcases;

        import dev.flatgrad.annotations.Differentiable;

        class Loops {

          // ---- enhanced for ----

          @Differentiable
          static double enhancedFor(double[] x, double w) {
            double s = 0.0;
            for (double v : x) {
              s += Math.sin(w * v) * v;
            }
            return s;
          }

          @Differentiable
          static double enhancedForOverRows(double[][] M, double[] v) {
            double s = 0.0;
            for (double[] row : M) {
              double q = 0.0;
              for (int j = 0; j < row.length; j++) {
                q += row[j] * v[j];
              }
              s += q * q;
            }
            return s;
          }

          @Differentiable
          static double enhancedForNested(double[][] M, double w) {
            double s = 0.0;
            for (double[] row : M) {
              for (double e : row) {
                s += e * e * e * w;
              }
            }
            return s;
          }

          @Differentiable
          static double enhancedForOverLocal(double[] x, double w) {
            double[] c = {w, 2.0 * w, x.length > 0 ? x[0] : 1.0};
            double s = 0.0;
            for (double v : c) {
              s += v * v;
            }
            return s;
          }

          // ---- do/while and while ----

          @Differentiable
          static double doWhile(double[] x) {
            double s = 1.0;
            int i = 0;
            do {
              s = s * 0.5 + x[i] * x[i];
              i++;
            } while (i < x.length);
            return s;
          }

          @Differentiable
          static double doWhileFixedPoint(double x) {
            double y = x;
            int k = 0;
            do {
              y = 0.5 * y + 0.25 * Math.sin(y + x);
              k++;
            } while (k < 6);
            return y;
          }

          @Differentiable
          static double whileOverIndex(double[] x, double w) {
            double s = 0.0;
            int i = x.length - 1;
            while (i >= 0) {
              s += Math.exp(w * x[i]);
              i--;
            }
            return s;
          }

          // ---- continue, break, return ----

          @Differentiable
          static double continueLoop(double[] x, double w) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              if (x[i] < 0.0) {
                continue;
              }
              s += x[i] * x[i] * w;
            }
            return s;
          }

          @Differentiable
          static double continueInWhile(double[] x) {
            double s = 0.0;
            int i = -1;
            while (i < x.length - 1) {
              i++;
              if (i % 2 == 1) {
                continue;
              }
              s += Math.exp(x[i]);
            }
            return s;
          }

          @Differentiable
          static double returnInLoop(double[] x, double limit) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              s += x[i] * x[i];
              if (s > limit) {
                return s * Math.sqrt(s);
              }
            }
            return s;
          }

          @Differentiable
          static double returnInNestedLoops(double[][] M, double w) {
            double s = 0.0;
            for (int i = 0; i < M.length; i++) {
              for (int j = 0; j < M[i].length; j++) {
                s += M[i][j] * M[i][j] * w;
                if (M[i][j] > 1.0) {
                  return Math.log(1.0 + s * s);
                }
              }
              s = s * 0.5;
            }
            return s;
          }

          @Differentiable
          static double breakInNestedLoop(double[][] M, double w) {
            double s = 0.0;
            for (int i = 0; i < M.length; i++) {
              for (int j = 0; j < M[i].length; j++) {
                if (M[i][j] < -1.0) {
                  break;
                }
                s += M[i][j] * w;
              }
              s = Math.tanh(s);
            }
            return s;
          }

          // ---- loop shapes ----

          @Differentiable
          static double horner(double[] c, double x) {
            double s = 0.0;
            for (int i = c.length - 1; i >= 0; i--) {
              s = s * x + c[i];
            }
            return s;
          }

          @Differentiable
          static double boundIsALocal(double[] x) {
            int m = x.length / 2;
            double s = 0.0;
            for (int i = 0; i < m; i++) {
              s += x[i] * x[m + i];
            }
            return s;
          }

          // ---- loop-carried values overwritten through themselves ----

          @Differentiable
          static double product(double[] a) {
            double s = 1.0;
            for (int i = 0; i < a.length; i++) {
              s = s * a[i];
            }
            return s;
          }

          @Differentiable
          static double runningMax(double[] x) {
            double m = x[0];
            for (int i = 1; i < x.length; i++) {
              m = Math.max(m, x[i]);
            }
            return m;
          }

          @Differentiable
          static double expWhile(double[] x) {
            double[] e = new double[x.length];
            double s = 0.0;
            int j = 0;
            while (j < x.length) {
              e[j] = Math.exp(x[j]);
              s += e[j];
              j++;
            }
            return s;
          }

          @Differentiable
          static double elementOverwrittenByTanh(double[] x) {
            double[] t = new double[1];
            for (int i = 0; i < x.length; i++) {
              t[0] = t[0] * 0.5 + x[i];
              t[0] = Math.tanh(t[0]);
            }
            return t[0];
          }

          @Differentiable
          static double cloneThenExp(double[] x, double w) {
            double[] c = x.clone();
            for (int i = 0; i < x.length; i++) {
              c[i] = Math.exp(c[i] * w);
            }
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              s += c[i] * x[i];
            }
            return s;
          }

          @Differentiable
          static double productOfSquares(double[] a) {
            double s = 1.0;
            for (int i = 0; i < a.length; i++) {
              s *= a[i] * a[i];
            }
            return s;
          }

          // ---- array locals ----

          @Differentiable
          static double arrayLocalReadLater(double[] x, double w) {
            double[] sq = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              sq[i] = x[i] * x[i] * w;
            }
            double s = 0.0;
            for (int i = 0; i < sq.length; i++) {
              s += Math.sin(sq[i]) * sq[i];
            }
            return s;
          }

          @Differentiable
          static double softmaxCrossEntropy(double[][] S, int[] y) {
            double loss = 0.0;
            for (int i = 0; i < S.length; i++) {
              double m = S[i][0];
              for (int j = 1; j < S[i].length; j++) {
                if (S[i][j] > m) {
                  m = S[i][j];
                }
              }
              double[] e = new double[S[i].length];
              double sum = 0.0;
              for (int j = 0; j < S[i].length; j++) {
                e[j] = Math.exp(S[i][j] - m);
                sum += e[j];
              }
              loss += -Math.log(e[y[i]] / sum);
            }
            return loss / S.length;
          }

          @Differentiable
          static double svmLoss(double[][] S, int[] y) {
            double loss = 0.0;
            for (int i = 0; i < S.length; i++) {
              for (int j = 0; j < S[i].length; j++) {
                if (j == y[i]) {
                  continue;
                }
                double margin = S[i][j] - S[i][y[i]] + 1.0;
                if (margin > 0) {
                  loss += margin;
                }
              }
            }
            return loss;
          }

          @Differentiable
          static double compoundElementWrites(double[] x, double w) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              p[i] = 1.0 + x[i];
            }
            for (int i = 0; i < x.length; i++) {
              p[i] += x[i] * w;
              p[i] -= Math.sin(w);
              p[i] -= x[i] * x[i];
            }
            double s = 0.0;
            for (int i = 0; i < p.length; i++) {
              s += p[i] * p[i];
            }
            return s;
          }

          @Differentiable
          static double elementOverwrittenManyTimes(double[] x) {
            double[] t = new double[2];
            for (int i = 0; i < x.length; i++) {
              t[0] = t[0] * 0.5 + x[i];
              t[0] = Math.sin(t[0]);
              t[1] = t[0] * x[i];
            }
            return t[0] + t[1];
          }

          @Differentiable
          static double cloneThenWrite(double[] x, double w) {
            double[] c = x.clone();
            for (int i = 0; i < x.length; i++) {
              c[i] = Math.sin(c[i] * w) + c[i];
            }
            double s = 0.0;
            for (int i = 0; i < c.length; i++) {
              s += c[i] * x[i];
            }
            return s;
          }

          @Differentiable
          static double cloneRowsThenWrite(double[][] M) {
            double s = 0.0;
            for (int i = 0; i < M.length; i++) {
              double[] row = M[i].clone();
              for (int j = 0; j < M[i].length; j++) {
                row[j] = row[j] + 1.0;
              }
              for (int j = 0; j < row.length; j++) {
                s += row[j] * M[i][j];
              }
            }
            return s;
          }

          @Differentiable
          static double twoDimensionalLocal(double[] x, double[][] W) {
            int n = x.length;
            double[][] A = new double[n][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < n; j++) {
                A[i][j] = x[i] * x[j];
              }
            }
            double s = 0.0;
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < n; j++) {
                s += A[i][j] * W[i][j];
              }
            }
            return s;
          }

          @Differentiable
          static double twoDimensionalInitialiser(double x, double y) {
            double[][] A = {{x, y}, {x * y, 1.0}};
            double s = 0.0;
            for (double[] row : A) {
              for (double e : row) {
                s += e * e;
              }
            }
            return s + A[1][0] * A.length;
          }

          @Differentiable
          static double labelsSelectColumns(double[][] X, double[][] W, int[] y) {
            double s = 0.0;
            for (int i = 0; i < X.length; i++) {
              for (int d = 0; d < X[i].length; d++) {
                s += X[i][d] * W[d][y[i]];
              }
            }
            return s;
          }

          @Differentiable
          static double arrayReassignedToParameterAlias(double[] x, double[] z, boolean useZ) {
            double[] a = x;
            if (useZ) {
              a = z;
            }
            double s = 0.0;
            for (int i = 0; i < a.length; i++) {
              s += a[i] * a[i] * x[i];
            }
            return s;
          }
        }
        """))));
  }

  @Test
  void enhancedFor() {
    Random r = new Random(1);
    for (int n : SIZES) {
      for (int k = 0; k < TRIES; k++) {
        assertGradient(loaded, CLASS, "enhancedFor", vector(r, n), uniform(r, -2, 2));
        assertGradient(loaded, CLASS, "enhancedForOverRows", matrix(r, n, 3), vector(r, 3));
        assertGradient(loaded, CLASS, "enhancedForOverRows", matrix(r, 2, n), vector(r, n));
        assertGradient(loaded, CLASS, "enhancedForNested", matrix(r, n, n + 1), uniform(r, -2, 2));
        assertGradient(loaded, CLASS, "enhancedForOverLocal", vector(r, n), uniform(r, -2, 2));
      }
    }
  }

  @Test
  void doWhileAndWhile() {
    Random r = new Random(2);
    for (int n : SIZES) {
      for (int k = 0; k < TRIES; k++) {
        if (n > 0) {
          assertGradient(loaded, CLASS, "doWhile", vector(r, n));
        }
        assertGradient(loaded, CLASS, "whileOverIndex", vector(r, n), uniform(r, -1, 1));
      }
    }
    for (int k = 0; k < TRIES; k++) {
      assertGradient(loaded, CLASS, "doWhileFixedPoint", uniform(r, -2, 2));
    }
  }

  @Test
  void continueBreakAndReturn() {
    Random r = new Random(3);
    for (int n : SIZES) {
      for (int k = 0; k < TRIES; k++) {
        assertGradient(loaded, CLASS, "continueLoop", awayFromZero(r, n), uniform(r, -2, 2));
        assertGradient(loaded, CLASS, "continueInWhile", vector(r, n));
        double[] x = vector(r, n);
        assertGradient(loaded, CLASS, "returnInLoop", x, limitAwayFromPrefixSums(r, x));
        assertGradient(loaded, CLASS, "returnInNestedLoops", awayFrom(r, n, 3, 1.0), uniform(r, -2, 2));
        assertGradient(loaded, CLASS, "breakInNestedLoop", awayFrom(r, n, 3, -1.0), uniform(r, -1, 1));
      }
    }
    // The return in the inner loop is taken at M[0][1]: s = (0.25 + 4) w, log(1 + s²).
    Object g = result(loaded, CLASS, "returnInNestedLoops", new double[][] {{0.5, 2.0, 7.0}, {9.0}}, 1.0);
    double s = 4.25;
    double ds = 2 * s / (1 + s * s);
    double[][] dM = (double[][]) Loaded.component(g, "dM");
    assertThat(dM[0]).usingTolerance(1e-15).containsExactly(ds * 1.0, ds * 4.0, 0.0).inOrder();
    assertThat(dM[1]).usingExactEquality().containsExactly(0.0);
    assertThat(d(g, "dw")).isWithin(1e-15).of(ds * 4.25);
  }

  @Test
  void loopShapes() {
    Random r = new Random(4);
    for (int n : SIZES) {
      for (int k = 0; k < TRIES; k++) {
        assertGradient(loaded, CLASS, "horner", vector(r, n), uniform(r, -1.5, 1.5));
        assertGradient(loaded, CLASS, "boundIsALocal", vector(r, n));
      }
    }
    // 1 + 2x + 3x² at x = 2: 17, derivative 2 + 6x = 14
    Object g = result(loaded, CLASS, "horner", new double[] {1, 2, 3}, 2.0);
    assertThat(d(g, "value")).isEqualTo(17.0);
    assertThat(d(g, "dx")).isEqualTo(14.0);
    assertThat((double[]) Loaded.component(g, "dc")).usingExactEquality().containsExactly(1.0, 2.0, 4.0).inOrder();
  }

  @Test
  void valuesOverwrittenThroughThemselves() {
    Random r = new Random(8);
    for (int n : SIZES) {
      for (int k = 0; k < TRIES; k++) {
        assertGradient(loaded, CLASS, "product", vector(r, n, 0.5, 1.5));
        if (n > 0) {
          double[] x = vector(r, n);
          if (distinctByAMargin(x)) {
            assertGradient(loaded, CLASS, "runningMax", x);
          }
        }
        assertGradient(loaded, CLASS, "expWhile", vector(r, n));
        assertGradient(loaded, CLASS, "elementOverwrittenByTanh", vector(r, n));
        assertGradient(loaded, CLASS, "cloneThenExp", vector(r, n), uniform(r, -1, 1));
        assertGradient(loaded, CLASS, "productOfSquares", vector(r, n, 0.5, 1.5));
      }
    }
    Object g = result(loaded, CLASS, "product", new double[] {0.5, 2.0, 3.0});
    assertThat((double[]) Loaded.component(g, "da")).usingTolerance(1e-15).containsExactly(6.0, 1.5, 1.0).inOrder();
    Object m = result(loaded, CLASS, "runningMax", new double[] {0.5, 2.0, 2.0, -1.0});
    // max routes to the first maximum on a tie
    assertThat((double[]) Loaded.component(m, "dx")).usingExactEquality().containsExactly(0.0, 1.0, 0.0, 0.0).inOrder();
  }

  private static boolean distinctByAMargin(double[] x) {
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < i; j++) {
        if (Math.abs(x[i] - x[j]) < 0.01) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void arrayLocalsAndElementWrites() {
    Random r = new Random(5);
    for (int n : SIZES) {
      for (int k = 0; k < TRIES; k++) {
        assertGradient(loaded, CLASS, "arrayLocalReadLater", vector(r, n), uniform(r, -1, 1));
        assertGradient(loaded, CLASS, "compoundElementWrites", vector(r, n), uniform(r, -2, 2));
        assertGradient(loaded, CLASS, "elementOverwrittenManyTimes", vector(r, n));
        assertGradient(loaded, CLASS, "cloneThenWrite", vector(r, n), uniform(r, -1, 1));
        assertGradient(loaded, CLASS, "cloneRowsThenWrite", (Object) matrix(r, n, 2));
        assertGradient(loaded, CLASS, "cloneRowsThenWrite", (Object) matrix(r, 2, n));
        assertGradient(loaded, CLASS, "twoDimensionalLocal", vector(r, n), matrix(r, n, n));
      }
    }
    assertGradient(loaded, CLASS, "twoDimensionalInitialiser", 0.7, -1.3);
  }

  @Test
  void arrayReassignedAndRnnWithAHiddenVector() {
    Random r = new Random(6);
    for (int n : SIZES) {
      for (boolean useZ : new boolean[] {false, true}) {
        assertGradient(loaded, CLASS, "arrayReassignedToParameterAlias", vector(r, n), vector(r, n), useZ);
      }
    }
  }

  @Test
  void loopsOverIntLabels() {
    Random r = new Random(7);
    for (int n : new int[] {1, 2, 5}) {
      for (int classes : new int[] {1, 2, 4}) {
        double[][] S = matrix(r, n, classes, -2, 2);
        int[] y = RandomArrays.labels(r, n, classes);
        assertGradient(loaded, CLASS, "softmaxCrossEntropy", distinctRows(r, S), y);
        if (marginsAwayFromZero(S, y)) {
          assertGradient(loaded, CLASS, "svmLoss", S, y);
        }
      }
      for (int dim : SIZES) {
        assertGradient(loaded, CLASS, "labelsSelectColumns", matrix(r, n, dim), matrix(r, dim, 3),
            RandomArrays.labels(r, n, 3));
      }
    }
    // SVM closed form: each positive margin adds 1 at (i, j) and subtracts 1 at (i, y[i]).
    Object g = result(loaded, CLASS, "svmLoss", new double[][] {{1.0, 0.5, -2.0}}, new int[] {0});
    double[][] dS = (double[][]) Loaded.component(g, "dS");
    assertThat(dS[0]).usingExactEquality().containsExactly(-1.0, 1.0, 0.0).inOrder();
  }

  @Test
  void loopsThatAreNotPlainCountingLoopsAndArrayReassignment() {
    Loaded bugs = load(compileOk(source("""
        package loopbugs;

        import dev.flatgrad.annotations.Differentiable;

        class Shapes {
          @Differentiable
          static double stepByTwo(double[] x) {
            double s = 0.0;
            for (int i = 0; i + 1 < x.length; i += 2) {
              s += x[i] * x[i + 1];
            }
            return s;
          }

          @Differentiable
          static double twoIndices(double[] x) {
            double s = 0.0;
            for (int i = 0, j = x.length - 1; i < j; i++, j--) {
              s += x[i] * Math.cos(x[j]);
            }
            return s;
          }

          @Differentiable
          static double conditionOnAValue(double[] x, double limit) {
            double s = 0.0;
            for (int i = 0; i < x.length && s < limit; i++) {
              s += x[i] * x[i];
            }
            return s;
          }

          @Differentiable
          static double hiddenVectorRnn(double[][] W, double[][] xs) {
            int hidden = W.length;
            double[] h = new double[hidden];
            for (int t = 0; t < xs.length; t++) {
              double[] next = new double[hidden];
              for (int i = 0; i < hidden; i++) {
                double a = xs[t][i];
                for (int j = 0; j < hidden; j++) {
                  a += W[i][j] * h[j];
                }
                next[i] = Math.tanh(a);
              }
              h = next;
            }
            double s = 0.0;
            for (int i = 0; i < h.length; i++) {
              s += h[i] * (i + 1);
            }
            return s;
          }


          @Differentiable
          static double boundIsALocalArraysLength(double[] x) {
            double[] e = new double[x.length];
            double s = 0.0;
            for (int j = 0; j < e.length; j++) {
              e[j] = x[j] * x[j];
              s += e[j] * x[j];
            }
            return s;
          }
        }
        """)));
    String c = "loopbugs.ShapesGrad";
    Random r = new Random(9);
    for (int n : SIZES) {
      assertGradient(bugs, c, "stepByTwo", vector(r, n));
      assertGradient(bugs, c, "twoIndices", vector(r, n));
      double[] x = vector(r, n);
      assertGradient(bugs, c, "conditionOnAValue", x, limitAwayFromPrefixSums(r, x));
      assertGradient(bugs, c, "boundIsALocalArraysLength", vector(r, n));
      assertGradient(bugs, c, "hiddenVectorRnn", matrix(r, 3, 3, -0.8, 0.8), matrix(r, n, 3));
    }
  }

  // ---- known engine bugs (see the test report); enable when fixed ----

  @Test
  void knownBugsWrongGradients() {
    Loaded bugs = load(compileOk(source("""
        package loopbugs;

        import dev.flatgrad.annotations.Differentiable;

        class Bugs {
          @Differentiable
          static double breakOuterAfterInner(double[][] M) {
            double s = 0.0;
            for (int i = 0; i < M.length; i++) {
              double rowSum = 0.0;
              for (int j = 0; j < M[i].length; j++) {
                rowSum += M[i][j] * M[i][j];
              }
              s += Math.sqrt(1.0 + rowSum);
              if (rowSum > 3.0) {
                break;
              }
            }
            return s;
          }

          @Differentiable
          static double plusOwnQuotient(double a, double[] x) {
            double t = a;
            for (int i = 0; i < x.length; i++) {
              t += t / a;
            }
            return t;
          }

          @Differentiable
          static double continueInStepTwoLoop(double a, double[] x) {
            double t = a;
            for (int i = 0; i < x.length; i += 2) {
              if (a > 0.5) {
                continue;
              }
              t += Math.sin(x[i]);
            }
            return t;
          }

          @Differentiable
          static double hypotLoop(double[] x) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              s = Math.hypot(s, x[i]);
            }
            return s;
          }

          @Differentiable
          static double divideLoop(double[] x) {
            double s = 1.0;
            for (int i = 0; i < x.length; i++) {
              s = x[i] / s;
            }
            return s;
          }

          @Differentiable
          static double breakAfterCompute(double[] x) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              double q = Math.sqrt(1.0 + x[i] * x[i]);
              s += q;
              if (q > 1.5) {
                break;
              }
            }
            return s;
          }
          @Differentiable
          static double elementTimesAssign(double[] x, double w) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              p[i] = x[i];
              p[i] *= w;
            }
            return p[0];
          }
          @Differentiable
          static double elementSelfAdd(double[] x) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              p[i] = x[i] * x[i];
              p[i] += p[i];
            }
            return p[0];
          }
          @Differentiable
          static double bucket(double[] x) {
            double[] acc = new double[2];
            for (int i = 0; i < x.length; i++) {
              acc[i % 2] += x[i];
            }
            return acc[0] * acc[1];
          }
          @Differentiable
          static double perLabel(double[] x, int[] y) {
            double[] acc = new double[3];
            for (int i = 0; i < x.length; i++) {
              acc[y[i]] += x[i];
            }
            return acc[0] * acc[1] + acc[2];
          }
        }
        """)));
    String c = "loopbugs.BugsGrad";
    double[] x = {0.5, 1.5, 2.0, 0.7};
    assertGradient(bugs, c, "continueInStepTwoLoop", 0.7, x.clone());
    assertGradient(bugs, c, "plusOwnQuotient", 1.5, x.clone());
    assertGradient(bugs, c, "breakOuterAfterInner", (Object) new double[][] {{0.5, 0.2}, {1.0, 2.0}, {0.1, 0.1}});
    assertGradient(bugs, c, "hypotLoop", x.clone());
    assertGradient(bugs, c, "divideLoop", x.clone());
    assertGradient(bugs, c, "breakAfterCompute", x.clone());
    assertGradient(bugs, c, "elementTimesAssign", x.clone(), 3.0);
    assertGradient(bugs, c, "elementSelfAdd", x.clone());
    assertGradient(bugs, c, "bucket", x.clone());
    assertGradient(bugs, c, "perLabel", x.clone(), new int[] {0, 1, 1, 0});
  }


  @Test
  void knownBugsGeneratedCodeDoesNotCompile() {
    Loaded bugs = load(compileOk(source("""
        package loopbugs;

        import dev.flatgrad.annotations.Differentiable;

        class Compile {
          @Differentiable
          static double whileInBranch(double a, double[] x) {
            double t = a;
            if (a > 0.0) {
              int w = 0;
              while (w < x.length) {
                t += a * x[w];
                w++;
              }
            }
            return t;
          }

          @Differentiable
          static double breakInBranch(double a, double[] x) {
            double t = a;
            if (a > 0.0) {
              for (int i = 0; i < x.length; i++) {
                if (x[i] > 0.5) {
                  break;
                }
                t += a * x[i];
              }
            }
            return t;
          }

          @Differentiable
          static double returnInBranch(double a, double[] x) {
            double t = a;
            if (a > 0.0) {
              for (int i = 0; i < x.length; i++) {
                t += a * x[i];
                if (x[i] > 0.5) {
                  return t * t;
                }
              }
            }
            return t;
          }

          @Differentiable
          static double localAfterEarlyReturn(double a, double b) {
            double s = 0.0;
            if (b > 0.5) {
              return s;
            }
            double t = a;
            if (a > 0.0) {
              s += t * t;
              if (b > 0.0) {
                t += a;
              }
            }
            return s + t;
          }
        }
        """)));
    String c = "loopbugs.CompileGrad";
    double[] x = {0.2, -0.4, 0.9, 0.3};
    assertGradient(bugs, c, "whileInBranch", 0.7, x.clone());
    assertGradient(bugs, c, "breakInBranch", 0.7, x.clone());
    assertGradient(bugs, c, "returnInBranch", 0.7, x.clone());
    assertGradient(bugs, c, "localAfterEarlyReturn", 0.7, 0.2);
  }

  // ---- inputs away from branch boundaries ----

  private static double[] awayFromZero(Random r, int n) {
    double[] x = vector(r, n);
    for (int i = 0; i < n; i++) {
      if (Math.abs(x[i]) < 0.05) {
        x[i] += 0.1;
      }
    }
    return x;
  }

  /** A matrix with no entry within 0.05 of {@code edge}. */
  private static double[][] awayFrom(Random r, int rows, int cols, double edge) {
    double[][] m = matrix(r, rows, cols, -2, 2);
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        if (Math.abs(row[j] - edge) < 0.05) {
          row[j] += 0.1;
        }
      }
    }
    return m;
  }

  /** A limit between prefix sums of squares, never within 0.05 of one. */
  private static double limitAwayFromPrefixSums(Random r, double[] x) {
    double limit;
    boolean ok;
    do {
      limit = uniform(r, 0, 3);
      ok = Math.abs(limit) >= 0.05;
      double s = 0;
      for (double v : x) {
        s += v * v;
        ok &= Math.abs(s - limit) >= 0.05;
      }
    } while (!ok);
    return limit;
  }

  private static boolean rowSumsAwayFrom(double[][] M, double edge) {
    for (double[] row : M) {
      double s = 0;
      for (double v : row) {
        s += v * v;
      }
      if (Math.abs(s - edge) < 0.05) {
        return false;
      }
    }
    return true;
  }

  /** Rows whose largest entry is unique by a margin, so that the max stays put under steps. */
  private static double[][] distinctRows(Random r, double[][] S) {
    for (double[] row : S) {
      int arg = 0;
      for (int j = 1; j < row.length; j++) {
        if (row[j] > row[arg]) {
          arg = j;
        }
      }
      row[arg] += 0.1;
    }
    return S;
  }

  private static boolean marginsAwayFromZero(double[][] S, int[] y) {
    for (int i = 0; i < S.length; i++) {
      for (int j = 0; j < S[i].length; j++) {
        if (j != y[i] && Math.abs(S[i][j] - S[i][y[i]] + 1.0) < 0.05) {
          return false;
        }
      }
    }
    return true;
  }
}
