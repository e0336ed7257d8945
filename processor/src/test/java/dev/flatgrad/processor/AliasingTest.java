package dev.flatgrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.runtime.GradCheck;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Writes through shared arrays: errors on their line, and the patterns that are fine. */
class AliasingTest {

  @Test
  void writesThroughAliasesAndIntoParametersAreErrors() {
    JavaFileObject src = source("""
        package alias;

        import dev.flatgrad.annotations.Differentiable;

        class Bad {
          @Differentiable
          static double shared(double[] x, double w) {
            double[] a = x.clone();
            double[] b = a;
            b[0] = w;
            return a[0] * w;
          }

          @Differentiable
          static double throughLocal(double[] x, double w) {
            double[] h = x;
            h[0] = w;
            return h[0];
          }

          @Differentiable
          static double shallowCopy(double[][] W, double w) {
            double[][] c = W.clone();
            c[0][0] = w;
            return c[0][0];
          }

          @Differentiable
          static double row(double[][] W, double w) {
            double[] r = W[1];
            r[0] = w;
            return r[0] * W[1][1];
          }

          @Differentiable
          static double elementOfASharedMatrix(double[] x, double w) {
            double[][] m = new double[2][2];
            double[][] view = m;
            m[0][0] = x[0] * w;
            return view[0][0] * w;
          }

          @Differentiable
          static double readOnTheNextTrip(double[] x, double w) {
            double[] a = x.clone();
            double[] r = a;
            double s = 0;
            for (int t = 0; t < 2; t++) {
              s += r[0] * w;
              a[0] = s;
            }
            return s;
          }
        }
        """);
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("writing into `b`, which shares its array with `a`").inFile(src)
        .onLineContaining("b[0] = w;");
    assertThat(c).hadErrorContaining("the array of parameter `x` (through `h`)").inFile(src).onLineContaining("h[0] = w;");
    assertThat(c).hadErrorContaining("a row of the array of parameter `W` (through `c`)").inFile(src)
        .onLineContaining("c[0][0] = w;");
    assertThat(c).hadErrorContaining("Nd.copy(W) copies the rows too");
    // The row's local is read as W[1] (RowAliases): the write is one into a row of W.
    assertThat(c).hadErrorContaining("writing into a row of parameter array `W`").inFile(src).onLineContaining("r[0] = w;");
    // An element written through one matrix variable is a row's element of the other (was a silent zero gradient).
    assertThat(c).hadErrorContaining("writing into `m`, which shares its array with `view`").inFile(src)
        .onLineContaining("m[0][0] = x[0] * w;");
    assertThat(c).hadErrorContaining("writing into `a`, which shares its array with `r`").inFile(src)
        .onLineContaining("a[0] = s;");
  }

  /**
   * A write after the other variable's last read of the shared array: here the array a call may
   * have returned, assigned anew before it is read again (the rows an enhanced for read: {@code
   * GeneratorFindingsTest}).
   */
  @Test
  void aWriteAfterTheAliasIsAssignedAnewIsFine() {
    Compilation c = compileOk(source("""
        package alias;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Dead {
          @Differentiable
          static double[] scaled(double[] v, double k) {
            return k > 0 ? v : Nd.multiply(v, k);
          }

          @Differentiable
          static double callThenWrite(double[] x, double w) {
            double[] a = x.clone();
            double s = 0;
            for (int t = 0; t < 3; t++) {
              double[] r = scaled(a, w);
              s += r[0] * r[1];
              a[t % 2] = s * w;
            }
            return s;
          }
        }
        """));
    var l = load(c);
    for (double w : new double[] {0.7, -0.4}) {
      assertGradient(l, "alias.DeadGrad", "callThenWrite", new double[] {0.3, -0.6}, w);
    }
  }

  @Test
  void freshArraysPerTripAndCopiesAreFine() {
    Compilation c = compileOk(source("""
        package alias;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Good {
          @Differentiable
          static double rnn(double[] x, double w) {
            double[] h = new double[3];
            for (int t = 0; t < x.length; t++) {
              double[] next = new double[3];
              for (int j = 0; j < 3; j++) {
                next[j] = Math.tanh(w * h[j] + x[t] * (j + 1));
              }
              h = next;
            }
            return h[0] + h[1] * h[2];
          }

          @Differentiable
          static double deepCopy(double[][] W, double w) {
            double[][] c = Nd.copy(W);
            c[0][0] = w * c[0][0];
            return c[0][0] + W[0][0];
          }

          @Differentiable
          static double aliasNotReadAgain(double[] x, double w) {
            double[] a = x.clone();
            double[] b = a;
            b[0] = w * b[0];
            return b[0];
          }
        }
        """));
    var l = load(c);
    ((GradCheck.Report) l.call("alias.GoodGrad", "checkRnn", new double[] {0.3, -0.8, 0.5}, 0.7)).assertPassed();
    ((GradCheck.Report) l.call("alias.GoodGrad", "checkDeepCopy", new double[][] {{0.3, 1}, {2, 3}}, 0.7)).assertPassed();
    ((GradCheck.Report) l.call("alias.GoodGrad", "checkAliasNotReadAgain", new double[] {0.3, 1}, 0.7)).assertPassed();
  }

  /** A record local's components are kept in locals of their own: the message names them as written. */
  @Test
  void aWriteThroughARecordsComponentNamesItAsWritten() {
    JavaFileObject src = source("""
        package alias;

        import dev.flatgrad.annotations.Differentiable;

        class Records {
          record Pair(double[] w, double b) {}
          record Net(Pair first, double scale) {}

          @Differentiable
          static double shared(double[] x, double s) {
            Pair a = new Pair(x.clone(), s);
            Pair b = a;
            b.w()[0] = s * s;
            return a.w()[0] + b.b();
          }

          @Differentiable
          static double nested(double[] x, double s) {
            Net net = new Net(new Pair(x.clone(), s), 2.0);
            double[] v = net.first().w();
            v[0] = s;
            return net.first().w()[0] * net.scale();
          }
        }
        """);
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("writing into `b.w()`, which shares its array with `a.w()`: a write through"
        + " one changes the other").inFile(src).onLineContaining("b.w()[0] = s * s;");
    assertThat(c).hadErrorContaining("writing into `v`, which shares its array with `net.first().w()`").inFile(src)
        .onLineContaining("v[0] = s;");
    assertThat(c).hadErrorCount(2);
  }
}
