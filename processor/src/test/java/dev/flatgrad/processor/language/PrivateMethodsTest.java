package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.check;
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
 * Private methods, as users write their helpers: differentiated like any helper of the file,
 * called by generated code (another class) through method handles where it needs their values
 * (a helper without a gradient, the method itself in its check): static and instance, overloaded,
 * returning int or boolean, in a nested class and the class around it, a private
 * {@code @Differentiable} method with its forward and second-order methods, and what they throw
 * reaching the caller as they threw it.
 */
class PrivateMethodsTest {

  private static final String MODEL = """
      package pm;

      import dev.flatgrad.annotations.Differentiable;

      class Model {
        private final double scale;

        Model(double scale) {
          this.scale = scale;
        }

        private double scaled(double v) {
          return scale * Math.sin(v);
        }

        private static int argmax(double[] v) {
          int k = 0;
          for (int i = 1; i < v.length; i++) {
            if (v[i] > v[k]) {
              k = i;
            }
          }
          return k;
        }

        private static double sq(double v) {
          return v * v;
        }

        /** An overload of another arity, calling the first. */
        private static double sq(double[] v, double w) {
          double s = 0.0;
          for (double x : v) {
            s += w * sq(x);
          }
          return s;
        }

        /** A parameter named as the generated handle of {@code argmax} is. */
        private static double positive(double v, double ARGMAX) {
          if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
          }
          return v * ARGMAX;
        }

        private static boolean far(double a) {
          return Math.abs(a) > 2.0;
        }

        @Differentiable
        double loss(double[] s) {
          int k = argmax(s);
          double t = scaled(s[k]) + sq(s, 0.5) + sq(s[0]) + positive(s[1], 2.0) + sq(1.5);
          if (far(t)) {
            t = t / 2.0;
          }
          return t;
        }

        @Differentiable(tangent = true, hessian = true)
        private static double own(double x, double y) {
          return sq(x) * Math.sin(y) + Inner.cube(x);
        }

        static class Inner {
          private static double cube(double x) {
            return x * x * x;
          }

          @Differentiable
          static double outer(double x) {
            return sq(x) + cube(x) + own(x, 0.5);
          }
        }
      }
      """;

  private static Compilation compilation;
  private static Loaded loaded;

  @BeforeAll
  static void compileOnce() {
    compilation = compileOk(source(MODEL));
    loaded = load(compilation);
  }

  private static Object model(double scale) throws ReflectiveOperationException {
    var make = loaded.loadClass("pm.Model").getDeclaredConstructor(double.class);
    make.setAccessible(true);
    return make.newInstance(scale);
  }

  @Test
  void privateHelpersAreDifferentiatedAndTheirValuesCalledThroughHandles() throws Exception {
    Object model = model(1.5);
    assertGradient(loaded, "pm.ModelGrad", "loss", model, new double[] {0.3, 1.1, 0.7});
    assertGradient(loaded, "pm.ModelGrad", "loss", model, new double[] {2.3, 1.1, 0.7});
    String grad = generated(compilation, "pm.ModelGrad");
    assertThat(grad).contains("int k = Private.argmax(s);");
    assertThat(grad).contains("Private.far(");
    assertThat(grad).contains("PrivateMethods.staticMethod(MethodHandles.lookup(), Model.class, \"argmax\"");
    assertThat(grad).doesNotContain("Model.argmax(");
  }

  @Test
  void aPrivateDifferentiableMethodIsCheckedAgainstItselfInEveryMode() throws Exception {
    assertGradient(loaded, "pm.ModelGrad", "own", 0.4, 0.9);
    assertThat(check(loaded, "pm.ModelGrad", "ownTangent", 0.4, 0.9, 1.0, -0.5).passed()).isTrue();
    assertThat(check(loaded, "pm.ModelGrad", "ownHvp", 0.4, 0.9, 1.0, -0.5).passed()).isTrue();
    assertThat(check(loaded, "pm.ModelGrad", "scaled", model(1.5), 0.7).passed()).isTrue();
  }

  @Test
  void aNestedClassCallsThePrivateMethodsAroundIt() {
    assertGradient(loaded, "pm.Model_InnerGrad", "outer", 0.8);
    assertThat(generated(compilation, "pm.Model_InnerGrad")).contains("Private.cube(x)");
  }

  @Test
  void whatAPrivateMethodThrowsReachesTheCallerAsItIs() throws Exception {
    Object model = model(1.5);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> loaded.call("pm.ModelGrad", "loss", model, new double[] {0.3, -1.1, 0.7}));
    assertThat(thrown).hasMessageThat().isEqualTo("negative: -1.1");
  }
}
