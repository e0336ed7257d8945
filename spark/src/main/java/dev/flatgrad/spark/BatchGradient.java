package dev.flatgrad.spark;

import java.io.Serializable;

/**
 * The loss of a batch and its gradient: a call of the generated method, with the parameters read
 * from {@code p} and the data from the batch. It returns the generated record as it is; its
 * component {@code value} is the loss and {@code d<name>} the gradient of each parameter of the
 * {@link Layout}.
 *
 * <pre>{@code
 * BatchGradient<Batch> gradient =
 *     (p, batch) -> LogisticLossGrad.loss(p.get(w), p.get(b), batch.X(), batch.y(), reg);
 * }</pre>
 *
 * <p>It runs on the executors, so what it captures ({@code reg}, the {@link Param}s) is
 * serialized with it.
 *
 * @param <B> a batch of examples as arrays
 */
@FunctionalInterface
public interface BatchGradient<B> extends Serializable {
  /** The generated record of the loss of {@code batch} at the point {@code p}. */
  Record compute(Values p, B batch);
}
