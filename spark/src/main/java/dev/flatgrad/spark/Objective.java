package dev.flatgrad.spark;

import java.util.function.Function;

/**
 * A function to minimise: its value and gradient at a point of the flat parameter vector. A
 * {@link DistributedLoss} is one; {@link #local} makes one that runs on this machine.
 */
@FunctionalInterface
public interface Objective {
  /** The value and gradient at {@code point}. */
  Evaluation evaluate(double[] point);

  /** A value and the gradient, as long as the point, at one point. */
  record Evaluation(double value, double[] gradient) {}

  /**
   * The loss on this machine: one call of the generated gradient per evaluation, read as a {@link
   * DistributedLoss} reads it. The same model on one machine, to check a distributed run against
   * or to train on data that fit.
   *
   * <pre>{@code
   * Objective local = Objective.local(layout,
   *     p -> TwoLayerNetGrad.loss(X, y, p.get(W1), p.get(b1), p.get(W2), p.get(b2), reg));
   * }</pre>
   */
  static Objective local(Layout layout, Function<Values, Record> gradient) {
    return point -> {
      Record r = gradient.apply(layout.values(point));
      Sum sum = new Sum(layout.size());
      GradientRecord.of(r.getClass(), layout).addTo(sum, 1.0, r);
      return new Evaluation(sum.value, sum.gradient);
    };
  }
}
