package dev.flatgrad.spark.example;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Labelled examples as the generated gradients take them: one example per row of {@code X}, its
 * label in {@code y}.
 */
public record Batch(double[][] X, double[] y) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The batch of rows with a {@code double} column {@code label} and an MLlib vector column
   * {@code features}, the columns MLlib's estimators read.
   */
  public static Batch fromRows(List<Row> rows) {
    double[][] X = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < X.length; i++) {
      Row row = rows.get(i);
      X[i] = row.<Vector>getAs("features").toArray();
      y[i] = row.getDouble(row.fieldIndex("label"));
    }
    return new Batch(X, y);
  }
}
