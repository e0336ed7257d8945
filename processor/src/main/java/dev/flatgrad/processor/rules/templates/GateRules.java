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

  /** {@code 1.0 / x}: the share from the result, a product where the quotient rule divides again. */
  @Rule("Gate.reciprocal")
  static void reciprocal(double x, double out, double dout, double dx) {
    dx = -dout * out * out;
  }

  /**
   * {@code Math.log(a / b)}: the shares of {@code log(a) - log(b)}, one division each, where the
   * log's and the quotient's rules would divide twice in a row.
   */
  @Rule("Gate.logRatio")
  static void logRatio(double a, double b, double out, double dout, double da, double db) {
    da = dout / a;
    db = -dout / b;
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
