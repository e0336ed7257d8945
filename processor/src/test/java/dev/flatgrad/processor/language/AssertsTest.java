package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code assert} in a differentiated method: the generated forward pass checks it where the user's
 * class runs its asserts ({@code ASSERTIONS}, its assertion status), with the same message, and
 * nowhere else; the gradient is that of the code around it.
 */
class AssertsTest {

  private static final String DISTANCES = """
      package as;

      import dev.flatgrad.annotations.Differentiable;

      class Distances {
        static final double ASSERTIONS = 2.0;

        @Differentiable
        static double distance(double[] x, double[] y) {
          assert x.length == y.length : "lengths differ: " + x.length + " and " + y.length;
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            assert !Double.isNaN(d);
            s += d * d * ASSERTIONS;
          }
          assert s >= 0.0 : s;
          return Math.sqrt(s);
        }
      }
      """;

  private static Compilation compilation;

  @BeforeAll
  static void compileOnce() {
    compilation = compileOk(source(DISTANCES));
  }

  @Test
  void theGradientIsThatOfTheCodeAroundTheAsserts() {
    assertGradient(load(compilation), "as.DistancesGrad", "distance", new double[] {0.5, -1.0, 2.0},
        new double[] {0.25, 1.0, -0.5});
    String grad = generated(compilation, "as.DistancesGrad");
    // The user's field keeps its name; the flag takes another.
    assertThat(grad).contains("private static final boolean ASSERTIONS_ = Distances.class.desiredAssertionStatus();");
    assertThat(grad).contains("if (ASSERTIONS_ && !(x.length == y.length)) {");
  }

  @Test
  void aFailingAssertThrowsWhatTheMethodThrowsWhereAssertsRun() throws Exception {
    Loaded l = load(compilation);
    l.setDefaultAssertionStatus(true);
    double[] x = {0.5, -1.0, 2.0};
    double[] y = {0.25, 1.0};
    AssertionError original = assertThrows(AssertionError.class, () -> original(l, x, y));
    AssertionError generated = assertThrows(AssertionError.class, () -> l.call("as.DistancesGrad", "distance", x, y));
    assertThat(generated).hasMessageThat().isEqualTo("lengths differ: 3 and 2");
    assertThat(generated).hasMessageThat().isEqualTo(original.getMessage());
  }

  @Test
  void assertsDoNotRunWhereTheUsersClassDoesNotRunThem() throws Throwable {
    Loaded l = load(compilation);
    l.setDefaultAssertionStatus(false);
    double[] x = {0.5, -1.0, 2.0};
    double[] y = {0.25, 1.0, Double.NaN};
    double value = original(l, x, y);
    Object gradient = l.call("as.DistancesGrad", "distance", x, y);
    assertThat(Double.isNaN(value)).isTrue();
    assertThat(Double.isNaN((double) Loaded.component(gradient, "value"))).isTrue();
  }

  /** The user's own (package-private) method. */
  private static double original(Loaded l, double[] x, double[] y) throws Throwable {
    java.lang.reflect.Method m = l.loadClass("as.Distances").getDeclaredMethod("distance", double[].class, double[].class);
    m.setAccessible(true);
    try {
      return (double) m.invoke(null, x, y);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
