package dev.flatgrad.spark.example;

import dev.flatgrad.examples.train.FashionMnist;
import dev.flatgrad.spark.Batches;
import dev.flatgrad.spark.DistributedLoss;
import dev.flatgrad.spark.Layout;
import dev.flatgrad.spark.Lbfgs;
import dev.flatgrad.spark.Param;
import dev.flatgrad.spark.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains L2-regularised logistic regression, T-shirts against shirts of Fashion-MNIST, on Spark:
 * the loss is {@link LogisticLoss#loss}, its gradient the generated {@code LogisticLossGrad.loss},
 * run on each partition's examples and summed with {@code treeAggregate}; Breeze's L-BFGS
 * minimises it. Prints the test accuracy.
 *
 * <pre>
 * spark-submit --class dev.flatgrad.spark.example.FashionMnistOnSpark --master MASTER \
 *     flatgrad-spark-0.1.0-SNAPSHOT-app.jar [--data DIR] [--reg R] [--iterations N]
 *     [--partitions P]
 * </pre>
 *
 * <p>The driver reads the IDX files from {@code DIR} (default where the Debian package {@code
 * dataset-fashion-mnist} installs them) and hands the examples to Spark; data that do not fit a
 * driver are read by Spark itself ({@code spark.read()...}) into the same DataFrame of {@code
 * label} and {@code features}. Without {@code spark.master} set (a plain {@code java} run) it runs
 * on {@code local[*]}.
 */
public final class FashionMnistOnSpark {
  private static final int TSHIRT = 0;
  private static final int SHIRT = 6;
  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  private FashionMnistOnSpark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Paths.get(option(args, "--data", FashionMnist.DEFAULT_DATA.toString()));
    double reg = Double.parseDouble(option(args, "--reg", "0.01"));
    int iterations = Integer.parseInt(option(args, "--iterations", "100"));
    int partitions = Integer.parseInt(option(args, "--partitions", "4"));
    FashionMnist.Data data;
    try {
      data = FashionMnist.load(dir, 0);
    } catch (FashionMnist.MissingDataException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    SparkSession.Builder builder = SparkSession.builder().appName("flatgrad on Fashion-MNIST");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      Dataset<Row> train = spark.createDataFrame(twoClasses(data.trainX(), data.trainY()), SCHEMA)
          .repartition(partitions);
      int features = data.trainX()[0].length;
      Param.Vector w = Param.vector("w", features);
      Param.Scalar b = Param.scalar("b");
      Layout layout = Layout.of(w, b);
      try (Batches<Batch> batches = Batches.of(train, Batch::fromRows)) {
        DistributedLoss<Batch> loss = DistributedLoss.mean(batches, layout,
            (p, batch) -> LogisticLossGrad.loss(p.get(w), p.get(b), batch.X(), batch.y(), reg));
        long start = System.nanoTime();
        Lbfgs.Result result = new Lbfgs().maxIterations(iterations).minimize(loss,
            layout.zeros());
        double seconds = (System.nanoTime() - start) / 1e9;
        Values model = layout.values(result.point());
        System.out.printf(Locale.ROOT,
            "T-shirts against shirts: %d training examples in %d batches; L-BFGS %s after %d"
                + " iterations (%d evaluations, %.2f s each), loss %.6f; test accuracy %.2f%%%n",
            batches.examples(), batches.count(), result.reason(), result.iterations(),
            result.evaluations(), seconds / result.evaluations(), result.loss(),
            100 * accuracy(model.get(w), model.get(b), data.testX(), data.testY()));
      }
    } finally {
      spark.stop();
    }
  }

  /** The T-shirts (label 0) and shirts (label 1) among {@code X}. */
  private static List<Row> twoClasses(double[][] X, int[] classes) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      if (classes[i] == TSHIRT || classes[i] == SHIRT) {
        rows.add(RowFactory.create(classes[i] == SHIRT ? 1.0 : 0.0, Vectors.dense(X[i])));
      }
    }
    return rows;
  }

  /** The share of T-shirts and shirts among {@code X} that {@code (w, b)} tells apart. */
  private static double accuracy(double[] w, double b, double[][] X, int[] classes) {
    int right = 0;
    int total = 0;
    for (int i = 0; i < X.length; i++) {
      if (classes[i] == TSHIRT || classes[i] == SHIRT) {
        double margin = b;
        for (int j = 0; j < w.length; j++) {
          margin += w[j] * X[i][j];
        }
        right += (margin > 0) == (classes[i] == SHIRT) ? 1 : 0;
        total++;
      }
    }
    return (double) right / total;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
