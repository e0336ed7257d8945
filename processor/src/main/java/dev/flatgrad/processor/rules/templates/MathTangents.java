package dev.flatgrad.processor.rules.templates;

/**
 * Tangent rules of java.lang.Math, with the subgradients of the adjoint rules: {@code abs} has
 * slope 0 at 0, {@code max} and {@code min} follow their first argument on a tie.
 */
@SuppressWarnings("unused")
final class MathTangents {

  private MathTangents() {}

  @Tangent("Math.exp")
  static double exp(double x, double out, double xDot) {
    return out * xDot;
  }

  @Tangent("Math.log")
  static double log(double x, double out, double xDot) {
    return xDot / x;
  }

  @Tangent("Math.log10")
  static double log10(double x, double out, double xDot) {
    return xDot / (x * Math.log(10.0));
  }

  @Tangent("Math.log1p")
  static double log1p(double x, double out, double xDot) {
    return xDot / (1.0 + x);
  }

  @Tangent("Math.expm1")
  static double expm1(double x, double out, double xDot) {
    return (out + 1.0) * xDot;
  }

  @Tangent("Math.sqrt")
  static double sqrt(double x, double out, double xDot) {
    return xDot / (2.0 * out);
  }

  @Tangent("Math.cbrt")
  static double cbrt(double x, double out, double xDot) {
    return xDot / (3.0 * out * out);
  }

  /** At the edges, as the adjoint rule: slope 0 in {@code a} where {@code b} is 0, in {@code b} where the value is 0. */
  @Tangent("Math.pow")
  static double pow(double a, double b, double out, double aDot, double bDot) {
    return (b == 0.0 ? 0.0 : b * Math.pow(a, b - 1.0) * aDot) + (out == 0.0 ? 0.0 : out * Math.log(a) * bDot);
  }

  @Tangent("Math.sin")
  static double sin(double x, double out, double xDot) {
    return Math.cos(x) * xDot;
  }

  @Tangent("Math.cos")
  static double cos(double x, double out, double xDot) {
    return -Math.sin(x) * xDot;
  }

  @Tangent("Math.tan")
  static double tan(double x, double out, double xDot) {
    return (1.0 + out * out) * xDot;
  }

  @Tangent("Math.asin")
  static double asin(double x, double out, double xDot) {
    return xDot / Math.sqrt(1.0 - x * x);
  }

  @Tangent("Math.acos")
  static double acos(double x, double out, double xDot) {
    return -xDot / Math.sqrt(1.0 - x * x);
  }

  @Tangent("Math.atan")
  static double atan(double x, double out, double xDot) {
    return xDot / (1.0 + x * x);
  }

  @Tangent("Math.atan2")
  static double atan2(double y, double x, double out, double yDot, double xDot) {
    return (x * yDot - y * xDot) / (x * x + y * y);
  }

  @Tangent("Math.sinh")
  static double sinh(double x, double out, double xDot) {
    return Math.cosh(x) * xDot;
  }

  @Tangent("Math.cosh")
  static double cosh(double x, double out, double xDot) {
    return Math.sinh(x) * xDot;
  }

  @Tangent("Math.tanh")
  static double tanh(double x, double out, double xDot) {
    return (1.0 - out * out) * xDot;
  }

  @Tangent("Math.abs")
  static double abs(double x, double out, double xDot) {
    return Math.signum(x) * xDot;
  }

  @Tangent("Math.max")
  static double max(double a, double b, double out, double aDot, double bDot) {
    return a >= b ? aDot : bDot;
  }

  @Tangent("Math.min")
  static double min(double a, double b, double out, double aDot, double bDot) {
    return a <= b ? aDot : bDot;
  }

  @Tangent("Math.fma")
  static double fma(double a, double b, double c, double out, double aDot, double bDot, double cDot) {
    return aDot * b + a * bDot + cDot;
  }

  /** At the origin, as the adjoint rule: slope 0. */
  @Tangent("Math.hypot")
  static double hypot(double x, double y, double out, double xDot, double yDot) {
    return out == 0.0 ? 0.0 : (x * xDot + y * yDot) / out;
  }

  @Tangent("Math.copySign")
  static double copySign(double m, double s, double out, double mDot) { // no slope in s
    return Math.signum(m) * Math.copySign(1.0, s) * mDot;
  }

  @Tangent("Math.IEEEremainder")
  static double ieeeRemainder(double a, double b, double out, double aDot, double bDot) {
    return aDot - (a - out) / b * bDot;
  }

  @Tangent("Math.scalb")
  static double scalb(double x, int n, double out, double xDot) {
    return Math.scalb(xDot, n);
  }

  @Tangent("Math.nextUp")
  static double nextUp(double x, double out, double xDot) {
    return xDot;
  }

  @Tangent("Math.nextDown")
  static double nextDown(double x, double out, double xDot) {
    return xDot;
  }

  @Tangent("Math.toRadians")
  static double toRadians(double x, double out, double xDot) {
    return Math.PI / 180.0 * xDot;
  }

  @Tangent("Math.toDegrees")
  static double toDegrees(double x, double out, double xDot) {
    return 180.0 / Math.PI * xDot;
  }
}
