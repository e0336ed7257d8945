package dev.flatgrad.processor.ir;

/**
 * The Java text of a literal {@link Expr.Const} (a named one is printed as its field by each
 * printer): its sign from the value, its magnitude as the user spelled it or else as its value
 * and type give it ({@code 2.0}, {@code 0.001}, {@code 3}, {@code true}, {@code null}).
 */
public final class Literals {

  private Literals() {}

  public static String text(Expr.Const c) {
    if (c.spelling() instanceof Expr.Const.Named n) {
      throw new IllegalArgumentException("a named constant has no literal text: " + n);
    }
    if (c.type().isObject() && c.spelling() instanceof Expr.Const.Written w) {
      return w.digits(); // a string literal, quoted as written
    }
    if (!c.type().isNumeric()) {
      return c.type().isReference() ? "null" : Boolean.toString(c.value() != 0);
    }
    String magnitude =
        c.spelling() instanceof Expr.Const.Written w ? w.digits() : magnitude(c.type(), c.value());
    return printsMinus(c) ? "-" + magnitude : magnitude;
  }

  /**
   * Whether the literal's text starts with a minus: a negative value, unless the user's digits
   * already say so ({@code 0x9E3779B97F4A7C15L} and {@code 0xFFFFFFFF} are negative as written: a
   * minus before them would change the number).
   */
  public static boolean printsMinus(Expr.Const c) {
    boolean digitsNegative = c.spelling() instanceof Expr.Const.Written w && negativeAsWritten(c.type(), w.digits());
    return c.isNegative() != digitsNegative;
  }

  /** A hexadecimal, octal or binary int or long literal with its sign bit set. */
  private static boolean negativeAsWritten(Type t, String digits) {
    if (!t.equals(Type.INT) && !t.equals(Type.LONG)) {
      return false;
    }
    String d = digits.replace("_", "").replaceFirst("[lL]$", "").toLowerCase(java.util.Locale.ROOT);
    int radix = d.startsWith("0x") ? 16 : d.startsWith("0b") ? 2 : d.length() > 1 && d.startsWith("0") ? 8 : 10;
    if (radix == 10) {
      return false;
    }
    long bits = Long.parseUnsignedLong(d.substring(radix == 8 ? 1 : 2), radix);
    return t.equals(Type.LONG) ? bits < 0 : (int) bits < 0;
  }

  /** The magnitude of {@code value} as a literal of type {@code t}: 2.0 for a whole double, 3 for an int. */
  static String magnitude(Type t, double value) {
    if (t.equals(Type.CHAR)) {
      return charLiteral((char) value);
    }
    double v = Math.abs(value);
    if (!t.equals(Type.DOUBLE)) {
      return Long.toString((long) v);
    }
    if (v == Math.rint(v) && v < 1e15) {
      return (long) v + ".0";
    }
    return Double.toString(v);
  }

  /** A char as a Java literal: printable ASCII as itself, in quotes, the escapes Java names, else a unicode escape. */
  private static String charLiteral(char c) {
    String escaped = switch (c) {
      case '\b' -> "\\b";
      case '\t' -> "\\t";
      case '\n' -> "\\n";
      case '\f' -> "\\f";
      case '\r' -> "\\r";
      case '\'' -> "\\'";
      case '\\' -> "\\\\";
      default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    };
    return "'" + escaped + "'";
  }
}
