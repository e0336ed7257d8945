package users;

import dev.flatgrad.annotations.Differentiable;

public class P71Leapfrog {
  static final int DIM = 2;

  private static double[] force(double[] q, double k, double eps) {
    double[] f = new double[q.length];
    int n = q.length / DIM;
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double dx = q[DIM * b] - q[DIM * a];
        double dy = q[DIM * b + 1] - q[DIM * a + 1];
        double r = Math.hypot(dx, dy);
        double mag = k / (r * r + eps);
        f[DIM * a] += mag * dx / r;
        f[DIM * a + 1] += mag * dy / r;
        f[DIM * b] -= mag * dx / r;
        f[DIM * b + 1] -= mag * dy / r;
      }
    }
    return f;
  }

  /** velocity Verlet (kick-drift-kick) on a flat state, energy at the end */
  @Differentiable
  public static double flight(double[] q0, double[] p0, double k, double dt, int steps) {
    double[] q = q0.clone(), p = p0.clone();
    final double half = 0.5 * dt;
    double[] f = force(q, k, 1e-2);
    for (int s = 0; s < steps; ++s) {
      for (int i = 0; i < p.length; i++) p[i] += half * f[i];
      for (int i = 0; i < q.length; i++) q[i] += dt * p[i];
      f = force(q, k, 1e-2);
      for (int i = 0; i < p.length; i++) p[i] += half * f[i];
    }
    double kin = 0;
    for (double v : p) kin += v * v / 2;
    return kin + Math.cbrt(q[0] * q[0] + 1);
  }

  public static void main(String[] args) {
    double[] q = {0, 0, 1, 0.2, -0.3, 1.1};
    double[] p = {0.1, 0, -0.1, 0.05, 0, -0.05};
    P71LeapfrogGrad.checkFlight(q, p, 0.7, 0.02, 25).assertPassed();
  }
}
