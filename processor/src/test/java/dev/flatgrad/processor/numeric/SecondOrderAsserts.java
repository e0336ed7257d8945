package dev.flatgrad.processor.numeric;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Numeric checks of generated tangents and Hessian-vector products, shared by the numeric, loop
 * and property tests: at a point and along random directions (one per differentiated parameter,
 * shaped like its gradient), the generated {@code checkMTangent} and {@code checkMHvp} must pass,
 * and the value each returns must be the method's own, bit for bit; the H·v method's gradient and
 * directional derivative must agree with the gradient and tangent methods'.
 */
public final class SecondOrderAsserts {

  private SecondOrderAsserts() {}

  /** Whether the H·v of {@code method} was generated ({@code hessian = true}). */
  public static boolean generated(Loaded l, String className, String method) {
    return java.util.Arrays.stream(classOf(l, className).getMethods()).anyMatch(m -> m.getName().equals(method + "Hvp"));
  }

  /** Asserts the tangent of {@code method} (generated with {@code tangent = true}) at {@code args}. */
  public static void assertTangent(Loaded l, String className, String method, Random random, Object... args) {
    Object[] directions = directions(l, className, method, random, args);
    double[] along = flat(directions);
    Object tangent = l.call(className, method + "Tangent", concat(args, directions));
    if (!Arrays.equals(along, flat(directions))) {
      fail(className + "." + method + "Tangent changed the directions it was given");
    }
    Object value = Loaded.component(l.call(className, method, gradientArgs(l, className, method, args)), "value");
    assertSame(className + "." + method + "Tangent value", value, Loaded.component(tangent, "value"), args);
    GradCheck.Report r = (GradCheck.Report) l.call(className, "check" + GradAsserts.capitalised(method) + "Tangent",
        concat(args, directions));
    if (!r.passed()) {
      fail(className + "." + method + "Tangent at " + GradAsserts.describe(args) + " along "
          + GradAsserts.describe(directions) + "\n" + r.table());
    }
  }

  /**
   * Asserts the tangent and Hessian-vector product of {@code method} (generated with {@code
   * hessian = true}) at {@code args}: both checks, the values, and the H·v method's gradient and
   * tangent against the gradient and tangent methods'.
   */
  public static void assertSecondOrder(Loaded l, String className, String method, Random random, Object... args) {
    assertTangent(l, className, method, random, args);
    Object[] directions = directions(l, className, method, random, args);
    Object[] seed = seed(l, className, method, random, args);
    Object[] hvpArgs = concat(concat(args, directions), seed);
    double[] along = flat(hvpArgs);
    Object hvp = l.call(className, method + "Hvp", hvpArgs);
    if (!Arrays.equals(along, flat(hvpArgs))) {
      fail(className + "." + method + "Hvp changed its arguments or directions");
    }
    Object gradient = l.call(className, method, concat(args, seed));
    Object tangent = l.call(className, method + "Tangent", concat(args, directions));
    String where = className + "." + method + "Hvp at " + GradAsserts.describe(args);
    assertSame(where + ": value", Loaded.component(gradient, "value"), Loaded.component(hvp, "value"), args);
    assertClose(where + ": valueDot", Loaded.component(tangent, "valueDot"), Loaded.component(hvp, "valueDot"));
    for (RecordComponent c : gradient.getClass().getRecordComponents()) {
      if (!c.getName().equals("value")) {
        assertClose(where + ": " + c.getName(), Loaded.component(gradient, c.getName()),
            Loaded.component(hvp, c.getName()));
      }
    }
    GradCheck.Report r = (GradCheck.Report) l.call(className, "check" + GradAsserts.capitalised(method) + "Hvp", hvpArgs);
    if (!r.passed()) {
      fail(where + " along " + GradAsserts.describe(directions) + "\n" + r.table());
    }
  }

  /**
   * Asserts the Hessian of {@code method} (a {@code double} result, {@code hessian = true}) at
   * {@code args}: its value is the method's own bit for bit, it is finite and symmetric, and row {@code k} is
   * the H·v along entry {@code k} of the differentiated parameters (laid end to end, records by
   * their components).
   */
  public static void assertHessian(Loaded l, String className, String method, Object... args) {
    Object result = l.call(className, method + "Hessian", args);
    String where = className + "." + method + "Hessian at " + GradAsserts.describe(args);
    assertSame(where + ": value", userMethod(l, className, method, args), Loaded.component(result, "value"), args);
    double[][] h = (double[][]) Loaded.component(result, "hessian");
    Object[] like = directions(l, className, method, new Random(0), args);
    for (int k = 0; k < h.length; k++) {
      for (int j = 0; j < h.length; j++) {
        if (!Double.isFinite(h[k][j])) {
          fail(where + ": [" + k + "][" + j + "] is " + h[k][j]);
        }
      }
      for (int j = 0; j < k; j++) {
        if (Math.abs(h[k][j] - h[j][k]) > 1e-8 * Math.max(1.0, Math.abs(h[k][j]))) {
          fail(where + ": not symmetric at [" + k + "][" + j + "]: " + h[k][j] + " vs " + h[j][k]);
        }
      }
      double[] unit = new double[h.length];
      unit[k] = 1.0;
      Object hvp = l.call(className, method + "Hvp", concat(args, shaped(like, unit)));
      // value, valueDot, the gradient's components, then as many H·v components
      RecordComponent[] components = hvp.getClass().getRecordComponents();
      double[] column = Arrays.stream(components, 2 + (components.length - 2) / 2, components.length)
          .flatMapToDouble(c -> Arrays.stream(flat(Loaded.component(hvp, c.getName())))).toArray();
      assertClose(where + ": row " + k + " against H·v along entry " + k, column, h[k]);
    }
  }

  /**
   * Asserts the Jacobian of {@code method} (an array result, {@code jacobian = true}) at {@code
   * args}, where the arguments at {@code differentiated} are its differentiated parameters: its
   * value is the method's own bit for bit and each column agrees with centred differences of the
   * method along that entry.
   */
  public static void assertJacobian(Loaded l, String className, String method, int[] differentiated, Object... args) {
    Object result = l.call(className, method + "Jacobian", args);
    String where = className + "." + method + "Jacobian at " + GradAsserts.describe(args);
    assertSame(where + ": value", userMethod(l, className, method, args), Loaded.component(result, "value"), args);
    double[][] jacobian = (double[][]) Loaded.component(result, "jacobian");
    Object[] parameters = new Object[differentiated.length];
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] = args[differentiated[p]];
    }
    double[] x = flat(parameters);
    for (int k = 0; k < x.length; k++) {
      double step = 1e-5 * Math.max(1.0, Math.abs(x[k]));
      double[] plus = flat(userMethod(l, className, method, moved(args, differentiated, parameters, x, k, step)));
      double[] minus = flat(userMethod(l, className, method, moved(args, differentiated, parameters, x, k, -step)));
      for (int i = 0; i < plus.length; i++) {
        double difference = (plus[i] - minus[i]) / (2 * step);
        if (Math.abs(jacobian[i][k] - difference) > 1e-6 * Math.max(1.0, Math.abs(difference))) {
          fail(where + ": [" + i + "][" + k + "] is " + jacobian[i][k] + ", centred differences " + difference);
        }
      }
    }
  }

  /** {@code args} with entry {@code k} of the differentiated ones moved by {@code step}. */
  private static Object[] moved(Object[] args, int[] differentiated, Object[] parameters, double[] x, int k, double step) {
    double[] y = x.clone();
    y[k] += step;
    Object[] out = args.clone();
    Object[] values = shaped(parameters, y);
    for (int p = 0; p < differentiated.length; p++) {
      out[differentiated[p]] = values[p];
    }
    return out;
  }

  /** Values shaped like {@code like}, their entries taken in order from {@code entries}. */
  private static Object[] shaped(Object[] like, double[] entries) {
    int[] next = {0};
    Object[] out = new Object[like.length];
    for (int i = 0; i < like.length; i++) {
      out[i] = shaped(like[i], entries, next);
    }
    return out;
  }

  private static Object shaped(Object like, double[] entries, int[] next) {
    if (like instanceof Double) {
      return entries[next[0]++];
    }
    if (like instanceof double[] v) {
      double[] out = Arrays.copyOfRange(entries, next[0], next[0] + v.length);
      next[0] += v.length;
      return out;
    }
    if (like instanceof Object[] rows && like.getClass().getComponentType().isArray()) {
      Object[] out = (Object[]) java.lang.reflect.Array.newInstance(like.getClass().getComponentType(), rows.length);
      for (int i = 0; i < rows.length; i++) {
        out[i] = shaped(rows[i], entries, next);
      }
      return out;
    }
    if (like instanceof Record r) {
      return mapped(r, component -> shaped(component, entries, next));
    }
    return like; // passed through: no entries
  }

  /** Random directions shaped like the gradient's components, with entries of both signs. */
  private static Object[] directions(Loaded l, String className, String method, Random random, Object[] args) {
    Object gradient = l.call(className, method, gradientArgs(l, className, method, args));
    List<Object> out = new ArrayList<>();
    for (RecordComponent c : gradient.getClass().getRecordComponents()) {
      if (!c.getName().equals("value")) {
        out.add(randomLike(Loaded.component(gradient, c.getName()), random));
      }
    }
    return out.toArray();
  }

  /** The gradient method's arguments: {@code args}, and a {@code dout} for an array result. */
  private static Object[] gradientArgs(Loaded l, String className, String method, Object[] args) {
    return concat(args, seed(l, className, method, new Random(args.length), args));
  }

  /** A {@code dout} shaped like an array result, none for a scalar one. */
  private static Object[] seed(Loaded l, String className, String method, Random random, Object[] args) {
    Object value = userMethod(l, className, method, args);
    return value instanceof Double ? new Object[0] : new Object[] {randomLike(value, random)};
  }

  /**
   * The user's own method ({@code p.Foo.m} for {@code p.FooGrad}) at {@code args}: a static one,
   * or an instance method called on {@code args[0]} (the generated methods take the object first).
   */
  private static Object userMethod(Loaded l, String className, String method, Object[] args) {
    Class<?> user = userClass(l, className.substring(0, className.length() - "Grad".length()));
    for (java.lang.reflect.Method m : user.getDeclaredMethods()) {
      boolean isStatic = java.lang.reflect.Modifier.isStatic(m.getModifiers());
      if (m.getName().equals(method) && m.getParameterCount() == args.length - (isStatic ? 0 : 1)) {
        try {
          m.setAccessible(true);
          return isStatic ? m.invoke(null, args) : m.invoke(args[0], Arrays.copyOfRange(args, 1, args.length));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no " + method + " taking " + args.length + " arguments in " + user);
  }

  /** The class {@code name} names: {@code p.Outer_Inner} is {@code p.Outer$Inner} if no class is named so. */
  private static Class<?> userClass(Loaded l, String name) {
    try {
      return l.loadClass(name);
    } catch (ClassNotFoundException e) {
      int nested = name.lastIndexOf('_');
      if (nested < 0) {
        throw new AssertionError(e);
      }
      return userClass(l, name.substring(0, nested) + "$" + name.substring(nested + 1));
    }
  }

  private static Class<?> classOf(Loaded l, String className) {
    try {
      return l.loadClass(className);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** A record of {@code r}'s type whose components are {@code f} of {@code r}'s, in order. */
  private static Object mapped(Record r, java.util.function.UnaryOperator<Object> f) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = f.apply(Loaded.component(r, components[i].getName()));
      types[i] = components[i].getType();
    }
    try {
      var constructor = r.getClass().getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Object randomLike(Object like, Random random) {
    if (like instanceof Record r) {
      // A record of parameters: one of its type, each component random like its own.
      return mapped(r, component -> randomLike(component, random));
    }
    if (like instanceof Double) {
      return random.nextGaussian();
    }
    if (like instanceof double[] v) {
      double[] out = new double[v.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = random.nextGaussian();
      }
      return out;
    }
    if (like instanceof double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = (double[]) randomLike(m[i], random);
      }
      return out;
    }
    if (!(like instanceof double[][][] s)) {
      return like; // a component of a record flatgrad passes through (int[] ids, a String): a direction never reads it
    }
    double[][][] out = new double[s.length][][];
    for (int i = 0; i < s.length; i++) {
      out[i] = (double[][]) randomLike(s[i], random);
    }
    return out;
  }

  private static void assertSame(String what, Object expected, Object actual, Object[] args) {
    if (!Arrays.deepEquals(new Object[] {expected}, new Object[] {actual})) {
      fail(what + " differs from the method's own value at " + GradAsserts.describe(args) + ": "
          + GradAsserts.describe(new Object[] {expected}) + " vs " + GradAsserts.describe(new Object[] {actual}));
    }
  }

  private static void assertClose(String what, Object expected, Object actual) {
    double[] e = flat(expected);
    double[] a = flat(actual);
    if (e.length != a.length) {
      fail(what + ": " + e.length + " entries vs " + a.length);
    }
    for (int i = 0; i < e.length; i++) {
      if (GradCheck.relativeError(e[i], a[i], 1e-300) > 1e-9 && Math.abs(e[i] - a[i]) > 1e-12) {
        fail(what + " entry " + i + ": " + e[i] + " vs " + a[i]);
      }
    }
  }

  private static double[] flat(Object x) {
    if (x instanceof Object[] parts && !(x instanceof double[][]) && !(x instanceof double[][][])) {
      return Arrays.stream(parts).flatMapToDouble(p -> Arrays.stream(flat(p))).toArray();
    }
    if (x instanceof Record r) {
      return Arrays.stream(r.getClass().getRecordComponents())
          .flatMapToDouble(c -> Arrays.stream(flat(Loaded.component(r, c.getName())))).toArray();
    }
    if (x instanceof Double d) {
      return new double[] {d};
    }
    if (x instanceof double[] v) {
      return v;
    }
    if (x instanceof double[][] m) {
      return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
    if (x instanceof double[][][] s) {
      return Arrays.stream(s).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
    }
    return new double[0]; // a component of a record flatgrad passes through: carried as it was, not compared
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
