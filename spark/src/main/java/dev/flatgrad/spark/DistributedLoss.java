package dev.flatgrad.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * A loss over a whole data set, computed where the data are: each evaluation broadcasts the point
 * once, each partition calls the generated gradient on its cached {@link Batches}, and the
 * partitions' losses and gradients are added up with {@code treeAggregate}, as MLlib's {@code
 * RDDLossFunction} does with its hand-written aggregators.
 *
 * <p>How the batches' losses combine depends on what the loss of a batch is:
 *
 * <ul>
 *   <li>{@link #mean}: the batch's mean (a loss that divides by {@code X.length}, as the backprop
 *       exercises' losses do). The data set's loss is the mean over all examples, each batch
 *       weighted by its number of examples: {@code sum(n_b * loss_b) / N}. A term that does not
 *       depend on the batch, such as {@code reg * sum(W * W)}, comes out once, as written.
 *   <li>{@link #sum}: the batch's sum (a portfolio's value, a log-likelihood). The data set's loss
 *       is the sum over all batches. A term that does not depend on the batch would be counted
 *       once per batch: leave regularisation out of such a loss.
 * </ul>
 *
 * @param <B> a batch of examples as arrays
 */
public final class DistributedLoss<B> implements Objective {
  /** MLlib's default: a two-level tree, so the driver adds up a few partial sums only. */
  private static final int TREE_DEPTH = 2;

  private final Batches<B> batches;
  private final Layout layout;
  private final BatchGradient<B> gradient;
  private final boolean mean;

  private DistributedLoss(Batches<B> batches, Layout layout, BatchGradient<B> gradient,
      boolean mean) {
    this.batches = batches;
    this.layout = layout;
    this.gradient = gradient;
    this.mean = mean;
  }

  /**
   * The mean over all examples of a loss whose value on a batch is the mean over its examples.
   */
  public static <B> DistributedLoss<B> mean(Batches<B> batches, Layout layout,
      BatchGradient<B> gradient) {
    if (batches.examples() == 0) {
      throw new IllegalArgumentException("the mean loss of no examples: the data set is empty");
    }
    return new DistributedLoss<>(batches, layout, gradient, true);
  }

  /** The sum over all batches of a loss whose value on a batch is the sum over its examples. */
  public static <B> DistributedLoss<B> sum(Batches<B> batches, Layout layout,
      BatchGradient<B> gradient) {
    return new DistributedLoss<>(batches, layout, gradient, false);
  }

  /** The layout of the points this loss is evaluated at. */
  public Layout layout() {
    return layout;
  }

  /** The loss and its gradient at {@code point}: one Spark job. */
  @Override
  public Evaluation evaluate(double[] point) {
    if (point.length != layout.size()) {
      throw new IllegalArgumentException(
          "a point of " + point.length + " doubles, but the layout " + layout + " takes "
              + layout.size());
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(batches.blocks().context());
    Broadcast<double[]> at = sc.broadcast(point.clone());
    try {
      Function2<Sum, Sum, Sum> merge = Sum::merge;
      Sum sum = batches.blocks().treeAggregate(new Sum(layout.size()),
          new AddBatch<>(at, layout, gradient, mean), merge, TREE_DEPTH);
      double scale = mean ? 1.0 / sum.examples : 1.0;
      double[] g = sum.gradient;
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
      return new Evaluation(sum.value * scale, g);
    } finally {
      at.destroy();
    }
  }

  /**
   * Adds one batch's loss and gradient to a partition's sum. A task deserializes its own copy, so
   * the point is unpacked once per partition and shared by its batches.
   */
  private static final class AddBatch<B> implements Function2<Sum, Block<B>, Sum> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<double[]> point;
    private final Layout layout;
    private final BatchGradient<B> gradient;
    private final boolean mean;
    private transient Values values;
    private transient GradientRecord reader;

    AddBatch(Broadcast<double[]> point, Layout layout, BatchGradient<B> gradient, boolean mean) {
      this.point = point;
      this.layout = layout;
      this.gradient = gradient;
      this.mean = mean;
    }

    @Override
    public Sum call(Sum sum, Block<B> block) {
      if (values == null) {
        values = layout.values(point.value());
      }
      Record r = gradient.compute(values, block.batch());
      if (r == null) {
        throw new IllegalArgumentException(
            "the gradient function returned null: return the record of the generated method");
      }
      if (reader == null || !reader.reads(r.getClass())) {
        reader = GradientRecord.of(r.getClass(), layout);
      }
      reader.addTo(sum, mean ? block.size() : 1.0, r);
      sum.examples += block.size();
      return sum;
    }
  }
}
