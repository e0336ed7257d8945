package users;

import dev.flatgrad.annotations.Differentiable;

public class P90MathZoo {
  /** Math's functions in one expression tree, with constant-context floor/ceil/rint and signum */
  @Differentiable
  public static double zoo(double x, double y, double[] v) {
    double s = Math.hypot(x, y) + Math.atan2(y, x) + Math.pow(x, 3) + Math.pow(y, -2) + Math.pow(Math.abs(x) + 1, y);
    s += Math.cbrt(x * y) + Math.expm1(x / 4) + Math.log10(y * y + 1) + Math.log1p(x * x);
    s += Math.signum(x) * Math.abs(y) + Math.sinh(x / 3) * Math.cosh(y / 3) - Math.tanh(x * y);
    s += Math.asin(x / 3) + Math.acos(y / 4) + Math.atan(x * y) + Math.toDegrees(x) / 180 + Math.toRadians(y);
    int steps = (int) Math.ceil(Math.abs(x) * 3);
    double grid = Math.floor(y * 4) / 4 + Math.rint(x);
    for (int i = 0; i < steps; i++) s += v[i % v.length] * Math.sin(i + x);
    s += grid * x + Math.round(y * 10) * 0.001 * y;
    s += Math.max(x, y) * Math.min(v[0], v[1]) + Math.fma(x, y, v[2]) + Math.copySign(x, -1.0) + Math.scalb(y, 2);
    s += Math.sqrt(x * x + y * y + 1) + Math.exp(-x * x) + Math.log(y + 5) + Math.IEEEremainder(x * 10, 3) + Math.E;
    return s;
  }

  public static void main(String[] args) {
    P90MathZooGrad.checkZoo(0.73, -1.37, new double[] {0.2, -0.5, 0.9}).assertPassed();
    P90MathZooGrad.checkZoo(-1.21, 0.64, new double[] {0.2, -0.5, 0.9}).assertPassed();
  }
}
