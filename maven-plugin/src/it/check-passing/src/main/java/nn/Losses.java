package nn;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

public final class Losses {
  private Losses() {}

  /** Squared error of a linear model, plus L2 regularisation of its weights. */
  @Differentiable(wrt = {"W"})
  @CheckInputs({"W: 5x3", "X: 8x5", "Y: 8x3", "reg: 0.1"})
  public static double ridge(double[][] W, double[][] X, double[][] Y, double reg) {
    double[][] err = Nd.subtract(Nd.dot(X, W), Y);
    return 0.5 * Nd.sum(Nd.multiply(err, err)) / X.length + reg * Nd.sum(Nd.multiply(W, W));
  }

  /** Softmax cross-entropy of one score vector, shifted by its largest score. */
  @Differentiable
  @CheckInputs({"s: 10 normal(0, 2)", "y: in [0, 10)"})
  public static double softmaxCrossEntropy(double[] s, int y) {
    double max = s[0];
    for (double v : s) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < s.length; k++) {
      sum += Math.exp(s[k] - max);
    }
    return Math.log(sum) - (s[y] - max);
  }

  /** A sigmoid neuron: all its parameters are doubles, so @CheckInputs needs no entries. */
  @Differentiable
  @CheckInputs
  public static double neuron(double w0, double x0, double w1, double x1, double w2) {
    return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
  }

  /** No example inputs: listed as unchecked. */
  @Differentiable
  public static double cube(double x) {
    return x * x * x;
  }
}
