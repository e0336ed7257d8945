package dev.flatgrad.processor.numeric;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every supported {@code Math} function and arithmetic operator, numerically checked at random
 * points of its domain (fixed seeds, away from kinks and jumps): alone as the result, nested
 * inside other operations, staged through locals, composed into another function, and, for the
 * binary ones, with both arguments active and with either one inactive (a literal, an {@code int}
 * parameter, a parameter outside {@code wrt}). All methods are one compilation unit, compiled
 * once. The documented subgradients at non-smooth points are checked exactly.
 */
class MathFunctionsTest {

  private static final String CLASS = "mathfns.FnsGrad";
  private static final int POINTS = 4;

  /** A unary function and an interval of its domain where it is smooth and tame. */
  private record Unary(String label, String fn, double lo, double hi) {
    /** Where x may be so that x * y, y in [0.5, 1], stays in [lo, hi]. */
    double innerLo() {
      return lo > 0 ? 2 * lo : lo;
    }

    double innerHi() {
      return hi < 0 ? 2 * hi : hi;
    }
  }

  private static final List<Unary> UNARY = List.of(
      new Unary("exp", "exp", -2, 2),
      new Unary("log", "log", 0.3, 3),
      new Unary("log10", "log10", 0.3, 3),
      new Unary("log1p", "log1p", -0.6, 2),
      new Unary("expm1", "expm1", -2, 2),
      new Unary("sqrt", "sqrt", 0.3, 3),
      new Unary("cbrt", "cbrt", 0.3, 3),
      new Unary("cbrtNeg", "cbrt", -3, -0.3),
      new Unary("sin", "sin", -3, 3),
      new Unary("cos", "cos", -3, 3),
      new Unary("tan", "tan", -1.2, 1.2),
      new Unary("asin", "asin", -0.9, 0.9),
      new Unary("acos", "acos", -0.9, 0.9),
      new Unary("atan", "atan", -3, 3),
      new Unary("sinh", "sinh", -2, 2),
      new Unary("cosh", "cosh", -2, 2),
      new Unary("tanh", "tanh", -2, 2),
      new Unary("abs", "abs", 0.2, 2),
      new Unary("absNeg", "abs", -2, -0.2),
      new Unary("toRadians", "toRadians", -90, 90),
      new Unary("toDegrees", "toDegrees", -2, 2),
      new Unary("nextUp", "nextUp", -2, 2),
      new Unary("nextDown", "nextDown", -2, 2));

  /**
   * A binary function or operator: how to write it applied to two operands, where its operands
   * are sampled, the pairs of operand values where it is smooth, and the literals used when one
   * side is a constant.
   */
  private record Binary(
      String label, String template, double lo, double hi, BiPredicate<Double, Double> smooth,
      String constFirst, String constSecond) {
    String apply(String a, String b) {
      return template.formatted(a, b);
    }
  }

  private static final List<Binary> BINARY = List.of(
      new Binary("pow", "Math.pow(%s, %s)", 0.5, 1.8, (a, b) -> a > 0.1, "1.7", "2.5"),
      new Binary("atan2", "Math.atan2(%s, %s)", -2, 2,
          (y, x) -> Math.hypot(x, y) > 0.3 && !(x < 0 && Math.abs(y) < 0.2), "0.8", "-0.6"),
      new Binary("max", "Math.max(%s, %s)", -2, 2, (a, b) -> Math.abs(a - b) > 0.05, "0.3", "-0.4"),
      new Binary("min", "Math.min(%s, %s)", -2, 2, (a, b) -> Math.abs(a - b) > 0.05, "0.3", "-0.4"),
      new Binary("hypot", "Math.hypot(%s, %s)", -2, 2, (a, b) -> Math.hypot(a, b) > 0.3, "0.8", "-0.6"),
      new Binary("copySign", "Math.copySign(%s, %s)", -2, 2,
          (a, b) -> Math.abs(a) > 0.05 && Math.abs(b) > 0.05, "0.8", "-0.6"),
      new Binary("ieeeRemainder", "Math.IEEEremainder(%s, %s)", -2, 2,
          (a, b) -> Math.abs(b) > 0.3 && awayFromInteger(a / b + 0.5, 0.05), "1.9", "-0.7"),
      new Binary("fma", "Math.fma(%s, %s, 0.7)", -2, 2, (a, b) -> true, "0.8", "-0.6"),
      new Binary("fmaAddend", "Math.fma(%s, 1.3, %s)", -2, 2, (a, b) -> true, "0.8", "-0.6"),
      new Binary("doubleMax", "Double.max(%s, %s)", -2, 2, (a, b) -> Math.abs(a - b) > 0.05, "0.3", "-0.4"),
      new Binary("doubleMin", "Double.min(%s, %s)", -2, 2, (a, b) -> Math.abs(a - b) > 0.05, "0.3", "-0.4"),
      new Binary("strict", "StrictMath.exp(%s) * StrictMath.sin(%s)", -2, 2, (a, b) -> true, "0.8", "-0.6"),
      new Binary("add", "(%s + %s)", -2, 2, (a, b) -> true, "0.8", "-0.6"),
      new Binary("sub", "(%s - %s)", -2, 2, (a, b) -> true, "0.8", "-0.6"),
      new Binary("mul", "(%s * %s)", -2, 2, (a, b) -> true, "0.8", "-0.6"),
      new Binary("div", "(%s / %s)", -2, 2, (a, b) -> Math.abs(b) > 0.3, "0.8", "-0.6"),
      new Binary("rem", "(%s %% %s)", -2, 2,
          (a, b) -> Math.abs(b) > 0.3 && awayFromInteger(a / b, 0.05),
          "1.9", "-0.7"));

  /** Binary functions that are smooth along x = y although not at every pair of equal operands. */
  private static final List<String> SMOOTH_ON_DIAGONAL = List.of("max", "min", "doubleMax", "doubleMin", "rem");

  private static final int INT_FIRST = 2;
  private static final int INT_SECOND = 3;

  private static Loaded loaded;

  @BeforeAll
  static void compileAll() {
    loaded = load(compileOk(source(withSecondOrder(sourceText()))));
  }

  static String sourceText() {
    StringBuilder s = new StringBuilder("""
        package mathfns;

        import dev.flatgrad.annotations.Differentiable;

        class Fns {
        """);
    for (Unary u : UNARY) {
      String f = "Math." + u.fn();
      String l = u.label();
      method(s, "", l + "Root", "double x", "return %s(x);".formatted(f));
      method(s, "", l + "Nested", "double x, double y", "return %s(x) * y + %s(x * y);".formatted(f, f));
      method(s, "", l + "Staged", "double x, double y", """
          double a = %s(x);
              double b = a * y + x;
              return %s(x) * b - a * a;""".formatted(f, f));
      method(s, "", l + "Composed", "double x, double y",
          "return Math.sin(%s(x)) + %s(x) / (1.0 + y * y);".formatted(f, f));
      method(s, "@Differentiable(wrt = {\"y\"})", l + "Inactive", "double x, double y",
          "return %s(x) * y;".formatted(f));
    }
    for (Binary b : BINARY) {
      String l = b.label();
      method(s, "", l + "Both", "double x, double y", "return " + b.apply("x", "y") + ";");
      method(s, "", l + "Nested", "double x, double y",
          "return %s * y + %s;".formatted(b.apply("x", "y"), b.apply("x * y", "x + y")));
      method(s, "", l + "Self", "double x", "return " + b.apply("x", "x") + ";");
      method(s, "", l + "ConstFirst", "double x, double y",
          "return %s + y * x;".formatted(b.apply(b.constFirst(), "y")));
      method(s, "", l + "ConstSecond", "double x, double y",
          "return %s * y;".formatted(b.apply("x", b.constSecond())));
      method(s, "", l + "IntFirst", "int n, double y", "return %s;".formatted(b.apply("n", "y")));
      method(s, "", l + "IntSecond", "double x, int n", "return %s;".formatted(b.apply("x", "n")));
      method(s, "@Differentiable(wrt = {\"x\"})", l + "WrtFirst", "double x, double y",
          "return %s * y;".formatted(b.apply("x", "y")));
      method(s, "@Differentiable(wrt = {\"y\"})", l + "WrtSecond", "double x, double y",
          "return %s * x;".formatted(b.apply("x", "y")));
    }
    s.append("""

          @Differentiable
          static double negRoot(double x) {
            return -x;
          }

          @Differentiable
          static double negNested(double x, double y) {
            return -(x * y) + -Math.exp(-x) + x * -y - -y;
          }

          @Differentiable
          static double powNegativeBase(double x) {
            return Math.pow(x, 3.0) + Math.pow(x, 2) - Math.pow(2.0 * x, -2.0);
          }
        """);
    method(s, "", "strictExp", "double x", "return StrictMath.exp(x);");
    method(s, "", "scalbMixed", "double x, int n", "return Math.scalb(x * x, n) - Math.scalb(Math.sin(x), -2);");
    zeroGradientMethods(s);
    subgradientMethods(s);
    return s.append("}\n").toString();
  }

  private static void method(StringBuilder s, String annotation, String name, String params, String body) {
    s.append("\n  ").append(annotation.isEmpty() ? "@Differentiable" : annotation).append('\n')
        .append("  static double ").append(name).append('(').append(params).append(") {\n")
        .append("    ").append(body).append("\n  }\n");
  }

  // ---- unary functions ----

  @TestFactory
  Stream<DynamicTest> unaryFunctions() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Unary u : UNARY) {
      Random random = new Random(u.label().hashCode());
      for (String variant : List.of("Root", "Nested", "Staged", "Composed", "Inactive")) {
        String m = u.label() + variant;
        boolean inner = !variant.equals("Root");
        tests.add(DynamicTest.dynamicTest(m, () -> {
          for (int k = 0; k < POINTS; k++) {
            double x = inner ? uniform(random, u.innerLo(), u.innerHi()) : uniform(random, u.lo(), u.hi());
            double y = uniform(random, 0.5, 1.0);
            Object[] args = variant.equals("Root") ? new Object[] {x} : new Object[] {x, y};
            assertGradient(loaded, CLASS, m, args);
          }
        }));
      }
    }
    return tests.stream();
  }

  // ---- binary functions and operators ----

  @TestFactory
  Stream<DynamicTest> binaryFunctionsAndOperators() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Binary b : BINARY) {
      Random random = new Random(b.label().hashCode());
      double c1 = Double.parseDouble(b.constFirst());
      double c2 = Double.parseDouble(b.constSecond());
      // Every variant draws (x, y) where all operand pairs it builds are smooth.
      BiPredicate<Double, Double> ok = (x, y) -> b.smooth().test(x, y)
          && b.smooth().test(x * y, x + y)
          && (SMOOTH_ON_DIAGONAL.contains(b.label()) || b.smooth().test(x, x))
          && b.smooth().test(c1, y)
          && b.smooth().test(x, c2)
          && b.smooth().test((double) INT_FIRST, y)
          && b.smooth().test(x, (double) INT_SECOND);
      Function<double[], Object[]> xy = p -> new Object[] {p[0], p[1]};
      addBinary(tests, random, b, "Both", ok, xy);
      addBinary(tests, random, b, "Nested", ok, xy);
      addBinary(tests, random, b, "Self", ok, p -> new Object[] {p[0]});
      addBinary(tests, random, b, "ConstFirst", ok, xy);
      addBinary(tests, random, b, "ConstSecond", ok, xy);
      addBinary(tests, random, b, "IntFirst", ok, p -> new Object[] {INT_FIRST, p[1]});
      addBinary(tests, random, b, "IntSecond", ok, p -> new Object[] {p[0], INT_SECOND});
      addBinary(tests, random, b, "WrtFirst", ok, xy);
      addBinary(tests, random, b, "WrtSecond", ok, xy);
    }
    return tests.stream();
  }

  private static void addBinary(List<DynamicTest> tests, Random random, Binary b, String variant,
      BiPredicate<Double, Double> ok, Function<double[], Object[]> args) {
    String m = b.label() + variant;
    tests.add(DynamicTest.dynamicTest(m, () -> {
      for (int k = 0; k < POINTS; k++) {
        double x;
        double y;
        do {
          x = uniform(random, b.lo(), b.hi());
          y = uniform(random, b.lo(), b.hi());
        } while (!ok.test(x, y));
        assertGradient(loaded, CLASS, m, args.apply(new double[] {x, y}));
      }
    }));
  }

  @Test
  void unaryMinus() {
    Random random = new Random(7);
    for (int k = 0; k < POINTS; k++) {
      assertGradient(loaded, CLASS, "negRoot", uniform(random, -2, 2));
      assertGradient(loaded, CLASS, "negNested", uniform(random, -2, 2), uniform(random, -2, 2));
    }
    assertThat(d(GradAsserts.result(loaded, CLASS, "negRoot", 0.5), "dx")).isEqualTo(-1.0);
  }

  @Test
  void powWithANegativeBaseAndAConstantExponent() {
    Random random = new Random(8);
    for (int k = 0; k < POINTS; k++) {
      assertGradient(loaded, CLASS, "powNegativeBase", uniform(random, -2, -0.5));
    }
    // 3x² + 2x + 2 (2x)^-3 * 2 at x = -1
    assertThat(d(GradAsserts.result(loaded, CLASS, "powNegativeBase", -1.0), "dx"))
        .isWithin(1e-12).of(3.0 - 2.0 + 4.0 / -8.0);
  }

  @Test
  void scalbScalesBySomePowerOfTwo() {
    Random random = new Random(10);
    for (int k = 0; k < POINTS; k++) {
      assertGradient(loaded, CLASS, "scalbMixed", uniform(random, -2, 2), random.nextInt(9) - 4);
    }
    // 2x * 2^3 - cos(x) / 4 at x = 0.5
    assertThat(d(GradAsserts.result(loaded, CLASS, "scalbMixed", 0.5, 3), "dx"))
        .isEqualTo(2 * 0.5 * 8 - Math.cos(0.5) / 4);
  }

  /**
   * StrictMath's values are not always Math's (the JIT's Math.exp differs in the last bit at about
   * one point in ten): the generated code must compute the method's own value where it wrote
   * StrictMath, bit for bit, at points where Math would not.
   */
  @Test
  void strictMathStaysStrictMath() {
    Random random = new Random(9);
    int differing = 0;
    for (int k = 0; k < 20_000 && differing < 20; k++) {
      double x = uniform(random, -5, 5);
      if (Math.exp(x) != StrictMath.exp(x)) {
        differing++;
        Object r = GradAsserts.result(loaded, CLASS, "strictExp", x);
        assertWithMessage("value at %s", x).that(d(r, "value")).isEqualTo(StrictMath.exp(x));
        assertThat(d(r, "dx")).isEqualTo(StrictMath.exp(x));
      }
    }
    assertWithMessage("points where Math.exp is not StrictMath.exp").that(differing).isEqualTo(20);
  }

  // ---- zero-gradient functions ----

  private static final List<String> STEPS = List.of("floor", "ceil", "rint", "signum", "round");

  private static void zeroGradientMethods(StringBuilder s) {
    for (String f : STEPS) {
      String call = "Math." + f;
      method(s, "", f + "Root", "double x", "return %s(x);".formatted(call));
      method(s, "", f + "Times", "double x, double y",
          "return x * %s(x) + y * %s(x * y) - %s(y) / (1.0 + x * x);".formatted(call, call, call));
    }
    method(s, "", "toRadiansTimesDegrees", "double x", "return Math.toRadians(x) * Math.toDegrees(x);");
  }

  @TestFactory
  Stream<DynamicTest> zeroGradientFunctions() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String f : STEPS) {
      Random random = new Random(f.hashCode());
      tests.add(DynamicTest.dynamicTest(f, () -> {
        for (int k = 0; k < POINTS; k++) {
          double x;
          double y;
          do {
            x = random.nextInt(7) - 3 + uniform(random, 0.1, 0.4);
            y = random.nextInt(7) - 3 + uniform(random, 0.1, 0.4);
          } while (!awayFromInteger(2 * x * y, 0.02));
          Object root = GradAsserts.result(loaded, CLASS, f + "Root", x);
          assertWithMessage("%s'(%s)", f, x).that(d(root, "dx")).isZero();
          assertGradient(loaded, CLASS, f + "Root", x);
          assertGradient(loaded, CLASS, f + "Times", x, y);
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void toRadiansTimesToDegreesIsXSquared() {
    Object r = GradAsserts.result(loaded, CLASS, "toRadiansTimesDegrees", 1.25);
    assertThat(d(r, "dx")).isWithin(1e-12).of(2.5);
    assertGradient(loaded, CLASS, "toRadiansTimesDegrees", -0.75);
  }

  // ---- documented subgradients ----

  private static void subgradientMethods(StringBuilder s) {
    s.append("""

          @Differentiable
          static double absAt(double x) {
            return Math.abs(x);
          }

          @Differentiable
          static double absScaled(double x, double y) {
            return Math.abs(x) * y + Math.abs(x - y);
          }

          @Differentiable
          static double maxAt(double x, double y) {
            return Math.max(x, y);
          }

          @Differentiable
          static double minAt(double x, double y) {
            return Math.min(x, y);
          }

          @Differentiable
          static double maxScaled(double x, double y) {
            return 3.0 * Math.max(x * 2.0, y + 1.0);
          }

          @Differentiable
          static double relu(double x) {
            return Math.max(0.0, x);
          }

          @Differentiable
          static double reluOfAffine(double w, double x, double b) {
            return Math.max(0.0, w * x + b);
          }

          @Differentiable
          static double maxVariableFirst(double x) {
            return Math.max(x, 0.0);
          }
        """);
  }

  @Test
  void absHasSlopeZeroAtZero() {
    assertThat(d(GradAsserts.result(loaded, CLASS, "absAt", 0.0), "dx")).isZero();
    assertThat(d(GradAsserts.result(loaded, CLASS, "absAt", -0.0), "dx")).isZero();
    assertThat(d(GradAsserts.result(loaded, CLASS, "absAt", 2.0), "dx")).isEqualTo(1.0);
    assertThat(d(GradAsserts.result(loaded, CLASS, "absAt", -2.0), "dx")).isEqualTo(-1.0);
    // |x| y + |x - y| at x = 0, y = 0: both kinks at once.
    Object r = GradAsserts.result(loaded, CLASS, "absScaled", 0.0, 0.0);
    assertThat(d(r, "dx")).isZero();
    assertThat(d(r, "dy")).isZero();
    // at x = 0, y = 2: d/dx = 0 * 2 + sign(-2) = -1, d/dy = |0| + -sign(-2) = 1
    Object s = GradAsserts.result(loaded, CLASS, "absScaled", 0.0, 2.0);
    assertThat(d(s, "dx")).isEqualTo(-1.0);
    assertThat(d(s, "dy")).isEqualTo(1.0);
  }

  @Test
  void maxAndMinRouteToTheFirstArgumentOnATie() {
    Object max = GradAsserts.result(loaded, CLASS, "maxAt", 1.5, 1.5);
    assertThat(d(max, "dx")).isEqualTo(1.0);
    assertThat(d(max, "dy")).isZero();
    Object min = GradAsserts.result(loaded, CLASS, "minAt", -0.25, -0.25);
    assertThat(d(min, "dx")).isEqualTo(1.0);
    assertThat(d(min, "dy")).isZero();
    // Away from the tie each routes to the larger (smaller) one.
    assertThat(d(GradAsserts.result(loaded, CLASS, "maxAt", 1.0, 2.0), "dy")).isEqualTo(1.0);
    assertThat(d(GradAsserts.result(loaded, CLASS, "maxAt", 1.0, 2.0), "dx")).isZero();
    assertThat(d(GradAsserts.result(loaded, CLASS, "minAt", 1.0, 2.0), "dx")).isEqualTo(1.0);
    assertThat(d(GradAsserts.result(loaded, CLASS, "minAt", 1.0, 2.0), "dy")).isZero();
    // A tie between computed operands: 2x = y + 1 at x = 1, y = 1.
    Object scaled = GradAsserts.result(loaded, CLASS, "maxScaled", 1.0, 1.0);
    assertThat(d(scaled, "dx")).isEqualTo(6.0);
    assertThat(d(scaled, "dy")).isZero();
  }

  @Test
  void reluHasSlopeZeroAtZero() {
    assertThat(d(GradAsserts.result(loaded, CLASS, "relu", 0.0), "dx")).isZero();
    assertThat(d(GradAsserts.result(loaded, CLASS, "relu", 0.5), "dx")).isEqualTo(1.0);
    assertThat(d(GradAsserts.result(loaded, CLASS, "relu", -0.5), "dx")).isZero();
    Object r = GradAsserts.result(loaded, CLASS, "reluOfAffine", 2.0, 0.5, -1.0);
    assertThat(d(r, "dw")).isZero();
    assertThat(d(r, "dx")).isZero();
    assertThat(d(r, "db")).isZero();
    Object on = GradAsserts.result(loaded, CLASS, "reluOfAffine", 2.0, 0.5, -0.5);
    assertThat(d(on, "dw")).isEqualTo(0.5);
    assertThat(d(on, "dx")).isEqualTo(2.0);
    assertThat(d(on, "db")).isEqualTo(1.0);
  }

  @Test
  void maxWithTheVariableFirstRoutesToItOnATie() {
    // The rule is "first argument on a tie", so max(x, 0.0) has slope 1 at 0.
    assertThat(d(GradAsserts.result(loaded, CLASS, "maxVariableFirst", 0.0), "dx")).isEqualTo(1.0);
    assertThat(d(GradAsserts.result(loaded, CLASS, "maxVariableFirst", -1.0), "dx")).isZero();
  }

  // ---- helpers ----

  private static double uniform(Random random, double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** Whether v is at least {@code margin} away from every integer. */
  private static boolean awayFromInteger(double v, double margin) {
    return Math.abs(v - Math.rint(v)) >= margin;
  }
}
