package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.train.FashionMnist;
import dev.flatgrad.spark.example.Batch;
import dev.flatgrad.spark.example.LogisticLossGrad;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check against Spark itself: L2-regularised logistic regression written as a
 * {@code @Differentiable} loss ({@link dev.flatgrad.spark.example.LogisticLoss}) and trained
 * through this module gives MLlib's {@code LogisticRegression} coefficients, on the same
 * DataFrame (T-shirts against shirts from Fashion-MNIST) with the same settings.
 */
class LogisticRegressionVsMllibTest {
  private static final double REG = 0.01;
  private static final double TOLERANCE = 1e-10;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(LogisticRegressionVsMllibTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void givesMllibsCoefficientsOnFashionMnist() {
    FashionMnist.Data data = FashionMnistSubset.load(6000);
    Dataset<Row> tshirtsAndShirts = FashionMnistSubset.twoClasses(spark, data, 0, 6, 0.1, 2)
        .cache();
    int features = tshirtsAndShirts.first().<Vector>getAs("features").size();

    // MLlib's objective: mean log-loss + REG / 2 * |w|², the intercept not penalised.
    LogisticRegressionModel mllib = new LogisticRegression()
        .setRegParam(REG)
        .setElasticNetParam(0)
        .setFitIntercept(true)
        .setStandardization(false)
        .setMaxIter(1000)
        .setTol(TOLERANCE)
        .fit(tshirtsAndShirts);

    Param.Vector w = Param.vector("w", features);
    Param.Scalar b = Param.scalar("b");
    Layout layout = Layout.of(w, b);
    Lbfgs.Result result;
    try (Batches<Batch> batches = Batches.of(tshirtsAndShirts, Batch::fromRows)) {
      DistributedLoss<Batch> loss = DistributedLoss.mean(batches, layout,
          (p, batch) -> LogisticLossGrad.loss(p.get(w), p.get(b), batch.X(), batch.y(), REG));
      result = new Lbfgs().maxIterations(1000).tolerance(TOLERANCE)
          .minimize(loss, layout.zeros());
    }
    assertTrue(result.converged(), result.reason());
    Values ours = layout.values(result.point());

    double[] theirs = mllib.coefficients().toArray();
    double error = Math.sqrt(squaredDistance(ours.get(w), theirs) / squaredDistance(theirs,
        new double[features]));
    assertTrue(error < 1e-4, "coefficients differ from MLlib's by " + error + " (relative, L2)");
    assertEquals(mllib.intercept(), ours.get(b), 1e-4 * Math.max(1, Math.abs(mllib.intercept())),
        "intercept");
    System.out.printf("flatgrad and MLlib on %d features: coefficients within %.1e (relative),"
            + " intercepts %.8f and %.8f; %d and %d iterations%n",
        features, error, ours.get(b), mllib.intercept(), result.iterations(),
        mllib.summary().totalIterations());
  }

  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }
}
