package dev.flatgrad.examples.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The update rules, step by step against hand-computed values, and their bookkeeping. */
class OptimizerTest {

  @Test
  void plainSgdStepsAgainstTheGradient() {
    Sgd sgd = new Sgd(0.1);
    double[] p = {1, 2};
    double[] g = {0.5, -1};
    double[] pBefore = p;
    sgd.update(p, g);
    assertSame(pBefore, p);
    assertArrayEquals(new double[] {0.95, 2.1}, p, 1e-15);
    assertArrayEquals(new double[] {0.5, -1}, g, 0);
    sgd.update(p, g);
    assertArrayEquals(new double[] {0.9, 2.2}, p, 1e-15);
  }

  @Test
  void momentumAccumulatesVelocity() {
    Sgd sgd = new Sgd(0.1, 0.9);
    double[][] p = {{1}};
    sgd.update(p, new double[][] {{1}});
    // v1 = -0.1; p = 0.9
    assertEquals(0.9, p[0][0], 1e-15);
    sgd.update(p, new double[][] {{1}});
    // v2 = 0.9 * -0.1 - 0.1 = -0.19; p = 0.71
    assertEquals(0.71, p[0][0], 1e-15);
    sgd.update(p, new double[][] {{0}});
    // v3 = 0.9 * -0.19 = -0.171; p = 0.539: momentum keeps moving without a gradient
    assertEquals(0.539, p[0][0], 1e-15);
  }

  @Test
  void adamsFirstStepIsTheLearningRateTimesTheSign() {
    // Bias correction makes mHat = g and vHat = g², so the step is lr * g / (|g| + eps).
    Adam adam = new Adam(0.01);
    double[] p = {0, 0, 0};
    adam.update(p, new double[] {3, -1e-3, 0});
    assertEquals(-0.01, p[0], 1e-10);
    assertEquals(0.01, p[1], 1e-7);
    assertEquals(0, p[2], 0);
  }

  @Test
  void adamMatchesTheFormulaOverSeveralSteps() {
    double lr = 0.1;
    double b1 = 0.8;
    double b2 = 0.9;
    double eps = 1e-3;
    Adam adam = new Adam(lr, b1, b2, eps);
    double[] p = {2};
    double[] grads = {1, -2, 0.5, 4};
    double m = 0;
    double v = 0;
    double expected = 2;
    for (int t = 1; t <= grads.length; t++) {
      double g = grads[t - 1];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      expected -= lr * (m / (1 - Math.pow(b1, t))) / (Math.sqrt(v / (1 - Math.pow(b2, t))) + eps);
      adam.update(p, new double[] {g});
      assertEquals(expected, p[0], 1e-15, "step " + t);
    }
  }

  @Test
  void eachParameterHasItsOwnState() {
    Adam adam = new Adam(0.1);
    double[] a = {0};
    double[] b = {0};
    adam.update(a, new double[] {1});
    adam.update(a, new double[] {1});
    adam.update(b, new double[] {1});
    // b's first step is a full learning rate, as if a did not exist.
    assertEquals(-0.1, b[0], 1e-9);
    Sgd sgd = new Sgd(1, 0.5);
    double[] c = {0};
    double[] d = {0};
    sgd.update(c, new double[] {1});
    sgd.update(d, new double[] {0});
    assertEquals(0, d[0], 0);
    sgd.reset();
    sgd.update(c, new double[] {0});
    assertEquals(-1, c[0], 0, "reset forgets c's velocity");
  }

  @Test
  void aMatrixUpdatesLikeItsRowsFlattened() {
    for (Supplier<Optimizer> make : java.util.List.<Supplier<Optimizer>>of(
        () -> new Sgd(0.3, 0.9), () -> new Adam(0.05))) {
      Optimizer o1 = make.get();
      Optimizer o2 = make.get();
      double[][] m = {{1, -2, 3}, {0.5, 0, -1}};
      double[] flat = {1, -2, 3, 0.5, 0, -1};
      for (int step = 0; step < 5; step++) {
        double[][] g = {{step, 1, -1}, {2, -step, 0.25}};
        double[] gFlat = {step, 1, -1, 2, -step, 0.25};
        o1.update(m, g);
        o2.update(flat, gFlat);
      }
      assertArrayEquals(new double[] {flat[0], flat[1], flat[2]}, m[0], 1e-15);
      assertArrayEquals(new double[] {flat[3], flat[4], flat[5]}, m[1], 1e-15);
    }
  }

  /** Minimises {@code sum a_i (x_i - c_i)^2} from 0 for {@code steps} steps. */
  private static double[] minimise(Optimizer o, double[] a, double[] c, int steps) {
    double[] x = new double[a.length];
    for (int step = 0; step < steps; step++) {
      double[] g = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        g[i] = 2 * a[i] * (x[i] - c[i]);
      }
      o.update(x, g);
    }
    return x;
  }

  @Test
  void bothMinimiseAnIllConditionedQuadraticButAdamSooner() {
    // Curvatures from 0.01 to 100, as between rare and common input features. SGD's learning
    // rate is bounded by the stiffest coordinate (stable below (1 + momentum) / 100), so the
    // flattest one crawls; Adam's per-coordinate steps do not care.
    double[] a = {0.01, 1, 100};
    double[] c = {3, -1, 0.5};
    assertArrayEquals(c, minimise(new Adam(0.05), a, c, 2000), 0.05);
    double[] sgd = minimise(new Sgd(0.004, 0.9), a, c, 2000);
    assertTrue(Math.abs(sgd[0] - c[0]) > 0.5, "SGD after 2000 steps: " + sgd[0]);
    assertArrayEquals(c, minimise(new Sgd(0.004, 0.9), a, c, 20000), 0.05);
  }

  @Test
  void learningRateCanDecay() {
    Sgd sgd = new Sgd(1);
    sgd.setLearningRate(0.5);
    assertEquals(0.5, sgd.learningRate(), 0);
    double[] p = {0};
    sgd.update(p, new double[] {1});
    assertEquals(-0.5, p[0], 0);
  }

  @Test
  void rejectsBadShapesAndSettings() {
    Adam adam = new Adam(0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> adam.update(new double[2], new double[3]));
    assertEquals("Adam.update: gradient has 3 entries but the parameter has 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> adam.update(new double[2][3], new double[3][2]));
    assertEquals("Adam.update: gradient of shape (3, 2) does not match the parameter of shape"
        + " (2, 3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> adam.update(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("ragged"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 1, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
  }
}
