package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.assertThrowsAsTheMethod;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertBodyErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;

/**
 * Characters in differentiated methods, as users index tables by them: literals with their
 * escapes, {@code String.charAt}, char locals, parameters and arrays, arithmetic promoting them to
 * int, comparisons, casts, {@code Character}'s tests, compound updates that stay chars, a char
 * loop variable, a switch on a char. Each program's value is checked bit for bit against the
 * method's own and its gradient against centred differences.
 */
class CharsTest {

  private static final double[] LETTERS = weights(27);

  private static double[] weights(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.1 * ((i * 7) % 11) - 0.45;
    }
    return w;
  }

  @Test
  void bagOfLettersWithAWeightPerLetter() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C01 {
          @Differentiable
          static double bag(double[] w, String text) {
            double s = 0;
            for (int i = 0; i < text.length(); i++) {
              char c = Character.toLowerCase(text.charAt(i));
              if (c >= 'a' && c <= 'z') {
                s += w[c - 'a'] * w[c - 'a'];
              } else if (Character.isDigit(c)) {
                s += 0.5 * w[26];
              } else if (c == '\\n' || c == '\\'' || c == '\\u0041') {
                s -= w[0];
              }
            }
            return Math.tanh(s);
          }
        }
        """, "C01", "bag", at(LETTERS, "Hello, World 42"), at(LETTERS, "it's\\n"), at(LETTERS, ""));
  }

  @Test
  void caesarShiftedFeatureHash() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C02 {
          @Differentiable
          static double hashed(double[] emb, String word, int shift) {
            double s = 0;
            int h = 17;
            for (int i = 0; i < word.length(); i++) {
              char c = word.charAt(i);
              char shifted = (char) ('a' + (c - 'a' + shift) % 26);
              h = h * 31 + shifted;
              s += emb[Math.floorMod(h, emb.length)] * (i + 1);
              s += emb[(word.charAt(i) - 'a') % emb.length] * emb[shifted % emb.length];
              s += i < emb.length && c < emb.length ? emb[c] : 0.0;
            }
            return s * s;
          }
        }
        """, "C02", "hashed", at(weights(13), "gradient", 3), at(weights(5), "zebra", 25),
        at(weights(200), "caesar", 1));
  }

  @Test
  void digitsOfAKeyParsedIntoARowIndex() throws Exception {
    double[][] table = {{1, 2, 3}, {4, 5, 6}, {0.5, -1, 2}};
    Loaded l = assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C03 {
          @Differentiable
          static double lookup(double[][] table, String key, double x) {
            int row = 0;
            int k = 0;
            while (k < key.length() && key.charAt(k) != ':') {
              char d = key.charAt(k);
              if (d < '0' || d > '9') {
                throw new IllegalArgumentException("bad digit " + d + " in " + key);
              }
              row = row * 10 + (d - '0');
              k++;
            }
            double y = 0;
            for (char col : key.substring(k + 1).toCharArray()) {
              y += table[row][col - '0'] * x;
            }
            return y * y;
          }
        }
        """, "C03", "lookup", at(table, "2:012", 0.7), at(table, "01:21", -1.3));
    // The guard's message shows the character, as the method's does.
    assertThrowsAsTheMethod(l, "C03", "lookup", table, "1x:0", 0.7);
  }

  @Test
  void charLoopVariableOverTheAlphabet() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C04 {
          @Differentiable
          static double letters(double[] w, char[] text) {
            double s = 0;
            for (char c = 'a'; c <= 'z'; c++) {
              int count = 0;
              for (char t : text) {
                if (t == c) {
                  count++;
                }
              }
              s += count * w[c - 'a'] * w[c - 'a'];
            }
            return s;
          }
        }
        """, "C04", "letters", at(LETTERS, "banana split".toCharArray()));
  }

  @Test
  void charsUpdatedInPlaceStayChars() throws Exception {
    // c += 2 and c++ narrow back to a char (wrapping at 0xFFFF); the last char is kept for the backward pass.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C05 {
          @Differentiable
          static double walk(double[] w, double x, char start, int steps) {
            char c = start;
            double s = 0;
            for (int i = 0; i < steps; i++) {
              c += 2;
              if (c > 'z') {
                c -= 26;
              }
              char wrapped = (char) 0xFFFF;
              wrapped++;
              s = s * x + w[(c - 'a') % w.length] + wrapped;
              c = Character.toUpperCase(c);
              c |= 0x20;
              s += (int) c % 3 == 0 ? x * x : x;
            }
            return s + (c >> 1) + -c + ~c + (+c);
          }
        }
        """, "C05", "walk", at(weights(26), 0.9, 'w', 7), at(weights(26), -0.4, 'a', 30));
  }

  @Test
  void switchOnAChar() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C06 {
          @Differentiable
          static double ops(double x, double y, String program) {
            double acc = x;
            for (char op : program.toCharArray()) {
              switch (op) {
                case '+' -> acc += y;
                case '*' -> acc *= y;
                case 's', 'S' -> acc = Math.sin(acc);
                default -> {
                  if (!Character.isWhitespace(op)) {
                    throw new IllegalStateException("unknown op '" + op + "' (" + (int) op + ")");
                  }
                }
              }
            }
            double bonus = switch (program.isEmpty() ? ' ' : program.charAt(0)) {
              case '+' -> 1.0;
              case '*' -> y;
              default -> 0.0;
            };
            return acc + bonus;
          }
        }
        """, "C06", "ops", at(0.3, 1.7, "+* s+S*"), at(-0.8, 0.6, "*+"), at(0.2, 0.5, ""));
  }

  @Test
  void helpersTakingCharsAndCharArraysMadeInside() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C07 {
          static double weight(double[] w, char c) {
            return c >= 'a' && c <= 'z' ? w[c - 'a'] : 0.0;
          }

          @Differentiable
          static double reversed(double[] w, String word, boolean upper) {
            char[] out = new char[word.length()];
            for (int i = 0; i < out.length; i++) {
              out[out.length - 1 - i] = word.charAt(i);
            }
            char first = 65;
            char pad = upper ? 'Z' : 0;
            double s = weight(w, 'c') * (first + pad);
            for (int i = 0; i < out.length; i++) {
              s += weight(w, out[i]) * weight(w, out[(i + 1) % out.length]) * (i + 1);
            }
            return s;
          }
        }
        """, "C07", "reversed", at(weights(26), "flat", true), at(weights(26), "grad", false));
  }

  @Test
  void charFieldsSettingsOverloadsAndSwitchesOfEveryForm() throws Exception {
    // A private static final char copied into the generated class, a private char[] read through a
    // handle, a record's char component, f(char) chosen over f(int), colon cases, a switch
    // expression inside an expression, a char countdown undone by its inverse, a char loop bound.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C08 {
          static final char SEP = ':';
          private static final char[] VOWELS = {'a', 'e', 'i', 'o', 'u'};
          private static final char STAR = '*';

          record Opts(char pad, int scale) {}

          static double f(int k) { return k; }
          static double f(char c) { return 2 * c; }

          @Differentiable
          static double parse(double[] w, String text, char pad, int scale) {
            Opts o = new Opts(pad, scale);
            double s = 0;
            int vowels = 0;
            for (int i = 0; i < text.length(); i++) {
              char c = text.charAt(i);
              switch (c) {
                case ':':
                  s += w[0] * o.scale();
                  break;
                case 'x':
                case 'y':
                  s *= w[1];
                  break;
                default:
                  for (char v : VOWELS) {
                    if (v == c) {
                      vowels++;
                    }
                  }
              }
              s += switch (c) { case 'a' -> w[2]; case STAR -> w[3] * w[3]; default -> 0.0; } * 0.5;
              if (c == SEP || c == o.pad()) {
                s += f(c) * 1e-3 + f(3) * 1e-3;
              }
            }
            for (int k = 0; k < o.pad() - 'a'; k++) {
              s += w[k % w.length] * k;
            }
            char z = 'e';
            while (z-- > 'a') {
              s += w[z - 'a'] * s;
            }
            char q = 'a';
            q ^= ' ';
            long h = 1125899906842597L;
            h = 31 * h + q;
            int masked = c(q) & 0xDF;
            return s + vowels + h % 7 + masked;
          }

          static int c(char q) { return q; }
        }
        """, "C08", "parse", at(weights(6), "ax:*y:ea*", 'h', 3), at(weights(6), "", 'a', -1),
        at(weights(6), "yy", 'y', 2));
  }

  @Test
  void aHelperReturningACharAndAStreamOverTheCharacters() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.stream.IntStream;

        class C09 {
          static char rot(char c, int k) {
            return (char) ('a' + (c - 'a' + k) % 26);
          }

          @Differentiable
          static double rotated(double[] w, String s) {
            double t = 0;
            for (int i = 0; i < s.length(); i++) {
              var c = rot(s.charAt(i), 13);
              t += w[c - 'a'] * Character.digit(Character.forDigit(i % 10, 10), 10);
            }
            double u = IntStream.range(0, s.length()).mapToDouble(i -> w[s.charAt(i) - 'a'] * i).sum();
            return t * u + Character.MAX_VALUE * 1e-6;
          }
        }
        """, "C09", "rotated", at(weights(26), "uryyb"), at(weights(26), ""));
  }

  @Test
  void charLoopsCountingDownBreakingAndAtTheEndsOfTheRange() throws Exception {
    // Counted backwards as char loops where no step wraps round; the rest (from 0 up, from
    // '\\uffff' down, a bound not a constant) replayed by their trips.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C12 {
          @Differentiable
          static double backwards(double[] w, String s, char hi) {
            double t = 0.5;
            for (char c = 'z'; c >= 'a'; c -= 2) {
              t += w[c - 'a'] * t + w[(c - 'a') / 2];
            }
            for (char c = 'y'; c > 'a'; c--) {
              if (s.indexOf(c) >= 0) {
                t = t * w[c - 'a'];
              }
              if (c == hi) {
                break;
              }
            }
            for (char c = 'b'; c <= hi; c++) {
              t += w[c - 'a'] * w[c - 'a'];
            }
            for (char c = 0; c < 3; c++) {
              t += w[c] * t;
            }
            for (char c = '\\uffff'; c > 0xfff0; c--) {
              t += w[c % 26] * t;
            }
            return t;
          }
        }
        """, "C12", "backwards", at(weights(26), "flatgrad", 'f'), at(weights(26), "", 'a'), at(weights(26), "zyx", 'b'));
  }

  @Test
  void countsAndOneHotsWrittenAtACharIndex() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C10 {
          @Differentiable
          static double features(double[] w, String text) {
            int[] counts = new int[128];
            double[] oneHot = new double[26];
            for (char c : text.toCharArray()) {
              counts[c]++;
              if (Character.isLowerCase(c)) {
                oneHot[c - 'a'] = 1.0;
              }
            }
            double[] feats = new double[128];
            for (char c = 0; c < 128; c++) {
              feats[c] += w[c % w.length] * counts[c];
            }
            double s = 0;
            for (int k = 0; k < 26; k++) {
              s += oneHot[k] * w[k % w.length] + feats['a' + k] * feats['a' + k];
            }
            return s;
          }
        }
        """, "C10", "features", at(weights(7), "one hot, two counts"), at(weights(7), ""));
  }

  @Test
  void aRecordOfParametersPassesItsCharsThrough() throws Exception {
    Loaded l = load(compileOk(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class C11 {
          record Model(double[] w, char sep, char[] alphabet) {}

          @Differentiable
          static double score(Model m, String s) {
            double t = 0;
            for (int i = 0; i < s.length(); i++) {
              char c = s.charAt(i);
              if (c == m.sep()) {
                t += m.w()[0] * m.w()[0];
              }
              for (int k = 0; k < m.alphabet().length; k++) {
                if (m.alphabet()[k] == c) {
                  t += m.w()[k % m.w().length] * t;
                }
              }
            }
            return t;
          }
        }
        """)));
    Constructor<?> model = l.loadClass("rt.C11$Model").getDeclaredConstructors()[0];
    model.setAccessible(true);
    Object m = model.newInstance(new double[] {0.5, -1.5, 2.0}, ':', "abc".toCharArray());
    assertGradient(l, "rt.C11Grad", "score", m, "a:bc:c");
  }

  @Test
  void namedIntConstantsAChar_holdsAreStoredInCharsWithoutACast() throws Exception {
    // JLS 5.2: a constant expression of type int narrows to a char if its value fits, whether it
    // is a literal or names constant variables: static final fields of this class (private ones
    // are copied), of a class beside it and of the JDK, and final locals.
    assertProgram("""
        package rt;

        import static java.lang.Byte.MAX_VALUE;

        import dev.flatgrad.annotations.Differentiable;

        class C13 {
          static final int A = 65;
          private static final int TO_LOWER = 'a' - A;
          private static final char FIRST = A + TO_LOWER;

          static final class Keys {
            static final int LAST = 'z';
          }

          @Differentiable
          static double named(double[] w, String text) {
            final int shift = 3;
            char upper = A;
            char lower = (A + TO_LOWER);
            char shifted = FIRST + shift;
            char last = Keys.LAST;
            char top = MAX_VALUE;
            char[] marks = {A, Keys.LAST - 1, 0};
            marks[2] = Short.BYTES + 'a';
            double s = 0;
            for (int i = 0; i < text.length(); i++) {
              char c = text.charAt(i);
              if (c == upper || c == lower) {
                s += w[0] * w[1];
              } else if (c == shifted || c == last || c == top) {
                s += Math.sin(w[c % w.length]);
              } else if (c == marks[0] || c == marks[1] || c == marks[2]) {
                s -= w[2] * w[c % w.length];
              }
              upper = shift;
              s += upper * w[3];
            }
            return s + (lower - top) * w[4];
          }
        }
        """, "C13", "named", at(weights(7), "aAbdyzc\u007f"), at(weights(7), ""));
  }

  @Test
  void whatJavaRejectsIsAnErrorSayingWhatToWrite() {
    assertBodyErrorsOn("""
        char c = 'a';
        c = c + 1;
        return x[0] * c;
        """, "c = c + 1;", "a value of type int where char is expected", "(char) (...)");
    assertBodyErrorsOn("""
        int big = 65;
        final int notConstant = (int) y;
        final long wide = 65;
        char c = big;
        char d = notConstant;
        char e = wide;
        return x[0] * (c + d + e);
        """, "char c = big;", "a value of type int where char is expected", "(char) (...)");
    assertBodyErrorsOn("""
        String s = "banana";
        long n = s.chars().filter(ch -> ch == 'a').count();
        return x[0] * n;
        """, "s.chars()", "a stream of a String's characters (`s.chars()`) is not supported",
        "for (int i = 0; i < s.length(); i++) { char c = s.charAt(i); ... }", "for (char c : s.toCharArray())");
    assertBodyErrorsOn("""
        String word = "flat";
        int h = word.codePoints().map(cp -> cp * 31).sum();
        return x[0] * h;
        """, "word.codePoints()", "a stream of a String's characters (`word.codePoints()`) is not supported",
        "char c = word.charAt(i)");
    assertBodyErrorsOn("""
        String s = "banana";
        long n = s.chars().count();
        return x[0] * n;
        """, "s.chars()", "a stream of a String's characters (`s.chars()`) is not supported");
    assertBodyErrorsOn("""
        Character c = 'a';
        return x[0] * c;
        """, "Character c", "type Character is not supported", "use the primitive type instead of Character");
  }
}
