package dev.flatgrad.processor.numeric;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Scalar language constructs, checked numerically at random points: reassignment and compound
 * assignment (renaming), reused values (gradients add), ternaries and if/else chains (the branch
 * taken is replayed), {@code wrt} subsets, inactive {@code int}/{@code long}/{@code boolean}
 * parameters, static final constants, integer arithmetic mixed into double code, reassigned
 * parameters, and user names that generated names could collide with.
 */
class ScalarConstructsTest {

  private static final String CLASS = "scalar.ConstructsGrad";
  private static final int POINTS = 6;

  private static Loaded loaded;

  @BeforeAll
  static void compileAll() {
    loaded = load(compileOk(source(withSecondOrder("""
        package scalar;

        import dev.flatgrad.annotations.Differentiable;

        class Constructs {
          static final double HALF = 0.5;
          private static final double SCALE = 3.0;
          static final int TWO = 2;
          private static final long TEN = 10L;
          private static final double SCALED_HALF = SCALE * HALF;

          // ---- reassignment ----

          @Differentiable
          static double square(double x) {
            x = x * x;
            return x;
          }

          @Differentiable
          static double fourthPower(double x) {
            double y = x;
            y = y * y;
            y = y * y;
            return y + 1.0;
          }

          @Differentiable
          static double compound(double x, double y) {
            double s = x;
            s += y;
            s *= x;
            s -= y * y;
            s /= 1.0 + x * x;
            s += s;
            return s;
          }

          @Differentiable
          static double compoundOnItself(double x, double y) {
            double a = x;
            a *= a;
            double b = y;
            b += b;
            double c = x * y;
            c /= c;
            double e = x;
            e -= e;
            return a * b + c * y + e * x;
          }

          @Differentiable
          static double remainderAssign(double x, double y) {
            double r = x * 3.0;
            r %= y;
            return r * x;
          }

          @Differentiable
          static double chain(double x, double y) {
            double t = x + y;
            t = t * t;
            t = Math.sin(t) + t;
            t = t / (1.0 + y * y);
            t = t - x;
            return t * t;
          }

          @Differentiable
          static double swap(double x, double y) {
            double a = x;
            double b = y;
            double t = a;
            a = b * 2.0;
            b = t * 3.0;
            return a * b + a / (1.0 + b * b);
          }

          @Differentiable
          static double reassignedFromOld(double x, double y) {
            double a = x * y;
            double b = a;
            a = a * a + b;
            b = a - b;
            return a * b;
          }

          @Differentiable
          static double divideByOldSelf(double x, double y) {
            double q = x * x + 1.0;
            q = y / q;
            q = q / (q * q + 1.0);
            return q;
          }

          @Differentiable
          static double parametersReassigned(double x, double y) {
            x = x * y;
            y = Math.exp(x) - y;
            x += y;
            return x * y;
          }

          @Differentiable
          static double parameterReassignedInBranch(double x, double y) {
            if (x > y) {
              x = x - y;
            } else {
              y = Math.exp(y) * x;
            }
            return x * y + x;
          }

          // ---- reuse ----

          @Differentiable
          static double reusedLocal(double x) {
            double a = x * x;
            return a * a + a * x + Math.sin(a) * a - a / (1.0 + a);
          }

          @Differentiable
          static double reusedParameter(double x, double y) {
            return x * x * x + x * y * x + y;
          }

          @Differentiable
          static double unusedLocalsAndParameters(double x, double y, double z) {
            double unused = Math.exp(z) * y;
            double a = x * 2.0;
            return a * a;
          }

          // ---- ternaries ----

          @Differentiable
          static double ternary(double x, double y) {
            return x > y ? x * y : x / (1.0 + y * y);
          }

          @Differentiable
          static double nestedTernary(double x, double y) {
            return x > 0 ? (y > 0 ? x * y : Math.exp(x) * y) : (y > x ? Math.sin(x * y) : x - y);
          }

          @Differentiable
          static double ternaryExpensiveBranches(double x, double y) {
            double t = x * y > 0.5
                ? Math.log(1.0 + Math.exp(x * y)) * Math.tanh(y)
                : Math.sqrt(1.0 + x * x) * Math.cos(y);
            return t * t + (t > 0 ? t : -t);
          }

          @Differentiable
          static double ternaryInArguments(double x, double y) {
            return Math.exp(x < y ? x : y) + Math.max(x > 0 ? x : 0.5 * x, y) * (y < 0 ? y * y : y);
          }

          @Differentiable
          static double ternaryOnInactive(double x, int n, boolean flag) {
            return (n > 2 ? x * x : x * 3.0) + (flag ? Math.sin(x) : Math.cos(x));
          }

          @Differentiable
          static double ternaryAssigned(double x, double y) {
            double r = x * y;
            r = r > 0 ? r * r : -r;
            return r + (r > 1 ? y : x);
          }

          // ---- if/else ----

          @Differentiable
          static double ifChain(double x, double y) {
            if (x < -1.0) {
              return x * y;
            } else if (x < 0.0) {
              double t = x * x;
              return t * y + Math.sin(t);
            } else if (x < 1.0) {
              return Math.exp(x) * y;
            }
            return x / y;
          }

          @Differentiable
          static double ifWithoutElse(double x, double y) {
            double r = x * y;
            if (r > 0.0) {
              r = r * r + 1.0;
            }
            if (y < 0.0) {
              r += y;
            } else {
              r -= Math.cos(y) * x;
            }
            return r;
          }

          @Differentiable
          static double nestedIfs(double x, double y, boolean flag) {
            double r = 0.0;
            if (flag) {
              if (x > y) {
                r = x - y;
              } else {
                r = y - x;
                return r * r;
              }
            } else {
              r = x * y;
            }
            return r * Math.exp(-r);
          }

          @Differentiable
          static double earlyReturn(double x, double y) {
            double a = x * y;
            if (a > 1.0) {
              return a;
            }
            a = a * a - x;
            if (a < 0.25) {
              return a + x;
            }
            return a * y;
          }

          @Differentiable
          static double logicalConditions(double x, double y, boolean b) {
            double r;
            if ((x > 0 && y > 0) || (!b && x < y)) {
              r = x * y;
            } else if (!(x >= y) || b) {
              r = x + y;
            } else {
              r = x - Math.sin(y);
            }
            return r * r;
          }

          @Differentiable
          static double branchOnComputedValue(double x, double y) {
            double s = Math.sin(x) + y;
            double g = s > 0 ? s : 0.1 * s;
            if (g * g > 1.0) {
              g = Math.sqrt(g * g);
            }
            return g * x;
          }

          // ---- wrt ----

          @Differentiable(wrt = {"x"})
          static double wrtX(double x, double y, double z) {
            return x * y * z + Math.sin(y);
          }

          @Differentiable(wrt = {"x", "z"})
          static double wrtXz(double x, double y, double z) {
            double a = x * y;
            double b = a + z * y;
            return a * b;
          }

          @Differentiable(wrt = {"y"})
          static double wrtYThroughLocals(double x, double y) {
            double t = x * x;
            t = t + y;
            return t * t;
          }

          @Differentiable(wrt = {"z", "x"})
          static double wrtOutOfOrder(double x, double y, double z) {
            return x * Math.exp(y * z);
          }

          // ---- inactive parameters and integer arithmetic ----

          @Differentiable
          static double mixedInactive(double x, int n, double y, long m, boolean flag) {
            double r = x * n + y / m;
            if (flag) {
              r = r * r + 1.0;
            }
            return r + n * m * y;
          }

          @Differentiable
          static double integerArithmetic(double x, int n, long m) {
            int k = n * 3 % 5;
            long q = m * k + 7L;
            double c = k / 2;
            int j = n;
            j++;
            j += 2;
            j *= 2;
            j--;
            return x * k + x * x * q + c * x + (n / 2) * x + j * x + (m % 3) * x * x;
          }

          @Differentiable
          static double intDividesDouble(double x, int n) {
            double a = n / 2 * x;
            double b = x / n;
            double c = n * 0.5 * x;
            return a + b * c + n - x / (n + 1);
          }

          @Differentiable
          static double intLocalsDriveBranches(double x, int n) {
            int k = n - 2;
            double r = x;
            if (k > 0) {
              r = r * k;
            }
            if (k * k >= 4 && n != 7) {
              r = r * r - r;
            }
            return r;
          }

          // ---- constants ----

          @Differentiable
          static double constants(double x) {
            return HALF * x * x + SCALE * x + TWO * x + TEN * x + SCALED_HALF;
          }

          @Differentiable
          static double constantsInCalls(double x) {
            return Math.pow(x, TWO) * SCALE - Math.exp(HALF * x) + Math.max(x, HALF);
          }

          @Differentiable
          static double literals(double x) {
            return 1e-1 * x + 2. * x * x + .5 + 3 * x + 1_000.0 * x * 1e-3 + 0x10 * x + 4L * x;
          }

          // ---- v = op(v, ...) in a branch: the old v is restored for the operand ----

          @Differentiable
          static double squareInBranch(double x, double y) {
            double r = x * y;
            if (r > 0.0) {
              r = r * r;
            }
            return r;
          }

          @Differentiable
          static double timesAssignInBranch(double x, double y) {
            double r = x + y;
            if (x > 0) {
              r *= y;
            }
            return r;
          }

          @Differentiable
          static double sinInBranch(double x, double y) {
            double r = x + y;
            if (x > 0) {
              r = Math.sin(r);
            }
            return r;
          }

          @Differentiable
          static double squareAfterEarlyReturn(double x) {
            if (x > 1.0) {
              return x;
            }
            x = x * x;
            return x;
          }

          // ---- known bug: rules that read both the output and an operand that is the output ----

          @Differentiable
          static double bugDivideByItselfInBranch(double x, double y) {
            double r = x + y;
            if (x > 0) {
              r = y / r;
            }
            return r;
          }

          @Differentiable
          static double bugHypotOfItselfInBranch(double x, double y) {
            double r = x * y;
            if (x > 0) {
              r = Math.hypot(r, y);
            }
            return r;
          }

          @Differentiable
          static double bugPowOfItselfInBranch(double x, double y) {
            double r = x + y;
            if (x > 0) {
              r = Math.pow(r, y);
            }
            return r;
          }

          // ---- overloads ----

          @Differentiable
          static double overloaded(double x) {
            return x * x;
          }

          @Differentiable
          static double overloaded(double x, double y) {
            return x * y * y;
          }
        }
        """))));
  }

  private static double u(Random r) {
    return -2 + 4 * r.nextDouble();
  }

  private void check(String method, long seed, ArgsMaker args) {
    Random r = new Random(seed);
    for (int k = 0; k < POINTS; k++) {
      assertGradient(loaded, CLASS, method, args.make(r));
    }
  }

  @FunctionalInterface
  private interface ArgsMaker {
    Object[] make(Random r);
  }

  private static final ArgsMaker X = r -> new Object[] {u(r)};
  private static final ArgsMaker XY = r -> new Object[] {u(r), u(r)};
  private static final ArgsMaker XYZ = r -> new Object[] {u(r), u(r), u(r)};

  @Test
  void reassignmentAndCompoundAssignment() {
    check("square", 1, X);
    check("fourthPower", 2, X);
    check("compound", 3, XY);
    check("compoundOnItself", 4, r -> new Object[] {0.3 + u(r) * u(r) * 0.1 + 0.5, u(r)});
    check("chain", 6, XY);
    check("swap", 7, XY);
    check("reassignedFromOld", 8, XY);
    check("divideByOldSelf", 9, XY);
    check("parametersReassigned", 10, XY);
    check("parameterReassignedInBranch", 11, XY);
    // (3x) % y is smooth where 3x / y is not an integer.
    Random r = new Random(5);
    for (int k = 0; k < POINTS; k++) {
      double x = u(r);
      double y = 0.4 + r.nextDouble();
      double q = 3 * x / y;
      if (Math.abs(q - Math.rint(q)) > 0.05) {
        assertGradient(loaded, CLASS, "remainderAssign", x, y);
      }
    }
  }

  @Test
  void reassignmentHasExactGradients() {
    assertThat(d(result(loaded, CLASS, "square", 3.0), "dx")).isEqualTo(6.0);
    assertThat(d(result(loaded, CLASS, "fourthPower", 2.0), "dx")).isEqualTo(32.0);
    Object c = result(loaded, CLASS, "compoundOnItself", 1.5, 2.0);
    // x² 2y + y: d/dx = 4xy, d/dy = 2x² + 1
    assertThat(d(c, "dx")).isWithin(1e-12).of(12.0);
    assertThat(d(c, "dy")).isWithin(1e-12).of(5.5);
  }

  @Test
  void reusedValuesSumTheirGradients() {
    check("reusedLocal", 12, X);
    check("reusedParameter", 13, XY);
    check("unusedLocalsAndParameters", 14, XYZ);
    Object r = result(loaded, CLASS, "reusedParameter", 2.0, 3.0);
    // x³ + x² y + y: 3x² + 2xy = 24, x² + 1 = 5
    assertThat(d(r, "dx")).isEqualTo(24.0);
    assertThat(d(r, "dy")).isEqualTo(5.0);
    Object unused = result(loaded, CLASS, "unusedLocalsAndParameters", 1.0, 2.0, 3.0);
    assertThat(d(unused, "dy")).isZero();
    assertThat(d(unused, "dz")).isZero();
    assertThat(d(unused, "dx")).isEqualTo(8.0);
  }

  @Test
  void ternaries() {
    check("ternary", 15, XY);
    check("nestedTernary", 16, XY);
    check("ternaryExpensiveBranches", 17, XY);
    check("ternaryInArguments", 18, XY);
    check("ternaryAssigned", 19, XY);
    for (int n : new int[] {1, 3}) {
      for (boolean flag : new boolean[] {false, true}) {
        check("ternaryOnInactive", 20 + n, r -> new Object[] {u(r), n, flag});
      }
    }
  }

  @Test
  void ifElse() {
    check("ifChain", 21, r -> new Object[] {-2.5 + 5 * r.nextDouble(), 0.5 + r.nextDouble()});
    check("ifWithoutElse", 22, XY);
    check("earlyReturn", 23, XY);
    check("branchOnComputedValue", 24, XY);
    for (boolean flag : new boolean[] {false, true}) {
      check("nestedIfs", 25, r -> new Object[] {u(r), u(r), flag});
      check("logicalConditions", 26, r -> new Object[] {u(r), u(r), flag});
    }
  }

  @Test
  void wrtSubsets() {
    check("wrtX", 27, XYZ);
    check("wrtXz", 28, XYZ);
    check("wrtYThroughLocals", 29, XY);
    check("wrtOutOfOrder", 30, r -> new Object[] {u(r), u(r) * 0.5, u(r) * 0.5});
    assertThat(components("WrtX")).containsExactly("value", "dx").inOrder();
    assertThat(components("WrtXz")).containsExactly("value", "dx", "dz").inOrder();
    assertThat(components("WrtYThroughLocals")).containsExactly("value", "dy").inOrder();
    // Components follow the parameters' order, not the order wrt names them.
    assertThat(components("WrtOutOfOrder")).containsExactly("value", "dx", "dz").inOrder();
    assertThat(components("MixedInactive")).containsExactly("value", "dx", "dy").inOrder();
  }

  @Test
  void inactiveParametersAndIntegerArithmetic() {
    for (int n : new int[] {-3, 1, 2, 5}) {
      for (long m : new long[] {-4L, 1L, 7L}) {
        for (boolean flag : new boolean[] {false, true}) {
          check("mixedInactive", 31, r -> new Object[] {u(r), n, u(r), m, flag});
        }
        check("integerArithmetic", 32, r -> new Object[] {u(r), n, m});
      }
      check("intDividesDouble", 33, r -> new Object[] {u(r), n});
    }
    for (int n = -1; n <= 8; n++) {
      int k = n;
      check("intLocalsDriveBranches", 34, r -> new Object[] {u(r), k});
    }
    // x k + x² q + c x + (n / 2) x + j x + (m % 3) x², with n = 5, m = 7: k = 0, q = 7,
    // c = 0, n / 2 = 2, j = 15, m % 3 = 1
    Object r = result(loaded, CLASS, "integerArithmetic", 2.0, 5, 7L);
    assertThat(d(r, "dx")).isWithin(1e-12).of(2 * 2.0 * 7 + 2 + 15 + 2 * 2.0);
  }

  @Test
  void staticFinalConstants() {
    check("constants", 35, X);
    check("constantsInCalls", 36, r -> new Object[] {0.6 + r.nextDouble()});
    check("literals", 37, X);
    assertThat(d(result(loaded, CLASS, "constants", 2.0), "dx")).isWithin(1e-12).of(2.0 + 3 + 2 + 10);
    assertThat(d(result(loaded, CLASS, "literals", 1.0), "dx"))
        .isWithin(1e-12).of(0.1 + 4.0 + 3 + 1.0 + 16 + 4);
  }

  @Test
  void overloadsEachGetTheirOwnGradient() throws Exception {
    Class<?> grad = loaded.loadClass(CLASS);
    Object one = grad.getMethod("overloaded", double.class).invoke(null, 3.0);
    Object two = grad.getMethod("overloaded", double.class, double.class).invoke(null, 3.0, 2.0);
    assertThat(one.getClass()).isNotEqualTo(two.getClass());
    assertThat(d(one, "dx")).isEqualTo(6.0);
    assertThat(d(two, "dx")).isEqualTo(4.0);
    assertThat(d(two, "dy")).isEqualTo(12.0);
  }

  @Test
  void overwrittenOperandInABranch() {
    Random r = new Random(40);
    for (int k = 0; k < POINTS; k++) {
      double x = u(r);
      double y = u(r);
      assertGradient(loaded, CLASS, "squareInBranch", x, y);
      assertGradient(loaded, CLASS, "timesAssignInBranch", x, y);
      assertGradient(loaded, CLASS, "sinInBranch", x, y);
      assertGradient(loaded, CLASS, "squareAfterEarlyReturn", x);
    }
  }

  @Test
  void knownBugOverwrittenOperandAndOutputInABranch() {
    Random r = new Random(42);
    for (int k = 0; k < POINTS; k++) {
      double x = 0.2 + r.nextDouble();
      double y = 0.2 + r.nextDouble();
      assertGradient(loaded, CLASS, "bugDivideByItselfInBranch", x, y);
      assertGradient(loaded, CLASS, "bugHypotOfItselfInBranch", x, y);
      assertGradient(loaded, CLASS, "bugPowOfItselfInBranch", x, y);
    }
  }

  @Test
  void userNamesThatGeneratedNamesCouldCollideWith() {
    Loaded names = load(compileOk(source(withSecondOrder("""
        package scalar;

        import dev.flatgrad.annotations.Differentiable;

        class Names {
          @Differentiable
          static double adjointClash(double x, double dx) {
            double ddx = x * dx;
            return ddx * x;
          }

          @Differentiable
          static double temporaries(double prod, double diff) {
            double out = prod * diff;
            double sum = out - diff * 0.5;
            double quot = sum / (1.0 + prod * prod);
            double dout = quot * out + Math.exp(sum) * prod;
            double t = dout * dout;
            double dt = t + 1.0;
            return dt * Math.sin(dout);
          }

          @Differentiable
          static double checkLocals(double grad, double gradParam, double value) {
            return grad * gradParam * value + value;
          }
        }
        """))));
    Random r = new Random(41);
    for (int k = 0; k < POINTS; k++) {
      assertGradient(names, "scalar.NamesGrad", "adjointClash", u(r), u(r));
      assertGradient(names, "scalar.NamesGrad", "temporaries", u(r) * 0.5, u(r) * 0.5);
      assertGradient(names, "scalar.NamesGrad", "checkLocals", u(r), u(r), u(r));
    }
    // x² dx: d/dx = 2 x dx, d/d(dx) = x²
    Object clash = result(names, "scalar.NamesGrad", "adjointClash", 3.0, 2.0);
    assertThat(d(clash, "dx")).isEqualTo(12.0);
    assertThat(d(clash, "ddx")).isEqualTo(9.0);
  }

  @Test
  void knownBugNestedIfRecordsItsDirectionOutOfScope() {
    Loaded nested = load(compileOk(source(withSecondOrder("""
        package scalar;

        import dev.flatgrad.annotations.Differentiable;

        class Nested {
          @Differentiable
          static double f(double a, double b) {
            double t = b * b;
            if (a > 0.0) {
              if (a < t) {
                t = a;
              }
            }
            return t;
          }
        }
        """))));
    assertGradient(nested, "scalar.NestedGrad", "f", 0.5, 1.5);
  }

  private static List<String> components(String record) {
    try {
      Class<?> c = loaded.loadClass(CLASS + "$" + record);
      return Arrays.stream(c.getRecordComponents()).map(RecordComponent::getName).toList();
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
