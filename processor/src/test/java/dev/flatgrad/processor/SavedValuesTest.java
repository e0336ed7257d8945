package dev.flatgrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A callee's saved values ({@code mSaved}) handed to its pullback ({@code mPullback(saved, ...)}):
 * array results in branches and loops, a caller writing into the array a call returned, the
 * callee's own locals named as the record's members and the generated parameters are, and the
 * saved-values record clashing with another method's gradient record.
 */
class SavedValuesTest {

  private static final JavaFileObject KEPT = source("""
      package kept;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Kept {
        @Differentiable
        static double[] squash(double[] x, double[] w) {
          double[] value = Nd.multiply(x, w);
          double[] wait = Nd.tanh(value);
          double saved = Nd.sum(wait);
          double dout = Math.exp(-saved * saved);
          return Nd.multiply(dout, wait);
        }

        @Differentiable(wrt = "w")
        static double branches(double[] x, double[] w, boolean wide) {
          double[] h;
          double[] xs = x.clone();
          double[] ws = w.clone();
          if (wide) {
            h = squash(xs, ws);
          } else {
            h = squash(ws, xs);
          }
          h[0] = 2.0 * h[1];
          return Nd.sum(Nd.multiply(h, h));
        }

        @Differentiable(wrt = "w")
        static double layers(double[] x, double[] w, int n) {
          double[] h = x;
          double s = 0.0;
          for (int i = 0; i < n; i++) {
            h = squash(h, w);
            s = s * 0.5 + h[0];
          }
          return s + Nd.sum(h);
        }
      }
      """);

  @Test
  void arrayResultsAreKeptNotComputedAgain() {
    Compilation c = compileOk(KEPT);
    assertGolden(c, "kept.KeptGrad", "SavedValuesTest/arrayResultsAreKeptNotComputedAgain/KeptGrad.java");
    Loaded l = Flatgrad.load(c);
    double[] x = {0.4, -0.7, 1.3};
    double[] w = {0.9, 0.2, -0.5};
    double[] dout = {0.3, -1.1, 0.6};
    ((GradCheck.Report) l.call("kept.KeptGrad", "checkSquash", x, w, dout)).assertPassed();
    ((GradCheck.Report) l.call("kept.KeptGrad", "checkBranches", x, w, true)).assertPassed();
    ((GradCheck.Report) l.call("kept.KeptGrad", "checkBranches", x, w, false)).assertPassed();
    ((GradCheck.Report) l.call("kept.KeptGrad", "checkLayers", x, w, 3)).assertPassed();
  }

  @Test
  void theSavedRecordMayNotBeAnotherMethodsGradientRecord() {
    Compilation c = compile(source("""
        package clash;

        import dev.flatgrad.annotations.Differentiable;

        class Clash {
          @Differentiable
          static double f(double[] x) {
            return x[0] * x[1];
          }

          @Differentiable
          static double fSaved(double[] x) {
            return x[0];
          }
        }
        """));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("`f` has a gradient that generated callers run through its saved values,"
        + " whose record FSaved is already the gradient record of `fSaved`: rename one of the methods");
  }
}
