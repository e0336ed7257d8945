package users;

import dev.flatgrad.annotations.Differentiable;

public class P33Model {
  private final int hidden;
  private final double l2;
  private final double[] mask;
  static final double[][] PROTOTYPES = {{1, 0}, {0, 1}, {-1, -1}};

  public P33Model(int hidden, double l2, double[] mask) {
    this.hidden = hidden;
    this.l2 = l2;
    this.mask = mask;
  }

  private double reg(double[] params) {
    double r = 0;
    for (int i = 0; i < params.length; i++) r += mask[i] * params[i] * params[i];
    return l2 * r;
  }

  /** an RBF network's loss, params packed in one vector */
  @Differentiable
  public double loss(double[] params, double[][] X, double[] y) {
    double total = 0;
    for (int n = 0; n < X.length; n++) {
      double pred = params[params.length - 1];
      for (int h = 0; h < hidden; h++) {
        double d2 = 0;
        for (int k = 0; k < 2; k++) {
          double diff = X[n][k] - PROTOTYPES[h % PROTOTYPES.length][k] * params[hidden + h];
          d2 += diff * diff;
        }
        pred += params[h] * Math.exp(-d2);
      }
      total += 0.5 * (pred - y[n]) * (pred - y[n]);
    }
    return total / X.length + reg(params);
  }

  public static void main(String[] args) {
    P33Model m = new P33Model(3, 0.01, new double[] {1, 1, 1, 0, 0, 0, 0});
    P33ModelGrad.checkLoss(m, new double[] {0.5, -0.3, 0.2, 1.1, 0.9, 1.2, 0.1}, new double[][] {{0.3, 0.5}, {1, -1}, {-0.5, 0.2}}, new double[] {1, 0, -1}).assertPassed();
  }
}
