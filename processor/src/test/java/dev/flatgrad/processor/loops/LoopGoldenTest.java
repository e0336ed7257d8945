package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flat style of generated loop code, pinned by golden files (issue 3's "done when"), and
 * each one checked numerically for several sizes, including 1 and 0 where the method allows it.
 */
class LoopGoldenTest {

  private static final int[] SIZES = {0, 1, 2, 5};

  @Test
  void dotProduct() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class Dot {
          @Differentiable
          static double dot(double[] a, double[] b) {
            double s = 0.0;
            for (int i = 0; i < a.length; i++) {
              s += a[i] * b[i];
            }
            return s;
          }
        }
        """));
    assertGolden(c, "loops.DotGrad", "LoopGoldenTest/dotProduct/DotGrad.java");
    Loaded l = load(c);
    Random r = new Random(1);
    for (int n : SIZES) {
      assertGradient(l, "loops.DotGrad", "dot", RandomArrays.vector(r, n), RandomArrays.vector(r, n));
    }
    Object g = result(l, "loops.DotGrad", "dot", new double[] {1, 2, 3}, new double[] {4, 5, 6});
    assertThat(d(g, "value")).isEqualTo(32.0);
    assertThat((double[]) Loaded.component(g, "da")).usingExactEquality().containsExactly(4.0, 5.0, 6.0).inOrder();
    assertThat((double[]) Loaded.component(g, "db")).usingExactEquality().containsExactly(1.0, 2.0, 3.0).inOrder();
  }

  @Test
  void nestedMatrixVectorLoop() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class MatVec {
          /** 0.5 * ||W x - t||². */
          @Differentiable(wrt = {"W", "x"})
          static double residual(double[][] W, double[] x, double[] t) {
            double loss = 0.0;
            for (int i = 0; i < W.length; i++) {
              double q = 0.0;
              for (int j = 0; j < x.length; j++) {
                q += W[i][j] * x[j];
              }
              double r = q - t[i];
              loss += 0.5 * r * r;
            }
            return loss;
          }
        }
        """));
    assertGolden(c, "loops.MatVecGrad", "LoopGoldenTest/nestedMatrixVectorLoop/MatVecGrad.java");
    Loaded l = load(c);
    Random r = new Random(2);
    for (int rows : SIZES) {
      for (int cols : SIZES) {
        assertGradient(l, "loops.MatVecGrad", "residual",
            RandomArrays.matrix(r, rows, cols), RandomArrays.vector(r, cols), RandomArrays.vector(r, rows));
      }
    }
    // The lecture's numbers: W = [[0.1, 0.5], [-0.3, 0.8]], x = [0.2, 0.4], t = 0: q = [0.22,
    // 0.26], f = 0.5 * 0.116, dW = 0.5 * [[0.088, 0.176], [0.104, 0.208]], dx = 0.5 * [-0.112, 0.636].
    Object g = result(l, "loops.MatVecGrad", "residual",
        new double[][] {{0.1, 0.5}, {-0.3, 0.8}}, new double[] {0.2, 0.4}, new double[2]);
    assertThat(d(g, "value")).isWithin(1e-15).of(0.058);
    double[][] dW = (double[][]) Loaded.component(g, "dW");
    assertThat(dW[0]).usingTolerance(1e-15).containsExactly(0.044, 0.088).inOrder();
    assertThat(dW[1]).usingTolerance(1e-15).containsExactly(0.052, 0.104).inOrder();
    assertThat((double[]) Loaded.component(g, "dx")).usingTolerance(1e-15).containsExactly(-0.056, 0.318).inOrder();
  }

  @Test
  void hingeBranchInALoop() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class Hinge {
          /** Mean hinge loss of a linear classifier on labels -1 / +1. */
          @Differentiable
          static double hinge(double[] w, double[][] X, int[] y) {
            double loss = 0.0;
            for (int i = 0; i < X.length; i++) {
              double score = 0.0;
              for (int j = 0; j < w.length; j++) {
                score += w[j] * X[i][j];
              }
              double margin = 1.0 - y[i] * score;
              if (margin > 0) {
                loss += margin;
              }
            }
            return loss / X.length;
          }
        }
        """));
    assertGolden(c, "loops.HingeGrad", "LoopGoldenTest/hingeBranchInALoop/HingeGrad.java");
    Loaded l = load(c);
    Random r = new Random(3);
    for (int n : new int[] {1, 2, 7}) {
      for (int dim : SIZES) {
        double[] w = RandomArrays.vector(r, dim);
        double[][] X;
        int[] y = new int[n];
        do {
          X = RandomArrays.matrix(r, n, dim);
          for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean() ? 1 : -1;
          }
        } while (!marginsAwayFromZero(w, X, y));
        assertGradient(l, "loops.HingeGrad", "hinge", w, X, y);
      }
    }
    // One sample inside the margin, one outside: only the first contributes -y x / N to dw.
    Object g = result(l, "loops.HingeGrad", "hinge",
        new double[] {1.0, 0.0}, new double[][] {{0.5, 2.0}, {3.0, 1.0}}, new int[] {1, 1});
    assertThat((double[]) Loaded.component(g, "dw")).usingExactEquality().containsExactly(-0.25, -1.0).inOrder();
  }

  private static boolean marginsAwayFromZero(double[] w, double[][] X, int[] y) {
    for (int i = 0; i < X.length; i++) {
      double score = 0;
      for (int j = 0; j < w.length; j++) {
        score += w[j] * X[i][j];
      }
      if (Math.abs(1.0 - y[i] * score) < 1e-2) {
        return false;
      }
    }
    return true;
  }

  @Test
  void whileLoopWithADataDependentTripCount() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class Softplus {
          /** Softplus terms summed until the sum reaches the limit: the trip count depends on the data. */
          @Differentiable(wrt = {"a", "w"})
          static double sumUntil(double[] a, double w, double limit) {
            double s = 0.0;
            int i = 0;
            while (i < a.length && s < limit) {
              s += Math.log(1.0 + Math.exp(w * a[i]));
              i++;
            }
            return s;
          }
        }
        """));
    assertGolden(c, "loops.SoftplusGrad", "LoopGoldenTest/whileLoopWithADataDependentTripCount/SoftplusGrad.java");
    Loaded l = load(c);
    Random r = new Random(4);
    for (int n : new int[] {0, 1, 3, 8}) {
      for (double limit : new double[] {-1.0, 0.4, 1.5, 3.0, 100.0}) {
        double[] a;
        double w;
        do {
          a = RandomArrays.vector(r, n);
          w = RandomArrays.uniform(r, -2, 2);
        } while (!partialSumsAwayFrom(a, w, limit));
        assertGradient(l, "loops.SoftplusGrad", "sumUntil", a, w, limit);
      }
    }
    // With limit 1.0 and softplus(0) = log 2 per term, exactly two terms are summed: da is
    // w * sigmoid(0) = w / 2 on the first two entries and 0 after.
    Object g = result(l, "loops.SoftplusGrad", "sumUntil", new double[4], 3.0, 1.0);
    assertThat((double[]) Loaded.component(g, "da")).usingExactEquality().containsExactly(1.5, 1.5, 0.0, 0.0).inOrder();
    assertThat(d(g, "dw")).isZero();
  }

  private static boolean partialSumsAwayFrom(double[] a, double w, double limit) {
    double s = 0;
    for (double v : a) {
      if (Math.abs(s - limit) < 1e-2) {
        return false;
      }
      if (s >= limit) {
        return true;
      }
      s += Math.log(1.0 + Math.exp(w * v));
    }
    return Math.abs(s - limit) >= 1e-2;
  }

  @Test
  void rnnStepOverwritesTheStateNonlinearly() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class Rnn {
          /** A scalar RNN: the hidden state is overwritten nonlinearly at every step. */
          @Differentiable
          static double rnn(double w, double u, double[] x) {
            double h = 0.0;
            for (int t = 0; t < x.length; t++) {
              h = Math.tanh(w * h + u * x[t]);
            }
            return h;
          }
        }
        """));
    assertGolden(c, "loops.RnnGrad", "LoopGoldenTest/rnnStepOverwritesTheStateNonlinearly/RnnGrad.java");
    Loaded l = load(c);
    Random r = new Random(5);
    for (int n : new int[] {0, 1, 2, 10}) {
      assertGradient(l, "loops.RnnGrad", "rnn", RandomArrays.uniform(r, -1.5, 1.5), RandomArrays.uniform(r, -1.5, 1.5),
          RandomArrays.vector(r, n));
    }
    // Two steps by hand: h1 = tanh(u x0), h2 = tanh(w h1 + u x1).
    double w = 0.7;
    double u = -0.4;
    double[] x = {0.9, -1.3};
    double h1 = Math.tanh(u * x[0]);
    double h2 = Math.tanh(w * h1 + u * x[1]);
    double g2 = 1 - h2 * h2;
    double g1 = g2 * w * (1 - h1 * h1);
    Object g = result(l, "loops.RnnGrad", "rnn", w, u, x);
    assertThat(d(g, "value")).isEqualTo(h2);
    assertThat(d(g, "dw")).isWithin(1e-15).of(g2 * h1);
    assertThat(d(g, "du")).isWithin(1e-15).of(g2 * x[1] + g1 * x[0]);
    assertThat((double[]) Loaded.component(g, "dx")).usingTolerance(1e-15).containsExactly(g1 * u, g2 * u).inOrder();
  }

  @Test
  void breakOutOfALoop() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class Prefix {
          /** Sum of scaled square roots up to the first negative entry. */
          @Differentiable
          static double sqrtPrefix(double[] x, double scale) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              if (x[i] < 0.0) {
                break;
              }
              s += scale * Math.sqrt(x[i]);
            }
            return s;
          }
        }
        """));
    assertGolden(c, "loops.PrefixGrad", "LoopGoldenTest/breakOutOfALoop/PrefixGrad.java");
    Loaded l = load(c);
    Random r = new Random(6);
    for (int n : SIZES) {
      for (int k = 0; k < 3; k++) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          // mostly positive, sometimes negative; never near the kink of sqrt or the branch
          x[i] = r.nextInt(4) == 0 ? RandomArrays.uniform(r, -2, -0.1) : RandomArrays.uniform(r, 0.1, 3);
        }
        assertGradient(l, "loops.PrefixGrad", "sqrtPrefix", x, RandomArrays.uniform(r, -2, 2));
      }
    }
    Object g = result(l, "loops.PrefixGrad", "sqrtPrefix", new double[] {4.0, 1.0, -1.0, 9.0}, 2.0);
    assertThat(d(g, "value")).isEqualTo(6.0);
    assertThat(d(g, "dscale")).isEqualTo(3.0);
    assertThat((double[]) Loaded.component(g, "dx")).usingExactEquality().containsExactly(0.5, 1.0, 0.0, 0.0).inOrder();
  }

  @Test
  void continueInAStepTwoLoop() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;

        class Stride {
          /** Sum of sines of every other entry, skipping those above a cap. */
          @Differentiable
          static double evenSines(double[] x, double cap) {
            double s = 0.0;
            for (int i = 0; i < x.length; i += 2) {
              if (x[i] > cap) {
                continue;
              }
              s += Math.sin(cap * x[i]);
            }
            return s;
          }
        }
        """));
    assertGolden(c, "loops.StrideGrad", "LoopGoldenTest/continueInAStepTwoLoop/StrideGrad.java");
    Loaded l = load(c);
    Random r = new Random(7);
    for (int n : SIZES) {
      for (int k = 0; k < 3; k++) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          // some above the cap, none near it
          x[i] = r.nextInt(3) == 0 ? RandomArrays.uniform(r, 1.5, 3) : RandomArrays.uniform(r, -1, 0.5);
        }
        assertGradient(l, "loops.StrideGrad", "evenSines", x, 1.0);
      }
    }
  }

  @Test
  void rowsOfAMatrixWrittenInALoop() {
    Compilation c = compileOk(source("""
        package loops;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rows {
          /** Half the squared norm of a tanh layer applied row by row. */
          @Differentiable(wrt = {"W"})
          static double hidden(double[][] X, double[][] W) {
            double[][] h = new double[X.length][];
            for (int i = 0; i < X.length; i++) {
              h[i] = Nd.tanh(Nd.dot(X[i], W));
            }
            return 0.5 * Nd.sum(Nd.square(h));
          }
        }
        """));
    // The adjoint of h is copied once before the backward loop, not on every trip.
    assertGolden(c, "loops.RowsGrad", "LoopGoldenTest/rowsOfAMatrixWrittenInALoop/RowsGrad.java");
    Loaded l = load(c);
    Random r = new Random(8);
    for (int n : new int[] {1, 2, 5}) {
      assertGradient(l, "loops.RowsGrad", "hidden", RandomArrays.matrix(r, n, 3), RandomArrays.matrix(r, 3, 2));
    }
  }
}
