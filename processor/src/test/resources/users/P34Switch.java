package users;

import dev.flatgrad.annotations.Differentiable;

public class P34Switch {
  /** activation chosen per layer by an int code, old-style switch with return */
  static double activate(double z, int kind) {
    switch (kind) {
      case 0: return z;
      case 1: return Math.max(0, z);
      case 2: return Math.tanh(z);
      case 3:
      case 4: return 1 / (1 + Math.exp(-z));
      default: throw new IllegalArgumentException("unknown activation " + kind);
    }
  }

  @Differentiable
  public static double net(double[] x, double[] w, int[] kinds) {
    double h = 0;
    for (int l = 0; l < kinds.length; l++) {
      h = activate(w[l] * (l == 0 ? x[0] : h) + x[l % x.length], kinds[l]);
    }
    return h;
  }

  @Differentiable
  public static double yields(double x, int k) {
    double r = switch (k) {
      case 0 -> x * x;
      case 1 -> {
        double t = Math.sin(x);
        yield t * t;
      }
      default -> {
        if (x > 0) {
          yield Math.sqrt(x);
        } else {
          yield -x;
        }
      }
    };
    return r;
  }

  public static void main(String[] args) {
    P34SwitchGrad.checkNet(new double[] {0.5, -0.3, 1.2}, new double[] {1.1, 0.7, -0.9, 1.5, 0.3}, new int[] {2, 1, 3, 0, 4}).assertPassed();
    for (int k = 0; k < 3; k++) P34SwitchGrad.checkYields(0.7, k).assertPassed();
  }
}
