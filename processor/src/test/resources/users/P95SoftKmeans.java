package users;

import dev.flatgrad.annotations.Differentiable;

public class P95SoftKmeans {
  /** a helper array built and returned from a branchy helper, an int helper picking an index */
  static int argmin(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
    return best;
  }

  static double[] softmin(double[] v, double temp) {
    double[] out = new double[v.length];
    int m = argmin(v);
    double z = 0;
    for (int i = 0; i < v.length; i++) { out[i] = Math.exp(-(v[i] - v[m]) / temp); z += out[i]; }
    for (int i = 0; i < v.length; i++) out[i] /= z;
    return out;
  }

  /** k-means-like soft assignment: distances, softmin per point, weighted centroid loss */
  @Differentiable
  public static double softKmeans(double[][] pts, double[][] centers, double temp) {
    double loss = 0;
    for (double[] p : pts) {
      double[] d = new double[centers.length];
      for (int c = 0; c < centers.length; c++) {
        for (int k = 0; k < p.length; k++) {
          double diff = p[k] - centers[c][k];
          d[c] += diff * diff;
        }
      }
      double[] r = softmin(d, temp);
      for (int c = 0; c < centers.length; c++) loss += r[c] * d[c];
      loss += 0.01 * d[argmin(d)];
    }
    return loss;
  }

  public static void main(String[] args) {
    double[][] pts = {{0.1, 0.2}, {1.1, 0.9}, {-0.5, 0.4}, {0.9, 1.3}, {0.2, -0.3}};
    double[][] c = {{0.0, 0.0}, {1.0, 1.0}, {-0.4, 0.6}};
    P95SoftKmeansGrad.checkSoftKmeans(pts, c, 0.3).assertPassed();
  }
}
