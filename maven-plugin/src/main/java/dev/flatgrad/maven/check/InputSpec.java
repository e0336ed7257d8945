package dev.flatgrad.maven.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code @CheckInputs} entry, {@code name: spec}, read but not yet matched to a parameter.
 * The language is documented on {@code dev.flatgrad.annotations.CheckInputs}; this class is its
 * reader, and says where an entry stops making sense.
 *
 * @param name the parameter it declares
 * @param spec what to give it
 * @param text the entry as written, for messages
 */
record InputSpec(String name, Spec spec, String text) {

  /** What an entry asks for. */
  sealed interface Spec permits Literal, Draw {}

  /**
   * A value written out: a number or boolean, or a nested array of them.
   *
   * @param value a {@link Double} (with {@code integral} telling whether it was written without a
   *     fraction or exponent), a {@link Boolean}, or a {@code List} of literals
   * @param integral for a number, whether it is a whole number written as one ({@code 3}, not
   *     {@code 3.0})
   */
  record Literal(Object value, boolean integral) implements Spec {}

  /**
   * Random values.
   *
   * @param shape empty for a scalar, {@code [n]} for a vector, {@code [r, c]} for a matrix,
   *     {@code [k, r, c]} for a stack of k equal matrices
   * @param layers for a stack of matrices of their own shapes ({@code [4x5, 5x3]}), each
   *     matrix's {@code [r, c]}; empty otherwise
   * @param kind the word after the shape ({@code doubles}, {@code ints}, {@code longs}, {@code
   *     booleans}), if written
   * @param distribution how to draw each entry, if written
   */
  record Draw(List<Integer> shape, List<List<Integer>> layers, Optional<String> kind,
      Optional<Distribution> distribution) implements Spec {

    /** The array rank the draw makes: 0 for a scalar up to 3 for a stack of matrices. */
    int rank() {
      return layers.isEmpty() ? shape.size() : 3;
    }
  }

  /** How to draw one entry. */
  sealed interface Distribution permits Normal, Uniform, Coin {}

  /** {@code normal(mean, sd)}. */
  record Normal(double mean, double sd) implements Distribution {}

  /** {@code in [lo, hi)}; {@code integral} when both bounds are written as whole numbers. */
  record Uniform(double lo, double hi, boolean integral) implements Distribution {}

  /** {@code random}: fair booleans. */
  record Coin() implements Distribution {}

  /** An entry that cannot be read; the message says where and what was expected. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  static final List<String> KINDS = List.of("doubles", "ints", "longs", "booleans");

  /** Reads {@code name: spec}. */
  static InputSpec parse(String entry) throws SyntaxError {
    return new Reader(entry).entry();
  }

  /** A small recursive-descent reader over the entry's characters. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    InputSpec entry() throws SyntaxError {
      skipSpace();
      String name = identifier("a parameter name");
      skipSpace();
      expect(':', "':' after the parameter name");
      skipSpace();
      if (atEnd()) {
        throw error("a value or a shape after ':'");
      }
      Spec spec = spec();
      skipSpace();
      if (!atEnd()) {
        throw error("the end of the entry");
      }
      return new InputSpec(name, spec, s);
    }

    private Spec spec() throws SyntaxError {
      if (peek() == '{') {
        return new Literal(array(), false);
      }
      if (startsWithWord("true") || startsWithWord("false")) {
        return new Literal(Boolean.valueOf(word()), false);
      }
      List<Integer> shape = new ArrayList<>();
      List<List<Integer>> layers = new ArrayList<>();
      if (peek() == '[') {
        // A stack of matrices of their own shapes: [4x5, 5x3].
        i++;
        while (true) {
          skipSpace();
          List<Integer> layer = dims("a matrix shape like 4x5");
          if (layer.size() != 2) {
            throw error("a matrix shape rows x columns, like 4x5, in the stack");
          }
          layers.add(List.copyOf(layer));
          skipSpace();
          if (peek() == ',') {
            i++;
            continue;
          }
          expect(']', "',' or ']' in the stack of matrix shapes");
          skipSpace();
          break;
        }
      } else if (isNumberStart()) {
        int start = i;
        String number = number();
        skipSpace();
        if (atEnd()) {
          return literal(number);
        }
        i = start;
        shape.addAll(dims("a shape like 50 or 20x10 (a positive whole number)"));
        skipSpace();
      }
      Optional<String> kind = Optional.empty();
      for (String k : KINDS) {
        if (startsWithWord(k)) {
          kind = Optional.of(word());
          skipSpace();
          break;
        }
      }
      Optional<Distribution> distribution = atEnd() ? Optional.empty() : Optional.of(distribution());
      return new Draw(List.copyOf(shape), List.copyOf(layers), kind, distribution);
    }

    /** {@code 50}, {@code 20x10} or {@code 3x20x10}: up to three positive whole numbers. */
    private List<Integer> dims(String what) throws SyntaxError {
      List<Integer> dims = new ArrayList<>();
      while (true) {
        int start = i;
        if (!isNumberStart()) {
          throw error(dims.isEmpty() ? what : "a number after 'x'");
        }
        String n = number();
        if (!isWholeNumber(n) || n.startsWith("-") || n.startsWith("+")) {
          i = start;
          throw error(dims.isEmpty() ? what : "a positive whole number after 'x'");
        }
        dims.add(positive(n, start));
        skipSpace();
        if (peek() == 'x' || peek() == 'X' || peek() == '\u00d7') {
          if (dims.size() == 3) {
            throw error("at most three dimensions");
          }
          i++;
          skipSpace();
          continue;
        }
        return dims;
      }
    }

    private Distribution distribution() throws SyntaxError {
      if (startsWithWord("normal")) {
        word();
        skipSpace();
        if (atEnd() || peek() != '(') {
          return new Normal(0, 1);
        }
        i++;
        double mean = numberValue("the mean");
        comma();
        int sdAt = i;
        double sd = numberValue("the standard deviation");
        skipSpace();
        expect(')', "')' after the standard deviation");
        if (!(sd > 0)) {
          i = sdAt;
          throw error("a standard deviation > 0");
        }
        return new Normal(mean, sd);
      }
      if (startsWithWord("in")) {
        word();
        skipSpace();
        expect('[', "'[' to open the range, as in 'in [0, 10)'");
        skipSpace();
        int loAt = i;
        String lo = number("the lower bound");
        comma();
        String hi = number("the upper bound");
        skipSpace();
        expect(')', "')' to close the range: the upper bound is excluded, as in 'in [0, 10)'");
        double l = Double.parseDouble(lo);
        double h = Double.parseDouble(hi);
        if (!(l < h)) {
          i = loAt;
          throw error("a range whose lower bound is below its upper bound");
        }
        return new Uniform(l, h, isWholeNumber(lo) && isWholeNumber(hi));
      }
      if (startsWithWord("random")) {
        word();
        return new Coin();
      }
      throw error("a distribution: 'normal', 'normal(mean, sd)', 'in [lo, hi)' or 'random'");
    }

    private Spec literal(String number) {
      return new Literal(Double.parseDouble(number), isWholeNumber(number));
    }

    private List<Object> array() throws SyntaxError {
      expect('{', "'{'");
      List<Object> items = new ArrayList<>();
      skipSpace();
      if (peek() == '}') {
        i++;
        return items;
      }
      while (true) {
        skipSpace();
        if (peek() == '{') {
          items.add(array());
        } else if (startsWithWord("true") || startsWithWord("false")) {
          items.add(Boolean.valueOf(word()));
        } else if (isNumberStart()) {
          String n = number();
          items.add(new Literal(Double.parseDouble(n), isWholeNumber(n)));
        } else {
          throw error("a number, true, false or '{'");
        }
        skipSpace();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect('}', "',' or '}'");
        return items;
      }
    }

    private void comma() throws SyntaxError {
      skipSpace();
      expect(',', "','");
      skipSpace();
    }

    private double numberValue(String what) throws SyntaxError {
      skipSpace();
      return Double.parseDouble(number(what));
    }

    private String number(String what) throws SyntaxError {
      if (!isNumberStart()) {
        throw error(what);
      }
      return number();
    }

    /** A Java-like decimal number: optional sign, digits, fraction, exponent. */
    private String number() throws SyntaxError {
      int start = i;
      if (peek() == '-' || peek() == '+') {
        i++;
      }
      int digits = 0;
      while (!atEnd() && Character.isDigit(peek())) {
        i++;
        digits++;
      }
      if (!atEnd() && peek() == '.') {
        i++;
        while (!atEnd() && Character.isDigit(peek())) {
          i++;
          digits++;
        }
      }
      if (digits == 0) {
        i = start;
        throw error("a number");
      }
      if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
        i++;
        if (!atEnd() && (peek() == '-' || peek() == '+')) {
          i++;
        }
        int exp = i;
        while (!atEnd() && Character.isDigit(peek())) {
          i++;
        }
        if (i == exp) {
          throw error("the exponent's digits");
        }
      }
      return s.substring(start, i);
    }

    private int positive(String number, int at) throws SyntaxError {
      try {
        int n = Integer.parseInt(number);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException tooBig) {
        // reported below
      }
      i = at;
      throw error("a size between 1 and " + Integer.MAX_VALUE);
    }

    private boolean isNumberStart() {
      if (atEnd()) {
        return false;
      }
      char c = peek();
      if (Character.isDigit(c) || c == '.') {
        return true;
      }
      return (c == '-' || c == '+') && i + 1 < s.length()
          && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.');
    }

    private String identifier(String what) throws SyntaxError {
      if (atEnd() || !Character.isJavaIdentifierStart(peek())) {
        throw error(what);
      }
      int start = i;
      while (!atEnd() && Character.isJavaIdentifierPart(peek())) {
        i++;
      }
      return s.substring(start, i);
    }

    private boolean startsWithWord(String w) {
      return s.startsWith(w, i)
          && (i + w.length() == s.length() || !Character.isJavaIdentifierPart(s.charAt(i + w.length())));
    }

    private String word() {
      int start = i;
      while (!atEnd() && Character.isJavaIdentifierPart(peek())) {
        i++;
      }
      return s.substring(start, i);
    }

    private void expect(char c, String what) throws SyntaxError {
      if (atEnd() || peek() != c) {
        throw error(what);
      }
      i++;
    }

    private void skipSpace() {
      while (!atEnd() && Character.isWhitespace(peek())) {
        i++;
      }
    }

    private boolean atEnd() {
      return i >= s.length();
    }

    private char peek() {
      return atEnd() ? '\0' : s.charAt(i);
    }

    private SyntaxError error(String expected) {
      String found = atEnd() ? "the end" : "'" + s.substring(i, Math.min(s.length(), i + 12)) + "'";
      return new SyntaxError(String.format(Locale.ROOT, "cannot read \"%s\": expected %s at column %d, found %s",
          s, expected, i + 1, found));
    }
  }

  static boolean isWholeNumber(String number) {
    return number.matches("[-+]?\\d+");
  }
}
