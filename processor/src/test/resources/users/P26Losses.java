package users;

import dev.flatgrad.annotations.Differentiable;

public class P26Losses {
  @Differentiable(tangent = true, hessian = true)
  public static double huber(double[] pred, double[] target, double delta) {
    double loss = 0.0;
    for (int i = 0; i < pred.length; i++) {
      double r = pred[i] - target[i];
      double a = Math.abs(r);
      loss += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }
    return loss / pred.length;
  }

  @Differentiable
  public static double pinball(double[] pred, double[] y, double tau) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double u = y[i] - pred[i];
      sum += u >= 0 ? tau * u : (tau - 1) * u;
    }
    return sum;
  }

  @Differentiable
  public static double poissonNll(double[] beta, double[][] X, int[] counts) {
    double nll = 0;
    for (int i = 0; i < X.length; i++) {
      double eta = 0;
      for (int j = 0; j < beta.length; j++) eta += X[i][j] * beta[j];
      double lambda = Math.exp(eta);
      nll += lambda - counts[i] * eta;
    }
    return nll;
  }

  @Differentiable
  public static double cosineSim(double[] a, double[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb) + 1e-12);
  }

  public static void main(String[] args) {
    double[] p = {0.5, 2.0, -1.0, 0.1}, t = {0.3, 0.2, -0.5, 1.5};
    P26LossesGrad.checkHuber(p, t, 1.0).assertPassed();
    P26LossesGrad.checkHuberTangent(p, t, 1.0, new double[] {1, 2, 3, 4}, new double[] {0.5, 0, 0, 1}, 0.1).assertPassed();
    P26LossesGrad.checkHuberHvp(p, t, 1.0, new double[] {1, 2, 3, 4}, new double[] {0.5, 0, 0, 1}, 0.1).assertPassed();
    P26LossesGrad.checkPinball(p, t, 0.3).assertPassed();
    P26LossesGrad.checkPoissonNll(new double[] {0.1, -0.2}, new double[][] {{1, 0.5}, {1, -1}, {1, 2}}, new int[] {1, 0, 3}).assertPassed();
    P26LossesGrad.checkCosineSim(p, t).assertPassed();
  }
}
