package dev.flatgrad.spark;

/**
 * A function to minimise: its value and gradient at a point of the flat parameter vector. A
 * {@link DistributedLoss} is one; so is a lambda calling a generated gradient on one machine.
 */
@FunctionalInterface
public interface Objective {
  /** The value and gradient at {@code point}. */
  Evaluation evaluate(double[] point);

  /** A value and the gradient, as long as the point, at one point. */
  record Evaluation(double value, double[] gradient) {}
}
