package users;

import dev.flatgrad.annotations.Differentiable;

public class P65AdaptiveOde {
  /** logistic growth by Heun's method, step clipped at the end, step grows by 1.5 each time */
  @Differentiable
  public static double grow(double y0, double r, double K, double T) {
    double t = 0, h = 0.05, y = y0;
    while (t < T) {
      h = Math.min(h, T - t);
      double k1 = r * y * (1 - y / K);
      double yp = y + h * k1;
      double k2 = r * yp * (1 - yp / K);
      y += 0.5 * h * (k1 + k2);
      t += h;
      h *= 1.5;
    }
    return y;
  }

  /** damped oscillator, step count chosen from T (a step in the value where T / 0.01 is whole: checked off those), state in an array */
  @Differentiable
  public static double oscillator(double[] s0, double zeta, double w, double T) {
    double[] s = s0.clone();
    int steps = (int) Math.ceil(T / 0.01);
    double h = T / steps;
    for (int i = 0; i < steps; i++) {
      double x = s[0], v = s[1];
      double ax = -2 * zeta * w * v - w * w * x;
      s[1] = v + h * ax;
      s[0] = x + h * s[1];
    }
    return s[0] * s[0] + s[1] * s[1];
  }

  public static void main(String[] args) {
    P65AdaptiveOdeGrad.checkGrow(0.1, 1.3, 2.0, 3.0).assertPassed();
    P65AdaptiveOdeGrad.checkOscillator(new double[] {1, 0}, 0.1, 2.0, 1.005).assertPassed();
  }
}
