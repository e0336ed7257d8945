package dev.flatgrad.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Images and their class numbers, as the examples' {@code TwoLayerNet.loss} takes them. */
record LabelledImages(double[][] X, int[] y) implements Serializable {
  private static final long serialVersionUID = 1L;

  static LabelledImages fromRows(List<Row> rows) {
    double[][] X = new double[rows.size()][];
    int[] y = new int[rows.size()];
    for (int i = 0; i < X.length; i++) {
      X[i] = rows.get(i).<Vector>getAs("features").toArray();
      y[i] = (int) rows.get(i).getDouble(0);
    }
    return new LabelledImages(X, y);
  }
}
