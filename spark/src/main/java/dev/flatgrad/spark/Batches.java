package dev.flatgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * A data set as batches of arrays, built once and cached on the executors: each partition's
 * examples become one batch (or several of at most {@code maxRows} examples), by a {@link
 * BatchBuilder}, when the batches are created; every evaluation of a {@link DistributedLoss}
 * then runs the generated gradient on the cached arrays, as MLlib's aggregators run on its cached
 * instance blocks.
 *
 * <p>{@link #close} unpersists them.
 *
 * @param <B> a batch of examples as arrays
 */
public final class Batches<B> implements AutoCloseable {
  private final JavaRDD<Block<B>> blocks;
  private final long examples;
  private final long count;

  private Batches(JavaRDD<Block<B>> blocks) {
    this.blocks = blocks;
    // Builds and caches every batch now, so that the first iteration does not pay for it.
    long[] counts = blocks.aggregate(new long[2],
        (c, block) -> {
          c[0]++;
          c[1] += block.size();
          return c;
        },
        (c, d) -> {
          c[0] += d[0];
          c[1] += d[1];
          return c;
        });
    this.count = counts[0];
    this.examples = counts[1];
  }

  /** The batches of {@code rows}, one per partition (an empty partition has none). */
  public static <T, B> Batches<B> of(JavaRDD<T> rows, BatchBuilder<T, B> builder) {
    return of(rows, Integer.MAX_VALUE, builder);
  }

  /**
   * The batches of {@code rows}, each of at most {@code maxRows} consecutive examples of a
   * partition: smaller batches keep a generated gradient's intermediates (a hidden layer of
   * {@code rows x H}) small.
   */
  public static <T, B> Batches<B> of(JavaRDD<T> rows, int maxRows, BatchBuilder<T, B> builder) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1, not " + maxRows);
    }
    JavaRDD<Block<B>> blocks = rows.mapPartitions(it -> build(it, maxRows, builder));
    blocks.setName("flatgrad batches");
    return new Batches<>(blocks.persist(StorageLevel.MEMORY_AND_DISK()));
  }

  /** The batches of the rows of {@code rows}, one per partition. */
  public static <T, B> Batches<B> of(Dataset<T> rows, BatchBuilder<T, B> builder) {
    return of(rows.javaRDD(), builder);
  }

  /** The batches of the rows of {@code rows}, each of at most {@code maxRows} examples. */
  public static <T, B> Batches<B> of(Dataset<T> rows, int maxRows, BatchBuilder<T, B> builder) {
    return of(rows.javaRDD(), maxRows, builder);
  }

  private static <T, B> Iterator<Block<B>> build(Iterator<T> rows, int maxRows,
      BatchBuilder<T, B> builder) {
    List<Block<B>> blocks = new ArrayList<>();
    List<T> chunk = new ArrayList<>();
    while (rows.hasNext()) {
      chunk.add(rows.next());
      if (chunk.size() == maxRows || !rows.hasNext()) {
        B batch = builder.build(chunk);
        if (!(batch instanceof Serializable)) {
          throw new IllegalArgumentException(
              "the batch builder returned a " + (batch == null ? "null" : batch.getClass()
                  .getName() + ", which is not Serializable") + ": Spark caches batches and"
                  + " spills them to disk when memory runs short; return a record of arrays"
                  + " declared `implements Serializable`");
        }
        blocks.add(new Block<>(batch, chunk.size()));
        chunk = new ArrayList<>();
      }
    }
    return blocks.iterator();
  }

  /** How many examples the batches hold. */
  public long examples() {
    return examples;
  }

  /** How many batches there are. */
  public long count() {
    return count;
  }

  JavaRDD<Block<B>> blocks() {
    return blocks;
  }

  /** Drops the cached batches from the executors. */
  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
