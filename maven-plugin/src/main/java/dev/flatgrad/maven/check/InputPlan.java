package dev.flatgrad.maven.check;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A method's {@code @CheckInputs} matched to its parameters: for each parameter, how to make its
 * argument. Every problem with the declaration is found at once, so that one build shows them all.
 */
final class InputPlan {

  /** The declaration does not fit the method; each problem is one line. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    Invalid(List<String> problems) {
      super(String.join("; ", problems), null, false, false);
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }

  /** How one parameter gets its argument. */
  private record Maker(String name, Type type, Function<Random, Object> make) {}

  private final List<Maker> makers;
  private final long seed;

  private InputPlan(List<Maker> makers, long seed) {
    this.makers = makers;
    this.seed = seed;
  }

  /** The plan for {@code method}'s parameters from its {@code @CheckInputs}. */
  static InputPlan of(DifferentiableMethod method) throws Invalid {
    DifferentiableMethod.Inputs inputs = method.inputs().orElseThrow();
    List<String> problems = new ArrayList<>();
    inputs.problem().ifPresent(problems::add);
    Map<String, InputSpec> byName = new LinkedHashMap<>();
    for (String entry : inputs.entries()) {
      try {
        InputSpec spec = InputSpec.parse(entry);
        if (byName.putIfAbsent(spec.name(), spec) != null) {
          problems.add("\"" + spec.name() + "\" is declared twice");
        }
      } catch (InputSpec.SyntaxError e) {
        problems.add(e.getMessage());
      }
    }
    List<String> names = method.params().stream().map(DifferentiableMethod.Param::name).toList();
    for (String declared : byName.keySet()) {
      if (!names.contains(declared)) {
        problems.add("there is no parameter \"" + declared + "\"; the parameters are "
            + String.join(", ", names));
      }
    }
    List<Maker> makers = new ArrayList<>();
    for (DifferentiableMethod.Param p : method.params()) {
      if (p.type().isEmpty()) {
        problems.add("parameter " + p.name() + " has type " + p.declared() + ", which flatgrad does not support");
        continue;
      }
      Type type = p.type().get();
      if (type.rank() > 3) {
        problems.add("parameter " + p.name() + " is " + type + "; the check draws arrays of rank 3 at most");
        continue;
      }
      InputSpec spec = byName.get(p.name());
      try {
        makers.add(new Maker(p.name(), type, spec == null ? byDefault(p.name(), type) : maker(spec, type)));
      } catch (Invalid e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new Invalid(problems);
    }
    return new InputPlan(List.copyOf(makers), inputs.seed());
  }

  /** Fresh arguments: the same values every time, in new arrays. */
  Object[] arguments() {
    Object[] args = new Object[makers.size()];
    for (int k = 0; k < args.length; k++) {
      args[k] = makers.get(k).make().apply(random(seed, makers.get(k).name()));
    }
    return args;
  }

  /** A normal upstream gradient with the shape of {@code output} (a double[] or double[][]). */
  Object dout(Object output) {
    // A name no parameter can have, so that dout never shares a stream with a parameter.
    Random random = random(seed, "<dout>");
    if (output instanceof double[] v) {
      return normals(random, v.length, 0, 1);
    }
    double[][] m = (double[][]) output;
    double[][] d = new double[m.length][];
    for (int r = 0; r < m.length; r++) {
      d[r] = normals(random, m[r].length, 0, 1);
    }
    return d;
  }

  private static double[] normals(Random random, int n, double mean, double sd) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = mean + sd * random.nextGaussian();
    }
    return v;
  }

  /** One stream per parameter, so that declaring another parameter leaves the others' values alone. */
  private static Random random(long seed, String name) {
    return new Random(seed * 0x9E3779B97F4A7C15L + name.hashCode());
  }

  private static Function<Random, Object> byDefault(String name, Type type) throws Invalid {
    if (type.equals(Type.DOUBLE)) {
      return r -> r.nextGaussian();
    }
    if (type.equals(Type.BOOLEAN)) {
      return r -> r.nextBoolean();
    }
    String example = switch (type.rank()) {
      case 0 -> name + ": in [0, 10)";
      case 1 -> name + ": 50" + (type.prim() == Type.Prim.DOUBLE ? "" : " " + kindWord(type) + " in [0, 10)");
      case 2 -> name + ": 20x10" + (type.prim() == Type.Prim.DOUBLE ? "" : " " + kindWord(type) + " in [0, 10)");
      default -> name + ": [4x5, 5x3]";
    };
    throw new Invalid(List.of("no input declared for " + type + " " + name + "; add an entry like \"" + example
        + "\""));
  }

  private static Function<Random, Object> maker(InputSpec spec, Type type) throws Invalid {
    String where = "\"" + spec.text() + "\": ";
    if (spec.spec() instanceof InputSpec.Literal literal) {
      // A bare whole number for an array parameter is its length.
      if (type.rank() == 1 && literal.integral() && literal.value() instanceof Double n && n >= 1) {
        return maker(new InputSpec(spec.name(),
            new InputSpec.Draw(List.of(n.intValue()), List.of(), Optional.empty(), Optional.empty()), spec.text()),
            type);
      }
      Object value = literalValue(literal.value(), literal.integral(), type, where);
      return r -> copy(value);
    }
    InputSpec.Draw draw = (InputSpec.Draw) spec.spec();
    if (draw.rank() != type.rank()) {
      throw new Invalid(List.of(where + spec.name() + " is " + type + ", so " + switch (type.rank()) {
        case 0 -> "it takes no shape: write a value or a distribution, like \"" + spec.name() + ": "
            + (type.prim() == Type.Prim.DOUBLE ? "normal" : type.prim() == Type.Prim.BOOLEAN ? "random" : "in [0, 10)")
            + "\"";
        case 1 -> "give its length, like \"" + spec.name() + ": 50\"";
        case 2 -> "give its shape as rows x columns, like \"" + spec.name() + ": 20x10\"";
        default -> "give its shape as count x rows x columns, like \"" + spec.name()
            + ": 3x20x10\", or the shapes of its matrices, like \"" + spec.name() + ": [4x5, 5x3]\"";
      }));
    }
    if (draw.kind().isPresent() && !draw.kind().get().equals(kindWord(type))) {
      throw new Invalid(List.of(where + spec.name() + " is " + type + ", not " + draw.kind().get()));
    }
    Function<Random, Object> entry = entryMaker(draw.distribution(), type, where, spec.name());
    List<Integer> shape = draw.shape();
    Type.Prim prim = type.prim();
    if (!draw.layers().isEmpty()) {
      List<List<Integer>> layers = draw.layers();
      return r -> {
        Object stack = java.lang.reflect.Array.newInstance(javaClass(type.element()), layers.size());
        for (int k = 0; k < layers.size(); k++) {
          java.lang.reflect.Array.set(stack, k, matrix(prim, layers.get(k).get(0), layers.get(k).get(1), r, entry));
        }
        return stack;
      };
    }
    return switch (shape.size()) {
      case 0 -> entry;
      case 1 -> r -> vector(prim, shape.get(0), r, entry);
      case 2 -> r -> matrix(prim, shape.get(0), shape.get(1), r, entry);
      default -> r -> {
        Object stack = java.lang.reflect.Array.newInstance(javaClass(type.element()), shape.get(0));
        for (int k = 0; k < shape.get(0); k++) {
          java.lang.reflect.Array.set(stack, k, matrix(prim, shape.get(1), shape.get(2), r, entry));
        }
        return stack;
      };
    };
  }

  private static Object matrix(Type.Prim prim, int rows, int cols, Random r, Function<Random, Object> entry) {
    Object first = vector(prim, cols, r, entry);
    Object matrix = java.lang.reflect.Array.newInstance(first.getClass(), rows);
    java.lang.reflect.Array.set(matrix, 0, first);
    for (int k = 1; k < rows; k++) {
      java.lang.reflect.Array.set(matrix, k, vector(prim, cols, r, entry));
    }
    return matrix;
  }

  /** Draws one entry (a boxed scalar of the parameter's element type). */
  private static Function<Random, Object> entryMaker(Optional<InputSpec.Distribution> distribution, Type type,
      String where, String name) throws Invalid {
    Type.Prim prim = type.prim();
    InputSpec.Distribution d = distribution.orElse(null);
    switch (prim) {
      case DOUBLE -> {
        if (d == null || d instanceof InputSpec.Normal) {
          InputSpec.Normal n = d == null ? new InputSpec.Normal(0, 1) : (InputSpec.Normal) d;
          return r -> n.mean() + n.sd() * r.nextGaussian();
        }
        if (d instanceof InputSpec.Uniform u) {
          return r -> u.lo() + (u.hi() - u.lo()) * r.nextDouble();
        }
        throw new Invalid(List.of(where + "'random' is for booleans; doubles are drawn from 'normal' or 'in [lo, hi)'"));
      }
      case INT, LONG -> {
        if (d instanceof InputSpec.Uniform u && u.integral()) {
          long lo = (long) u.lo();
          long hi = (long) u.hi();
          if (prim == Type.Prim.INT && (lo < Integer.MIN_VALUE || hi - 1 > Integer.MAX_VALUE)) {
            throw new Invalid(List.of(where + "the range does not fit in an int"));
          }
          return prim == Type.Prim.INT
              ? r -> (int) (lo + (long) (r.nextDouble() * (hi - lo)))
              : r -> lo + (long) (r.nextDouble() * (hi - lo));
        }
        throw new Invalid(List.of(where + name + " holds " + kindWord(type)
            + ": give a range of whole numbers, like \"in [0, 10)\""));
      }
      case BOOLEAN -> {
        if (d == null || d instanceof InputSpec.Coin) {
          return r -> r.nextBoolean();
        }
        throw new Invalid(List.of(where + name + " holds booleans: write 'random', true or false"));
      }
      default -> throw new IllegalStateException("unknown primitive " + prim);
    }
  }

  private static Object vector(Type.Prim prim, int n, Random r, Function<Random, Object> entry) {
    return switch (prim) {
      case DOUBLE -> {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
          v[k] = (Double) entry.apply(r);
        }
        yield v;
      }
      case INT -> {
        int[] v = new int[n];
        for (int k = 0; k < n; k++) {
          v[k] = (Integer) entry.apply(r);
        }
        yield v;
      }
      case LONG -> {
        long[] v = new long[n];
        for (int k = 0; k < n; k++) {
          v[k] = (Long) entry.apply(r);
        }
        yield v;
      }
      case BOOLEAN -> {
        boolean[] v = new boolean[n];
        for (int k = 0; k < n; k++) {
          v[k] = (Boolean) entry.apply(r);
        }
        yield v;
      }
      default -> throw new IllegalStateException("no arrays of " + prim);
    };
  }

  /** The Java value of a literal for a parameter of {@code type}. */
  private static Object literalValue(Object value, boolean integral, Type type, String where) throws Invalid {
    if (type.rank() == 0) {
      return scalar(value, integral, type.prim(), where);
    }
    if (!(value instanceof List<?> items)) {
      throw new Invalid(List.of(where + "a " + type + " takes " + (type.rank() == 1 ? "{1, 2, 3} or a length like 50"
          : "{{1, 2}, {3, 4}} or a shape like 20x10")));
    }
    Type element = type.element();
    Object array = java.lang.reflect.Array.newInstance(javaClass(element), items.size());
    int width = -1;
    for (int k = 0; k < items.size(); k++) {
      Object item = items.get(k);
      Object v = item instanceof InputSpec.Literal l
          ? literalValue(l.value(), l.integral(), element, where)
          : literalValue(item, false, element, where);
      if (element.rank() == 1) {
        int len = java.lang.reflect.Array.getLength(v);
        if (width >= 0 && len != width) {
          throw new Invalid(List.of(where + "the rows have different lengths"));
        }
        width = len;
      }
      java.lang.reflect.Array.set(array, k, v);
    }
    return array;
  }

  private static Object scalar(Object value, boolean integral, Type.Prim prim, String where) throws Invalid {
    if (value instanceof List<?>) {
      throw new Invalid(List.of(where + "expected a single " + prim.keyword() + ", not an array"));
    }
    return switch (prim) {
      case DOUBLE -> {
        if (value instanceof Double d) {
          yield d;
        }
        throw new Invalid(List.of(where + "expected a number, not " + value));
      }
      case INT, LONG -> {
        if (value instanceof Double d && integral) {
          if (prim == Type.Prim.INT && (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE)) {
            throw new Invalid(List.of(where + d.longValue() + " does not fit in an int"));
          }
          yield prim == Type.Prim.INT ? (Object) d.intValue() : (Object) d.longValue();
        }
        throw new Invalid(List.of(where + "expected a whole number, not " + value));
      }
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          yield b;
        }
        throw new Invalid(List.of(where + "expected true or false, not " + value));
      }
      default -> throw new Invalid(List.of(where + "parameters of type " + prim.keyword() + " cannot be declared"));
    };
  }

  static Class<?> javaClass(Type type) {
    Class<?> c = switch (type.prim()) {
      case DOUBLE -> double.class;
      case INT -> int.class;
      case LONG -> long.class;
      case BOOLEAN -> boolean.class;
      default -> throw new IllegalArgumentException("no Java class for " + type);
    };
    for (int k = 0; k < type.rank(); k++) {
      c = c.arrayType();
    }
    return c;
  }

  private static String kindWord(Type type) {
    return type.prim().keyword() + "s";
  }

  /** A deep copy of an argument, so that no call sees another's changes. */
  static Object copy(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    int n = java.lang.reflect.Array.getLength(value);
    Object out = java.lang.reflect.Array.newInstance(value.getClass().getComponentType(), n);
    if (value.getClass().getComponentType().isPrimitive()) {
      System.arraycopy(value, 0, out, 0, n);
      return out;
    }
    for (int k = 0; k < n; k++) {
      java.lang.reflect.Array.set(out, k, copy(java.lang.reflect.Array.get(value, k)));
    }
    return out;
  }

  @Override
  public String toString() {
    return makers.stream().map(m -> m.type() + " " + m.name()).collect(Collectors.joining(", "));
  }
}
