package users;

import dev.flatgrad.annotations.Differentiable;

public class P108Rk4State {
  /** a damped driven oscillator's parameters */
  public record Osc(double k, double c, double force) {
    double accel(double x, double v, double t) {
      return -k * x - c * v + force * Math.cos(t);
    }
  }

  public record State(double x, double v) {}

  static double[] deriv(Osc p, double[] s, double t) {
    return new double[] {s[1], p.accel(s[0], s[1], t)};
  }

  static double[] axpy(double a, double[] x, double[] y) {
    double[] r = new double[y.length];
    for (int i = 0; i < y.length; i++) r[i] = y[i] + a * x[i];
    return r;
  }

  /** classical RK4 on the state [x, v]; returns x at the end plus the energy */
  @Differentiable(wrt = {"p", "s0"})
  public static double simulate(Osc p, State s0, double dt, int steps) {
    double[] s = {s0.x(), s0.v()};
    double t = 0;
    for (int n = 0; n < steps; n++) {
      double[] k1 = deriv(p, s, t);
      double[] k2 = deriv(p, axpy(dt / 2, k1, s), t + dt / 2);
      double[] k3 = deriv(p, axpy(dt / 2, k2, s), t + dt / 2);
      double[] k4 = deriv(p, axpy(dt, k3, s), t + dt);
      for (int i = 0; i < 2; i++) s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      t += dt;
    }
    return s[0] + 0.5 * (s[1] * s[1] + p.k() * s[0] * s[0]);
  }

  public static void main(String[] args) {
    P108Rk4StateGrad.checkSimulate(new Osc(2.0, 0.3, 0.5), new State(1.0, -0.2), 0.05, 40).assertPassed();
  }
}
