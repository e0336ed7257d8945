package dev.flatgrad.benchmarks;

import dev.flatgrad.runtime.Nd;
import java.util.Arrays;

/** The loop workloads' gradients written by hand, as a careful person does. */
public final class LoopsHand {
  private LoopsHand() {}

  /** Value and gradient of {@link Loops#rnn}. */
  public record Rnn(double value, double dw, double du) {}

  /** Value and gradient of {@link Loops#vectorRnn}. */
  public record VectorRnn(double value, double[][] dW, double[][] dU) {}

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

  /**
   * The vector RNN's backward pass through time: the states kept in an array, the weight
   * gradients added in place, one buffer for the state's adjoint (the trip's {@code dz} is taken
   * from it before it is overwritten).
   */
  public static VectorRnn vectorRnn(double[][] W, double[][] U, double[][] xs) {
    int n = W.length;
    int steps = xs.length;
    double[][] hs = new double[steps + 1][];
    hs[0] = new double[n];
    for (int t = 0; t < steps; t++) {
      hs[t + 1] = Nd.tanh(Nd.add(Nd.dot(W, hs[t]), Nd.dot(U, xs[t])));
    }
    double[][] dW = new double[n][n];
    double[][] dU = new double[n][U[0].length];
    double[] dh = new double[n];
    Arrays.fill(dh, 1.0);
    double[] dz = new double[n];
    for (int t = steps - 1; t >= 0; t--) {
      double[] h = hs[t + 1];
      double[] prev = hs[t];
      double[] x = xs[t];
      for (int i = 0; i < n; i++) {
        dz[i] = dh[i] * (1.0 - h[i] * h[i]);
      }
      Arrays.fill(dh, 0.0);
      for (int i = 0; i < n; i++) {
        double d = dz[i];
        double[] wi = W[i];
        double[] dwi = dW[i];
        double[] dui = dU[i];
        for (int j = 0; j < n; j++) {
          dwi[j] += d * prev[j];
          dh[j] += d * wi[j];
        }
        for (int j = 0; j < x.length; j++) {
          dui[j] += d * x[j];
        }
      }
    }
    return new VectorRnn(Nd.sum(hs[steps]), dW, dU);
  }
}
