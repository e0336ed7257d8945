package lecture;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

public final class Losses {
  private Losses() {}

  /** A sigmoid neuron on two inputs. */
  @Differentiable
  public static double neuron(double w0, double x0, double w1, double x1, double w2) {
    return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
  }

  /** Squared error of a linear model, plus L2 regularisation of its weights; a guard on the shapes. */
  @Differentiable(wrt = {"W"})
  public static double ridge(double[][] W, double[][] X, double[][] Y, double reg) {
    if (X.length != Y.length) {
      throw new IllegalArgumentException(String.format("%d inputs, %d targets", X.length, Y.length));
    }
    double[][] err = Nd.subtract(Nd.dot(X, W), Y);
    return 0.5 * Nd.sum(Nd.multiply(err, err)) / X.length + reg * Nd.sum(Nd.multiply(W, W));
  }

  /** Softmax cross-entropy of one score vector, shifted by its largest score; a guard on the label. */
  @Differentiable
  public static double softmaxCrossEntropy(double[] s, int y) {
    if (y < 0 || y >= s.length) throw new IndexOutOfBoundsException("label " + y + " of " + s.length + " classes");
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
}
