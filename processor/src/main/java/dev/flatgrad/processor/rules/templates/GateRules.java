package dev.flatgrad.processor.rules.templates;

import dev.flatgrad.runtime.Nd;

/**
 * Gates: groups of operations the lowering recognises in the user's arithmetic and
 * differentiates as one, from their output, as the backprop notes do ("the sigmoid gate").
 */
@SuppressWarnings("unused")
final class GateRules {

  private GateRules() {}

  /** {@code 1.0 / (1.0 + Math.exp(-x))}: one gate instead of four. */
  @Rule("Gate.sigmoid")
  static void sigmoid(double x, double out, double dout, double dx) {
    dx = dout * (1.0 - out) * out;
  }

  /** {@code Nd.sum(Nd.square(x))} or {@code Nd.sum(Nd.multiply(x, x))}: an L2 term. */
  @Rule("Gate.sumSquares")
  static void sumSquaresVector(double[] x, double out, double dout, double[] dx) {
    dx = Nd.multiply(2.0 * dout, x);
  }

  @Rule("Gate.sumSquares")
  static void sumSquaresMatrix(double[][] x, double out, double dout, double[][] dx) {
    dx = Nd.multiply(2.0 * dout, x);
  }
}
