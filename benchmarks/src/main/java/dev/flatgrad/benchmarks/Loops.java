package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.Differentiable;

/** Loop-heavy scalar functions: what reversing loops costs (the overwritten values' stacks). */
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
}
