package dev.flatgrad.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Turns examples ({@code T}: a {@code Row}, a record of your own) into the arrays a generated
 * gradient takes ({@code B}: a record of arrays, say {@code (double[][] X, double[] y)}). Called
 * once per block of a partition, when {@link Batches#of} caches them, never per iteration.
 *
 * <pre>{@code
 * BatchBuilder<Row, Batch> toArrays = rows -> {
 *   double[][] X = new double[rows.size()][];
 *   double[] y = new double[rows.size()];
 *   for (int i = 0; i < rows.size(); i++) {
 *     X[i] = rows.get(i).<Vector>getAs("features").toArray();
 *     y[i] = rows.get(i).getDouble(0);
 *   }
 *   return new Batch(X, y);
 * };
 * }</pre>
 *
 * @param <T> an example
 * @param <B> a batch of examples as arrays
 */
@FunctionalInterface
public interface BatchBuilder<T, B> extends Serializable {
  /** The batch of {@code rows}, in their order ({@code rows} is never empty). */
  B build(List<T> rows);
}
