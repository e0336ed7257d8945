package dev.flatgrad.processor.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Numeric checks of generated gradients, shared by the numeric, loop and property tests: call
 * the generated {@code checkM} of a method at a point and fail with the point and the report's
 * table when the analytic gradient is off by more than the default relative tolerance.
 */
public final class GradAsserts {

  /** Methods whose tangent and H·v were checked: at the first point a test checks them. */
  private static final java.util.Set<String> SECOND_ORDER_CHECKED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private GradAsserts() {}

  /** {@code method} capitalised, as the generated check method and record are named. */
  public static String capitalised(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1);
  }

  /** The report of {@code className.check<Method>(args)}. */
  public static GradCheck.Report check(Loaded l, String className, String method, Object... args) {
    return (GradCheck.Report) l.call(className, "check" + capitalised(method), args);
  }

  /**
   * Asserts that the generated gradient of {@code method} passes the default gradient check at
   * {@code args}, and that neither computing it nor checking it changes the caller's arrays; where
   * the method's H·v is generated too ({@code hessian = true}, as {@link
   * dev.flatgrad.processor.testing.Flatgrad#withSecondOrder} asks), also its tangent and H·v, at the
   * first point without an empty array each method is checked at (the corpora check many points for
   * the gradient's sake).
   */
  public static void assertGradient(Loaded l, String className, String method, Object... args) {
    Object[] before = deepCopy(args);
    Object gradient = l.call(className, method, args);
    assertUnchanged(method, before, args);
    GradCheck.Report r = check(l, className, method, args);
    assertUnchanged(method, before, args);
    if (!r.passed()) {
      fail(className + "." + method + " at " + describe(args) + "\n" + r.table());
    }
    // The method's own arguments: those of the gradient of an array result end with dout.
    Object[] point = Loaded.component(gradient, "value") instanceof Double ? args : Arrays.copyOf(args, args.length - 1);
    if (SecondOrderAsserts.generated(l, className, method) && !hasEmptyArray(point)
        && SECOND_ORDER_CHECKED.add(className + "#" + method)) {
      SecondOrderAsserts.assertSecondOrder(l, className, method, new Random(Arrays.deepHashCode(args)), point);
      assertUnchanged(method, before, args);
    }
  }

  /** Whether an argument is an empty array: a point where loops over it check little. */
  private static boolean hasEmptyArray(Object[] args) {
    return Arrays.stream(args).anyMatch(a -> a != null && a.getClass().isArray() && java.lang.reflect.Array.getLength(a) == 0);
  }

  /** The value and gradient record the generated {@code method} returns at {@code args}. */
  public static Object result(Loaded l, String className, String method, Object... args) {
    return l.call(className, method, args);
  }

  /** A component of a result record as a double. */
  public static double d(Object record, String component) {
    return (double) Loaded.component(record, component);
  }

  /** Arguments as the failure message shows them. */
  public static String describe(Object[] args) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      Object a = args[i];
      if (a instanceof Double x) {
        s.append(String.format(Locale.ROOT, "%.17g", x));
      } else if (a instanceof double[] v) {
        s.append(Arrays.toString(v));
      } else if (a instanceof Object[] m) {
        s.append(Arrays.deepToString(m));
      } else if (a instanceof int[] v) {
        s.append(Arrays.toString(v));
      } else {
        s.append(a);
      }
    }
    return s.append(")").toString();
  }

  private static Object[] deepCopy(Object[] args) {
    Object[] copy = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof double[] v) {
        copy[i] = v.clone();
      } else if (a instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        copy[i] = c;
      } else if (a instanceof int[] v) {
        copy[i] = v.clone();
      } else {
        copy[i] = a;
      }
    }
    return copy;
  }

  private static void assertUnchanged(String method, Object[] before, Object[] after) {
    for (int i = 0; i < before.length; i++) {
      if (before[i] instanceof double[] v) {
        assertArrayEquals(v, (double[]) after[i], method + ": argument " + i + " was modified");
      } else if (before[i] instanceof double[][] m) {
        double[][] a = (double[][]) after[i];
        for (int r = 0; r < m.length; r++) {
          assertArrayEquals(m[r], a[r], method + ": argument " + i + " row " + r + " was modified");
        }
      } else if (before[i] instanceof int[] v) {
        assertArrayEquals(v, (int[]) after[i], method + ": argument " + i + " was modified");
      }
    }
  }
}
