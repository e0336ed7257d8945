package dev.flatgrad.processor.forward;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jacobians of array-returning methods, column by column from tangents (few inputs) and row by
 * row from gradients (few outputs), against closed forms; and the forward modes of an instance
 * method, which take the object first as its gradient does.
 */
class JacobiansAndObjectsTest {

  private static final String CLASS = "jac.MapsGrad";
  private static Loaded loaded;

  @BeforeAll
  static void compile() {
    loaded = load(compileOk(source("""
        package jac;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Maps {
          final double scale;

          public Maps(double scale) {
            this.scale = scale;
          }

          @Differentiable(jacobian = true)
          static double[] softmax(double[] x) {
            return Nd.softmax(x);
          }

          @Differentiable(jacobian = true)
          static double[] layer(double[][] W, double[] x) {
            return Nd.tanh(Nd.dot(W, x));
          }

          @Differentiable(hessian = true)
          double energy(double[] x, double k) {
            double s = 0.0;
            for (double v : x) {
              s += scale * k * v * v * v;
            }
            return s;
          }
        }
        """)));
  }

  private static double[][] jacobian(String method, Object... args) {
    return (double[][]) Loaded.component(loaded.call(CLASS, method + "Jacobian", args), "jacobian");
  }

  private static void assertMatrix(String what, double[][] expected, double[][] actual) {
    assertWithMessage(what + " rows").that(actual.length).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertWithMessage("%s[%s][%s]", what, i, j).that(actual[i][j]).isWithin(1e-12).of(expected[i][j]);
      }
    }
  }

  @Test
  void softmaxJacobianFromTangentsIsDiagPMinusPpt() {
    double[] x = {0.3, -1.2, 0.8, 0.1};
    double[] p = dev.flatgrad.runtime.Nd.softmax(x);
    double[][] expected = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        expected[i][j] = (i == j ? p[i] : 0) - p[i] * p[j];
      }
    }
    assertMatrix("J of softmax", expected, jacobian("softmax", (Object) x));
  }

  @Test
  void layerJacobianFromGradientsMatchesTheChainRule() {
    double[][] w = {{0.1, -0.4, 0.3}, {0.5, 0.2, -0.6}};
    double[] x = {0.7, -0.2, 1.1};
    double[][] j = jacobian("layer", w, x);  // 2 outputs, 6 + 3 inputs: row by row
    double[][] expected = new double[2][9];
    for (int i = 0; i < 2; i++) {
      double z = 0;
      for (int k = 0; k < 3; k++) {
        z += w[i][k] * x[k];
      }
      double slope = 1 - Math.tanh(z) * Math.tanh(z);
      for (int k = 0; k < 3; k++) {
        expected[i][i * 3 + k] = slope * x[k];  // dW[i][k], W in row-major order first
        expected[i][6 + k] = slope * w[i][k];   // then dx[k]
      }
    }
    assertMatrix("J of tanh(W x)", expected, j);
  }

  @Test
  void anInstanceMethodsForwardModesTakeTheObjectFirst() throws Exception {
    Class<?> maps = loaded.loadClass("jac.Maps");
    Constructor<?> make = maps.getConstructor(double.class);
    Object self = make.newInstance(2.0);
    double[] x = {0.5, -1.0, 0.8};
    double[] v = {1.0, 0.3, -0.7};
    Object t = loaded.call(CLASS, "energyTangent", self, x, 1.5, v, 0.4);
    double expected = 0;
    double k = 1.5;
    for (int i = 0; i < x.length; i++) {
      expected += 2.0 * (k * 3 * x[i] * x[i] * v[i] + 0.4 * x[i] * x[i] * x[i]);
    }
    assertWithMessage("valueDot").that((double) Loaded.component(t, "valueDot")).isWithin(1e-12).of(expected);
    double[][] h = (double[][]) Loaded.component(loaded.call(CLASS, "energyHessian", self, x, k), "hessian");
    for (int i = 0; i < 3; i++) {
      assertWithMessage("d2/dx%s2", i).that(h[i][i]).isWithin(1e-12).of(2.0 * k * 6 * x[i]);
      assertWithMessage("d2/dx%s dk", i).that(h[i][3]).isWithin(1e-12).of(2.0 * 3 * x[i] * x[i]);
    }
    assertWithMessage("d2/dk2").that(h[3][3]).isWithin(1e-12).of(0.0);
    GradCheck.Report hv = (GradCheck.Report) loaded.call(CLASS, "checkEnergyHvp", self, x, k, v, 0.4);
    assertWithMessage(hv.table()).that(hv.passed()).isTrue();
  }
}
