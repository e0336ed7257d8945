package dev.flatgrad.processor.rules.templates;

import dev.flatgrad.runtime.Nd;

/** Tangent rules of the gates the lowering recognises (see {@code GateRules}). */
@SuppressWarnings("unused")
final class GateTangents {

  private GateTangents() {}

  @Tangent("Gate.sigmoid")
  static double sigmoid(double x, double out, double xDot) {
    return out * (1.0 - out) * xDot;
  }

  @Tangent("Gate.reciprocal")
  static double reciprocal(double x, double out, double xDot) {
    return -out * out * xDot;
  }

  @Tangent("Gate.logRatio")
  static double logRatio(double a, double b, double out, double aDot, double bDot) {
    return aDot / a - bDot / b;
  }

  @Tangent("Gate.sumSquares")
  static double sumSquaresVector(double[] x, double out, double[] xDot) {
    return 2.0 * Nd.dot(x, xDot);
  }

  @Tangent("Gate.sumSquares")
  static double sumSquaresMatrix(double[][] x, double out, double[][] xDot) {
    return 2.0 * Nd.vdot(x, xDot);
  }
}
