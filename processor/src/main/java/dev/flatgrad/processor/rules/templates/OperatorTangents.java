package dev.flatgrad.processor.rules.templates;

/** Tangent rules of Java's arithmetic operators on double. */
@SuppressWarnings("unused")
final class OperatorTangents {

  private OperatorTangents() {}

  @Tangent("+")
  static double add(double a, double b, double out, double aDot, double bDot) {
    return aDot + bDot;
  }

  @Tangent("-")
  static double subtract(double a, double b, double out, double aDot, double bDot) {
    return aDot - bDot;
  }

  @Tangent("*")
  static double multiply(double a, double b, double out, double aDot, double bDot) {
    return aDot * b + a * bDot;
  }

  @Tangent("/")
  static double divide(double a, double b, double out, double aDot, double bDot) {
    return (aDot - out * bDot) / b;
  }

  @Tangent("%")
  static double remainder(double a, double b, double out, double aDot, double bDot) {
    return aDot - (a - out) / b * bDot;
  }

  @Tangent("neg")
  static double negate(double a, double out, double aDot) {
    return -aDot;
  }
}
