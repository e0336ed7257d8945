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
 * Chained assignments as users write them ({@code a = b = 0.0;}, {@code m[i][j] = m[j][i] = v;})
 * become one assignment a statement where that is the same program; where it is not (an index
 * the chain itself writes), they stay the error they were.
 */
class ChainedAssignmentsTest {

  @Test
  void chainsBecomeOneAssignmentAStatement() {
    Compilation c = compileOk(source("""
        package chain;

        import dev.flatgrad.annotations.Differentiable;

        class Kernels {
          static double rbf(double x, double y) {
            return Math.exp(-(x - y) * (x - y));
          }

          /** A symmetric Gram matrix filled from one triangle, then a quadratic form. */
          @Differentiable
          static double gram(double[] x, double[] c) {
            int n = x.length;
            double[][] K = new double[n][n];
            for (int i = 0; i < n; i++)
              for (int j = 0; j <= i; j++)
                K[i][j] = K[j][i] = rbf(x[i], x[j]);
            double s, t;
            s = t = 0.0;
            for (int i = 0; i < n; i++) {
              double[] row = K[i];
              for (int j = 0; j < n; j++) {
                s += c[i] * row[j] * c[j];
              }
              if (i > 0) t = K[0][i] = K[i][0] = t + s;
            }
            double[] ends = new double[2];
            int k = 0;
            ends[0] = ends[1] = x[k++] * t;
            return s + ends[0] * ends[1] + K[0][n - 1] + k;
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "chain.KernelsGrad", "gram", new double[] {0.3, -0.4, 0.9}, new double[] {0.5, 1.2, -0.7});
    assertGradient(l, "chain.KernelsGrad", "gram", new double[] {1.1}, new double[] {0.8});
    String grad = generated(c, "chain.KernelsGrad");
    assertThat(grad).contains("K[i][j] = K[j][i];");
    assertThat(grad).contains("s = t;");
  }

  /** A compound assignment around a plain one, as a softmax by hand sums what it stores. */
  @Test
  void aCompoundAssignmentOfAnAssignmentIsTwoStatements() {
    Compilation c = compileOk(source("""
        package chain;

        import dev.flatgrad.annotations.Differentiable;

        class Soft {
          @Differentiable
          static double softmaxDot(double[] z, double[] v) {
            double m = z[0];
            for (double x : z) if (x > m) m = x;
            double[] e = new double[z.length];
            double[] w = new double[z.length];
            double sum = 0, prod = 1;
            for (int i = 0; i < z.length; i++) {
              sum += e[i] = Math.exp(z[i] - m);
              prod *= w[i] = 1 + 0.5 * e[i] * v[i];
            }
            double s = 0;
            for (int i = 0; i < z.length; i++) s += e[i] / sum * w[i];
            return s * prod;
          }
        }
        """));
    Loaded l = load(c);
    assertGradient(l, "chain.SoftGrad", "softmaxDot", new double[] {0.3, -0.4, 0.9}, new double[] {0.5, 1.2, -0.7});
    assertThat(generated(c, "chain.SoftGrad")).contains("sum += e[i];");
  }

  @Test
  void chainsThatAreNotTheSameProgramStayErrors() {
    JavaFileObject file = source("""
        package chain;

        import dev.flatgrad.annotations.Differentiable;

        class Orders {
          @Differentiable
          static double f(double[] x) {
            int i = 0;
            double[] y = new double[3];
            y[i] = i = 2;
            double a = 0.0;
            a += a = x[0];
            return y[0] * x[0] + a;
          }
        }
        """);
    Compilation c = compile(file);
    for (String line : new String[] {"y[i] = i = 2;", "a += a = x[0];"}) {
      CompilationSubject.assertThat(c).hadErrorContaining("an assignment inside an expression is not supported")
          .inFile(file).onLineContaining(line);
    }
  }
}
