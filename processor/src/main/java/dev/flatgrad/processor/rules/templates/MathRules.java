package dev.flatgrad.processor.rules.templates;

/**
 * Adjoint rules of java.lang.Math. Non-smooth points take the usual subgradients: {@code abs}
 * has slope 0 at 0, {@code max} and {@code min} route the whole gradient to their first argument
 * on a tie.
 */
@SuppressWarnings("unused")
final class MathRules {

  private MathRules() {}

  @Rule("Math.exp")
  static void exp(double x, double out, double dout, double dx) {
    dx = dout * out;
  }

  @Rule("Math.log")
  static void log(double x, double out, double dout, double dx) {
    dx = dout / x;
  }

  @Rule("Math.log10")
  static void log10(double x, double out, double dout, double dx) {
    dx = dout / (x * Math.log(10.0));
  }

  @Rule("Math.log1p")
  static void log1p(double x, double out, double dout, double dx) {
    dx = dout / (1.0 + x);
  }

  @Rule("Math.expm1")
  static void expm1(double x, double out, double dout, double dx) {
    dx = dout * (out + 1.0);
  }

  @Rule("Math.sqrt")
  static void sqrt(double x, double out, double dout, double dx) {
    dx = dout / (2.0 * out);
  }

  @Rule("Math.cbrt")
  static void cbrt(double x, double out, double dout, double dx) {
    dx = dout / (3.0 * out * out);
  }

  /**
   * At the edges, as JAX and Enzyme: {@code a^0} is constant (slope 0 in {@code a}, also at
   * {@code a = 0}, where {@code b * a^(b-1)} is {@code 0 * inf}), and where {@code a^b} is 0
   * ({@code a = 0}, {@code b > 0}) it stays 0 as {@code b} moves (slope 0 in {@code b}, not
   * {@code 0 * log(0)}). For {@code a < 0} the slope in {@code b} is NaN: {@code a^b} is not real
   * for {@code b} near a whole number.
   */
  @Rule("Math.pow")
  static void pow(double a, double b, double out, double dout, double da, double db) {
    da = b == 0.0 ? 0.0 : dout * b * Math.pow(a, b - 1.0);
    db = out == 0.0 ? 0.0 : dout * out * Math.log(a);
  }

  @Rule("Math.sin")
  static void sin(double x, double out, double dout, double dx) {
    dx = dout * Math.cos(x);
  }

  @Rule("Math.cos")
  static void cos(double x, double out, double dout, double dx) {
    dx = -dout * Math.sin(x);
  }

  @Rule("Math.tan")
  static void tan(double x, double out, double dout, double dx) {
    dx = dout * (1.0 + out * out);
  }

  @Rule("Math.asin")
  static void asin(double x, double out, double dout, double dx) {
    dx = dout / Math.sqrt(1.0 - x * x);
  }

  @Rule("Math.acos")
  static void acos(double x, double out, double dout, double dx) {
    dx = -dout / Math.sqrt(1.0 - x * x);
  }

  @Rule("Math.atan")
  static void atan(double x, double out, double dout, double dx) {
    dx = dout / (1.0 + x * x);
  }

  @Rule("Math.atan2")
  static void atan2(double y, double x, double out, double dout, double dy, double dx) {
    double r2 = x * x + y * y;
    dy = dout * x / r2;
    dx = -dout * y / r2;
  }

  @Rule("Math.sinh")
  static void sinh(double x, double out, double dout, double dx) {
    dx = dout * Math.cosh(x);
  }

  @Rule("Math.cosh")
  static void cosh(double x, double out, double dout, double dx) {
    dx = dout * Math.sinh(x);
  }

  @Rule("Math.tanh")
  static void tanh(double x, double out, double dout, double dx) {
    dx = dout * (1.0 - out * out);
  }

  @Rule("Math.abs")
  static void abs(double x, double out, double dout, double dx) {
    dx = dout * Math.signum(x);
  }

  @Rule("Math.max")
  static void max(double a, double b, double out, double dout, double da, double db) {
    da = a >= b ? dout : 0.0;
    db = b > a ? dout : 0.0;
  }

  @Rule("Math.min")
  static void min(double a, double b, double out, double dout, double da, double db) {
    da = a <= b ? dout : 0.0;
    db = b < a ? dout : 0.0;
  }

  /** {@code a * b + c} rounded once: the slopes of the exact product and sum. */
  @Rule("Math.fma")
  static void fma(double a, double b, double c, double out, double dout, double da, double db, double dc) {
    da = dout * b;
    db = dout * a;
    dc = dout;
  }

  /** At the origin, where the norm has a kink, the subgradient 0 (as {@code abs'(0) = 0}). */
  @Rule("Math.hypot")
  static void hypot(double x, double y, double out, double dout, double dx, double dy) {
    dx = out == 0.0 ? 0.0 : dout * x / out;
    dy = out == 0.0 ? 0.0 : dout * y / out;
  }

  /** {@code |m|} with the sign of {@code s}: slope {@code ±1} in {@code m} (0 at 0, as {@code abs}), none in {@code s}. */
  @Rule("Math.copySign")
  static void copySign(double m, double s, double out, double dout, double dm) {
    dm = dout * Math.signum(m) * Math.copySign(1.0, s);
  }

  /** {@code a - n * b} with {@code n} the integer nearest {@code a / b}: the slopes of {@code %}. */
  @Rule("Math.IEEEremainder")
  static void ieeeRemainder(double a, double b, double out, double dout, double da, double db) {
    da = dout;
    db = -dout * (a - out) / b;
  }

  /** {@code x * 2^n}, exactly. */
  @Rule("Math.scalb")
  static void scalb(double x, int n, double out, double dout, double dx) {
    dx = Math.scalb(dout, n);
  }

  /** The neighbouring double: the value moves with {@code x}, slope 1. */
  @Rule("Math.nextUp")
  static void nextUp(double x, double out, double dout, double dx) {
    dx = dout;
  }

  @Rule("Math.nextDown")
  static void nextDown(double x, double out, double dout, double dx) {
    dx = dout;
  }

  @Rule("Math.toRadians")
  static void toRadians(double x, double out, double dout, double dx) {
    dx = dout * (Math.PI / 180.0);
  }

  @Rule("Math.toDegrees")
  static void toDegrees(double x, double out, double dout, double dx) {
    dx = dout * (180.0 / Math.PI);
  }

  @Rule("Math.floor")
  static void floor(double x, double out) {}

  @Rule("Math.ceil")
  static void ceil(double x, double out) {}

  @Rule("Math.rint")
  static void rint(double x, double out) {}

  @Rule("Math.signum")
  static void signum(double x, double out) {}

  @Rule("Math.ulp")
  static void ulp(double x, double out) {}

  // Integer overloads and integer-valued functions: their values never carry a gradient.

  @Rule("Math.round")
  static void round(double x, long out) {}

  @Rule("Math.abs")
  static void absInt(int x, int out) {}

  @Rule("Math.abs")
  static void absLong(long x, long out) {}

  @Rule("Math.max")
  static void maxInt(int a, int b, int out) {}

  @Rule("Math.max")
  static void maxLong(long a, long b, long out) {}

  @Rule("Math.min")
  static void minInt(int a, int b, int out) {}

  @Rule("Math.min")
  static void minLong(long a, long b, long out) {}

  @Rule("Math.floorDiv")
  static void floorDiv(int a, int b, int out) {}

  @Rule("Math.floorMod")
  static void floorMod(int a, int b, int out) {}
}
