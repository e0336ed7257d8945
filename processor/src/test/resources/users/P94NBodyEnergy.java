package users;

import dev.flatgrad.annotations.Differentiable;

public class P94NBodyEnergy {
  static double[][] accel(double[][] pos, double[] mass, double soft) {
    int n = pos.length;
    double[][] acc = new double[n][3];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) continue;
        double dx = pos[j][0] - pos[i][0], dy = pos[j][1] - pos[i][1], dz = pos[j][2] - pos[i][2];
        double r2 = dx * dx + dy * dy + dz * dz + soft * soft;
        double inv = mass[j] / (r2 * Math.sqrt(r2));
        acc[i][0] += dx * inv;
        acc[i][1] += dy * inv;
        acc[i][2] += dz * inv;
      }
    }
    return acc;
  }

  /** leapfrog on 3D bodies with a helper returning a matrix; total energy drift */
  @Differentiable
  public static double drift(double[][] pos0, double[][] vel0, double[] mass, double dt, int steps) {
    int n = pos0.length;
    double[][] x = new double[n][], v = new double[n][];
    for (int i = 0; i < n; i++) { x[i] = pos0[i].clone(); v[i] = vel0[i].clone(); }
    double[][] a = accel(x, mass, 0.1);
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) v[i][d] += 0.5 * dt * a[i][d];
      for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) x[i][d] += dt * v[i][d];
      a = accel(x, mass, 0.1);
      for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) v[i][d] += 0.5 * dt * a[i][d];
    }
    double kin = 0, pot = 0;
    for (int i = 0; i < n; i++) {
      kin += 0.5 * mass[i] * (v[i][0] * v[i][0] + v[i][1] * v[i][1] + v[i][2] * v[i][2]);
      for (int j = i + 1; j < n; j++) {
        double dx = x[j][0] - x[i][0], dy = x[j][1] - x[i][1], dz = x[j][2] - x[i][2];
        pot -= mass[i] * mass[j] / Math.sqrt(dx * dx + dy * dy + dz * dz + 0.01);
      }
    }
    return kin + pot;
  }

  public static void main(String[] args) {
    double[][] p = {{0, 0, 0}, {1, 0, 0.1}, {0, 1.2, -0.1}};
    double[][] v = {{0, 0, 0}, {0, 0.8, 0}, {-0.7, 0, 0.05}};
    P94NBodyEnergyGrad.checkDrift(p, v, new double[] {1.0, 0.1, 0.05}, 0.01, 15).assertPassed();
  }
}
