package users;

import dev.flatgrad.annotations.Differentiable;

public class P31NBody {
  /** 2-D n-body with softening: positions as pos[i][0..1], velocity Verlet */
  @Differentiable
  public static double nbody(double[][] pos0, double[] mass, double dt, int steps) {
    final int n = pos0.length;
    double[][] pos = new double[n][2];
    for (int i = 0; i < n; i++) pos[i] = pos0[i].clone();
    double[][] vel = new double[n][2];
    double[][] acc = new double[n][2];
    for (int s = 0; s < steps; s++) {
      for (double[] a : acc) java.util.Arrays.fill(a, 0.0);
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          double dx = pos[j][0] - pos[i][0];
          double dy = pos[j][1] - pos[i][1];
          double r2 = dx * dx + dy * dy + 0.01;
          double inv = 1 / (r2 * Math.sqrt(r2));
          acc[i][0] += mass[j] * dx * inv;
          acc[i][1] += mass[j] * dy * inv;
          acc[j][0] -= mass[i] * dx * inv;
          acc[j][1] -= mass[i] * dy * inv;
        }
      }
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < 2; d++) {
          vel[i][d] += dt * acc[i][d];
          pos[i][d] += dt * vel[i][d];
        }
      }
    }
    double com = 0;
    for (int i = 0; i < n; i++) com += mass[i] * (pos[i][0] + 2 * pos[i][1]);
    return com;
  }

  public static void main(String[] args) {
    P31NBodyGrad.checkNbody(new double[][] {{0, 0}, {1, 0.2}, {-0.5, 1}}, new double[] {1, 0.5, 0.8}, 0.01, 15).assertPassed();
  }
}
