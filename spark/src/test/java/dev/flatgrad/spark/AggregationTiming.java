package dev.flatgrad.spark;

import breeze.linalg.DenseVector;
import dev.flatgrad.examples.train.FashionMnist;
import dev.flatgrad.spark.example.Batch;
import dev.flatgrad.spark.example.LogisticLossGrad;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.Instance;
import org.apache.spark.ml.feature.InstanceBlock;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.optim.aggregator.BinaryLogisticBlockAggregator;
import org.apache.spark.ml.optim.loss.DifferentiableRegularization;
import org.apache.spark.ml.optim.loss.L2Regularization;
import org.apache.spark.ml.optim.loss.RDDLossFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Function1;
import scala.Option;
import scala.Tuple2;
import scala.reflect.ClassTag;

/**
 * The time of one evaluation of the L2 logistic loss and its gradient over a cached DataFrame
 * (an L-BFGS iteration takes one or a few): flatgrad's {@link DistributedLoss} running the
 * generated {@code LogisticLossGrad.loss} against MLlib's own {@code RDDLossFunction} running its
 * hand-written {@code BinaryLogisticBlockAggregator}, as {@code LogisticRegression} sets them up,
 * on the same DataFrame, same partitions, same point, alternately, in one run. Not a test: a
 * measurement, printed as a ratio (spark/README.md).
 *
 * <pre>
 * mvn -B -DskipTests install
 * mvn -B -pl spark test-compile exec:exec@aggregation-timing [-Dtiming.args="--rounds 30"]
 * </pre>
 *
 * <p>Options: {@code --limit N} training images read (default 60000; T-shirts and shirts among
 * them are used, 12000 of all 60000), {@code --partitions P} (default 2), {@code --rounds R}
 * timed evaluations of each (default 20, after 5 of warm-up).
 *
 * <p>MLlib's aggregator is {@code private[ml]}; Scala's {@code private[ml]} is public to Java,
 * which is how this reaches it. It is given features scaled by 1 and not centred, so both compute
 * the same function (checked: their values agree).
 */
public final class AggregationTiming {
  private AggregationTiming() {}

  public static void main(String[] args) {
    int limit = option(args, "--limit", 60000);
    int partitions = option(args, "--partitions", 2);
    int rounds = option(args, "--rounds", 20);
    double reg = 0.01;
    SparkSession spark = LocalSpark.start(AggregationTiming.class);
    try {
      FashionMnist.Data data = FashionMnistSubset.load(limit);
      Dataset<Row> df = FashionMnistSubset.twoClasses(spark, data, 0, 6, 0.0, partitions)
          .cache();
      int features = df.first().<Vector>getAs("features").size();
      Param.Vector w = Param.vector("w", features);
      Param.Scalar b = Param.scalar("b");
      Layout layout = Layout.of(w, b);
      Batches<Batch> batches = Batches.of(df, Batch::fromRows);
      DistributedLoss<Batch> flatgrad = DistributedLoss.mean(batches, layout,
          (p, batch) -> LogisticLossGrad.loss(p.get(w), p.get(b), batch.X(), batch.y(), reg));
      RDDLossFunction<InstanceBlock, BinaryLogisticBlockAggregator> mllib =
          mllibLoss(spark, df, features, reg);

      double[] point = new double[layout.size()];
      Random random = new Random(1);
      Arrays.setAll(point, i -> 0.01 * random.nextGaussian());
      Tuple2<Object, DenseVector<Object>> theirs = mllib.calculate(new DenseVector<>(point));
      Objective.Evaluation ours = flatgrad.evaluate(point);
      System.out.printf(Locale.ROOT, "%d examples, %d features, %d partitions; loss %.15f"
              + " (flatgrad) and %.15f (MLlib)%n",
          batches.examples(), features, partitions, ours.value(), (double) theirs._1());

      for (int i = 0; i < 5; i++) {
        flatgrad.evaluate(point);
        mllib.calculate(new DenseVector<>(point));
      }
      double[] flatgradMs = new double[rounds];
      double[] mllibMs = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        flatgrad.evaluate(point);
        long t1 = System.nanoTime();
        mllib.calculate(new DenseVector<>(point));
        long t2 = System.nanoTime();
        flatgradMs[i] = (t1 - t0) / 1e6;
        mllibMs[i] = (t2 - t1) / 1e6;
      }
      double f = median(flatgradMs);
      double m = median(mllibMs);
      System.out.printf(Locale.ROOT, "one evaluation (median of %d): flatgrad %.1f ms, MLlib"
          + " %.1f ms, ratio flatgrad / MLlib %.2f%n", rounds, f, m, f / m);
    } finally {
      spark.stop();
    }
  }

  /** MLlib's binary logistic loss over {@code df}, as LogisticRegression.train builds it. */
  private static RDDLossFunction<InstanceBlock, BinaryLogisticBlockAggregator> mllibLoss(
      SparkSession spark, Dataset<Row> df, int features, double reg) {
    JavaRDD<Instance> instances = df.javaRDD()
        .map(row -> new Instance(row.getDouble(0), 1.0, row.<Vector>getAs(1)));
    long blockBytes = (long) (InstanceBlock.DefaultBlockSizeInMB() * 1024 * 1024);
    RDD<InstanceBlock> blocks = InstanceBlock.blokifyWithMaxMemUsage(instances.rdd(), blockBytes)
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.count();
    double[] ones = new double[features];
    Arrays.fill(ones, 1.0);
    Broadcast<double[]> inverseStd = LocalSpark.context(spark).broadcast(ones);
    Broadcast<double[]> scaledMean = LocalSpark.context(spark).broadcast(new double[features]);
    Function1<Broadcast<Vector>, BinaryLogisticBlockAggregator> aggregator =
        coefficients -> new BinaryLogisticBlockAggregator(inverseStd, scaledMean, true, false,
            coefficients);
    Function1<Object, Object> notIntercept = i -> (Integer) i < features;
    DifferentiableRegularization<Vector> l2 = new L2Regularization(reg, notIntercept, Option.empty());
    return new RDDLossFunction<>(blocks, aggregator, Option.apply(l2), 2,
        ClassTag.apply(InstanceBlock.class), ClassTag.apply(BinaryLogisticBlockAggregator.class));
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
