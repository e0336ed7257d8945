package users;

import dev.flatgrad.annotations.Differentiable;

public class P72KalmanStep {
  /** 2-state constant-velocity Kalman filter, negative log-likelihood of the innovations */
  @Differentiable
  public static double nll(double[] z, double logQ, double logR, double dt) {
    double q = Math.exp(logQ), r = Math.exp(logR);
    double[] x = {z[0], 0.0};
    double[][] P = {{1, 0}, {0, 1}};
    double total = 0;
    for (int t = 1; t < z.length; t++) {
      // predict
      double[] xp = {x[0] + dt * x[1], x[1]};
      double[][] Pp = new double[2][2];
      Pp[0][0] = P[0][0] + dt * (P[1][0] + P[0][1]) + dt * dt * P[1][1] + q * dt * dt * dt / 3;
      Pp[0][1] = P[0][1] + dt * P[1][1] + q * dt * dt / 2;
      Pp[1][0] = Pp[0][1];
      Pp[1][1] = P[1][1] + q * dt;
      // update
      double S = Pp[0][0] + r;
      double innov = z[t] - xp[0];
      double[] K = {Pp[0][0] / S, Pp[1][0] / S};
      x = new double[] {xp[0] + K[0] * innov, xp[1] + K[1] * innov};
      double[][] Pn = new double[2][2];
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          Pn[i][j] = Pp[i][j] - K[i] * Pp[0][j];
      P = Pn;
      total += 0.5 * (Math.log(2 * Math.PI * S) + innov * innov / S);
    }
    return total;
  }

  public static void main(String[] args) {
    double[] z = {0.1, 0.35, 0.52, 0.9, 1.1, 1.45, 1.6};
    P72KalmanStepGrad.checkNll(z, -1.2, -0.7, 0.5).assertPassed();
  }
}
