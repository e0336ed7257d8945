package lecture;

import dev.flatgrad.annotations.Differentiable;

public final class Neuron {
  private Neuron() {}

  /** A sigmoid neuron on two inputs. */
  @Differentiable
  public static double neuron(double w0, double x0, double w1, double x1, double w2) {
    return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
  }
}
