package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Increments inside a statement, as users write them ({@code flat[k++] = v;}, {@code if (++j >= n)
 * break;}, {@code return a[--m];}), become statements of their own where that is the same program;
 * in the conditions of an {@code if} or a {@code while} too; where it is not (the variable read twice,
 * an increment in the right operand of {@code &&} or an arm of {@code ?:}, one in a {@code for}'s
 * or a {@code do}'s condition), they stay the error they were.
 */
class IncrementsTest {

  @Test
  void incrementsInsideStatementsBecomeTheirOwn() {
    Compilation c = compileOk(source("""
        package inc;

        import dev.flatgrad.annotations.Differentiable;

        class Packing {
          /** W and b packed into one vector, as optimisers want them, then read back. */
          @Differentiable
          static double packed(double[][] W, double[] b) {
            double[] flat = new double[W.length * W[0].length + b.length];
            int k = 0;
            for (double[] row : W)
              for (double v : row)
                flat[k++] = v;
            for (int i = 0; i < b.length; i++) {
              flat[k++] = 2.0 * b[i];
            }
            double s = 0.0;
            int j = 0;
            while (true) {
              s += flat[j] * flat[j];
              if (++j >= flat.length) break;
            }
            int m = flat.length;
            double last = flat[--m];
            if (m > 0) s += flat[--m] * last;
            int n = 0;
            double[] twice = new double[2];
            twice[n++] += last;
            twice[n++] = twice[0] * s;
            return s + twice[n - 1] + flat[m++];
          }
        }
        """));
    assertGradient(load(c), "inc.PackingGrad", "packed", new double[][] {{0.3, -0.2}, {0.1, 0.4}},
        new double[] {0.5, -1.5});
    String grad = generated(c, "inc.PackingGrad");
    assertThat(grad).contains("flat[k] = v;");
    assertThat(grad).contains("twice[n] += last;");
  }

  @Test
  void incrementsInConditionsOfIfAndWhile() {
    Compilation c = compileOk(source("""
        package inc;

        import dev.flatgrad.annotations.Differentiable;

        class Scans {
          @Differentiable
          static double scan(double[] x) {
            int n = x.length;
            double s = 0.0;
            while (n-- > 0) s += x[n] * x[n];
            int k = 0;
            double p = 1.0;
            while (x[k++] > -5.0 && p < 100.0) {
              p *= 1.0 + 0.1 * x[k - 1];
              if (k >= x.length) break;
              if (k == 1) continue;
              p += 0.01;
            }
            int j = -1;
            while (++j < x.length) {
              if (x[j++] > 0.2) s += x[j - 1];
              else if (j > 2) s -= 0.5 * x[j - 1];
              if (j >= x.length) break;
            }
            int m = 0;
            if (x[m++] > 0.0) s *= 2.0;
            return s + p + n + k + j + m;
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "inc.ScansGrad", "scan", new double[] {0.3, -0.7, 1.1, 0.5, -0.2});
    assertGradient(l, "inc.ScansGrad", "scan", new double[] {-0.3, 0.7});
    assertGradient(l, "inc.ScansGrad", "scan", new double[] {0.9});
    assertThat(generated(c, "inc.ScansGrad")).contains("while (true) {");
  }

  @Test
  void incrementsThatCannotStandAloneStayErrors() {
    JavaFileObject file = source("""
        package inc;

        import dev.flatgrad.annotations.Differentiable;

        class Orders {
          @Differentiable
          static double f(double[] x, int k) {
            double twice = x[k++] * x[k++];
            boolean more = k < x.length && x[k++] > 0.0;
            double picked = k > 0 ? x[--k] : 0.0;
            for (int i = 0; x[k++] > 0.0; i++) {
              twice += 1.0;
            }
            do {
              twice += x[k];
            } while (k-- > 0);
            return more ? twice + picked : twice;
          }
        }
        """);
    Compilation c = compile(file);
    for (String line : new String[] {"x[k++] * x[k++]", "&& x[k++] > 0.0;", "x[--k]", "x[k++] > 0.0; i++", "while (k-- > 0)"}) {
      CompilationSubject.assertThat(c).hadErrorContaining("changes a variable inside an expression")
          .inFile(file).onLineContaining(line);
    }
  }
}
