package dev.flatgrad.maven.check;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.runtime.GradCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The check of a method's forward modes, where it asks for them: along random directions (drawn
 * from the method's {@code @CheckInputs} seed, one per differentiated parameter), the tangent
 * {@code FooGrad.mTangent} against centred differences of the method itself ({@code valueDot}), and
 * the Hessian-vector product {@code FooGrad.mHvp} against centred differences of the generated
 * gradient ({@code d<param>Dot}): rows of the method's table beside its gradient's.
 */
final class ForwardCheck {

  private final DifferentiableMethod m;
  private final Method original;
  private final Method gradient;
  private final List<String> wrt;
  private final GradCheck.Options options;

  /**
   * @param gradient the generated gradient method, beside which the others are found
   * @param wrt the differentiated parameters, in order
   */
  ForwardCheck(DifferentiableMethod m, Method original, Method gradient, List<String> wrt, GradCheck.Options options) {
    this.m = m;
    this.original = original;
    this.gradient = gradient;
    this.wrt = List.copyOf(wrt);
    this.options = options;
  }

  /** The rows of the tangent and H·v checks at {@code args} ({@code dout} for an array result). */
  List<GradCheck.Row> rows(Object[] args, Object dout, long seed) throws InvocationTargetException {
    try {
      return checked(args, dout, seed);
    } catch (Thrown t) {
      throw t.cause();
    }
  }

  private List<GradCheck.Row> checked(Object[] args, Object dout, long seed) throws InvocationTargetException {
    List<GradCheck.Row> rows = new ArrayList<>();
    if (!m.hasTangent() || wrt.isEmpty()) {
      return rows;
    }
    Object[] directions = directions(args, new Random(seed ^ 0x7A4E_6E7B_1D5FL));
    Object tangent = call(GeneratedNames.tangent(m.name()), concat(copies(args), copies(directions)));
    GradCheck.Along[] alongs = alongs(args, directions);
    rows.addAll(GradCheck.checkAlong(options, () -> new Object[] {evaluate(original, moved(args, alongs))},
        new String[] {"valueDot"}, new Object[] {component(tangent, "valueDot")}, alongs).rows());
    if (m.hasHvp()) {
      Object[] seedArg = dout == null ? new Object[0] : new Object[] {InputPlan.copy(dout)};
      Object hvp = call(GeneratedNames.hvp(m.name()), concat(concat(copies(args), copies(directions)), seedArg));
      var names = GeneratedNames.hvpComponents(wrt, m.params().stream().map(DifferentiableMethod.Param::name).toList());
      String[] products = wrt.stream().map(p -> names.get(p).product()).toArray(String[]::new);
      Object[] analytic = new Object[products.length];
      for (int k = 0; k < products.length; k++) {
        analytic[k] = component(hvp, products[k]);
      }
      GradCheck.Along[] again = alongs(args, directions);
      GeneratedGradient generated = new GeneratedGradient(gradient, m.params().stream()
          .map(DifferentiableMethod.Param::name).toList());
      rows.addAll(GradCheck.checkAlong(options, () -> {
        Map<String, Object> g = invokeGradient(generated, moved(args, again), dout);
        return wrt.stream().map(g::get).toArray();
      }, products, analytic, again).rows());
    }
    return rows;
  }

  /** A random direction, of each differentiated parameter's shape. */
  private Object[] directions(Object[] args, Random random) {
    List<Object> out = new ArrayList<>();
    for (int k = 0; k < args.length; k++) {
      if (wrt.contains(m.params().get(k).name())) {
        out.add(randomLike(args[k], random));
      }
    }
    return out.toArray();
  }

  /** The differentiated parameters moved along their directions (copies of the inputs). */
  private GradCheck.Along[] alongs(Object[] args, Object[] directions) {
    List<GradCheck.Along> out = new ArrayList<>();
    int d = 0;
    for (int k = 0; k < args.length; k++) {
      String name = m.params().get(k).name();
      if (!wrt.contains(name)) {
        continue;
      }
      Object value = InputPlan.copy(args[k]);
      Object direction = directions[d++];
      if (value instanceof Double x) {
        out.add(GradCheck.along(name, x, (Double) direction));
      } else if (value instanceof double[] x) {
        out.add(GradCheck.along(name, x, (double[]) direction));
      } else if (value instanceof double[][] x) {
        out.add(GradCheck.along(name, x, (double[][]) direction));
      } else {
        out.add(GradCheck.along(name, (double[][][]) value, (double[][][]) direction));
      }
    }
    return out.toArray(GradCheck.Along[]::new);
  }

  /** The arguments, the differentiated ones read from their {@code along}s where they are now. */
  private Object[] moved(Object[] args, GradCheck.Along[] alongs) {
    Object[] call = new Object[args.length];
    int d = 0;
    for (int k = 0; k < args.length; k++) {
      if (wrt.contains(m.params().get(k).name())) {
        GradCheck.Along a = alongs[d++];
        call[k] = a instanceof GradCheck.ScalarAlong s ? (Object) s.value() : ((GradCheck.ArrayAlong<?>) a).value();
      } else {
        call[k] = InputPlan.copy(args[k]);
      }
    }
    return call;
  }

  private Object call(String name, Object[] args) throws InvocationTargetException {
    for (Method candidate : gradient.getDeclaringClass().getDeclaredMethods()) {
      if (candidate.getName().equals(name) && candidate.getParameterCount() == args.length) {
        candidate.setAccessible(true);
        return invoke(candidate, args);
      }
    }
    throw new IllegalStateException(gradient.getDeclaringClass().getName() + " has no " + name
        + ": it was generated from another version of the source; rebuild");
  }

  private static Object invoke(Method method, Object[] args) throws InvocationTargetException {
    try {
      return method.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method, e);
    }
  }

  private static Map<String, Object> invokeGradient(GeneratedGradient g, Object[] args, Object dout) {
    try {
      return g.compute(args, dout).gradient();
    } catch (InvocationTargetException e) {
      throw new Thrown(e);
    }
  }

  /** The method at moved arguments, inside a check's function (which may not throw checked exceptions). */
  private static Object evaluate(Method method, Object[] args) {
    try {
      return invoke(method, args);
    } catch (InvocationTargetException e) {
      throw new Thrown(e);
    }
  }

  /** What user code threw inside a check, carried out of it. */
  static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Thrown(InvocationTargetException e) {
      super(e);
    }

    InvocationTargetException cause() {
      return (InvocationTargetException) getCause();
    }
  }

  private static Object component(Object record, String name) {
    try {
      Method accessor = record.getClass().getMethod(name);
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + name + " of " + record.getClass().getName(), e);
    }
  }

  private static Object randomLike(Object like, Random random) {
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
    Object[] rows = (Object[]) like;
    Object[] out = (Object[]) java.lang.reflect.Array.newInstance(like.getClass().getComponentType(), rows.length);
    for (int i = 0; i < rows.length; i++) {
      out[i] = randomLike(rows[i], random);
    }
    return out;
  }

  private static Object[] copies(Object[] args) {
    return GeneratedGradient.copies(args);
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
