package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/** Loop-heavy functions: what reversing loops costs (the overwritten values' stacks, the states' adjoints). */
public final class Loops {
  private Loops() {}

  /** A tanh RNN over the sequence {@code x}: {@code h = tanh(w h + u x[t])}; the last state. */
  @Differentiable(wrt = {"w", "u"}, tangent = true)
  public static double rnn(double w, double u, double[] x) {
    double h = 0.0;
    for (int t = 0; t < x.length; t++) {
      h = Math.tanh(w * h + u * x[t]);
    }
    return h;
  }

  /** The polynomial {@code sum c[i] x^i} by Horner's rule, differentiated in {@code x} and {@code c}. */
  @Differentiable(tangent = true)
  public static double horner(double x, double[] c) {
    double s = 0.0;
    for (int i = c.length - 1; i >= 0; i--) {
      s = s * x + c[i];
    }
    return s;
  }

  /**
   * A tanh RNN with a vector state, {@code h = tanh(W h + U xs[t])} over the rows of {@code xs}:
   * an array replaced on every trip; the sum of the last state.
   */
  @Differentiable(wrt = {"W", "U"})
  public static double vectorRnn(double[][] W, double[][] U, double[][] xs) {
    double[] h = new double[W.length];
    for (int t = 0; t < xs.length; t++) {
      h = Nd.tanh(Nd.add(Nd.dot(W, h), Nd.dot(U, xs[t])));
    }
    return Nd.sum(h);
  }
}
