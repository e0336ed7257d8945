package dev.flatgrad.processor.rules.templates;

/** Adjoint rules of Java's arithmetic operators on double. */
@SuppressWarnings("unused")
final class OperatorRules {

  private OperatorRules() {}

  @Rule("+")
  static void add(double a, double b, double out, double dout, double da, double db) {
    da = dout;
    db = dout;
  }

  @Rule("-")
  static void subtract(double a, double b, double out, double dout, double da, double db) {
    da = dout;
    db = -dout;
  }

  @Rule("*")
  static void multiply(double a, double b, double out, double dout, double da, double db) {
    da = dout * b;
    db = dout * a;
  }

  /** The denominator's share from the numerator's: one division for both, as by hand. */
  @Rule("/")
  static void divide(double a, double b, double out, double dout, double da, double db) {
    da = dout / b;
    db = -da * out;
  }

  @Rule("%")
  static void remainder(double a, double b, double out, double dout, double da, double db) {
    da = dout;
    db = -dout * (a - out) / b;
  }

  @Rule("neg")
  static void negate(double a, double out, double dout, double da) {
    da = -dout;
  }
}
