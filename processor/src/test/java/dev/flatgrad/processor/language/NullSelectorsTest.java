package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.testing.Flatgrad.assertBodyErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.unindented;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A switch on a null enum or String throws NullPointerException before any case, the default
 * too; the if/else chain it becomes compared by {@code ==} (an enum) or had no test at all (only a
 * default) and returned a value. The generated methods throw where the user's do, in every form
 * of the switch, and take the same gradients for a selector that is set.
 */
class NullSelectorsTest {

  private static final String SETTINGS = """
      package ns;

      import dev.flatgrad.annotations.Differentiable;

      public class Settings {
        public enum Mode { SQUARE, SINE, ID }

        /** A statement with arrows on an enum. */
        @Differentiable
        public static double statement(double x, Mode m) {
          double r = x;
          switch (m) {
            case SQUARE -> r = x * x;
            case SINE -> r = Math.sin(x);
            default -> r = 2 * x;
          }
          return r;
        }

        /** Colons on an enum, the selector a field of a record. */
        @Differentiable
        public static double colons(double x, Holder h) {
          double r = x;
          switch (h.mode()) {
            case SQUARE:
              r = x * x;
              break;
            default:
              r = 3 * x;
              break;
          }
          return r;
        }

        public record Holder(Mode mode) {}

        /** Switch expressions on an enum: a declaration's value, an assignment, a return, inside a larger expression. */
        @Differentiable
        public static double expressions(double x, Mode m) {
          double a = switch (m) {
            case SQUARE -> x * x;
            case SINE -> Math.sin(x);
            case ID -> x;
          };
          double b;
          b = switch (m) { case SINE -> Math.cos(x); default -> x; };
          return a + b * switch (m) { case SQUARE -> 2.0; default -> 1.0; };
        }

        /** A switch expression on an enum returned, its default first. */
        @Differentiable
        public static double returned(double x, Mode m) {
          return switch (m) { default -> x; case SINE -> Math.sin(x); };
        }

        /** A switch on a String with only a default: no case test reads the selector. */
        @Differentiable
        public static double onlyDefault(double x, String s) {
          double r = x;
          switch (s) {
            default -> r = x * x;
          }
          return r;
        }

        /** The same on an enum, and a String's only-default switch expression. */
        @Differentiable
        public static double onlyDefaults(double x, Mode m, String s) {
          double r = x;
          switch (m) {
            default -> r = x * x;
          }
          double y = switch (s) { default -> Math.exp(r); };
          return y;
        }

        /** A switch expression on an enum only where a condition takes its branch: a null selector elsewhere is never read. */
        @Differentiable
        public static double branch(double x, Mode m) {
          return x > 0 ? x * switch (m) { case SQUARE -> x; default -> 1.0; } : Math.sin(x);
        }

        /** A switch expression on an enum in a loop's product: its pullback runs after the saved values checked the selector. */
        @Differentiable
        public static double scaled(double[] x, Mode mode) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * switch (mode) { case SQUARE -> x[i]; case SINE -> Math.sin(x[i]); default -> 1.0; };
          }
          return s;
        }

        /** Calls scaled through its saved values and pullback. */
        @Differentiable
        public static double rows(double[][] m, Holder h) {
          double s = 0.0;
          for (int r = 0; r < m.length; r++) {
            s += scaled(m[r], h.mode()) * m[r][0];
          }
          return s;
        }

        /** Switch expressions with only a default inside larger expressions: an operand, a condition, a call's argument. */
        @Differentiable
        public static double defaultsInside(double x, Mode m, String s) {
          double r = x * switch (m) { default -> 2.0; };
          if (switch (s) { default -> x; } > 0.5) {
            r += Math.sin(x);
          } else if (x < -1.0) {
            r -= Math.cos(Math.max(x, switch (m) { default -> x * x; }));
          }
          return Math.exp(x) * switch (s) { default -> 3.0; } + r;
        }

        /** Default-only switch expressions on an int inside larger expressions: an int cannot be null, nothing to check. */
        @Differentiable
        public static double primitives(double[] x, double y) {
          int k = x.length;
          double r = y > 0 ? y * switch (k) { default -> 2.0; } : y;
          return x[0] * switch (k) { default -> 3.0; } + r * switch (k) { default -> x[1]; };
        }

        /** Two default-only switch expressions on objects in one statement: m checked, then s, before it. */
        @Differentiable
        public static double twoDefaults(double x, Mode m, String s) {
          return x * switch (m) { default -> 2.0; } * switch (s) { default -> Math.sin(x); };
        }

        /** A String switch expression in a larger expression, and a statement on one. */
        @Differentiable
        public static double strings(double x, String s) {
          double r = x;
          switch (s) {
            case "sq" -> r = x * x;
            default -> r = Math.sin(x);
          }
          return r * switch (s) { case "sq" -> 2.0; default -> 1.0; };
        }
      }
      """;

  private static Loaded l;

  @BeforeAll
  static void compileOnce() {
    l = load(compileOk(source(SETTINGS)));
  }

  private static Object mode(String name) throws ClassNotFoundException {
    for (Object c : l.loadClass("ns.Settings$Mode").getEnumConstants()) {
      if (c.toString().equals(name)) {
        return c;
      }
    }
    throw new AssertionError(name);
  }

  private static Object holder(Object mode) throws Exception {
    Class<?> holder = l.loadClass("ns.Settings$Holder");
    return holder.getDeclaredConstructor(l.loadClass("ns.Settings$Mode")).newInstance(mode);
  }

  /** The user's method and the generated one both throw NullPointerException. */
  private static void assertBothThrow(String method, Object... args) {
    assertThrows(NullPointerException.class, () -> l.call("ns.Settings", method, args), "the user's " + method);
    assertThrows(NullPointerException.class, () -> l.call("ns.SettingsGrad", method, args), "the generated " + method);
  }

  @Test
  void aNullSelectorThrowsInEveryForm() throws Exception {
    assertBothThrow("statement", 0.7, null);
    assertBothThrow("colons", 0.7, holder(null));
    assertBothThrow("expressions", 0.7, null);
    assertBothThrow("returned", 0.7, null);
    assertBothThrow("onlyDefault", 0.7, null);
    assertBothThrow("onlyDefaults", 0.7, null, "s");
    assertBothThrow("onlyDefaults", 0.7, mode("ID"), null);
    assertBothThrow("strings", 0.7, null);
    assertBothThrow("branch", 0.7, null);
    assertBothThrow("scaled", new double[] {0.7}, null);
    assertBothThrow("rows", new double[][] {{0.7}}, holder(null));
    assertBothThrow("defaultsInside", 0.7, null, "s");
    assertBothThrow("defaultsInside", 0.7, mode("ID"), null);
    assertBothThrow("defaultsInside", -1.5, mode("ID"), null);
    assertBothThrow("twoDefaults", 0.7, null, "s");
    assertBothThrow("twoDefaults", 0.7, mode("ID"), null);
    assertBothThrow("twoDefaults", 0.7, null, null);
  }

  /** Checks before the statement, in the order Java makes them; none for an int. */
  @Test
  void defaultOnlySwitchesAreCheckedInOrderAndAnIntNotAtAll() {
    String code = generated(compileOk(source(SETTINGS)), "ns.SettingsGrad");
    assertThat(unindented(generatedMethod(code, "TwoDefaults twoDefaults("))).contains(unindented("""
            // forward pass
            if (m == null) {
            throw new NullPointerException();
            }
            if (s == null) {
            throw new NullPointerException();
            }
            double sin = Math.sin(x);"""));
    assertThat(generatedMethod(code, "Primitives primitives(")).doesNotContain("NullPointerException");
  }

  @Test
  void defaultOnlySwitchesInsideExpressionsKeepTheValueAndTakeTheGradient() throws Exception {
    for (double y : new double[] {0.8, -0.4}) {
      double[] x = {1.3, -0.6, 2.1};
      assertThat(d(l.call("ns.SettingsGrad", "primitives", x, y), "value"))
          .isEqualTo((double) l.call("ns.Settings", "primitives", x, y));
      assertGradient(l, "ns.SettingsGrad", "primitives", x, y);
    }
    Object[] args = {0.7, mode("SINE"), "any"};
    assertThat(d(l.call("ns.SettingsGrad", "twoDefaults", args), "value"))
        .isEqualTo((double) l.call("ns.Settings", "twoDefaults", args));
    assertGradient(l, "ns.SettingsGrad", "twoDefaults", args);
  }

  @Test
  void theSelectorOfAChainIsCheckedByAStatementAndReadAsItself() {
    String code = generated(compileOk(source(SETTINGS)), "ns.SettingsGrad");
    assertThat(code).doesNotContain("requireNonNull =");
    assertThat(unindented(generatedMethod(code, "Scaled scaled("))).contains(unindented("""
                Objects.requireNonNull(mode);
                double sel = mode == Settings.Mode.SQUARE ? x[i] : mode == Settings.Mode.SINE ? Math.sin(x[i]) : 1.0;"""));
    assertThat(unindented(generatedMethod(code, "Expressions expressions("))).contains(unindented("""
            Objects.requireNonNull(m);
            double sel = m == Settings.Mode.SQUARE ? 2.0 : 1.0;"""));
    // The saved values ran the user's method, which checked the selector: the pullback does not again.
    assertThat(generatedMethod(code, "ScaledSaved scaledSaved(")).contains("Settings.scaled(x, mode)");
    assertThat(generatedMethod(code, "void scaledPullback(")).doesNotContain("requireNonNull");
    assertThat(generatedMethod(code, "Rows rows(")).contains("scaledPullback(");
  }

  /**
   * A switch expression with only a default, where its null check cannot go before its statement
   * as Java makes it (in a branch, after an element that may throw first, in a loop's test): an
   * error on its line that says what to write.
   */
  @Test
  void aDefaultOnlySwitchWhoseCheckCannotGoFirstIsAnError() {
    String[] words = {"only a default", "Objects.requireNonNull(k);"};
    assertBodyErrorsOn("Integer k = x.length;\nreturn y > 0 ? y * switch (k) { default -> 2.0; } : y;", "return y > 0", words);
    assertBodyErrorsOn("Integer k = x.length;\nreturn x[0] * switch (k) { default -> 2.0; };", "return x[0]", words);
    assertBodyErrorsOn("Integer k = x.length;\ndouble s = 0;\nwhile (s < switch (k) { default -> 2.0; }) {\n"
        + "s += y * y + 1;\n}\nreturn s;", "while (s <", words);
    // What may throw between two default-only switches: the second's check cannot go first.
    assertBodyErrorsOn("String m = \"a\";\nInteger k = x.length;\n"
        + "return y * switch (m) { default -> 2.0; } * x[0] * switch (k) { default -> 3.0; };", "return y *", words);
    // Math's functions that throw (a zero divisor): Java throws their exception before the switch's.
    assertBodyErrorsOn("String m = \"a\";\nint q = x.length - 3;\n"
        + "return y * Math.floorMod(7, q) * switch (m) { default -> 2.0; };", "return y *",
        "only a default", "Objects.requireNonNull(m);");
  }

  @Test
  void aNullSelectorInABranchNotTakenIsNotRead() {
    assertGradient(l, "ns.SettingsGrad", "branch", -0.7, null);
  }

  @Test
  void aSetSelectorTakesTheGradientOfItsCase() throws Exception {
    for (String name : new String[] {"SQUARE", "SINE", "ID"}) {
      Object m = mode(name);
      assertGradient(l, "ns.SettingsGrad", "statement", 0.7, m);
      assertGradient(l, "ns.SettingsGrad", "colons", 0.7, holder(m));
      assertGradient(l, "ns.SettingsGrad", "expressions", 0.7, m);
      assertGradient(l, "ns.SettingsGrad", "returned", 0.7, m);
      assertGradient(l, "ns.SettingsGrad", "onlyDefaults", 0.7, m, "any");
      assertGradient(l, "ns.SettingsGrad", "branch", 0.7, m);
      assertGradient(l, "ns.SettingsGrad", "scaled", new double[] {0.7, -1.2, 2.0}, m);
      assertGradient(l, "ns.SettingsGrad", "rows", new double[][] {{0.7, -1.2}, {2.0, 0.3}}, holder(m));
    }
    for (double x : new double[] {0.7, 0.2, -1.5}) {
      assertGradient(l, "ns.SettingsGrad", "defaultsInside", x, mode("SINE"), "any");
    }
    assertGradient(l, "ns.SettingsGrad", "onlyDefault", 0.7, "any");
    assertGradient(l, "ns.SettingsGrad", "strings", 0.7, new String("sq".toCharArray()));
    assertGradient(l, "ns.SettingsGrad", "strings", 0.7, "other");
  }
}
