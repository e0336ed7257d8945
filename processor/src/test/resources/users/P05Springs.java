package users;

import dev.flatgrad.annotations.Differentiable;

public class P05Springs {
  /** chain of masses connected by springs, semi-implicit Euler, energy at the end */
  @Differentiable
  public static double chain(double[] k, double[] x0, double dt, int steps) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] v = new double[n];
    for (int step = 0; step < steps; ++step) {
      double[] f = new double[n];
      for (int i = 0; i < n - 1; ++i) {
        double stretch = x[i + 1] - x[i] - 1.0;
        f[i] += k[i] * stretch;
        f[i + 1] -= k[i] * stretch;
      }
      f[0] -= 10.0 * x[0]; // anchored
      for (int i = 0; i < n; ++i) {
        v[i] += dt * f[i];
        v[i] *= 0.99;
        x[i] += dt * v[i];
      }
    }
    double e = 0;
    for (double xi : x) e += xi * xi;
    return e;
  }

  /** leapfrog with swapped buffers */
  @Differentiable
  public static double leapfrog(double[] q0, double omega, int steps) {
    int n = q0.length;
    double[] a = q0.clone();
    double[] b = new double[n];
    double h = 0.05;
    for (int i = 0; i < n; i++) b[i] = a[i] * (1 - 0.5 * h * h * omega * omega);
    for (int s = 0; s < steps; s++) {
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        c[i] = 2 * b[i] - a[i] - h * h * omega * omega * Math.sin(b[i]);
      }
      double[] tmp = a;
      a = b;
      b = c;

    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += b[i] * a[i];
    return sum;
  }

  public static void main(String[] args) {
    P05SpringsGrad.checkChain(new double[] {3, 4, 5}, new double[] {0.1, 1.3, 2.2, 3.5}, 0.01, 30).assertPassed();
    P05SpringsGrad.checkLeapfrog(new double[] {0.3, -0.2, 0.5}, 1.3, 20).assertPassed();
  }
}
