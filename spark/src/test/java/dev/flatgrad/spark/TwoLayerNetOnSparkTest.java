package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.net.TwoLayerNetGrad;
import dev.flatgrad.examples.train.FashionMnist;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model MLlib does not have (its perceptron has sigmoid hidden layers and no regularisation):
 * the examples' two-layer ReLU net with L2, its loss {@code TwoLayerNet.loss} used as it is,
 * trained with L-BFGS on Spark and on one machine from the same start, on all ten classes of
 * Fashion-MNIST.
 */
class TwoLayerNetOnSparkTest {
  private static final int HIDDEN = 32;
  private static final int CLASSES = 10;
  private static final double REG = 1e-3;
  private static final int ITERATIONS = 30;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(TwoLayerNetOnSparkTest.class);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void trainsAsOnOneMachine() {
    FashionMnist.Data data = FashionMnistSubset.load(2000);
    Dataset<Row> images = FashionMnistSubset.allClasses(spark, data, 3);
    int dim = data.trainX()[0].length;
    Param.Matrix W1 = Param.matrix("W1", dim, HIDDEN);
    Param.Vector b1 = Param.vector("b1", HIDDEN);
    Param.Matrix W2 = Param.matrix("W2", HIDDEN, CLASSES);
    Param.Vector b2 = Param.vector("b2", CLASSES);
    Layout layout = Layout.of(W1, b1, W2, b2);
    double[] start = heInitialised(layout, W1, W2, new Random(7));
    Lbfgs lbfgs = new Lbfgs().maxIterations(ITERATIONS);

    Lbfgs.Result onSpark;
    try (Batches<LabelledImages> batches =
        Batches.of(images, 500, LabelledImages::fromRows)) {
      assertTrue(batches.count() > 3, "several batches per partition: " + batches.count());
      onSpark = lbfgs.minimize(DistributedLoss.mean(batches, layout,
          (p, batch) -> TwoLayerNetGrad.loss(batch.X(), batch.y(), p.get(W1), p.get(b1),
              p.get(W2), p.get(b2), REG)), start);
    }

    // The same examples in one batch on this machine (in the DataFrame's order).
    LabelledImages all = LabelledImages.fromRows(images.collectAsList());
    Lbfgs.Result onOneMachine = lbfgs.minimize(Objective.local(layout,
        p -> TwoLayerNetGrad.loss(all.X(), all.y(), p.get(W1), p.get(b1), p.get(W2), p.get(b2),
            REG)), start);

    assertEquals(onOneMachine.iterations(), onSpark.iterations());
    assertTrue(onSpark.loss() < 0.6 * onSpark.history().get(0).loss(),
        "the net learns: " + onSpark.history().get(0).loss() + " -> " + onSpark.loss());
    for (int i = 0; i <= onSpark.iterations(); i++) {
      double spark = onSpark.history().get(i).loss();
      double local = onOneMachine.history().get(i).loss();
      assertEquals(local, spark, 1e-12 * local, "loss after iteration " + i);
    }
    double distance = 0;
    double norm = 0;
    for (int j = 0; j < layout.size(); j++) {
      distance += Math.pow(onSpark.point()[j] - onOneMachine.point()[j], 2);
      norm += Math.pow(onOneMachine.point()[j], 2);
    }
    System.out.printf("two-layer net, %d iterations: loss %.6f -> %.6f on Spark, %.6f on one"
            + " machine; weights within %.1e (relative)%n",
        onSpark.iterations(), onSpark.history().get(0).loss(), onSpark.loss(),
        onOneMachine.loss(), Math.sqrt(distance / norm));
    assertTrue(Math.sqrt(distance / norm) < 1e-10, "weights differ by " + distance);
  }

  /** The examples' initialisation: normal weights times {@code sqrt(2 / fan-in)}, zero biases. */
  private static double[] heInitialised(Layout layout, Param.Matrix W1, Param.Matrix W2,
      Random random) {
    double[] start = layout.zeros();
    for (Param.Matrix W : List.of(W1, W2)) {
      double[][] w = new double[W.rows()][W.cols()];
      for (double[] row : w) {
        for (int j = 0; j < row.length; j++) {
          row[j] = Math.sqrt(2.0 / W.rows()) * random.nextGaussian();
        }
      }
      layout.put(start, W, w);
    }
    return start;
  }
}
