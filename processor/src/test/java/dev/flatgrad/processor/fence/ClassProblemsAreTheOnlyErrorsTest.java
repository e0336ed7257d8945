package dev.flatgrad.processor.fence;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A problem of the class (two methods whose generated records would share a name, a malformed
 * {@code @CustomGradient}) is flatgrad's error alone: the class is not written, so javac adds no
 * "cannot find symbol" for records, pullbacks or methods it would have named.
 */
class ClassProblemsAreTheOnlyErrorsTest {

  private static final JavaFileObject SOURCE = source("""
      package clash;

      import dev.flatgrad.annotations.Differentiable;

      class Fit {
        @Differentiable(hessian = true)
        static double loss(double[] w) {
          return w[0] * w[0] * w[1];
        }

        @Differentiable(hessian = true)
        static double lossTangent(double[] w) {
          return Math.sin(w[0]) * loss(w);
        }
      }
      """);

  @Test
  void theClashIsTheOnlyError() {
    Compilation c = compile(SOURCE);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("`loss` asks for its tangent, whose record LossTangent is already the"
        + " gradient record of `lossTangent`: rename one of the methods")
        .inFile(SOURCE).onLineContaining("static double loss(");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void aMalformedCustomGradientIsTheOnlyError() {
    JavaFileObject source = source("""
        package clash;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.Differentiable;

        class Soft {
          static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          @CustomGradient(of = "softplus")
          static double softplusGrad(double x, double dout) {
            return dout / (1.0 + Math.exp(-x));
          }

          @Differentiable
          static double loss(double[] w) {
            return softplus(w[0] * w[1]);
          }
        }
        """);
    Compilation c = compile(source);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("@CustomGradient").inFile(source).onLineContaining("static double softplusGrad(");
    assertThat(c).hadErrorCount(1);
  }
}
