package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value nothing reads whose evaluation may throw (an element out of range, an integer division
 * by zero, a null array, record or String, an overflowing {@code Math.toIntExact}), or a branch
 * left with nothing to do on a test that may throw, is the user's check: the generated methods keep it ({@code DeadStores}) and throw what the method throws,
 * the gradient, tangent and H·v methods and a caller's gradient through the pullback; where it
 * does not throw, values and gradients are the method's. A value that cannot throw still goes.
 */
class UnreadValuesThatThrowTest {

  private static final String SOURCE = """
      package unread;

      import dev.flatgrad.annotations.Differentiable;

      public class Checks {
        public record Holder(double delta) {}

        /** Reads x[k] only to check k. */
        @Differentiable
        public static double element(double[] x, int k) {
          double check = x[k];
          return x[0] * x[1];
        }

        /** Per-row counts nobody reads: n / rows throws for no rows, n % rows too; a value that cannot throw. */
        @Differentiable
        public static double quotient(double y, int n, int rows) {
          int perRow = n / rows;
          int rest = n % rows;
          double unused = Math.exp(y) / n;
          return y * y;
        }

        /** Reads the length of an array, a record's component and a String's length, all unused. */
        @Differentiable
        public static double nulls(double y, double[] maybe, Holder h, String s) {
          int n = maybe.length;
          double d = h.delta();
          int len = s.length();
          return y * Math.sin(y);
        }

        /** A count narrowed with toIntExact, unused. */
        @Differentiable
        public static double exact(double y, long count) {
          int n = Math.toIntExact(count);
          return y * y * y;
        }

        /** An element of t read on each trip, never used: t shorter than x throws. */
        @Differentiable
        public static double inLoop(double[] x, double[] t) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            double target = t[i];
            s += x[i] * x[i];
          }
          return s;
        }

        /** An element read, then overwritten before it is read. */
        @Differentiable
        public static double overwritten(double[] x, int k) {
          double a = x[k];
          a = x[0] * 3.0;
          return a * x[0];
        }

        /** Counts whether an element is large, and never uses the count: the test reads x[k]. */
        @Differentiable
        public static double branchOnly(double[] x, int k) {
          int big = 0;
          if (x[k] > 10.0) {
            big++;
          }
          return x[0] * x[1];
        }

        /** Unread values that cannot throw: a new array's length, an element in the loop over its array. */
        @Differentiable
        public static double provenSafe(double[] x) {
          double[] w = new double[3];
          int n = w.length;
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            double seen = x[i];
            s += Math.sin(x[i]);
          }
          return s;
        }

        /** Calls two of them, whose pullbacks run them again. */
        @Differentiable
        public static double caller(double[] x, double[] t, int k) {
          return 2.0 * element(x, k) + inLoop(x, t);
        }
      }
      """;

  private static Compilation compilation;
  private static Loaded l;

  @BeforeAll
  static void compileOnce() {
    compilation = compileOk(source(withSecondOrder(SOURCE)));
    l = load(compilation);
  }

  /**
   * The user's method and the generated gradient method throw {@code type} at {@code args}, and so
   * do the tangent and H·v methods at {@code args} followed by {@code directions}.
   */
  private static void assertThrowsEverywhere(Class<? extends Throwable> type, String method, Object[] args,
      Object... directions) {
    Object[] tangentArgs = new Object[args.length + directions.length];
    System.arraycopy(args, 0, tangentArgs, 0, args.length);
    System.arraycopy(directions, 0, tangentArgs, args.length, directions.length);
    assertThrows(type, () -> l.call("unread.Checks", method, args), "the user's " + method);
    assertThrows(type, () -> l.call("unread.ChecksGrad", method, args), "the gradient of " + method);
    assertThrows(type, () -> l.call("unread.ChecksGrad", method + "Tangent", tangentArgs), "the tangent of " + method);
    assertThrows(type, () -> l.call("unread.ChecksGrad", method + "Hvp", tangentArgs), "the H·v of " + method);
  }

  private static Object holder(double delta) throws Exception {
    return l.loadClass("unread.Checks$Holder").getDeclaredConstructor(double.class).newInstance(delta);
  }

  @Test
  void anElementOutOfRangeThrowsAsInTheMethod() {
    double[] x = {0.3, -0.7};
    double[] t = {0.1, 0.2};
    assertThrowsEverywhere(ArrayIndexOutOfBoundsException.class, "element", new Object[] {x, 2}, x.clone());
    assertThrowsEverywhere(ArrayIndexOutOfBoundsException.class, "overwritten", new Object[] {x, -1}, x.clone());
    assertThrowsEverywhere(ArrayIndexOutOfBoundsException.class, "branchOnly", new Object[] {x, 3}, x.clone());
    assertThrowsEverywhere(ArrayIndexOutOfBoundsException.class, "inLoop", new Object[] {x, new double[] {0.1}},
        x.clone(), t.clone());
    assertThrowsEverywhere(ArrayIndexOutOfBoundsException.class, "caller", new Object[] {x, t, 5},
        x.clone(), t.clone());
    assertThrowsEverywhere(ArrayIndexOutOfBoundsException.class, "caller", new Object[] {x, new double[1], 1},
        x.clone(), t.clone());
  }

  @Test
  void anIntegerDivisionByZeroAndAnOverflowThrowAsInTheMethod() {
    assertThrowsEverywhere(ArithmeticException.class, "quotient", new Object[] {0.4, 7, 0}, 1.0);
    assertThrowsEverywhere(ArithmeticException.class, "exact", new Object[] {0.4, 1L << 40}, 1.0);
  }

  @Test
  void aNullThrowsAsInTheMethod() throws Exception {
    Object h = holder(0.5);
    double[] maybe = {1.0};
    assertThrowsEverywhere(NullPointerException.class, "nulls", new Object[] {0.4, null, h, "s"}, 1.0, maybe.clone());
    assertThrowsEverywhere(NullPointerException.class, "nulls", new Object[] {0.4, maybe, null, "s"}, 1.0, maybe.clone());
    assertThrowsEverywhere(NullPointerException.class, "nulls", new Object[] {0.4, maybe, h, null}, 1.0, maybe.clone());
  }

  @Test
  void whereNothingThrowsTheValuesAndGradientsAreTheMethods() throws Exception {
    double[] x = {0.3, -0.7, 1.1};
    double[] t = {0.1, 0.2, -0.4};
    assertGradient(l, "unread.ChecksGrad", "element", x, 2);
    assertGradient(l, "unread.ChecksGrad", "quotient", 0.4, 7, 2);
    assertGradient(l, "unread.ChecksGrad", "nulls", 0.4, new double[] {1.0}, holder(0.5), "s");
    assertGradient(l, "unread.ChecksGrad", "exact", 0.4, 12L);
    assertGradient(l, "unread.ChecksGrad", "inLoop", x, t);
    assertGradient(l, "unread.ChecksGrad", "overwritten", x, 1);
    assertGradient(l, "unread.ChecksGrad", "branchOnly", x, 2);
    assertGradient(l, "unread.ChecksGrad", "provenSafe", x);
    assertGradient(l, "unread.ChecksGrad", "caller", x, t, 1);
  }

  @Test
  void anUnreadValueThatCannotThrowStillGoes() {
    String grad = generated(compilation, "unread.ChecksGrad");
    assertThat(grad).contains("double check = x[k];");
    assertThat(grad).doesNotContain("unused");
    assertThat(grad).doesNotContain("w.length");
    assertThat(grad).doesNotContain("seen");
  }
}
