package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Guards, {@code throw new SomeException(...)}, wherever users write them: before the work, in
 * loops, in an else, at the end of a search, as a switch's default, in an instance method and in
 * a callee. Where the method returns, its gradient, tangent and H·v are checked as any method's;
 * where it throws, every generated method throws the same exception with the same message.
 */
class ThrowTest {

  private static final String GUARDS = """
      package gu;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.Arrays;
      import java.util.NoSuchElementException;

      public class Guards {
        private final double scale;

        public Guards(double scale) {
          this.scale = scale;
        }

        /** A guard on the shapes before the work, its message built with + from lengths. */
        @Differentiable
        public static double weightedDistance(double[] x, double[] y, double[] w) {
          if (x.length != y.length || x.length != w.length) {
            throw new IllegalArgumentException("x has " + x.length + " entries, y " + y.length + ", w " + w.length);
          }
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += w[i] * d * d;
          }
          return Math.sqrt(s);
        }

        /** A guard in a loop, formatted by String.format; the loop goes on after it. */
        @Differentiable
        public static double logBarrier(double[] x, double mu) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] <= 0.0) {
              throw new IllegalArgumentException(String.format("x[%d] = %g is outside the domain", i, x[i]));
            }
            s -= mu * Math.log(x[i]);
            s += x[i] * x[i];
          }
          return s;
        }

        /** A throw in an else: the variable is assigned on every path that goes on. */
        @Differentiable
        public static double safeLog(double x, double y) {
          double r;
          if (x > 0.0) {
            r = Math.log(x) * y;
          } else {
            throw new ArithmeticException("log of " + x + " (y = " + y + ")");
          }
          return r * r + (x + y) * 0.5;
        }

        /** A search that returns from its loop and ends in a throw when nothing is found. */
        @Differentiable
        public static double piecewise(double[] knots, double[] slopes, double t) {
          double base = 0.0;
          for (int i = 0; i + 1 < knots.length; i++) {
            if (t >= knots[i] && t < knots[i + 1]) {
              return base + slopes[i] * (t - knots[i]);
            }
            base += slopes[i] * (knots[i + 1] - knots[i]);
          }
          throw new NoSuchElementException("t = " + t + " is outside " + Arrays.toString(knots));
        }

        /** A switch expression whose default throws. */
        @Differentiable
        public static double activation(double x, int kind) {
          double a = switch (kind) {
            case 0 -> Math.tanh(x);
            case 1 -> 1.0 / (1.0 + Math.exp(-x));
            default -> throw new IllegalArgumentException("unknown activation " + kind);
          };
          return a * x;
        }

        /** Guards without braces, one reading the loop's state, parentheses kept where they matter. */
        @Differentiable
        public static double newtonSqrt(double a) {
          if (a < 0.0) throw new IllegalArgumentException("negative: " + a);
          double r = a > 1.0 ? a : 1.0;
          for (int k = 0; k < 8; k++) {
            r = 0.5 * (r + a / r);
            if (!(r > 1e-3)) throw new ArithmeticException("r = " + r + " after " + (k + 1) + " steps, " + k + 1);
          }
          return r;
        }

        /** An instance method whose message reads a private field. */
        @Differentiable
        public double scaled(double x) {
          if (scale <= 0.0) {
            throw new IllegalStateException("scale " + scale + " must be positive, x = " + x);
          }
          return Math.exp(x / scale);
        }

        /** A caller of a guarded method: the callee's guard throws inside the caller's gradient. */
        @Differentiable
        public static double callsGuarded(double[] x, double mu) {
          double b = logBarrier(x, mu);
          return b * b + mu;
        }

        /** An exception class of the user's, a value as its first argument, a char in the text. */
        @Differentiable
        public static double custom(double x, int n) {
          if (n < 1) {
            throw new BadInput(n, "n = " + n + '!');
          }
          double p = 1.0;
          for (int i = 0; i < n; i++) {
            p = p * Math.sin(x + i);
          }
          return p;
        }

        static final class BadInput extends RuntimeException {
          private static final long serialVersionUID = 1L;

          BadInput(int n, String message) {
            super(message + " (" + n + ")");
          }
        }
      }
      """;

  @Test
  void guardedMethodsAreDifferentiatedWhereTheyReturn() {
    Loaded l = load(compileOk(source(withSecondOrder(GUARDS))));
    String g = "gu.GuardsGrad";
    assertGradient(l, g, "weightedDistance", new double[] {0.3, -1.2, 2.0}, new double[] {1.1, 0.4, -0.5},
        new double[] {0.7, 1.3, 0.2});
    assertGradient(l, g, "logBarrier", new double[] {0.3, 1.2, 2.0}, 0.1);
    assertGradient(l, g, "safeLog", 0.8, -1.3);
    assertGradient(l, g, "piecewise", new double[] {0.0, 1.0, 2.5, 4.0}, new double[] {0.5, -1.0, 2.0}, 1.7);
    assertGradient(l, g, "piecewise", new double[] {0.0, 1.0, 2.5, 4.0}, new double[] {0.5, -1.0, 2.0}, 3.1);
    assertGradient(l, g, "activation", 0.4, 0);
    assertGradient(l, g, "activation", -0.9, 1);
    assertGradient(l, g, "newtonSqrt", 2.3);
    assertGradient(l, g, "scaled", guards(l, 1.7), 0.3);
    assertGradient(l, g, "callsGuarded", new double[] {0.3, 1.2, 2.0}, 0.1);
    assertGradient(l, g, "custom", 0.6, 3);
  }

  @Test
  void whereTheMethodThrowsEveryGeneratedMethodThrowsTheSame() {
    Loaded l = load(compileOk(source(withSecondOrder(GUARDS))));
    assertThrowsAlike(l, "weightedDistance", new double[] {0.3, -1.2}, new double[] {1.1, 0.4, -0.5},
        new double[] {0.7, 1.3, 0.2});
    assertThrowsAlike(l, "logBarrier", new double[] {0.3, -1.2, 2.0}, 0.1);
    assertThrowsAlike(l, "safeLog", -0.8, 1.5);
    assertThrowsAlike(l, "piecewise", new double[] {0.0, 1.0, 2.5, 4.0}, new double[] {0.5, -1.0, 2.0}, 4.5);
    assertThrowsAlike(l, "activation", 0.4, 7);
    assertThrowsAlike(l, "newtonSqrt", -2.0);
    assertThrowsAlike(l, "scaled", guards(l, -1.0), 0.3);
    assertThrowsAlike(l, "callsGuarded", new double[] {0.3, 0.0}, 0.1);
    assertThrowsAlike(l, "custom", 0.6, 0);
  }

  /**
   * The user's method throws at {@code args}; the gradient, and the tangent and H·v where
   * generated, throw an exception of the same class with the same message.
   */
  private static void assertThrowsAlike(Loaded l, String method, Object... args) {
    RuntimeException expected = thrown(() -> invoke(l, userMethod(l, method), args));
    assertThat(expected).isNotNull();
    List<String> checked = new ArrayList<>();
    for (Method m : generated(l)) {
      String name = m.getName();
      if (!name.equals(method) && !name.equals(method + "Tangent") && !name.equals(method + "Hvp")) {
        continue;
      }
      Object[] all = Arrays.copyOf(args, m.getParameterCount());
      for (int i = args.length; i < all.length; i++) {
        all[i] = onesLike(m.getParameterTypes()[i], args);
      }
      RuntimeException actual = thrown(() -> invoke(l, m, all));
      if (actual == null) {
        fail("gu.GuardsGrad." + name + " did not throw at " + Arrays.deepToString(args));
      }
      assertThat(actual.getClass().getName()).isEqualTo(expected.getClass().getName());
      assertThat(actual).hasMessageThat().isEqualTo(expected.getMessage());
      checked.add(name);
    }
    assertThat(checked).containsAtLeast(method, method + "Tangent", method + "Hvp");
  }

  /** A direction for a parameter of this type: 1.0, or ones shaped as the first array argument of its rank. */
  private static Object onesLike(Class<?> type, Object[] args) {
    if (type == double.class) {
      return 1.0;
    }
    for (Object a : args) {
      if (a instanceof double[] v && type == double[].class) {
        double[] ones = new double[v.length];
        Arrays.fill(ones, 1.0);
        return ones;
      }
    }
    throw new AssertionError("no direction for a " + type);
  }

  private static Object guards(Loaded l, double scale) {
    try {
      return l.loadClass("gu.Guards").getConstructor(double.class).newInstance(scale);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Method> generated(Loaded l) {
    try {
      return List.of(l.loadClass("gu.GuardsGrad").getMethods());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static Method userMethod(Loaded l, String name) {
    try {
      return Arrays.stream(l.loadClass("gu.Guards").getDeclaredMethods()).filter(m -> m.getName().equals(name))
          .findFirst().orElseThrow();
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls a static method, or an instance method on the first argument as the generated ones take it. */
  private static Object invoke(Loaded l, Method m, Object[] args) {
    try {
      m.setAccessible(true);
      if (Modifier.isStatic(m.getModifiers())) {
        return m.invoke(null, args);
      }
      return m.invoke(args[0], Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static RuntimeException thrown(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static void assertError(String body, String line, String... words) {
    JavaFileObject file = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Bad {
          static RuntimeException problem(double x) {
            return new IllegalStateException("x = " + x);
          }

          @Differentiable
          static double f(double x, int k) {
        %s
          }
        }
        """.formatted(body));
    assertErrorsOn(file, line, words);
  }

  @Test
  void aThrowFlatgradCannotRepeatSaysWhatToWriteOnItsLine() {
    assertError("""
            if (x < 0.0) {
              throw problem(x);
            }
            return x * x;
        """, "throw problem(x);", "only a new exception can be thrown", "create it where it is thrown");
    assertError("""
            if (x < 0.0) {
              throw new IllegalStateException() {
              };
            }
            return x * x;
        """, "throw new IllegalStateException()", "only a new exception can be thrown");
    assertError("""
            if (x < 0.0) {
              throw new IllegalStateException("x = " + Math.nextAfter(x, 1.0));
            }
            return x * x;
        """, "Math.nextAfter", "`Math.nextAfter`");
    assertError("""
            throw new UnsupportedOperationException("not yet: " + x);
        """, "@Differentiable", "never returns a value", "every path throws");
  }
}
