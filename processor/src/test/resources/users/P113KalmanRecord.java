package users;

import dev.flatgrad.annotations.Differentiable;

public class P113KalmanRecord {
  /** a 2-state linear-Gaussian model: transition F, process noise diag q, observation of the first state with variance r */
  public record Model(double[][] F, double[] q, double r) {
    double[] predict(double[] m) {
      return Mat.mul(F, m);
    }

    double[][] predictCov(double[][] P) {
      double[][] out = Mat.mul(Mat.mul(F, P), Mat.transpose(F));
      for (int i = 0; i < 2; i++) out[i][i] += q[i] * q[i];
      return out;
    }
  }

  static final class Mat {
    static double[] mul(double[][] A, double[] v) {
      double[] out = new double[A.length];
      for (int i = 0; i < A.length; i++) for (int j = 0; j < v.length; j++) out[i] += A[i][j] * v[j];
      return out;
    }

    static double[][] mul(double[][] A, double[][] B) {
      double[][] C = new double[A.length][B[0].length];
      for (int i = 0; i < A.length; i++)
        for (int k = 0; k < B.length; k++)
          for (int j = 0; j < B[0].length; j++) C[i][j] += A[i][k] * B[k][j];
      return C;
    }

    static double[][] transpose(double[][] A) {
      double[][] T = new double[A[0].length][A.length];
      for (int i = 0; i < A.length; i++) for (int j = 0; j < A[0].length; j++) T[j][i] = A[i][j];
      return T;
    }
  }

  /** the log-likelihood of the observations; a NaN observation is missing (predict only) */
  @Differentiable
  public static double logLik(Model model, double[] ys) {
    double[] m = {0, 0};
    double[][] P = {{1, 0}, {0, 1}};
    double ll = 0;
    for (double y : ys) {
      m = model.predict(m);
      P = model.predictCov(P);
      if (Double.isNaN(y)) continue;
      double s = P[0][0] + model.r() * model.r();
      double e = y - m[0];
      ll += -0.5 * (Math.log(2 * Math.PI * s) + e * e / s);
      double k0 = P[0][0] / s, k1 = P[1][0] / s;
      m = new double[] {m[0] + k0 * e, m[1] + k1 * e};
      double p00 = P[0][0], p01 = P[0][1];
      P = new double[][] {{p00 - k0 * p00, p01 - k0 * p01}, {P[1][0] - k1 * p00, P[1][1] - k1 * p01}};
    }
    return ll;
  }

  public static void main(String[] args) {
    var model = new Model(new double[][] {{1, 0.1}, {0, 0.95}}, new double[] {0.2, 0.1}, 0.5);
    P113KalmanRecordGrad.checkLogLik(model, new double[] {0.3, 0.5, Double.NaN, 0.9, 1.4, 1.2}).assertPassed();
  }
}
