package users;

import dev.flatgrad.annotations.Differentiable;

public class P52Names2 {
  /** collisions with generated names: locals named out, value, dout, tape, stack, i2, sum, prod */
  @Differentiable
  public static double collide(double[] x, double dout) {
    double out = 0;
    double prod = 1;
    double sum = 0;
    int i2 = 0;
    double[] tape = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      tape[i] = Math.exp(x[i] * dout);
      prod *= tape[i];
      sum += prod;
      i2 += i;
    }
    double value = sum / (1 + i2);
    out = value * prod;
    double dx = out;
    return dx + Math.sin(dout) * sum;
  }

  @Differentiable
  public static double[] layer(double[] x, double[] dout) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = x[i] * dout[i] + Math.tanh(x[i]);
    return out;
  }

  @Differentiable
  public static double grads(double[] grad, double[] dgrad) {
    double s = 0;
    for (int i = 0; i < grad.length; i++) s += grad[i] * dgrad[i] * grad[i];
    return s;
  }

  public static void main(String[] args) {
    double[] x = {0.5, -0.3, 0.8};
    P52Names2Grad.checkCollide(x, 0.7).assertPassed();
    P52Names2Grad.checkLayer(x, new double[] {1, 2, 3}, new double[] {0.5, 0.1, -0.2}).assertPassed();
    P52Names2Grad.checkGrads(x, new double[] {1, 2, 3}).assertPassed();
  }
}
