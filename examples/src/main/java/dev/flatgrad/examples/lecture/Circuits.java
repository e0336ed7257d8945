package dev.flatgrad.examples.lecture;

import dev.flatgrad.annotations.Differentiable;

/** The circuits of the backprop lecture, written as a user writes them. */
public final class Circuits {

  private Circuits() {}

  /** {@code f(x, y, z) = (x + y) z}: the add gate distributes, the mul gate swaps. */
  @Differentiable
  public static double addMultiply(double x, double y, double z) {
    double q = x + y;
    return q * z;
  }

  /** A sigmoid neuron on two inputs. */
  @Differentiable
  public static double neuron(double w0, double x0, double w1, double x1, double w2) {
    return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
  }
}
