package users;

import dev.flatgrad.annotations.Differentiable;

public class P16Names {
  /** gradient descent inner loop: locals named grad, dx, dw, delta, dout, out, value */
  @Differentiable
  public static double unrolledGd(double[] theta, double lr, int steps) {
    double[] w = theta.clone();
    double[] grad = new double[w.length];
    double out = 0;
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < w.length; i++) {
        double dw = 2 * (w[i] - 1.0) + 0.1 * Math.sin(w[i]);
        grad[i] = dw;
      }
      for (int i = 0; i < w.length; i++) w[i] -= lr * grad[i];
    }
    for (double wi : w) {
      double dx = wi - 1.0;
      double dout = dx * dx;
      out += dout;
    }
    return out;
  }

  /** params named dx and dtheta, and a local named value */
  @Differentiable
  public static double f(double dx, double x, double[] dtheta, double[] theta) {
    double value = 0;
    double d = dx * x;
    for (int i = 0; i < theta.length; i++) {
      double dTheta = dtheta[i] * theta[i];
      value += dTheta * d;
    }
    double xDot = value * 2;
    double grad = xDot + d;
    return grad * grad;
  }

  @Differentiable(tangent = true, hessian = true)
  public static double g(double x, double xDot, double dx) {
    double dxDot = x * xDot + dx;
    return dxDot * Math.exp(x);
  }

  public static void main(String[] args) {
    P16NamesGrad.checkUnrolledGd(new double[] {0.3, 2.0, -1.0}, 0.1, 5).assertPassed();
    P16NamesGrad.checkF(0.3, 1.2, new double[] {0.5, -0.3}, new double[] {1.1, 0.9}).assertPassed();
    P16NamesGrad.checkG(0.3, 1.2, 0.7).assertPassed();
    P16NamesGrad.checkGTangent(0.3, 1.2, 0.7, 0.1, 0.2, 0.3).assertPassed();
    P16NamesGrad.checkGHvp(0.3, 1.2, 0.7, 0.1, 0.2, 0.3).assertPassed();
  }
}
