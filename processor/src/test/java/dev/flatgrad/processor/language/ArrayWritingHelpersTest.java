package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.UsersMethods.assertAt;
import static dev.flatgrad.processor.language.UsersMethods.compiled;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * Helpers of the file that write into an array they are given, as Java's numeric code has them
 * ({@code static void matVec(W, x, out)}, {@code axpy(a, x, y)}, a softmax in place, a normaliser
 * returning the norm it divided by): written where they are called, so what they write is the
 * caller's array. Nested in each other, in loops, on rows, in another class of the file, an
 * instance method reading a field, with early returns, {@code System.arraycopy} and {@code
 * Arrays.fill} into what they are given, an index table of ints. Each value bit for bit, each
 * gradient against centred differences, with tangent and H·v; and the errors: a helper writing
 * into the caller's parameter, a recursive one, one in a loop's update.
 */
class ArrayWritingHelpersTest {

  private static final String WRITERS = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;

      class Writers {
        static void matVec(double[][] W, double[] x, double[] out) {
          for (int i = 0; i < W.length; i++) {
            double s = 0.0;
            for (int j = 0; j < x.length; j++) {
              s += W[i][j] * x[j];
            }
            out[i] = s;
          }
        }

        static void axpy(double a, double[] x, double[] y) {
          for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
          }
        }

        static void softmaxInPlace(double[] z) {
          double m = z[0];
          for (double v : z) m = Math.max(m, v);
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - m);
            s += z[i];
          }
          for (int i = 0; i < z.length; i++) z[i] /= s;
        }

        static void tanhInPlace(double[] v) {
          if (v.length == 0) return;
          for (int i = 0; i < v.length; i++) {
            v[i] = Math.tanh(v[i]);
          }
        }

        static void layer(double[][] W, double[] b, double[] x, double[] out) {
          matVec(W, x, out);
          axpy(1.0, b, out);
          tanhInPlace(out);
        }

        static double normalise(double[] v) {
          double n = 0;
          for (double e : v) n += e * e;
          n = Math.sqrt(n);
          for (int i = 0; i < v.length; i++) v[i] /= n;
          return n;
        }

        static void clipRow(double[] row, double lo, double hi) {
          for (int j = 0; j < row.length; j++) {
            if (row[j] < lo) { row[j] = lo; continue; }
            if (row[j] > hi) row[j] = hi;
          }
        }

        static void zero(double[][] m) {
          for (double[] r : m) Arrays.fill(r, 0.0);
        }

        static void argsortInto(int[] idx, double[] v) {
          for (int i = 0; i < idx.length; i++) idx[i] = i;
          for (int i = 1; i < idx.length; i++) {
            int k = idx[i];
            int j = i - 1;
            while (j >= 0 && v[idx[j]] > v[k]) {
              idx[j + 1] = idx[j];
              j--;
            }
            idx[j + 1] = k;
          }
        }

        @Differentiable
        static double net(double[][] W1, double[] b1, double[][] W2, double[] x) {
          double[] h = new double[W1.length];
          layer(W1, b1, x, h);
          double[] s = new double[W2.length];
          matVec(W2, h, s);
          softmaxInPlace(s);
          return -Math.log(s[0]);
        }

        @Differentiable
        static double rnn(double[][] W, double[][] U, double[][] xs) {
          double[] h = new double[W.length];
          double[] tmp = new double[W.length];
          for (double[] x : xs) {
            matVec(W, h, tmp);
            double[] ux = new double[U.length];
            matVec(U, x, ux);
            axpy(1.0, ux, tmp);
            tanhInPlace(tmp);
            double[] t = h;
            h = tmp;
            tmp = t;
          }
          double s = 0;
          for (double v : h) s += v * v;
          return s;
        }

        @Differentiable
        static double norms(double[][] X) {
          double[][] Y = new double[X.length][];
          double total = 0;
          for (int i = 0; i < X.length; i++) {
            Y[i] = X[i].clone();
            total += normalise(Y[i]);
            clipRow(Y[i], -0.5, 0.5);
          }
          for (double[] row : Y) for (double v : row) total += v * v * v;
          return total;
        }

        @Differentiable
        static double rowsWritten(double[][] A, double lr) {
          double[][] G = new double[A.length][A[0].length];
          zero(G);
          for (int i = 0; i < A.length; i++) {
            axpy(lr, A[i], G[i]);
            axpy(-lr * lr, A[(i + 1) % A.length], G[i]);
          }
          double s = 0;
          for (double[] r : G) for (double v : r) s += Math.sin(v);
          return s;
        }

        @Differentiable
        static double sortedWeights(double[] v, double[] w) {
          int[] idx = new int[v.length];
          argsortInto(idx, v);
          double s = 0;
          for (int r = 0; r < idx.length; r++) s += (r + 1) * w[idx[r]] * v[idx[r]];
          return s;
        }

        @Differentiable
        static double tangentNet(double[][] W, double[] x) {
          double[] out = new double[W.length];
          matVec(W, x, out);
          tanhInPlace(out);
          double s = 0;
          for (double o : out) s += o * o;
          return s;
        }
      }
""";

  private static final String MORE = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class More {
        static final class Ops {
          static void addScaled(double[] y, double a, double[] x) {
            for (int i = 0; i < y.length; i++) {
              y[i] = y[i] + a * x[i];
            }
          }
        }

        final double decay;

        More(double decay) {
          this.decay = decay;
        }

        void shrink(double[] w) {
          for (int i = 0; i < w.length; i++) {
            w[i] *= decay;
          }
        }

        static void firstAbove(double[] v, double t, double[] out) {
          for (int i = 0; i < v.length; i++) {
            if (v[i] > t) {
              out[0] = v[i];
              out[1] = i;
              return;
            }
          }
          out[0] = 0.0;
          out[1] = -1;
        }

        static void outer(double[] u, double[] v, double[][] out) {
          for (int i = 0; i < u.length; i++) {
            double[] row = out[i];
            for (int j = 0; j < v.length; j++) {
              row[j] = u[i] * v[j];
            }
          }
        }

        static void shiftInto(double[] src, double[] dst) {
          System.arraycopy(src, 0, dst, 1, src.length - 1);
          dst[0] = src[src.length - 1];
        }

        static double cumsum(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i];
            v[i] = s;
          }
          return s;
        }

        @Differentiable
        double step(double[] w, double[] g, double lr) {
          double[] next = w.clone();
          shrink(next);
          Ops.addScaled(next, -lr, g);
          double s = 0;
          int i = 0;
          for (double v : next) {
            s += v * v * (i + 1);
            i++;
          }
          return s;
        }

        @Differentiable
        static double picks(double[] v, double t) {
          double[] found = new double[2];
          firstAbove(v, t, found);
          double[] s = v.clone();
          double total = cumsum(s) + found[0] * found[0];
          double[] shifted = new double[v.length];
          shiftInto(s, shifted);
          double[][] o = new double[v.length][v.length];
          outer(shifted, v, o);
          for (double[] row : o) for (double e : row) total += Math.sin(e);
          return total + found[1];
        }
      }
""";

  private static final String EDGES = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class Edge {
        static double fill(double[] buf, double v) {
          buf[0] = buf[0] * 0.5 + v;
          return buf[0];
        }

        static double mix(double[] buf, double x) {
          return buf[0] * x;
        }

        @Differentiable
        static double order(double x) {
          double[] buf = {x, 1.0};
          double m = mix(buf, x);
          return x + x * fill(buf, 2.0) + fill(buf, x * 3.0) * buf[1] + m * buf[0] + mix(buf, 0.5);
        }

        static int advance(double[] s, double rate) {
          s[0] = s[0] * rate;
          s[1] += 1;
          return s[0] > 0.1 ? 1 : 0;
        }

        static void twice(double[] y) {
          for (int i = 0; i < y.length; i++) y[i] += 1.0 * y[i];
        }

        static void scaleBy(double[] v, double a) {
          a = a * 2;
          for (int i = 0; i < v.length; i++) v[i] *= a;
        }

        static double fillAndSum(double[] v, double x) {
          double s = 0;
          for (int i = 0; i < v.length; i++) { v[i] = x * i; s += v[i]; }
          return s;
        }

        @Differentiable
        static double loopCond(double x, double rate) {
          double[] s = {x, 0};
          double acc = 0;
          while (advance(s, rate) > 0) {
            acc += s[0];
          }
          return acc + s[1];
        }

        @Differentiable
        static double selfAxpy(double[] x, double a) {
          double[] y = x.clone();
          twice(y);
          scaleBy(y, a);
          double t = 0;
          for (double v : y) t += v * v;
          return t;
        }

        @Differentiable
        static double inIf(double x) {
          double[] v = new double[3];
          if (fillAndSum(v, x) > 1.0) {
            return v[2] * v[2];
          }
          return v[1];
        }


      }
""";

  @Test
  void inAWhilesConditionInAnIfsOnAnArrayGivenTwiceAndAParameterTheHelperReassigns() throws Exception {
    Loaded l = compiled(EDGES);
    assertAt(l, "Edge", "loopCond", 1.3, 0.6);
    assertAt(l, "Edge", "selfAxpy", new double[] {0.3, -0.5}, 0.7);
    assertAt(l, "Edge", "inIf", 0.8);
    assertAt(l, "Edge", "inIf", 0.1);
    assertAt(l, "Edge", "order", 0.7); // each call of a statement in Java's order, the others reading what it wrote
  }

  @Test
  void voidHelpersFillingTheCallersArraysAreWrittenWhereTheyAreCalled() throws Exception {
    Loaded l = compiled(WRITERS);
    double[][] w1 = {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}, {-0.3, 0.2, 0.1}, {0.5, -0.1, 0.2}};
    double[][] w2 = {{0.2, -0.4, 0.1, 0.3}, {-0.5, 0.3, 0.2, -0.1}, {0.1, 0.1, -0.3, 0.4}};
    assertAt(l, "Writers", "net", w1, new double[] {0.1, -0.2, 0.3, 0.05}, w2, new double[] {1.0, -0.5, 0.7});
    double[][] u = {{0.4, -0.3}, {0.2, 0.5}, {-0.1, 0.3}};
    assertAt(l, "Writers", "rnn", new double[][] {{0.3, -0.2, 0.1}, {0.2, 0.1, -0.4}, {-0.3, 0.2, 0.2}}, u,
        new double[][] {{1.0, -0.5}, {0.3, 0.8}, {-0.7, 0.2}, {0.5, 0.5}});
    assertAt(l, "Writers", "norms", (Object) new double[][] {{0.3, -0.8, 0.1, 0.5}, {1.2, 0.4, -0.3, 0.2}, {0.1, 0.2, 0.3, -0.9}});
    assertAt(l, "Writers", "rowsWritten", new double[][] {{0.3, -0.8, 0.1}, {1.2, 0.4, -0.3}, {0.1, 0.2, 0.9}}, 0.3);
    assertAt(l, "Writers", "sortedWeights", new double[] {0.5, -1.2, 0.3, 2.0, -0.1}, new double[] {1.0, 0.5, -0.3, 0.2, 0.7});
    assertAt(l, "Writers", "tangentNet", w2, new double[] {0.3, -0.2, 0.5, 0.1});
  }

  @Test
  void helpersOfOtherClassesInstanceHelpersEarlyReturnsAndCopies() throws Exception {
    Loaded l = compiled(MORE);
    var more = l.loadClass("rt.More").getDeclaredConstructor(double.class);
    more.setAccessible(true);
    assertGradient(l, "rt.MoreGrad", "step", more.newInstance(0.9), new double[] {0.3, -0.2, 1.1},
        new double[] {0.5, 0.1, -0.4}, 0.1);
    assertAt(l, "More", "picks", new double[] {0.3, -0.2, 1.1, 0.7}, 0.5);
    assertAt(l, "More", "picks", new double[] {0.3, -0.2, 1.1, 0.7}, 5.0);
  }

  @Test
  void aHelperWritingIntoTheCallersParameterIsAnErrorOnTheCall() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Scale {
          static void scale(double[] v, double a) {
            for (int i = 0; i < v.length; i++) {
              v[i] *= a;
            }
          }

          @Differentiable
          static double twice(double[] x) {
            scale(x, 2.0);
            return x[0];
          }
        }
        """), "scale(x, 2.0);", "writes into `x`, a parameter of twice", "pass it a copy (x.clone())");
  }

  @Test
  void aRecursiveHelperWritingAnArrayIsAnErrorOnTheCall() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Fill {
          static void fillFrom(double[] v, int from) {
            if (from >= v.length) {
              return;
            }
            v[from] = from;
            fillFrom(v, from + 1);
          }

          @Differentiable
          static double f(double x) {
            double[] v = new double[3];
            fillFrom(v, 0);
            return v[2] * x;
          }
        }
        """), "fillFrom(v, 0);", "`fillFrom` calls itself", "write the recursion as a loop");
  }

  @Test
  void aWritingHelperInALoopsUpdateIsAnErrorOnTheLoop() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Steps {
          static int step(double[] v) {
            v[0] += 1;
            return 1;
          }

          @Differentiable
          static double f(double x) {
            double[] v = new double[3];
            double s = 0;
            for (int i = 0; i < 3; i += step(v)) {
              s += x * v[0];
            }
            return s;
          }
        }
        """), "i += step(v)", "`step(v)` writes into an array it is given", "read it into a local");
  }

  @Test
  void aHelperWritingIntoAFieldIsAnErrorOnTheCall() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Cache {
          static double[] buf = new double[4];

          static double fill(double[] v, double x) {
            v[0] = x;
            return v[0] * v[0];
          }

          @Differentiable
          static double f(double x) {
            return fill(buf, x);
          }
        }
        """), "return fill(buf, x);", "writes into `buf`, a field", "give it a local array");
  }

  @Test
  void aHelperWritingWhatTheStatementReadsBeforeTheCallIsAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Order {
          static double fill(double[] buf, double v) {
            buf[0] = buf[0] * 0.5 + v;
            return buf[0];
          }

          static double mix(double[] buf, double x) {
            return buf[0] * x;
          }

          @Differentiable
          static double f(double x) {
            double[] buf = {x, 1.0};
            double a = buf[0] + fill(buf, 2.0);
            return a + mix(buf, x) * fill(buf, x * 3.0);
          }
        }
        """), "double a = buf[0] + fill(buf, 2.0);", "it writes into `buf`, which the statement reads before the call,"
        + " in `buf[0]`", "compute `buf[0]` into a local before the statement");
  }
}
