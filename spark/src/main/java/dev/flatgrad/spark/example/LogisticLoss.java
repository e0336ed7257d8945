package dev.flatgrad.spark.example;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * Binary logistic regression as MLlib's {@code LogisticRegression} defines it (elastic-net 0, an
 * intercept, no standardisation): the mean log-loss of the batch plus {@code reg / 2 * |w|²}, the
 * intercept {@code b} not regularised.
 */
public final class LogisticLoss {
  private LogisticLoss() {}

  /**
   * The loss of weights {@code w} and intercept {@code b} on examples {@code X} (one per row) with
   * labels {@code y} (0 or 1): {@code log(1 + exp(m)) - y m} per example, {@code m = X[i]·w + b}.
   */
  @Differentiable(wrt = {"w", "b"})
  public static double loss(double[] w, double b, double[][] X, double[] y, double reg) {
    double[] margins = Nd.add(Nd.dot(X, w), b);
    double sum = 0;
    for (int i = 0; i < margins.length; i++) {
      sum += softplus(margins[i]) - y[i] * margins[i];
    }
    return sum / X.length + 0.5 * reg * Nd.dot(w, w);
  }

  /** {@code log(1 + exp(z))}, without overflow for large {@code z}. */
  @Differentiable
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}
