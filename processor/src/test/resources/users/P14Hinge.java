package users;

import dev.flatgrad.annotations.Differentiable;

public class P14Hinge {
  /** multiclass SVM loss with continue on the true class */
  @Differentiable
  public static double svm(double[][] W, double[][] X, int[] y, double delta) {
    double loss = 0.0;
    for (int i = 0; i < X.length; i++) {
      double[] scores = new double[W.length];
      for (int c = 0; c < W.length; c++)
        for (int j = 0; j < X[i].length; j++)
          scores[c] += W[c][j] * X[i][j];
      double correct = scores[y[i]];
      for (int c = 0; c < W.length; c++) {
        if (c == y[i]) continue;
        double margin = scores[c] - correct + delta;
        if (margin <= 0) continue;
        loss += margin;
      }
    }
    return loss / X.length;
  }

  /** soft k-means assignment energy */
  @Differentiable
  public static double softKMeans(double[][] pts, double[][] centers, double beta) {
    double energy = 0;
    for (double[] p : pts) {
      double[] dist = new double[centers.length];
      double minD = Double.POSITIVE_INFINITY;
      for (int k = 0; k < centers.length; k++) {
        double d2 = 0;
        for (int dim = 0; dim < p.length; dim++) {
          double diff = p[dim] - centers[k][dim];
          d2 += diff * diff;
        }
        dist[k] = d2;
        if (d2 < minD) minD = d2;
      }
      double z = 0, wsum = 0;
      for (int k = 0; k < centers.length; k++) {
        double r = Math.exp(-beta * (dist[k] - minD));
        z += r;
        wsum += r * dist[k];
      }
      energy += wsum / z;
    }
    return energy;
  }

  public static void main(String[] args) {
    double[][] W = {{0.1, -0.2, 0.3}, {0.5, 0.1, -0.4}, {-0.3, 0.2, 0.2}};
    double[][] X = {{1, 2, 3}, {-1, 0.5, 0.2}, {0.3, 0.3, -2}, {0.7, -1.1, 0.4}};
    P14HingeGrad.checkSvm(W, X, new int[] {0, 2, 1, 1}, 1.0).assertPassed();
    P14HingeGrad.checkSoftKMeans(X, new double[][] {{0, 1, 1}, {0.5, 0, -1}}, 0.7).assertPassed();
  }
}
