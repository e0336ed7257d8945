package users;

import dev.flatgrad.annotations.Differentiable;

public class P08Kalman {
  /** 2-state constant-velocity Kalman filter, negative log-likelihood of observations */
  @Differentiable
  public static double nll(double[] obs, double q, double r, double dt) {
    double[][] F = {{1, dt}, {0, 1}};
    double[][] P = {{1, 0}, {0, 1}};
    double[] x = {obs[0], 0};
    double nll = 0;
    for (int t = 1; t < obs.length; t++) {
      // predict
      double[] xp = new double[2];
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          xp[i] += F[i][j] * x[j];
      double[][] FP = new double[2][2];
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          for (int k = 0; k < 2; k++)
            FP[i][j] += F[i][k] * P[k][j];
      double[][] Pp = new double[2][2];
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
          for (int k = 0; k < 2; k++) Pp[i][j] += FP[i][k] * F[j][k];
          if (i == j) Pp[i][j] += q;
        }
      // update, H = [1 0]
      double S = Pp[0][0] + r;
      double innov = obs[t] - xp[0];
      double[] K = {Pp[0][0] / S, Pp[1][0] / S};
      x[0] = xp[0] + K[0] * innov;
      x[1] = xp[1] + K[1] * innov;
      double[][] Pn = new double[2][2];
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          Pn[i][j] = Pp[i][j] - K[i] * Pp[0][j];
      P = Pn;
      nll += 0.5 * (Math.log(2 * Math.PI * S) + innov * innov / S);
    }
    return nll;
  }

  public static void main(String[] args) {
    P08KalmanGrad.checkNll(new double[] {0.1, 0.5, 0.8, 1.6, 2.1, 2.4, 3.3}, 0.05, 0.2, 0.5).assertPassed();
  }
}
