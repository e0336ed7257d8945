package dev.flatgrad.examples.second;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * Logistic regression: the mean negative log-likelihood of labels {@code y} (0 or 1) given scores
 * {@code X w}, plus an L2 penalty. {@code hessian = true} generates {@code
 * LogisticRegressionGrad.lossHvp}, the Hessian-vector product Newton-CG multiplies by.
 */
public final class LogisticRegression {

  private LogisticRegression() {}

  /**
   * {@code mean(log(1 + exp(z)) - y z) + reg/2 |w|²} with {@code z = X w}, the softplus written
   * stably: {@code max(z, 0) + log1p(exp(-|z|))} never overflows.
   */
  @Differentiable(hessian = true, wrt = {"w"})
  @CheckInputs({"w: 4", "X: 30x4", "y: {0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1,"
      + " 0, 1, 0, 0}", "reg: 0.01"})
  public static double loss(double[] w, double[][] X, double[] y, double reg) {
    double[] z = Nd.dot(X, w);
    double sum = 0.0;
    for (int i = 0; i < z.length; i++) {
      sum += Math.max(z[i], 0.0) + Math.log1p(Math.exp(-Math.abs(z[i]))) - y[i] * z[i];
    }
    return sum / X.length + 0.5 * reg * Nd.dot(w, w);
  }
}
