package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Programs P130 on, as Java numerics users write them outside records (local lambdas, lists of
 * activations, model objects, float and long and char locals, line searches, solves to a
 * tolerance, sorting by a differentiated key...): each checked against centred differences and
 * its value bit for bit against the method's own, or, where flatgrad does not take the construct,
 * for an error on its line that names it and says what to write (errors UsersProgramsTest already
 * checks, Arrays.sort, swapped buffers and void helpers, are not repeated: their rewrites are here).
 */
class RealJavaRedTeamTest {

  @Test
  void p130LocalLambdaAsAHelperIsAnErrorSayingWhatToWrite() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.function.DoubleUnaryOperator;

        class P130 {
          @Differentiable
          static double energy(double[] x) {
            DoubleUnaryOperator sq = v -> v * v;
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += sq.applyAsDouble(x[i]);
            }
            return s;
          }
        }
        """), "DoubleUnaryOperator sq", "lambdas", "static method of the class");
  }

  @Test
  void p131ListOfActivationsKeptForABackwardLookingLoop() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.ArrayList;
        import java.util.List;

        class P131 {
          @Differentiable
          static double deep(double[] x, double[][] w) {
            List<double[]> acts = new ArrayList<>();
            double[] h = x.clone();
            acts.add(h);
            for (int l = 0; l < w.length; l++) {
              double[] next = new double[h.length];
              for (int i = 0; i < h.length; i++) {
                next[i] = Math.tanh(w[l][i] * h[i]);
              }
              acts.add(next);
              h = next;
            }
            double s = 0;
            for (int l = acts.size() - 1; l >= 0; l--) {
              s += acts.get(l)[0] * (l + 1);
            }
            return s;
          }
        }
        """), "List<double[]> acts", "List<double[]>", "rows of a double[][]");
  }

  @Test
  void p132ModelObjectPassingItsWeightFieldsAsParameters() throws Exception {
    String code = """
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P132 {
          final double[] w1 = {0.3, -0.2, 0.5};
          final double b = 0.1;

          @Differentiable(wrt = "w")
          double loss(double[] w, double[] x) {
            double z = b;
            for (int i = 0; i < w.length; i++) {
              z += w[i] * x[i];
            }
            return Math.log1p(Math.exp(-z));
          }

          static double train(double[] x) {
            P132 m = new P132();
            return m.loss(m.w1, x);
          }
        }
        """;
    Loaded l = load(compileOk(source(code)));
    var make = l.loadClass("rt.P132").getDeclaredConstructor();
    make.setAccessible(true);
    Object model = make.newInstance();
    double[] w = {0.3, -0.2, 0.5};
    double[] x = {1.0, 2.0, -0.5};
    assertGradient(l, "rt.P132Grad", "loss", model, w, x);
  }

  @Test
  void p133FloatLocalIsAnErrorSayingDouble() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P133 {
          @Differentiable
          static double blend(double[] x, double a) {
            float alpha = 0.25f;
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += alpha * x[i] * a + (1 - alpha) * x[i] * x[i];
            }
            return s;
          }
        }
        """), "float alpha", "float is not supported", "declare it double");
  }

  @Test
  void p134LongCountersAndAverages() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P134 {
          @Differentiable
          static double meanAbove(double[] x, double t) {
            long n = 0L;
            double s = 0;
            for (double v : x) {
              if (v > 0) {
                s += (v - t) * (v - t);
                n++;
              }
            }
            long total = n * 3L + x.length;
            return n == 0 ? 0.0 : s / n + t / total;
          }
        }
        """, "P134", "meanAbove", at(new double[] {0.3, -1.1, 2.0, 0.9}, 0.7), at(new double[] {-0.3, -1.1}, 0.2));
  }

  @Test
  void p135CharsOfAWordIndexATable() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P135 {
          static final String WORD = "hello";

          @Differentiable
          static double score(double[] emb) {
            double s = 0;
            for (int i = 0; i < WORD.length(); i++) {
              char c = WORD.charAt(i);
              int k = (c - 'a') % emb.length;
              s += emb[k] * emb[k] * (i + 1);
            }
            return s;
          }
        }
        """, "P135", "score", at(new double[] {0.5, -1.25, 2.0, 0.75, 1.5}));
    // A char read as an int, and a char beside an int constant in ?: (a char, by JLS 15.25).
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P135b {
          @Differentiable
          static double score(double[] emb, String word) {
            double s = 0;
            for (int i = 0; i < word.length(); i++) {
              int k = (word.charAt(i) - 97) % emb.length;
              s += emb[k] * (i + 1);
            }
            return s + (word.isEmpty() ? 'a' : 0) + emb[0] * (word.isEmpty() ? 'a' : 0);
          }
        }
        """, "P135b", "score", at(new double[] {0.5, -1.25, 2.0}, "cab"), at(new double[] {0.5, -1.25, 2.0}, ""));
  }

  @Test
  void p136ThreeDimensionalLocalIsAnErrorSayingWhatHoldsTheMatrices() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P136 {
          @Differentiable
          static double conv(double[][] img, double[] k) {
            int h = img.length;
            int w = img[0].length;
            double[][][] maps = new double[2][h][w];
            for (int i = 0; i < h; i++) {
              for (int j = 0; j < w; j++) {
                maps[0][i][j] = img[i][j] * k[0];
                maps[1][i][j] = Math.tanh(img[i][j] * k[1]);
              }
            }
            double s = 0;
            for (double[][] m : maps) {
              for (double[] row : m) {
                for (double v : row) {
                  s += v * v;
                }
              }
            }
            return s;
          }
        }
        """), "new double[2][h][w]", "rank 3", "a double[][] for each matrix");
  }

  @Test
  void p137FloorModAndTernaryIndices() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P137 {
          @Differentiable
          static double ring(double[] x, int shift) {
            int n = x.length;
            double s = 0;
            for (int i = 0; i < n; i++) {
              int left = Math.floorMod(i - shift, n);
              int right = i + 1 < n ? i + 1 : 0;
              s += x[left] * x[right] + x[i > 0 ? i - 1 : n - 1] * 0.5;
            }
            return s;
          }
        }
        """, "P137", "ring", at(new double[] {0.3, -1.1, 2.0, 0.9}, 3), at(new double[] {0.3, -1.1, 2.0}, -5));
  }

  @Test
  void p138NestedHelpersWithEarlyReturns() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P138 {
          static double huber(double r, double d) {
            if (Math.abs(r) <= d) {
              return 0.5 * r * r;
            }
            return d * (Math.abs(r) - 0.5 * d);
          }

          static double robust(double[] r, double d) {
            if (r.length == 0) {
              return 0.0;
            }
            double s = 0;
            for (double v : r) {
              if (Double.isNaN(v)) {
                continue;
              }
              s += huber(v, d);
            }
            return s / r.length;
          }

          @Differentiable
          static double fit(double[] w, double[] y) {
            double[] r = new double[y.length];
            for (int i = 0; i < y.length; i++) {
              r[i] = w[0] + w[1] * i - y[i];
            }
            return robust(r, 1.0);
          }
        }
        """, "P138", "fit", at(new double[] {0.3, 0.8}, new double[] {0.1, 1.2, 5.0, 2.2}));
  }

  @Test
  void p139BacktrackingLineSearchInADoWhile() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P139 {
          static double f(double x, double a) {
            return a * x * x * x * x - x + 1;
          }

          @Differentiable
          static double descend(double a, double x0) {
            double x = x0;
            for (int it = 0; it < 5; it++) {
              double g = 4 * a * x * x * x - 1;
              double step = 1.0;
              double fx = f(x, a);
              do {
                step *= 0.5;
              } while (f(x - step * g, a) > fx - 1e-4 * step * g * g && step > 1e-8);
              x -= step * g;
            }
            return f(x, a);
          }
        }
        """, "P139", "descend", at(0.8, 1.3), at(1.7, -0.4));
  }

  @Test
  void p140StaticFinalTablesFinalLocalsAndVar() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P140 {
          private static final double[] WEIGHTS = {0.1, 0.2, 0.3, 0.4};
          static final int[] ORDER = {3, 1, 0, 2};
          static final double[][] MIX = {{1, 0.5}, {0.25, 1}};

          @Differentiable
          static double mixed(double[] x) {
            final var n = x.length;
            var s = 0.0;
            for (var i = 0; i < n; i++) {
              final var k = ORDER[i % ORDER.length];
              var v = x[i] * WEIGHTS[k];
              s += v * MIX[i % 2][k % 2];
            }
            for (final var v : x) {
              s += Math.sin(v) * WEIGHTS[0];
            }
            return s;
          }
        }
        """, "P140", "mixed", at((Object) new double[] {0.3, -1.1, 2.0, 0.9, 0.4}));
  }

  @Test
  void p141HelperReturningAVectorCalledInALoop() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P141 {
          static double[] rk4Step(double[] y, double k, double dt) {
            double[] d1 = rhs(y, k);
            double[] m = new double[y.length];
            for (int i = 0; i < y.length; i++) {
              m[i] = y[i] + 0.5 * dt * d1[i];
            }
            double[] d2 = rhs(m, k);
            double[] out = new double[y.length];
            for (int i = 0; i < y.length; i++) {
              out[i] = y[i] + dt * d2[i];
            }
            return out;
          }

          static double[] rhs(double[] y, double k) {
            return new double[] {y[1], -k * y[0] - 0.1 * y[1]};
          }

          @Differentiable
          static double endPosition(double[] y0, double k) {
            double[] y = y0.clone();
            for (int t = 0; t < 20; t++) {
              y = rk4Step(y, k, 0.05);
              y[0] += 0.0;
            }
            return y[0] * y[0] + y[1];
          }
        }
        """, "P141", "endPosition", at(new double[] {1.0, 0.2}, 2.5));
  }

  @Test
  void p142NaNGuardsAndSignumBranches() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P142 {
          @Differentiable
          static double shrink(double[] x, double lambda) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double v = x[i];
              if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
              }
              double sg = Math.signum(v);
              if (sg == 0) {
                continue;
              }
              double mag = Math.abs(v) - lambda;
              s += sg * (mag > 0 ? mag : 0) * (sg > 0 ? 1.0 : 2.0);
            }
            return s;
          }
        }
        """, "P142", "shrink", at(new double[] {0.3, -1.1, 2.0, Double.NaN, 0.0}, 0.2));
  }

  @Test
  void p143StableSoftplusAndHorner() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P143 {
          static final double[] C = {1.0, -0.5, 0.25, -0.125};

          static double softplus(double z) {
            if (z > 0) {
              return z + Math.log1p(Math.exp(-z));
            } else {
              return Math.log1p(Math.exp(z));
            }
          }

          static double horner(double[] c, double x) {
            double p = c[c.length - 1];
            for (int i = c.length - 2; i >= 0; i--) {
              p = p * x + c[i];
            }
            return p;
          }

          @Differentiable
          static double model(double[] coef, double x, double z) {
            return softplus(z * horner(coef, x)) + horner(C, z);
          }
        }
        """, "P143", "model", at(new double[] {0.3, -1.1, 2.0}, 0.7, 1.3), at(new double[] {0.3, -1.1, 2.0}, 0.7, -40.0));
  }

  @Test
  void p144BisectionAndNewtonToATolerance() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P144 {
          /** The implied root of x^3 + a x - b by Newton from a bisection bracket. */
          @Differentiable
          static double root(double a, double b) {
            double lo = -10, hi = 10;
            while (hi - lo > 1e-3) {
              double mid = 0.5 * (lo + hi);
              if (mid * mid * mid + a * mid - b > 0) {
                hi = mid;
              } else {
                lo = mid;
              }
            }
            double x = 0.5 * (lo + hi);
            double fx;
            int it = 0;
            do {
              fx = x * x * x + a * x - b;
              x -= fx / (3 * x * x + a);
              it++;
            } while (Math.abs(fx) > 1e-15 && it < 50);
            return x;
          }
        }
        """, "P144", "root", at(1.5, 2.0), at(0.5, -3.0));
  }

  @Test
  void p145PrefixSums() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P145 {
          @Differentiable
          static double windowed(double[] x, int w) {
            double[] pre = new double[x.length + 1];
            for (int i = 0; i < x.length; i++) {
              pre[i + 1] = pre[i] + x[i];
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int i = w; i <= x.length; i++) {
              double m = (pre[i] - pre[i - w]) / w;
              best = Math.max(best, m * m);
            }
            return best + pre[x.length];
          }
        }
        """, "P145", "windowed", at(new double[] {0.3, -1.1, 2.0, 0.9, 0.4}, 2));
  }

  @Test
  void p146InsertionSortOfIndicesByADifferentiatedKey() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P146 {
          /** A weighted sum of the scores in increasing order (an L-statistic). */
          @Differentiable
          static double lstat(double[] s) {
            int n = s.length;
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
              idx[i] = i;
            }
            for (int i = 1; i < n; i++) {
              int key = idx[i];
              int j = i - 1;
              while (j >= 0 && s[idx[j]] > s[key]) {
                idx[j + 1] = idx[j];
                j--;
              }
              idx[j + 1] = key;
            }
            double out = 0;
            for (int r = 0; r < n; r++) {
              out += (r + 1) * s[idx[r]] * s[idx[r]];
            }
            return out;
          }
        }
        """, "P146", "lstat", at((Object) new double[] {0.3, -1.1, 2.0, 0.9, 0.4}));
  }

  @Test
  void p147HashedIndicesThatOverflow() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P147 {
          @Differentiable
          static double hashed(double[] table, double[] x) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              int h = (i + 17) * 0x9E3779B1;
              int slot = (h >>> 7) % table.length;
              int other = Math.abs((i * 1_000_003 * 2_147) % table.length);
              s += table[slot] * x[i] + table[other] * table[other];
            }
            return s;
          }
        }
        """, "P147", "hashed", at(new double[] {0.3, -1.1, 2.0, 0.9, 0.4, 0.2, 0.6}, new double[] {1.0, 2.0, 3.0, -1.0}));
  }

  @Test
  void p148GaussSeidelUntilConverged() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P148 {
          /** x solving A x = b by Gauss-Seidel, stopped when a sweep changes little; its norm. */
          @Differentiable
          static double solveNorm(double[][] a, double[] b) {
            int n = b.length;
            double[] x = new double[n];
            for (int sweep = 0; sweep < 200; sweep++) {
              double delta = 0;
              for (int i = 0; i < n; i++) {
                double r = b[i];
                for (int j = 0; j < n; j++) {
                  if (j != i) {
                    r -= a[i][j] * x[j];
                  }
                }
                double next = r / a[i][i];
                delta = Math.max(delta, Math.abs(next - x[i]));
                x[i] = next;
              }
              if (delta < 1e-13) {
                break;
              }
            }
            double s = 0;
            for (double v : x) {
              s += v * v;
            }
            return Math.sqrt(s);
          }
        }
        """, "P148", "solveNorm", at(new double[][] {{4, 1, 0.5}, {1, 3, -0.2}, {0.5, -0.2, 5}}, new double[] {1, 2, -1}));
  }

  @Test
  void p149LinearInterpolationWithABinarySearchOnDifferentiatedKnots() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P149 {
          static int interval(double[] knots, double x) {
            int lo = 0, hi = knots.length - 1;
            while (hi - lo > 1) {
              int mid = (lo + hi) >>> 1;
              if (knots[mid] <= x) {
                lo = mid;
              } else {
                hi = mid;
              }
            }
            return lo;
          }

          @Differentiable
          static double interp(double[] knots, double[] values, double x) {
            int k = interval(knots, x);
            double t = (x - knots[k]) / (knots[k + 1] - knots[k]);
            return (1 - t) * values[k] + t * values[k + 1];
          }
        }
        """, "P149", "interp", at(new double[] {0, 1, 2.5, 4}, new double[] {1, -1, 3, 0.5}, 1.7),
        at(new double[] {0, 1, 2.5, 4}, new double[] {1, -1, 3, 0.5}, 3.2));
  }

  @Test
  void p150LcgIndicesInLongArithmetic() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P150 {
          @Differentiable
          static double sampled(double[] x, long seed) {
            long state = seed;
            double s = 0;
            for (int t = 0; t < 12; t++) {
              state = state * 6364136223846793005L + 1442695040888963407L;
              int k = (int) ((state >>> 33) % x.length);
              s += x[k] * x[(k + t) % x.length];
            }
            return s;
          }
        }
        """, "P150", "sampled", at(new double[] {0.3, -1.1, 2.0, 0.9, 0.4}, 42L));
  }

  @Test
  void p151ElementCompoundsWithTernaryFactorsOnACopy() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P151 {
          @Differentiable
          static double leaky(double[] x) {
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
              y[i] *= y[i] > 0 ? 2 : 0.5;
              y[i] += i > 0 ? y[i - 1] * 0.1 : 0;
            }
            double s = 0;
            for (int i = y.length - 1; i >= 0; i--) {
              s = s * 0.9 + y[i];
            }
            return s;
          }
        }
        """, "P151", "leaky", at((Object) new double[] {0.3, -1.1, 2.0, 0.9, -0.4}));
  }

  @Test
  void p152CholeskyOfAKernelMatrix() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P152 {
          /** The log-determinant of K + noise I, K an RBF kernel of x, by Cholesky. */
          @Differentiable
          static double logDet(double[] x, double len, double noise) {
            int n = x.length;
            double[][] k = new double[n][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j <= i; j++) {
                double d = (x[i] - x[j]) / len;
                k[i][j] = k[j][i] = Math.exp(-0.5 * d * d) + (i == j ? noise : 0.0);
              }
            }
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j <= i; j++) {
                double sum = k[i][j];
                for (int p = 0; p < j; p++) {
                  sum -= l[i][p] * l[j][p];
                }
                if (i == j) {
                  l[i][i] = Math.sqrt(sum);
                } else {
                  l[i][j] = sum / l[j][j];
                }
              }
            }
            double ld = 0;
            for (int i = 0; i < n; i++) {
              ld += 2 * Math.log(l[i][i]);
            }
            return ld;
          }
        }
        """, "P152", "logDet", at(new double[] {0.1, 0.7, 1.5, 2.2}, 0.9, 0.1));
  }

  @Test
  void p153StableSoftmaxCrossEntropyWithLabels() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P153 {
          @Differentiable
          static double xent(double[][] w, double[][] xs, int[] labels) {
            double loss = 0;
            for (int s = 0; s < xs.length; s++) {
              double[] z = new double[w.length];
              double max = Double.NEGATIVE_INFINITY;
              for (int c = 0; c < w.length; c++) {
                for (int j = 0; j < xs[s].length; j++) {
                  z[c] += w[c][j] * xs[s][j];
                }
                if (z[c] > max) {
                  max = z[c];
                }
              }
              double sum = 0;
              for (double v : z) {
                sum += Math.exp(v - max);
              }
              loss -= z[labels[s]] - max - Math.log(sum);
            }
            return loss / xs.length;
          }
        }
        """, "P153", "xent", at(new double[][] {{0.3, -0.2}, {0.1, 0.5}, {-0.4, 0.2}}, new double[][] {{1, 2}, {-1, 0.5}},
        new int[] {2, 0}));
  }

  @Test
  void p156ChebyshevRecurrenceSwappingScalars() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P156 {
          @Differentiable
          static double cheb(double[] c, double t) {
            double prev = 1.0;
            double cur = t;
            double s = c[0] * prev + c[1] * cur;
            for (int k = 2; k < c.length; k++) {
              double next = 2 * t * cur - prev;
              prev = cur;
              cur = next;
              s += c[k] * cur;
            }
            return s;
          }
        }
        """, "P156", "cheb", at(new double[] {0.3, -1.1, 2.0, 0.9, -0.4}, 0.37));
  }

  @Test
  void p157IntCompoundOfADoubleIsAnErrorSayingToCast() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P157 {
          @Differentiable
          static double bucketed(double[] x) {
            int q = 0;
            long total = 1;
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              q += x[i] * 10;
              total *= 1.5;
              s += q * x[i] + total * x[i];
            }
            return s;
          }
        }
        """), "q += x[i] * 10", "truncates silently", "write the cast");
  }

  @Test
  void p158ParametersNamedLikeAdjoints() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P158 {
          @Differentiable
          static double central(double x, double dx, double[] dout) {
            double value = Math.sin(x + dx) - Math.sin(x - dx);
            double dvalue = value / (2 * dx);
            double out = 0;
            for (double d : dout) {
              out += d * dvalue;
            }
            return out + value;
          }
        }
        """, "P158", "central", at(0.4, 0.01, new double[] {1.0, 2.0}));
  }

  @Test
  void p159TimeSteppingWithADoubleCounter() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P159 {
          @Differentiable
          static double decay(double y0, double rate) {
            double y = y0;
            double dt = 0.1;
            for (double t = 0; t < 1.0; t += dt) {
              y += dt * (-rate * y + Math.sin(t));
            }
            return y;
          }
        }
        """, "P159", "decay", at(1.3, 0.7));
  }

  @Test
  void p160BufferReusedAcrossStepsWithArraysFill() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class P160 {
          @Differentiable
          static double rnn(double[][] w, double[][] xs) {
            int n = w.length;
            double[] h = new double[n];
            double[] buf = new double[n];
            for (double[] x : xs) {
              Arrays.fill(buf, 0.0);
              for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                  buf[i] += w[i][j] * h[j];
                }
                buf[i] += x[i];
              }
              for (int i = 0; i < n; i++) {
                h[i] = Math.tanh(buf[i]);
              }
            }
            double s = 0;
            for (double v : h) {
              s += v;
            }
            return s;
          }
        }
        """, "P160", "rnn", at(new double[][] {{0.3, -0.2}, {0.5, 0.1}}, new double[][] {{1, 2}, {-1, 0.5}, {0.2, 0.3}}));
  }

  @Test
  void p161RemainderOfDoubles() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P161 {
          @Differentiable
          static double wrapped(double[] angles, double period) {
            double s = 0;
            for (double a : angles) {
              double r = a % period;
              if (r < 0) {
                r += period;
              }
              s += Math.cos(r) * r;
            }
            return s;
          }
        }
        """, "P161", "wrapped", at(new double[] {0.3, -1.1, 7.0, 12.9}, 2.5));
  }

  @Test
  void p131ActivationsKeptAsTheRowsOfAMatrixAsTheErrorSays() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P131b {
          @Differentiable
          static double deep(double[] x, double[][] w) {
            double[][] acts = new double[w.length + 1][];
            double[] h = x.clone();
            acts[0] = h;
            for (int l = 0; l < w.length; l++) {
              double[] next = new double[h.length];
              for (int i = 0; i < h.length; i++) {
                next[i] = Math.tanh(w[l][i] * h[i]);
              }
              acts[l + 1] = next;
              h = next;
            }
            double s = 0;
            for (int l = acts.length - 1; l >= 0; l--) {
              s += acts[l][0] * (l + 1) + acts[l][acts[l].length - 1];
            }
            return s;
          }
        }
        """, "P131b", "deep", at(new double[] {0.3, -1.1, 0.7}, new double[][] {{0.5, 1.2, -0.3}, {0.8, -0.6, 1.1}}));
  }

  @Test
  void p136MatricesKeptApartAsTheErrorSays() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P136b {
          @Differentiable
          static double conv(double[][] img, double[] k) {
            int h = img.length;
            int w = img[0].length;
            double[][] maps = new double[2 * h][w];
            for (int i = 0; i < h; i++) {
              for (int j = 0; j < w; j++) {
                maps[i][j] = img[i][j] * k[0];
                maps[h + i][j] = Math.tanh(img[i][j] * k[1]);
              }
            }
            double s = 0;
            for (double[] row : maps) {
              for (double v : row) {
                s += v * v;
              }
            }
            return s;
          }
        }
        """, "P136b", "conv", at(new double[][] {{0.3, -1.1}, {2.0, 0.4}}, new double[] {0.5, -0.7}));
  }

  @Test
  void p154IncrementInsideAnOrIsAnErrorSayingToWriteItApart() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P154 {
          @Differentiable
          static double fixedPoint(double pre, double tol) {
            double z = 0;
            int it = 0;
            while (true) {
              double next = Math.tanh(pre + 0.5 * z);
              if (Math.abs(next - z) < tol || ++it > 500) {
                return next;
              }
              z = next;
            }
          }
        }
        """), "++it > 500", "`++it` changes a variable inside an expression", "its own statement");
  }

  @Test
  void p154InstanceMethodReadingItsOwnWeightsIteratedToATolerance() throws Exception {
    String code = """
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P154b {
          private final double[] w;
          private final double tol;

          P154b(double[] w, double tol) {
            this.w = w;
            this.tol = tol;
          }

          /** The fixed point of z = tanh(w . x + 0.5 z), iterated until it moves less than tol. */
          @Differentiable
          double fixedPoint(double[] x) {
            double pre = 0;
            for (int i = 0; i < w.length; i++) {
              pre += w[i] * x[i];
            }
            double z = 0;
            int it = 0;
            while (true) {
              double next = Math.tanh(pre + 0.5 * z);
              it++;
              if (Math.abs(next - z) < tol || it > 500) {
                return next;
              }
              z = next;
            }
          }
        }
        """;
    Loaded l = load(compileOk(source(code)));
    var make = l.loadClass("rt.P154b").getDeclaredConstructor(double[].class, double.class);
    make.setAccessible(true);
    Object model = make.newInstance(new double[] {0.3, -0.2, 0.5}, 1e-15);
    assertGradient(l, "rt.P154bGrad", "fixedPoint", model, new double[] {1.0, 2.0, -0.5});
  }

  @Test
  void p155HeatEquationWithANewArrayEachStepAsTheErrorSays() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P155b {
          @Differentiable
          static double heat(double[] u0, double kappa) {
            int n = u0.length;
            double[] cur = u0.clone();
            for (int step = 0; step < 6; step++) {
              double[] next = new double[n];
              for (int i = 0; i < n; i++) {
                double left = i > 0 ? cur[i - 1] : 0.0;
                double right = i < n - 1 ? cur[i + 1] : 0.0;
                next[i] = cur[i] + kappa * (left - 2 * cur[i] + right);
              }
              cur = next;
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += cur[i] * cur[i] * (i + 1);
            }
            return s;
          }
        }
        """, "P155b", "heat", at(new double[] {0.3, -1.1, 2.0, 0.9, -0.4}, 0.2));
  }

  @Test
  void p163RecursiveHelperIsAnErrorSayingToWriteALoop() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P163 {
          static double power(double x, int n) {
            if (n == 0) {
              return 1.0;
            }
            double half = power(x, n / 2);
            return n % 2 == 0 ? half * half : half * half * x;
          }

          @Differentiable
          static double poly(double x, double y) {
            return power(x, 5) + power(y, 2) * x;
          }
        }
        """), "power(x, 5)", "recursion: `power` calls itself", "write the recursion as a loop");
  }

  @Test
  void p164InPlaceReverseAndPrefixOnACopy() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P164 {
          @Differentiable
          static double reversedPrefix(double[] x) {
            double[] a = x.clone();
            int n = a.length;
            for (int i = 0; i < n / 2; i++) {
              double t = a[i];
              a[i] = a[n - 1 - i];
              a[n - 1 - i] = t;
            }
            for (int i = 1; i < n; i++) {
              a[i] += a[i - 1] * 0.5;
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += a[i] * a[i] * (i + 1);
            }
            return s;
          }
        }
        """, "P164", "reversedPrefix", at((Object) new double[] {0.3, -1.1, 2.0, 0.9, -0.4}));
  }

  @Test
  void p165MedianByBubbleSortOfTheValues() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P165 {
          @Differentiable
          static double median(double[] x) {
            double[] s = x.clone();
            boolean swapped;
            do {
              swapped = false;
              for (int i = 0; i + 1 < s.length; i++) {
                if (s[i] > s[i + 1]) {
                  double t = s[i];
                  s[i] = s[i + 1];
                  s[i + 1] = t;
                  swapped = true;
                }
              }
            } while (swapped);
            int m = s.length / 2;
            return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
          }
        }
        """, "P165", "median", at((Object) new double[] {0.3, -1.1, 2.0, 0.9, -0.4}),
        at((Object) new double[] {0.3, -1.1, 2.0, 0.9}));
  }

  @Test
  void p167DoWhileWithContinueGoesToItsCondition() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P167 {
          @Differentiable
          static double skipping(double[] x) {
            int i = 0;
            double s = 0;
            do {
              double v = x[i];
              i++;
              if (v < 0) {
                continue;
              }
              s += Math.sqrt(v + 1) * v;
            } while (i < x.length);
            for (;;) {
              s *= 0.5;
              if (s < 1) {
                break;
              }
            }
            return s;
          }
        }
        """, "P167", "skipping", at((Object) new double[] {0.3, -1.1, 2.0, 0.9, -0.4}),
        at((Object) new double[] {30.0, 1.0}));
  }

  @Test
  void p168BlocksReusingANameAtOtherTypesAndAdjointLikeLocals() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P168 {
          @Differentiable
          static double step(double t, double y, double[] w) {
            double dt = 0.1;
            double dy = 0;
            double dw = w[0];
            {
              double k = Math.sin(t) * y;
              dy += k * dt;
            }
            {
              int k = w.length;
              dy += k * dw;
            }
            for (int i = 0; i < w.length; i++) {
              double dwi = w[i] * t;
              dy += dwi * dwi;
            }
            return y + dy;
          }
        }
        """, "P168", "step", at(0.4, 1.2, new double[] {0.3, -0.8}));
  }

  @Test
  void p169ArraysComparedByIdentityAreAnErrorSayingToKeepTheChoice() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P169 {
          @Differentiable
          static double pick(double[] a, double[] b, boolean useA) {
            double[] v = useA ? a : b;
            double[] other = v == a ? b : a;
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i] - other[i];
            }
            return s;
          }
        }
        """), "v == a ? b : a", "`==` on arrays asks whether they are the same array", "keep a boolean of the choice");
  }

  @Test
  void p170EarlyReturnsFromNestedLoopsOfTheMethod() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P170 {
          @Differentiable
          static double firstHit(double[][] m, double t) {
            double acc = 0;
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                acc += m[i][j] * t;
                if (acc > 2.0) {
                  return acc * m[i][j];
                }
              }
              acc *= 0.9;
            }
            return -acc;
          }
        }
        """, "P170", "firstHit", at(new double[][] {{0.3, 0.4}, {2.0, 0.9}}, 1.5),
        at(new double[][] {{0.3, 0.4}, {0.2, 0.1}}, 1.5));
  }

  @Test
  void p171ArrayResultOfACallerLoop() throws Exception {
    String code = """
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P171 {
          static double[] layer(double[] h, double[][] w) {
            double[] out = new double[w.length];
            for (int i = 0; i < w.length; i++) {
              for (int j = 0; j < h.length; j++) {
                out[i] += w[i][j] * h[j];
              }
              out[i] = Math.max(0.1 * out[i], out[i]);
            }
            return out;
          }

          @Differentiable
          static double[] forward(double[] x, double[][] w, int depth) {
            double[] h = x;
            for (int d = 0; d < depth; d++) {
              h = layer(h, w);
            }
            return h;
          }
        }
        """;
    Loaded l = load(compileOk(source(withSecondOrder(code))));
    double[] x = {0.3, -1.1};
    double[][] w = {{0.5, 1.2}, {-0.8, 0.4}};
    double[] dout = {1.0, -2.0};
    Object result = l.call("rt.P171Grad", "forward", x, w, 3, dout);
    Method own = l.loadClass("rt.P171").getDeclaredMethod("forward", double[].class, double[][].class, int.class);
    own.setAccessible(true);
    double[] expected = (double[]) own.invoke(null, x, w, 3);
    double[] value = (double[]) Loaded.component(result, "value");
    for (int i = 0; i < expected.length; i++) {
      assertWithMessage("value[%s]", i).that(Double.doubleToRawLongBits(value[i]))
          .isEqualTo(Double.doubleToRawLongBits(expected[i]));
    }
    assertGradient(l, "rt.P171Grad", "forward", x, w, 3, dout);
  }

  @Test
  void p169ArraysChosenByATernaryAndTheChoiceKept() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P169b {
          @Differentiable
          static double pick(double[] a, double[] b, boolean useA) {
            double[] v = useA ? a : b;
            double[] other = useA ? b : a;
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i] - other[i];
            }
            return s;
          }
        }
        """, "P169b", "pick", at(new double[] {0.3, -1.1}, new double[] {2.0, 0.9}, true),
        at(new double[] {0.3, -1.1}, new double[] {2.0, 0.9}, false));
  }

  @Test
  void p173ParametersReassignedAsDefensiveCopiesAndClamps() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P173 {
          @Differentiable
          static double logLoss(double[] w, double x, int lo) {
            w = w.clone();
            x = Math.min(Math.max(x, lo), 10);
            for (int i = 0; i < w.length; i++) {
              w[i] = w[i] * w[i] + Math.abs(lo - i);
            }
            double s = 0;
            for (double v : w) {
              s -= s * 0.1;
              s += Math.log(v + x);
            }
            return s;
          }
        }
        """, "P173", "logLoss", at(new double[] {0.3, -1.1, 2.0}, 0.7, 0), at(new double[] {0.3, -1.1, 2.0}, -0.7, 0));
  }

  @Test
  void p174HelperReturningItsParameterOnOnePath() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P174 {
          static double[] clipNorm(double[] v, double max) {
            double n = 0;
            for (double e : v) {
              n += e * e;
            }
            n = Math.sqrt(n);
            if (n <= max) {
              return v;
            }
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              out[i] = v[i] * max / n;
            }
            return out;
          }

          @Differentiable
          static double clipped(double[] g, double max) {
            double[] c = clipNorm(g, max);
            double s = 0;
            for (int i = 0; i < c.length; i++) {
              s += c[i] * g[i];
            }
            return s;
          }
        }
        """, "P174", "clipped", at(new double[] {0.3, -1.1, 2.0}, 1.0), at(new double[] {0.3, -0.1, 0.2}, 1.0));
  }

  @Test
  void p175HandWrittenTransposeAndMatmul() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P175 {
          @Differentiable
          static double gram(double[][] a) {
            int n = a.length, m = a[0].length;
            double[][] t = new double[m][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < m; j++) {
                t[j][i] = a[i][j];
              }
            }
            double[][] g = new double[m][m];
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < m; j++) {
                for (int k = 0; k < n; k++) {
                  g[i][j] += t[i][k] * a[k][j];
                }
              }
            }
            double tr = 0;
            for (int i = 0; i < m; i++) {
              tr += g[i][i] * g[i][(i + 1) % m];
            }
            return tr;
          }
        }
        """, "P175", "gram", at((Object) new double[][] {{0.3, -1.1, 0.5}, {2.0, 0.9, -0.2}}));
  }

  @Test
  void p176GradientDescentUntilTheSlopeIsSmall() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P176 {
          /** argmin over x of (x - a)^2 + b x^4, by descent until the slope is small; its value. */
          @Differentiable
          static double minimum(double a, double b) {
            double x = 0;
            double g = 2 * (x - a) + 4 * b * x * x * x;
            int iter = 0;
            while (Math.abs(g) > 1e-12 && iter < 10_000) {
              x -= 0.05 * g;
              g = 2 * (x - a) + 4 * b * x * x * x;
              iter++;
            }
            return (x - a) * (x - a) + b * x * x * x * x;
          }
        }
        """, "P176", "minimum", at(1.2, 0.3));
  }

  @Test
  void p177TwoLoopsOverLongCountersOfTheSameName() throws Exception {
    // Their backward loops declare each counter before the loop (it is restored there, and is not
    // an int to share the trip counter's header): the second is named apart, not declared twice.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P177 {
          @Differentiable
          static double twice(double[] w) {
            double t = 0.5;
            for (long k = 0; k < w.length; k++) {
              t += w[(int) k] * t;
            }
            for (long k = 1; k < w.length; k += 2) {
              t += w[(int) k] * t;
            }
            return t;
          }
        }
        """, "P177", "twice", at(new double[] {0.3, -1.2, 0.8, 2.0}), at(new double[] {0.7}));
  }
}
