package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.examples.train.FashionMnist;
import dev.flatgrad.runtime.Nd;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Real data for the tests: the first training images of Fashion-MNIST, read by the examples'
 * loader (pixels in {@code [0, 1]} less the mean image), from {@link FashionMnist#DEFAULT_DATA}
 * or the directory in {@code -Dflatgrad.fashionMnist=DIR}. Missing data fail the test, saying how
 * to get them: the comparison with MLlib must not pass by not running.
 */
final class FashionMnistSubset {
  /** The schema MLlib's estimators read: {@code label} and {@code features}. */
  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  private FashionMnistSubset() {}

  /** The first {@code limit} training images, their labels 0 to 9. */
  static FashionMnist.Data load(int limit) {
    Path dir = Paths.get(System.getProperty("flatgrad.fashionMnist",
        FashionMnist.DEFAULT_DATA.toString()));
    try {
      return FashionMnist.load(dir, limit);
    } catch (FashionMnist.MissingDataException e) {
      return fail("The Spark tests train on Fashion-MNIST and compare with MLlib.\n"
          + e.getMessage() + "\n  (for these tests: -Dflatgrad.fashionMnist=<dir>)");
    } catch (IOException e) {
      return fail("cannot read Fashion-MNIST in " + dir + ": " + e);
    }
  }

  /**
   * The images of classes {@code negative} and {@code positive} among {@code data}'s training
   * images, labelled 0 and 1, as a DataFrame of {@code partitions} partitions, with the pixels
   * whose standard deviation among them is at least {@code minStd} (of 1, black to white), centred
   * on their mean.
   *
   * <p>Why drop the near-constant pixels: with {@code standardization} off, MLlib still optimises
   * over standardised features, penalising a pixel of deviation {@code s} by {@code reg / s²}. A
   * border pixel that is almost always black makes that problem so ill-conditioned that its
   * L-BFGS needs thousands of iterations to get near the minimum both sides should agree on.
   */
  static Dataset<Row> twoClasses(SparkSession spark, FashionMnist.Data data, int negative,
      int positive, double minStd, int partitions) {
    List<double[]> images = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (int i = 0; i < data.trainY().length; i++) {
      int label = data.trainY()[i];
      if (label == negative || label == positive) {
        images.add(data.trainX()[i]);
        labels.add(label == positive ? 1.0 : 0.0);
      }
    }
    double[][] X = images.toArray(new double[0][]);
    double[] mean = Nd.mean(X, 0);
    double[] std = Nd.sqrt(Nd.mean(Nd.square(Nd.subtract(X, mean)), 0));
    int[] kept = IntStream.range(0, mean.length).filter(j -> std[j] >= minStd).toArray();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      double[] x = new double[kept.length];
      for (int k = 0; k < kept.length; k++) {
        x[k] = X[i][kept[k]] - mean[kept[k]];
      }
      rows.add(RowFactory.create(labels.get(i), Vectors.dense(x)));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** All of {@code data}'s training images, labels 0 to 9, as {@code partitions} partitions. */
  static Dataset<Row> allClasses(SparkSession spark, FashionMnist.Data data, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < data.trainY().length; i++) {
      rows.add(RowFactory.create((double) data.trainY()[i], Vectors.dense(data.trainX()[i])));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }
}
