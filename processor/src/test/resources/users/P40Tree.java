package users;

import dev.flatgrad.annotations.Differentiable;

public class P40Tree {
  /** soft decision tree of depth 3, nodes in heap order, leaf values */
  @Differentiable
  public static double softTree(double[][] W, double[] b, double[] leaves, double[] x) {
    int depth = 3;
    int nLeaves = 1 << depth;
    double out = 0;
    for (int leaf = 0; leaf < nLeaves; leaf++) {
      double prob = 1;
      int node = 0;
      for (int level = depth - 1; level >= 0; level--) {
        boolean right = ((leaf >> level) & 1) == 1;
        double z = b[node];
        for (int j = 0; j < x.length; j++) z += W[node][j] * x[j];
        double s = 1 / (1 + Math.exp(-z));
        prob *= right ? s : 1 - s;
        node = 2 * node + (right ? 2 : 1);
      }
      out += prob * leaves[leaf];
    }
    return out;
  }

  public static void main(String[] args) {
    double[][] W = new double[7][2];
    double[] b = new double[7];
    for (int i = 0; i < 7; i++) { W[i][0] = Math.sin(i); W[i][1] = Math.cos(i); b[i] = 0.1 * i; }
    double[] leaves = {1, -1, 2, 0.5, -0.3, 0.7, 1.5, -2};
    P40TreeGrad.checkSoftTree(W, b, leaves, new double[] {0.4, -0.8}).assertPassed();
  }
}
