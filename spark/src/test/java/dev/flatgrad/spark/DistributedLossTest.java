package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.spark.example.Batch;
import dev.flatgrad.spark.example.LogisticLossGrad;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributedLossTest {
  private static final int FEATURES = 5;
  private static final Param.Vector w = Param.vector("w", FEATURES);
  private static final Param.Scalar b = Param.scalar("b");
  private static final Param.Scalar c = Param.scalar("c");
  private static final Layout logistic = Layout.of(w, b);

  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(DistributedLossTest.class);
    sc = LocalSpark.context(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** {@code n} examples: features, then a 0/1 label, from a seeded generator. */
  private static List<double[]> examples(int n) {
    Random random = new Random(n);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] row = new double[FEATURES + 1];
      for (int j = 0; j < FEATURES; j++) {
        row[j] = random.nextGaussian();
      }
      row[FEATURES] = random.nextInt(2);
      rows.add(row);
    }
    return rows;
  }

  private static Batch batch(List<double[]> rows) {
    double[][] X = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < X.length; i++) {
      X[i] = java.util.Arrays.copyOf(rows.get(i), FEATURES);
      y[i] = rows.get(i)[FEATURES];
    }
    return new Batch(X, y);
  }

  private static double[] point(Layout layout, long seed) {
    Random random = new Random(seed);
    double[] p = layout.zeros();
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextGaussian();
    }
    return p;
  }

  private static void assertClose(Objective.Evaluation expected, Objective.Evaluation actual) {
    assertEquals(expected.value(), actual.value(), 1e-13 * Math.abs(expected.value()), "value");
    for (int i = 0; i < expected.gradient().length; i++) {
      assertEquals(expected.gradient()[i], actual.gradient()[i],
          1e-13 * Math.max(1, Math.abs(expected.gradient()[i])), "gradient " + i);
    }
  }

  @ParameterizedTest(name = "{0} examples in {1} partitions, batches of at most {2}")
  @CsvSource({"103, 4, 1000", "103, 4, 7", "3, 5, 1000", "1, 1, 1"})
  void meanWeighsEachBatchByItsExamples(int n, int partitions, int maxRows) {
    List<double[]> rows = examples(n);
    double reg = 0.3;
    try (Batches<Batch> batches =
        Batches.of(sc.parallelize(rows, partitions), maxRows, DistributedLossTest::batch)) {
      assertEquals(n, batches.examples());
      DistributedLoss<Batch> loss = DistributedLoss.mean(batches, logistic,
          (p, data) -> LogisticLossGrad.loss(p.get(w), p.get(b), data.X(), data.y(), reg));
      Batch all = batch(rows);
      Objective local = Objective.local(logistic,
          p -> LogisticLossGrad.loss(p.get(w), p.get(b), all.X(), all.y(), reg));
      double[] at = point(logistic, n);
      assertClose(local.evaluate(at), loss.evaluate(at));
    }
  }

  @Test
  void sumAddsTheBatchesUp() {
    List<double[]> rows = examples(50);
    Layout linear = Layout.of(w, c);
    try (Batches<Batch> batches =
        Batches.of(sc.parallelize(rows, 3), 8, DistributedLossTest::batch)) {
      DistributedLoss<Batch> loss = DistributedLoss.sum(batches, linear,
          (p, data) -> TestLossesGrad.squaredErrors(p.get(w), p.get(c), data.X(), data.y()));
      Batch all = batch(rows);
      Objective local = Objective.local(linear,
          p -> TestLossesGrad.squaredErrors(p.get(w), p.get(c), all.X(), all.y()));
      double[] at = point(linear, 2);
      assertClose(local.evaluate(at), loss.evaluate(at));
    }
  }

  @Test
  void buildsEachBatchOnceNotPerEvaluation() {
    LongAccumulator built = sc.sc().longAccumulator("batches built");
    JavaRDD<double[]> rows = sc.parallelize(examples(40), 4);
    try (Batches<Batch> batches = Batches.of(rows, 6, list -> {
      built.add(1);
      return batch(list);
    })) {
      DistributedLoss<Batch> loss = DistributedLoss.mean(batches, logistic,
          (p, data) -> LogisticLossGrad.loss(p.get(w), p.get(b), data.X(), data.y(), 0));
      for (int i = 0; i < 3; i++) {
        loss.evaluate(point(logistic, i));
      }
      assertEquals(8, batches.count(), "4 partitions of 10 examples, in batches of 6 and 4");
      assertEquals(batches.count(), built.value());
    }
  }

  @Test
  void saysWhichComponentTheRecordLacks() {
    Param.Vector v = Param.vector("v", FEATURES);
    try (Batches<Batch> batches =
        Batches.of(sc.parallelize(examples(10), 2), DistributedLossTest::batch)) {
      DistributedLoss<Batch> loss = DistributedLoss.mean(batches, Layout.of(v, b),
          (p, data) -> LogisticLossGrad.loss(p.get(v), p.get(b), data.X(), data.y(), 0));
      SparkException e = assertThrows(SparkException.class,
          () -> loss.evaluate(Layout.of(v, b).zeros()));
      assertTrue(e.getMessage().contains("record Loss (value, dw, db) has no component dv for"
          + " the gradient of double[5] v"), e.getMessage());
    }
  }

  @Test
  void saysWhenTheShapesDiffer() {
    Param.Vector tooLong = Param.vector("w", FEATURES + 1);
    Layout layout = Layout.of(tooLong, b);
    try (Batches<Batch> batches =
        Batches.of(sc.parallelize(examples(10), 2), DistributedLossTest::batch)) {
      DistributedLoss<Batch> loss = DistributedLoss.mean(batches, layout,
          (p, data) -> LogisticLossGrad.loss(java.util.Arrays.copyOf(p.get(tooLong), FEATURES),
              p.get(b), data.X(), data.y(), 0));
      SparkException e = assertThrows(SparkException.class,
          () -> loss.evaluate(layout.zeros()));
      assertTrue(e.getMessage().contains("Loss.dw() has 5 elements, but the layout has"
          + " double[6] w"), e.getMessage());
    }
  }

  @Test
  void refusesBatchesSparkCannotSpill() {
    SparkException e = assertThrows(SparkException.class,
        () -> Batches.of(sc.parallelize(examples(4), 2), rows -> new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object, which is not Serializable"),
        e.getMessage());
  }

  @Test
  void refusesTheMeanOfNothing() {
    try (Batches<Batch> none =
        Batches.of(sc.parallelize(new ArrayList<double[]>(), 2), DistributedLossTest::batch)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DistributedLoss.mean(none, logistic, (p, data) -> null));
      assertTrue(e.getMessage().contains("the data set is empty"), e.getMessage());
    }
  }
}
