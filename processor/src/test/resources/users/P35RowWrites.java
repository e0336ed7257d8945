package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Arrays;

public class P35RowWrites {
  /** covariance matrix built row by row through a row local, then a quadratic form */
  @Differentiable
  public static double covQuad(double[][] X, double[] v) {
    int n = X.length, d = X[0].length;
    double[] mean = new double[d];
    for (double[] row : X) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
    double[][] C = new double[d][d];
    for (int a = 0; a < d; a++) {
      double[] ca = C[a];
      for (int b = 0; b < d; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (X[i][a] - mean[a]) * (X[i][b] - mean[b]);
        ca[b] = s / (n - 1);
      }
    }
    double q = 0;
    for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) q += v[a] * C[a][b] * v[b];
    return q;
  }

  /** softmax over each row, rows reset with fill through the enhanced-for variable */
  @Differentiable
  public static double rowsSoftmax(double[][] logits, int[] labels, int epochs) {
    double[][] p = new double[logits.length][logits[0].length];
    double loss = 0;
    for (int e = 0; e < epochs; e++) {
      for (double[] r : p) Arrays.fill(r, 0.0);
      int i = 0;
      for (double[] r : p) {
        double mx = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < r.length; c++) mx = Math.max(mx, logits[i][c] * (e + 1));
        double z = 0;
        for (int c = 0; c < r.length; c++) { r[c] = Math.exp(logits[i][c] * (e + 1) - mx); z += r[c]; }
        for (int c = 0; c < r.length; c++) r[c] /= z;
        i++;
      }
      for (int k = 0; k < p.length; k++) loss -= Math.log(p[k][labels[k]]);
    }
    return loss;
  }

  public static void main(String[] args) {
    double[][] X = {{1, 2, 0.5}, {0.3, -1, 2}, {2.2, 0.1, -0.4}, {-0.7, 0.8, 1.1}};
    P35RowWritesGrad.checkCovQuad(X, new double[] {0.5, -1, 2}).assertPassed();
    P35RowWritesGrad.checkRowsSoftmax(X, new int[] {0, 2, 1, 1}, 2).assertPassed();
  }
}
