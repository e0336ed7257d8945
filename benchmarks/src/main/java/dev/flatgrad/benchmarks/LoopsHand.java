package dev.flatgrad.benchmarks;

/** The loop workloads' gradients written by hand, as a careful person does. */
public final class LoopsHand {
  private LoopsHand() {}

  /** Value and gradient of {@link Loops#rnn}. */
  public record Rnn(double value, double dw, double du) {}

  /** Value and gradient of {@link Loops#horner}. */
  public record Horner(double value, double dx, double[] dc) {}

  /**
   * The RNN's backward pass through time: the states go to an array sized once (the sequence
   * length is known), not a growing stack.
   */
  public static Rnn rnn(double w, double u, double[] x) {
    int steps = x.length;
    double[] hs = new double[steps + 1];
    double h = 0.0;
    for (int t = 0; t < steps; t++) {
      h = Math.tanh(w * h + u * x[t]);
      hs[t + 1] = h;
    }
    double dw = 0.0;
    double du = 0.0;
    double dh = 1.0;
    for (int t = steps - 1; t >= 0; t--) {
      double dz = dh * (1.0 - hs[t + 1] * hs[t + 1]);
      dw += dz * hs[t];
      du += dz * x[t];
      dh = dz * w;
    }
    return new Rnn(h, dw, du);
  }

  /**
   * Horner with its derivatives: {@code p'(x)} alongside {@code p(x)} in the same loop (no saved
   * states), {@code dp/dc[i] = x^i} by a running power.
   */
  public static Horner horner(double x, double[] c) {
    double p = 0.0;
    double dp = 0.0;
    for (int i = c.length - 1; i >= 0; i--) {
      dp = dp * x + p;
      p = p * x + c[i];
    }
    double[] dc = new double[c.length];
    double power = 1.0;
    for (int i = 0; i < c.length; i++) {
      dc[i] = power;
      power *= x;
    }
    return new Horner(p, dp, dc);
  }
}
