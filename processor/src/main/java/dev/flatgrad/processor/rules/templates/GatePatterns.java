package dev.flatgrad.processor.rules.templates;

import dev.flatgrad.runtime.Nd;

/**
 * The shapes of the gates ({@code GateRules}) in the user's code, read as source as the rules are:
 * groups of operations differentiated as one, from their output. A gate written in two orders
 * has two patterns; one written for a vector also matches a matrix if its rule has that overload.
 */
@SuppressWarnings("unused")
final class GatePatterns {

  private GatePatterns() {}

  @Gate("sigmoid")
  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  @Gate("sigmoid")
  static double sigmoidSumSwapped(double x) {
    return 1.0 / (Math.exp(-x) + 1.0);
  }

  @Gate("reciprocal")
  static double reciprocal(double x) {
    return 1.0 / x;
  }

  @Gate("logRatio")
  static double logRatio(double a, double b) {
    return Math.log(a / b);
  }

  @Gate("sumSquares")
  static double sumOfSquares(double[] x) {
    return Nd.sum(Nd.square(x));
  }

  @Gate("sumSquares")
  static double sumOfProducts(double[] x) {
    return Nd.sum(Nd.multiply(x, x));
  }
}
