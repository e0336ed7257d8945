package dev.flatgrad.spark;

import java.io.Serializable;

/**
 * What {@code treeAggregate} adds up: the (weighted) losses and flat gradients of the batches
 * seen so far, and how many examples they hold.
 */
final class Sum implements Serializable {
  private static final long serialVersionUID = 1L;

  double value;
  final double[] gradient;
  long examples;

  Sum(int size) {
    this.gradient = new double[size];
  }

  /** Adds {@code other} into this one; returns this. */
  Sum merge(Sum other) {
    value += other.value;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += other.gradient[i];
    }
    examples += other.examples;
    return this;
  }
}
