package users;

import dev.flatgrad.annotations.Differentiable;

public class P107LogRegHyper {
  public record Weights(double[] w, double bias) {}

  /** settings: an L2 strength and the number of features to use; its own method reads the weights */
  public record Hyper(double lambda, int features) {
    double penalty(Weights p) {
      double s = 0;
      for (int i = 0; i < features; i++) s += p.w()[i] * p.w()[i];
      return 0.5 * lambda * s;
    }
  }

  private static double sigmoid(double t) {
    return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
  }

  @Differentiable(wrt = {"p"})
  public static double loss(Weights p, double[][] X, boolean[] y, Hyper h) {
    double nll = 0;
    for (int n = 0; n < X.length; n++) {
      double t = p.bias();
      for (int i = 0; i < h.features(); i++) t += p.w()[i] * X[n][i];
      double q = sigmoid(t);
      nll -= y[n] ? Math.log(q) : Math.log1p(-q);
    }
    return nll / X.length + h.penalty(p);
  }

  public static void main(String[] args) {
    var p = new Weights(new double[] {0.4, -0.3, 0.8}, 0.1);
    double[][] X = {{1, 2, -1}, {0.5, -1.5, 2}, {-2, 0.3, 0.1}, {3, 1, 1}};
    boolean[] y = {true, false, true, false};
    P107LogRegHyperGrad.checkLoss(p, X, y, new Hyper(0.1, 3)).assertPassed();
    P107LogRegHyperGrad.checkLoss(p, X, y, new Hyper(0.5, 2)).assertPassed();
  }
}
