package dev.flatgrad.processor.forward;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java reverse mode takes, forward mode and H·v take too: private fields and record components
 * of instance methods, {@code var}, the JDK's constants and calls whose result carries no
 * derivative, compound operators with {@code int} operands, ternaries in loops, early returns and a
 * {@code while (true)} left by them, names that become keywords with a {@code d} before them, a
 * parameter not differentiated that takes varying values, calls with expressions as arguments, an
 * array result the backward pass restores. Each method is checked at a point: value bit for bit,
 * gradient, tangent against centred differences of the method, H·v against centred differences of
 * the generated gradient.
 */
class LanguageTangentsTest {

  private static final String CLASS = "fwdlang.FeaturesGrad";
  private static Loaded loaded;

  @BeforeAll
  static void compile() {
    loaded = load(compileOk(source("""
        package fwdlang;

        import dev.flatgrad.annotations.Differentiable;

        public class Features {
          private static final double HALF = 0.5;
          private static double[] prior = {0.1, -0.2, 0.3};
          private final double lambda;
          private final double[] scale;

          public Features(double lambda, double[] scale) {
            this.lambda = lambda;
            this.scale = scale;
          }

          /** Private instance and static fields, read through the generated class's VarHandles. */
          @Differentiable(hessian = true)
          double ridge(double[] w, double[] x, double y) {
            double err = -y;
            double penalty = 0.0;
            for (int i = 0; i < w.length; i++) {
              err += w[i] * x[i];
              double d = (w[i] - prior[i]) * scale[i];
              penalty += d * d * d;
            }
            return HALF * err * err + lambda * penalty;
          }

          /** A record's components, read by its own differentiated method; var everywhere. */
          record Spring(double k, double rest) {
            @Differentiable(hessian = true)
            double energy(double x, double[] v) {
              var stretch = x - rest;
              var kinetic = 0.0;
              for (var vi : v) {
                kinetic += vi * vi * stretch;
              }
              return 0.5 * k * stretch * stretch * stretch + kinetic;
            }
          }

          /** A running max from Double.NEGATIVE_INFINITY; Double.isNaN and Math.floorMod carry nothing. */
          @Differentiable(hessian = true)
          static double peak(double[] w, double[] x, int every) {
            var best = Double.NEGATIVE_INFINITY;
            var skipped = 0;
            for (var i = 0; i < w.length; i++) {
              var v = w[i] * x[i] * x[i];
              if (Double.isNaN(v) || Math.floorMod(i, every) == every - 1) {
                skipped++;
              } else if (v > best) {
                best = v;
              }
            }
            return best * best - Math.min(Float.MAX_VALUE, 0.01 * skipped) + Math.PI * w[0];
          }

          /** Compound operators with int operands, and a ternary in a loop. */
          @Differentiable(hessian = true)
          static double compound(double[] c, double x, int k) {
            double[] d = c.clone();
            double s = x;
            for (int i = 0; i < d.length; i++) {
              d[i] *= 5;
              d[i] -= k;
              d[i] /= 2;
              s += i % 2 == 0 ? d[i] * s : -d[i] * x;
              s /= k + 1;
            }
            return s;
          }

          /** A while (true) left only by its returns. */
          @Differentiable(hessian = true)
          static double untilLarge(double[] w, double x) {
            double s = x;
            int i = 0;
            while (true) {
              s = Math.tanh(s * w[i]) + x * w[i];
              if (s > 2.0) {
                return s * s;
              }
              i++;
              if (i == w.length) {
                return s * x;
              }
            }
          }

          /** An early return from a counting loop. */
          @Differentiable(hessian = true)
          static double firstAbove(double[] w, double limit) {
            for (int i = 0; i < w.length; i++) {
              if (w[i] * w[i] > limit) {
                return w[i] * w[i] * w[i] * limit;
              }
            }
            return limit * limit * w[0];
          }

          /** Names that become keywords with a d before them: do, double, default. */
          @Differentiable(hessian = true)
          static double keywords(double o, double ouble, double efault, double[] nt) {
            double f = o * ouble + efault * nt[0];
            return f * o * efault;
          }

          /** A parameter not differentiated that takes varying values: its tangent starts at zero. */
          @Differentiable(hessian = true, wrt = {"x"})
          static double carried(double[] x, double a) {
            for (int i = 0; i < x.length; i++) {
              a += x[i] * x[i];
            }
            return Math.tanh(a) * a;
          }

          @Differentiable(hessian = true)
          static double cube(double u) {
            return u * u * u;
          }

          /** Calls whose arguments are expressions: the H·v code names them before the call it makes ahead. */
          @Differentiable(hessian = true)
          static double callsOfExpressions(double a, double b) {
            return cube(Math.log1p(a * a) / b) + cube(a);
          }

          /** An array result whose elements the backward pass restores: its value is kept as a copy. */
          @Differentiable(hessian = true)
          static double[] scaled(double[] v, double s) {
            double[] out = v.clone();
            for (int i = 0; i < out.length; i++) {
              out[i] *= s * out[i];
            }
            return out;
          }
        }
        """)));
  }

  private static final double[] W = {0.4, -0.7, 1.1};
  private static final double[] X = {1.0, 2.0, -0.5};

  @Test
  void privateFieldsAndRecordComponents() throws ReflectiveOperationException {
    Object features = loaded.loadClass("fwdlang.Features").getConstructor(double.class, double[].class)
        .newInstance(0.3, new double[] {1.0, 2.0, 0.5});
    assertGradient(loaded, CLASS, "ridge", features, W, X, 0.25);
    var spring = loaded.loadClass("fwdlang.Features$Spring").getDeclaredConstructor(double.class, double.class);
    spring.setAccessible(true);
    assertGradient(loaded, "fwdlang.Features_SpringGrad", "energy", spring.newInstance(3.0, 0.5), 1.25, X);
  }

  @Test
  void jdkConstantsAndInactiveCalls() {
    assertGradient(loaded, CLASS, "peak", W, X, 3);
  }

  @Test
  void compoundOperatorsWithIntOperandsAndTernariesInLoops() {
    assertGradient(loaded, CLASS, "compound", W, 0.7, 2);
  }

  @Test
  void earlyReturnsAndWhileTrue() {
    assertGradient(loaded, CLASS, "untilLarge", W, 0.9);
    assertGradient(loaded, CLASS, "untilLarge", new double[] {0.1, 0.2, 0.3}, 0.5);
    assertGradient(loaded, CLASS, "firstAbove", W, 0.6);
    assertGradient(loaded, CLASS, "firstAbove", W, 2.0);
  }

  @Test
  void namesThatBecomeKeywords() {
    assertGradient(loaded, CLASS, "keywords", 0.3, -0.7, 1.1, new double[] {0.5, 2.0});
    Object hvp = loaded.call(CLASS, "keywordsHvp", 0.3, -0.7, 1.1, new double[] {0.5, 2.0}, 1.0, 0.0, 0.0,
        new double[] {0.0, 0.0});
    assertThat(Arrays.stream(hvp.getClass().getRecordComponents()).map(RecordComponent::getName).toList())
        .containsExactly("value", "valueDot", "do_", "double_", "default_", "dnt", "doDot", "doubleDot", "defaultDot",
            "dntDot").inOrder();
  }

  @Test
  void aParameterNotDifferentiatedThatVaries() {
    assertGradient(loaded, CLASS, "carried", X, 0.2);
  }

  @Test
  void callsWhoseArgumentsAreExpressions() {
    assertGradient(loaded, CLASS, "callsOfExpressions", 0.8, 1.3);
  }

  @Test
  void anArrayResultTheBackwardPassRestores() {
    assertGradient(loaded, CLASS, "scaled", W, 1.5, new double[] {0.3, -1.0, 0.8});
  }
}
