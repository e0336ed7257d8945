package dev.flatgrad.examples;

import java.util.Locale;
import java.util.StringJoiner;

/** Short text for numbers and arrays: whole arrays when small, a glimpse and a shape when not. */
public final class Show {
  /** Entries of a vector shown in full; longer vectors show their first few. */
  static final int MAX_ENTRIES = 8;
  /** Rows of a matrix shown before eliding. */
  static final int MAX_ROWS = 2;
  /** Columns of each shown row before eliding. */
  static final int MAX_COLS = 3;

  private Show() {}

  /** A value, a {@code double[]}, a {@code double[][]} or a {@code double[][][]}. */
  static String value(Object x) {
    if (x instanceof double[][][] s) {
      return stack(s);
    }
    if (x instanceof Double d) {
      return number(d);
    }
    if (x instanceof double[] v) {
      return vector(v);
    }
    if (x instanceof double[][] m) {
      return matrix(m);
    }
    return String.valueOf(x);
  }

  /** {@code -4}, {@code 0.731059}, {@code 1.5e-12}: six significant digits, no trailing zeros. */
  public static String number(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.toString(x);
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e9) {
      return Long.toString((long) x);
    }
    return trim(String.format(Locale.ROOT, "%.6g", x));
  }

  /** A number with three significant digits, for glimpses of large arrays. */
  static String shortNumber(double x) {
    if (x == 0) {
      return "0";
    }
    return trim(String.format(Locale.ROOT, "%.3g", x));
  }

  private static String trim(String s) {
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    String exponent = e < 0 ? "" : s.substring(e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + exponent;
  }

  static String vector(double[] v) {
    if (v.length <= MAX_ENTRIES) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (double x : v) {
        j.add(number(x));
      }
      return j.toString();
    }
    return "double[" + v.length + "] " + glimpse(v) + "  max |.| " + shortNumber(maxAbs(v));
  }

  static String matrix(double[][] m) {
    int cols = m.length == 0 ? 0 : m[0].length;
    boolean ragged = false;
    for (double[] row : m) {
      ragged |= row.length != cols;
    }
    if (ragged) {
      // Vectors of different lengths, such as the biases of a net's layers.
      StringJoiner j = new StringJoiner(", ", "[", "]");
      double max = 0;
      for (double[] row : m) {
        j.add("double[" + row.length + "]");
        max = Math.max(max, maxAbs(row));
      }
      return m.length + " vectors " + j + "  max |.| " + shortNumber(max);
    }
    if (m.length <= MAX_ROWS + 1 && cols <= MAX_COLS + 1) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (double[] row : m) {
        j.add(vector(row));
      }
      return j.toString();
    }
    StringJoiner j = new StringJoiner(", ", "[", m.length > MAX_ROWS ? ", ...]" : "]");
    double max = 0;
    for (int i = 0; i < m.length; i++) {
      if (i < MAX_ROWS) {
        j.add(glimpse(m[i]));
      }
      max = Math.max(max, maxAbs(m[i]));
    }
    return "double[" + m.length + "][" + cols + "] " + j + "  max |.| " + shortNumber(max);
  }

  /** A stack of matrices, such as the weights of a net's layers: their shapes and largest entry. */
  static String stack(double[][][] s) {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    double max = 0;
    for (double[][] m : s) {
      j.add("double[" + m.length + "][" + (m.length == 0 ? 0 : m[0].length) + "]");
      for (double[] row : m) {
        max = Math.max(max, maxAbs(row));
      }
    }
    return s.length + " matrices " + j + "  max |.| " + shortNumber(max);
  }

  private static String glimpse(double[] v) {
    StringJoiner j = new StringJoiner(", ", "[", v.length > MAX_COLS ? ", ...]" : "]");
    for (int i = 0; i < Math.min(v.length, MAX_COLS); i++) {
      j.add(shortNumber(v[i]));
    }
    return j.toString();
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
