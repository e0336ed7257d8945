package dev.flatgrad.examples.second;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.testing.Random2;
import dev.flatgrad.runtime.Nd;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Newton-CG on logistic regression with the generated Hessian-vector product: it converges in a
 * handful of iterations, quadratically at the end, where gradient descent with the same budget of
 * gradient evaluations is still far off; the generated checks pass and the Hessian at the minimum
 * is symmetric and positive definite.
 */
class NewtonCgTest {

  private static final double REG = 1e-2;

  /** Labels drawn from a logistic model with true weights {@code wTrue}. */
  private static double[] labels(double[][] X, double[] wTrue, Random random) {
    double[] z = Nd.dot(X, wTrue);
    double[] y = new double[z.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z[i])) ? 1 : 0;
    }
    return y;
  }

  @Test
  void convergesInAHandfulOfIterations() {
    Random2 r = new Random2(3);
    double[][] X = r.normal(200, 5, 1);
    double[] y = labels(X, new double[] {1.5, -2, 0.5, 0, 1}, new Random(4));

    NewtonCg.Result fit = NewtonCg.minimize(new double[5],
        w -> {
          LogisticRegressionGrad.Loss g = LogisticRegressionGrad.loss(w, X, y, REG);
          return new NewtonCg.Point(g.value(), g.dw());
        },
        (w, v) -> LogisticRegressionGrad.lossHvp(w, X, y, REG, v).dwDot(),
        20, 1e-8);

    assertTrue(fit.iterations() <= 8, () -> "iterations: " + Arrays.toString(fit.gradientNorms()));
    double[] norms = fit.gradientNorms();
    assertTrue(norms[norms.length - 1] <= 1e-8, Arrays.toString(norms));
    // Quadratic convergence: once small, the gradient's norm squares (up to a constant) per step.
    int last = norms.length - 1;
    assertTrue(norms[last] <= 10 * norms[last - 1] * norms[last - 1] || norms[last] < 1e-13, Arrays.toString(norms));

    // The same budget of gradient evaluations spent on gradient descent gets nowhere near.
    double[] w = new double[5];
    for (int k = 0; k < fit.iterations() + fit.products(); k++) {
      double[] g = LogisticRegressionGrad.loss(w, X, y, REG).dw();
      for (int i = 0; i < w.length; i++) {
        w[i] -= 1.0 * g[i];
      }
    }
    double descended = Math.sqrt(Nd.dot(LogisticRegressionGrad.loss(w, X, y, REG).dw(),
        LogisticRegressionGrad.loss(w, X, y, REG).dw()));
    assertTrue(descended > 1e3 * norms[last], "gradient descent reached " + descended);

    // The minimum: the Hessian there is symmetric and positive definite (Cholesky succeeds).
    double[][] h = LogisticRegressionGrad.lossHessian(fit.w(), X, y, REG).hessian();
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < h.length; j++) {
        assertEquals(h[i][j], h[j][i], 1e-14, "symmetric");
      }
    }
    double[][] l = new double[h.length][h.length];
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j <= i; j++) {
        double s = h[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          assertTrue(s > 0, "positive definite");
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
  }

  @Test
  void theGeneratedDerivativesPassTheirChecks() {
    Random2 r = new Random2(5);
    double[][] X = r.normal(30, 4, 1);
    double[] y = labels(X, new double[] {1, -1, 0.5, 2}, new Random(6));
    double[] w = r.normal(4, 0.5);
    double[] v = r.normal(4, 1);
    LogisticRegressionGrad.checkLoss(w, X, y, REG).assertPassed();
    LogisticRegressionGrad.checkLossTangent(w, X, y, REG, v).assertPassed();
    LogisticRegressionGrad.checkLossHvp(w, X, y, REG, v).assertPassed();
  }
}
