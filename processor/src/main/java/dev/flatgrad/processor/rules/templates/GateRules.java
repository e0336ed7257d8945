package dev.flatgrad.processor.rules.templates;

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
}
