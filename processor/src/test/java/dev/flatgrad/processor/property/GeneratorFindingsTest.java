package dev.flatgrad.processor.property;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * What {@link RandomProgramsTest} found, each shrunk to a small reproducer and kept once fixed:
 * the generated code must compile (with -Xlint:all -Werror), its value must equal the method's
 * own, and its gradient must agree with centred differences.
 */
class GeneratorFindingsTest {

  /**
   * Overload resolution picked the least specific method: {@code Math.max(0, 1)} resolved to
   * {@code max(double, double)}, and {@code int q = Math.max(0, 1)} was rejected as a double.
   */
  @Test
  void theMostSpecificOverloadIsChosen() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Overloads {
          @Differentiable
          static double f(double x, int n) {
            int q = Math.max(0, 1);
            int r = Math.abs(n - 2) / 2;
            long s = Math.max(3L, n);
            return x * q * r * s + Math.max(x, n);
          }
        }
        """)));
    for (int n = 0; n < 5; n++) {
      assertGradient(l, "findings.OverloadsGrad", "f", 0.3 + n, n);
    }
  }

  /**
   * A conditional lifted into an if (its arms need a value named) assigns a new temporary; its
   * arms were not staged, as the temporary was not yet active, and the backward pass of {@code
   * Math.tanh(o)} in an arm found its result unnamed (an internal error).
   */
  @Test
  void theArmsOfALiftedConditionalAreStaged() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Arms {
          @Differentiable
          static double f(double o, double x, int k) {
            for (int i = 0; i < 3; i++) {
              x = Math.sin(x) + (k % 2 == 0 ? Math.tanh(o) / (k + 1) : Math.tanh(o));
            }
            return x;
          }
        }
        """)));
    for (int k = 0; k < 3; k++) {
      assertGradient(l, "findings.ArmsGrad", "f", 0.7, -0.4, k);
    }
  }

  /**
   * A file declaring two classes: the gradient class of the second (and generated code calling
   * it as written) uses an auxiliary class from another file, which -Xlint:all -Werror rejected.
   */
  @Test
  void aSecondClassInTheFileCompilesWithAllLintWarningsAsErrors() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Main {
          @Differentiable
          static double f(double u, double[] w) {
            return Helper.q(u, w) * u + Helper.q(2.0, new double[] {1.0});
          }
        }

        class Helper {
          @Differentiable
          static double q(double u, double[] w) {
            return u * w[0];
          }
        }
        """));
    assertThat(generated(c, "findings.HelperGrad")).contains("@SuppressWarnings(\"auxiliaryclass\")");
    assertThat(generated(c, "findings.MainGrad")).contains("@SuppressWarnings(\"auxiliaryclass\")");
    assertGradient(load(c), "findings.MainGrad", "f", 0.5, new double[] {2.0, 3.0});
  }

  /**
   * A parameter variable reassigned to a new array and then written was rejected as a write
   * into the caller's array; where it still holds the caller's array the write is rejected.
   */
  @Test
  void aParameterReassignedToANewArrayMayBeWritten() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Reassigned {
          @Differentiable
          static double f(double[] v) {
            v = Nd.sqrt(Nd.add(1.0, Nd.square(v)));
            double s = 0.0;
            for (int i = 0; i < v.length; i++) {
              v[i] = v[i] * v[i] * Math.tanh(s);
              s += v[i];
              v = v.clone();
            }
            return s;
          }
        }
        """)));
    assertGradient(l, "findings.ReassignedGrad", "f", (Object) new double[] {0.3, -0.8, 1.1});
  }
}
