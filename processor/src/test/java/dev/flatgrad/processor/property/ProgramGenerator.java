package dev.flatgrad.processor.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decodes a list of choices into a random program in flatgrad's supported language: a class
 * {@code rp.P<id>} whose method {@code f} is under test, with the methods it calls.
 *
 * <p>What a program may contain is the README's "Supported Java" table, in any combination:
 * double, int, long and boolean values, literals, constants and parameters mixed in double
 * expressions; every compound operator on locals, array elements and matrix entries, with int,
 * long and double operands; counting loops in every spelling ({@code i++ ++i i += 1 i = i + 1
 * i += k i-- --i i -= k} with {@code < <= > >= !=}, the bound on either side, the index or the
 * index plus a constant tested: {@code i + 1 < n}, {@code 2 + i < n}, {@code i + 2 <= n}), other for loops
 * (two indices, a data-dependent test, a doubling step), enhanced for over vectors, rows and int
 * arrays, while, do/while, {@code while (true)} and {@code for (;;)} left by break or return, all
 * nested, with break and continue; arrays created, initialised, cloned, copied, returned,
 * returned after being written in place, written after being read, reassigned (to another
 * array too, written through once the other is read no more), their rows replaced; local arrays that are not differentiated but that the backward pass reads ({@code
 * tmp[0] = i}, an index array); calls of another generated method with a scalar result (of this
 * class, instance or static, and of another class), with an array result, of a method with a
 * {@code @CustomGradient}, of a helper on inactive values, of one with an int result (an
 * argmax, as an index) and of a varargs helper (values one by one, or an array), in loops or not;
 * an element of an array a call computes ({@code h(w, u)[i]}, {@code Nd.exp(v)[0]}); ternaries on every
 * arm, also reading the variable they assign; locals declared without a value and assigned on
 * some paths; early returns; user names that generated code could trip on ({@code o}, {@code
 * ouble}, {@code efault}, {@code value}, {@code dout}, {@code GradCheck}, {@code dx} beside
 * {@code x}, ...); {@code Math} functions; {@code static final} constants, private ones too, a
 * private static field, another class's constant, and instance fields, private ones too (a
 * {@code double} and a {@code final double[]}); {@code var} for locals, arrays and loop
 * variables; the JDK's constants ({@code Double.NEGATIVE_INFINITY} or {@code Double.MAX_VALUE}
 * starting a running maximum or minimum, with its argmax, {@code Integer.MAX_VALUE}, {@code
 * Short.MAX_VALUE}, {@code Float.MIN_VALUE}, {@code Math.PI}, ...), literals as written ({@code
 * 0x2}, {@code 1e-3}, {@code 3L}) and the JDK's calls with {@code int}, {@code long} or {@code boolean} results ({@code
 * Double.isNaN}, {@code Double.compare}, {@code Math.floorMod}, {@code Integer.min}, ...); {@code
 * Nd} operations on shapes drawn per program, empty ones included; a {@code java.util.Random} made in
 * the method (a literal seed or a long's) whose draws are constants in expressions, indexes, tests
 * and loops; stream reductions of a vector ({@code Arrays.stream(v).map(e -> ...).sum()}, {@code
 * max()}, {@code average()}, {@code IntStream.range(0, n).mapToDouble(...)}, {@code DoubleStream.of})
 * and of a matrix's rows ({@code mapToDouble(row -> ...)}, {@code flatMapToDouble(Arrays::stream)})
 * in declarations and {@code +=}; a String setting and switches on it. Now and then the method under
 * test asks for forward mode ({@code tangent = true}, its callees too), and a program is compiled
 * with every generated method cut into parts.
 *
 * <p>Every decision reads the next choice; when the choices run out every decision is 0, which
 * is always the simplest option (no more statements, a parameter as the leaf). So a shorter or
 * smaller choice list gives a simpler program, and shrinking the list shrinks the program.
 *
 * <p>Programs are valid Java that terminates and stays in bounds for the inputs their {@link
 * Input}s describe (shapes are fixed per program, so every index is known valid when it is
 * written), and numerically tame: inputs are in [-1, 1], every double expression carries an upper
 * bound of its magnitude and is squashed by {@code Math.tanh} when the bound passes {@link
 * #LIMIT}, and functions are applied only on safe domains ({@code Math.log(1.0 + e * e)}, {@code
 * e / (2.0 + Math.sin(d))}, ...).
 */
final class ProgramGenerator {

  /** How the values of a parameter are drawn. */
  enum Kind {
    DOUBLE,
    INT,
    LONG,
    BOOLEAN,
    VECTOR,
    MATRIX,
    MATRICES,
    INT_VECTOR,
    MASK,
    /** A record of settings, {@code Hyper(double lambda, int steps)}: lambda in [-1, 1], steps in [0, 3]. */
    HYPER,
    /** An enum, {@code Mode { A, B, C }}. */
    MODE,
    /** A String setting, one of {@link #STRINGS} or none of them. */
    STRING,
    /**
     * A record of parameters, {@code Params(double[] u, double[][] V)}, differentiated component
     * by component unless wrt leaves it out: dims {@code {n, rows, cols}}.
     */
    PARAMS
  }

  /**
   * A parameter of the method under test (or the shape of its result).
   *
   * @param dims VECTOR {@code {n}}, MATRIX {@code {rows, cols}}, MATRICES {@code {r0, c0, r1, c1,
   *     ...}}, INT and LONG {@code {lo, hi}} (inclusive), INT_VECTOR {@code {n, bound}} (entries
   *     in {@code [0, bound)}), MASK (a {@code boolean[]}) {@code {n}}, PARAMS {@code {n, rows,
   *     cols}}; empty otherwise
   */
  record Input(String name, Kind kind, int[] dims) {
    @Override
    public String toString() {
      return name + ": " + kind + Arrays.toString(dims);
    }
  }

  /**
   * A generated program.
   *
   * @param className the class of the method under test, {@code P<id>}
   * @param source the compilation unit
   * @param inputs the parameters of {@code f}
   * @param result the shape of {@code f}'s result (of its {@code dout}, for an array)
   * @param instance whether {@code f} is an instance method (its object is made with {@code new})
   * @param differentiated the names of the parameters {@code f} is differentiated with respect to
   * @param tangent whether {@code f} asks for forward mode ({@code fTangent}, {@code checkFTangent})
   * @param hessian whether {@code f} asks for Hessian-vector products too ({@code fHvp}, {@code checkFHvp},
   *     and {@code fHessian} for a double result)
   * @param jacobian whether {@code f} (with an array result) asks for {@code fJacobian}
   * @param cut whether the program is compiled with every generated method cut into parts
   *     ({@code -Dflatgrad.splitLimit}, see the README's "Long methods")
   */
  record Program(String className, String source, List<Input> inputs, Input result, boolean instance,
      List<String> differentiated, boolean tangent, boolean hessian, boolean jacobian, boolean cut) {}

  /** Magnitude above which an expression is squashed. */
  private static final double LIMIT = 8.0;
  /** Magnitude above which a local is squashed after its update. */
  private static final double TAME = 1e3;
  private static final int MAX_DEPTH = 3;
  private static final int MAX_LOOPS = 3;

  private final List<Integer> choices;
  private int next;
  private final String cls;
  private final String other;
  /** The program's dimensions: every array's shape is made of these. */
  private final int[] dims = new int[3];
  private boolean instance;
  private boolean tangent;
  private boolean hessian;
  private boolean jacobian;
  private List<String> differentiated;
  private boolean hasG;
  private boolean hasH;
  private boolean hasSoft;
  private boolean hasQ;
  private boolean hasWeight;
  /** Whether the class has {@code vs(double u, double... xs)}, a varargs helper (of {@link #vsLength} values). */
  private boolean hasVarargs;
  private boolean hasArgmax;
  private int gLength;
  private int hLength;
  private int qLength;
  private int vsLength;

  // ---- the method being generated ----
  private StringBuilder out;
  private final List<Var> vars = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private String method;
  private Input result;
  private int depth;
  private int budget;
  private int fresh;
  private int loops;
  /** An upper bound of how often the statement being generated runs. */
  private int trips = 1;
  /** What the innermost loop allows: a break, a continue (no counter update to skip). */
  private boolean breakOk;
  private boolean continueOk;
  /** Whether the innermost loop's body has a break or continue of its own so far. */
  private boolean jumped;
  /** Whether the body {@link #loopBody} generated last had a break or continue of its own. */
  private boolean bodyJumped;
  /** Whether the statements so far cannot complete normally (a return, a loop only a return leaves). */
  private boolean ended;

  private enum T {
    DOUBLE,
    INT,
    LONG,
    BOOLEAN,
    VECTOR,
    MATRIX,
    INTS,
    MATRICES,
    MASK,
    HYPER,
    MODE,
    STRING,
    /** A {@code java.util.Random} made in the method: its draws are constants that change call by call. */
    RNG
  }

  /**
   * A variable in scope. Doubles and arrays of doubles carry a bound of their magnitude; ints an
   * exact range when {@code indexable}; arrays their shape.
   */
  private static final class Var {
    final String name;
    final T type;
    final int depth;
    int rows;
    int cols;
    /** MATRICES: the matrices' shapes, as in {@link Input#dims()}. */
    int[] shapes;
    double bound;
    int lo;
    int hi;
    boolean indexable;
    boolean assignable;
    boolean writable;
    boolean assigned = true;

    Var(String name, T type, int depth) {
      this.name = name;
      this.type = type;
      this.depth = depth;
    }
  }

  /** What a branch or a loop can change about the variables in scope before it. */
  private record State(double bound, boolean writable, boolean indexable, boolean assigned) {}

  /** An expression's text and an upper bound of its magnitude. */
  private record E(String text, double bound) {}

  /** An int expression's text and its range. */
  private record I(String text, int lo, int hi) {}

  private ProgramGenerator(List<Integer> choices, int id) {
    this.choices = choices;
    this.cls = "P" + id;
    this.other = "Q" + id;
  }

  /** The program of these choices, its classes numbered {@code id}. */
  static Program program(List<Integer> choices, int id) {
    return new ProgramGenerator(choices, id).generate();
  }

  private int choose(int bound) {
    if (bound <= 1) {
      return 0;
    }
    int c = next < choices.size() ? choices.get(next) : 0;
    next++;
    return Math.floorMod(c, bound);
  }

  private boolean chance(int oneIn) {
    return choose(oneIn) == oneIn - 1;
  }

  private <X> X pick(List<X> options) {
    return options.isEmpty() ? null : options.get(choose(options.size()));
  }

  /** The variables in scope that satisfy {@code filter}, but arrays read no more (see {@link #reassignArray}). */
  private List<Var> vars(Predicate<Var> filter) {
    return vars.stream().filter(v -> v.assigned || !isArray(v.type)).filter(filter).toList();
  }

  private static boolean isArray(T type) {
    return type == T.VECTOR || type == T.MATRIX || type == T.INTS || type == T.MATRICES || type == T.MASK;
  }

  // ==================================================================== the program

  private Program generate() {
    for (int d = 0; d < dims.length; d++) {
      // 0 is rare but there: empty arrays are where loops and reductions go wrong
      dims[d] = new int[] {2, 3, 1, 4, 0}[choose(5)];
    }
    instance = chance(6);
    // Static methods may sit in a record, an enum or an interface too (an instance method needs a class here).
    String enclosing = instance ? "class" : switch (choose(8)) {
      case 5 -> "record";
      case 6 -> "enum";
      case 7 -> "interface";
      default -> "class";
    };
    tangent = chance(4);
    hessian = tangent && chance(2);
    boolean cut = chance(6);
    hasG = chance(3);
    hasH = chance(3);
    hasSoft = chance(4);
    hasQ = chance(5);
    hasWeight = chance(4);
    hasVarargs = chance(5);
    hasArgmax = chance(4);
    gLength = dims[choose(3)];
    hLength = dims[choose(3)];
    qLength = dims[choose(3)];
    vsLength = dims[choose(3)];
    StringBuilder src = new StringBuilder();
    src.append("package rp;\n\n")
        .append("import dev.flatgrad.annotations.CustomGradient;\n")
        .append(tangent ? "import dev.flatgrad.annotations.CustomTangent;\n" : "")
        .append("import dev.flatgrad.annotations.Differentiable;\n")
        .append("import dev.flatgrad.runtime.Nd;\n")
        .append("import java.util.Arrays;\n")
        .append("import java.util.Random;\n")
        .append("import java.util.stream.DoubleStream;\n")
        .append("import java.util.stream.IntStream;\n\n")
        .append(enclosing).append(' ').append(cls).append(enclosing.equals("record") ? "()" : "").append(" {\n")
        .append(enclosing.equals("enum") ? "  ;\n\n" : "");
    if (enclosing.equals("interface")) {
      // An interface's fields are public constants.
      src.append("  double HALF = 0.5;\n")
          .append("  int TWO = 2;\n")
          .append("  long BIG = 3L;\n")
          .append("  double SLOPE = -0.75;\n")
          .append("  double scale = 1.25;\n");
    } else {
      src.append("  static final double HALF = 0.5;\n")
          .append("  private static final int TWO = 2;\n")
          .append("  private static final long BIG = 3L;\n")
          .append("  private static final double SLOPE = -0.75;\n")
          .append("  private static double scale = 1.25;\n");
    }
    if (instance) {
      src.append("  double rate = 0.75;\n")
          .append("  private double shift = -0.5;\n")
          .append("  private final double[] bias = {0.5, -0.25, 1.0, 0.125};\n");
    }
    src.append('\n');
    Input u = new Input("u", Kind.DOUBLE, new int[0]);
    if (hasG) {
      src.append(helper(privately() + (instance ? "double" : "static double"), "g",
          List.of(u, new Input("w", Kind.VECTOR, new int[] {gLength})), new Input("out", Kind.DOUBLE, new int[0])));
    }
    if (hasH) {
      Input w = new Input("w", Kind.VECTOR, new int[] {hLength});
      src.append(helper(privately() + "static double[]", "h", List.of(w, new Input("s", Kind.DOUBLE, new int[0])), w));
    }
    if (hasSoft) {
      src.append("""
            static double soft(double u) {
              return Math.log1p(Math.exp(u));
            }

            @CustomGradient(of = "soft")
            static double softGrad(double u, double out, double dout) {
              return dout / (1.0 + Math.exp(-u));
            }

          """);
      if (tangent) {
        // For an H.v through soft, its tangent is differentiated too.
        src.append(hessian ? "  @Differentiable\n" : "").append("""
              @CustomTangent(of = "soft")
              static double softTangent(double u, double uDot, double out) {
                return uDot / (1.0 + Math.exp(-u));
              }

            """);
      }
    }
    if (hasVarargs) {
      // Called with its values one by one (javac makes the array) or with an array of them; never
      // marked (a @Differentiable varargs method is an error).
      src.append(helper(privately() + "static double", "vs",
          List.of(u, new Input("xs", Kind.VECTOR, new int[] {vsLength})), new Input("out", Kind.DOUBLE, new int[0]))
          .replaceFirst("  @Differentiable.*\n", "").replace("double[] xs)", "double... xs)"));
    }
    if (hasWeight) {
      src.append("  ").append(privately()).append("""
          static double weight(int q) {
              return 1.0 / (1 + q * q);
            }

          """);
    }
    if (hasArgmax) {
      // A method of the user's with an int result: an index read off active values, no gradient.
      src.append("  ").append(privately()).append("""
          static int argmax(double[] v) {
              int best = 0;
              for (int i = 1; i < v.length; i++) {
                if (v[i] > v[best]) {
                  best = i;
                }
              }
              return best;
            }

          """);
    }
    List<Input> inputs = signature();
    if (inputs.stream().anyMatch(in -> in.kind() == Kind.HYPER || in.kind() == Kind.MODE)) {
      // Settings as users pass them: objects flatgrad never differentiates.
      src.append("  record Hyper(double lambda, int steps) {}\n\n  enum Mode { A, B, C }\n\n");
    }
    if (inputs.stream().anyMatch(in -> in.kind() == Kind.PARAMS)) {
      // A model's parameters as ML code passes them: differentiated component by component.
      src.append("  record Params(double[] u, double[][] V) {}\n\n");
    }
    Input shape = result;
    src.append(main(inputs)).append("}\n");
    if (hasQ) {
      String q = helper("static double", "q", List.of(u, new Input("w", Kind.VECTOR, new int[] {qLength})),
          new Input("out", Kind.DOUBLE, new int[0]));
      // Another class: P's constants are literals there.
      q = q.replaceAll("\\bHALF\\b", cls + ".HALF").replaceAll("\\bTWO\\b", "2").replaceAll("\\bBIG\\b", "3L")
          .replaceAll("\\bSLOPE\\b", "(-0.75)").replaceAll("\\bscale\\b", "1.25");
      src.append("\nclass ").append(other).append(" {\n").append(q).append("}\n");
    }
    return new Program(cls, src.toString(), inputs, shape, instance, differentiated, tangent, hessian, jacobian,
        cut);
  }

  /** Now and then "private ": generated code calls a private helper's value through a method handle. */
  private String privately() {
    return choose(3) == 0 ? "private " : "";
  }

  /** A @Differentiable method the method under test calls, with a small body. */
  private String helper(String signature, String name, List<Input> params, Input result) {
    begin(name, result);
    // Now and then unmarked: flatgrad differentiates the file's helpers as if marked, for f's modes.
    StringBuilder head = new StringBuilder(choose(3) == 0 ? "" : "  @Differentiable"
        + (hessian ? "(hessian = true)" : tangent ? "(tangent = true)" : "") + "\n")
        .append("  ").append(signature).append(' ').append(name)
        .append('(');
    for (int p = 0; p < params.size(); p++) {
      head.append(p > 0 ? ", " : "").append(javaType(params.get(p).kind())).append(' ').append(params.get(p).name());
      declareParam(params.get(p));
    }
    head.append(") {\n");
    budget = 3;
    body();
    return head.append(out).append("  }\n\n").toString();
  }

  /** The parameters of the method under test, and the shape of its result. */
  private List<Input> signature() {
    List<Input> inputs = new ArrayList<>();
    Set<String> taken = new HashSet<>(List.of("g", "h", "vs", "soft", "weight", "f", "q", "rate", "SLOPE", "scale", "shift",
        "bias"));
    for (int p = 0, count = 1 + choose(5); p < count; p++) {
      inputs.add(parameter(choose(10), taken));
    }
    if (inputs.stream().noneMatch(in -> differentiable(in.kind()))) {
      inputs.add(0, new Input(fresh("a", taken), Kind.DOUBLE, new int[0]));
    }
    if (chance(5)) {
      inputs.add(choose(inputs.size() + 1), new Input(fresh(pick(List.of("hp", "config")), taken), Kind.HYPER, new int[0]));
    }
    if (chance(5)) {
      inputs.add(choose(inputs.size() + 1), new Input(fresh(pick(List.of("mode", "penalty")), taken), Kind.MODE,
          new int[0]));
    }
    if (chance(3)) {
      inputs.add(choose(inputs.size() + 1), new Input(fresh(pick(List.of("loss", "kind")), taken), Kind.STRING,
          new int[0]));
    }
    if (chance(5)) {
      int[] shape = matrixShape();
      inputs.add(choose(inputs.size() + 1), new Input(fresh(pick(List.of("p", "params")), taken), Kind.PARAMS,
          new int[] {dims[choose(3)], shape[0], shape[1]}));
    }
    int shape = choose(8);
    result = shape == 6 ? new Input("dout", Kind.VECTOR, new int[] {dims[choose(3)]})
        : shape == 7 ? new Input("dout", Kind.MATRIX, matrixShape())
        : new Input("dout", Kind.DOUBLE, new int[0]);
    return inputs;
  }

  /** The method under test. */
  private String main(List<Input> inputs) {
    Input shape = result;
    begin("f", shape);
    StringBuilder head = new StringBuilder("  ").append(wrt(inputs)).append("\n  ")
        .append(instance ? "" : "static ").append(javaType(shape.kind())).append(" f(");
    for (int p = 0; p < inputs.size(); p++) {
      head.append(p > 0 ? ", " : "").append(javaType(inputs.get(p).kind())).append(' ').append(inputs.get(p).name());
      declareParam(inputs.get(p));
    }
    inputs.stream().filter(in -> in.kind() == Kind.PARAMS).forEach(this::components);
    head.append(") {\n");
    budget = 6 + choose(16);
    if (shape.kind() != Kind.DOUBLE && choose(3) != 0) {
      // The array returned, written in place on the way there.
      String name = local("res");
      E init = shape.kind() == Kind.VECTOR ? fresh(vector(shape.dims()[0], 1))
          : freshMatrix(matrix(shape.dims()[0], shape.dims()[1], 1));
      out.append("    ").append(javaType(shape.kind())).append(' ').append(name).append(" = ").append(init.text())
          .append(";\n");
      Var v = array(name, shape.kind() == Kind.VECTOR ? T.VECTOR : T.MATRIX, shape.dims()[0],
          shape.kind() == Kind.VECTOR ? 0 : shape.dims()[1], init.bound());
      v.assignable = true;
      v.writable = true;
    }
    body();
    return head.append(out).append("  }\n").toString();
  }

  /** A method's statements, then its return if control can reach the end. */
  private void body() {
    for (int s = 0, n = choose(9); s < n && !ended; s++) {
      statement("    ");
    }
    if (!ended) {
      out.append("    return ").append(returned(0)).append(";\n");
    }
  }

  private static boolean differentiable(Kind k) {
    return k == Kind.DOUBLE || k == Kind.VECTOR || k == Kind.MATRIX || k == Kind.MATRICES || k == Kind.PARAMS;
  }

  /**
   * {@code @Differentiable}, or with {@code wrt} naming some of the differentiable parameters;
   * {@code tangent = true} for a program that checks forward mode too.
   */
  private String wrt(List<Input> inputs) {
    List<String> candidates = inputs.stream().filter(in -> differentiable(in.kind())).map(Input::name).toList();
    List<String> attributes = new ArrayList<>();
    if (tangent) {
      attributes.add(hessian ? "hessian = true" : "tangent = true");
    }
    jacobian = tangent && result.kind() != Kind.DOUBLE && chance(2);
    if (jacobian) {
      attributes.add("jacobian = true");
    }
    differentiated = candidates;
    if (candidates.size() >= 2 && chance(4)) {
      List<String> chosen = new ArrayList<>();
      for (String c : candidates) {
        if (chosen.isEmpty() || choose(2) == 1) {
          chosen.add(c);
        }
      }
      differentiated = chosen;
      attributes.add("wrt = {" + String.join(", ", chosen.stream().map(c -> "\"" + c + "\"").toList()) + "}");
    }
    return "@Differentiable" + (attributes.isEmpty() ? "" : "(" + String.join(", ", attributes) + ")");
  }

  private Input parameter(int kind, Set<String> taken) {
    return switch (kind) {
      case 0, 1 -> new Input(fresh(pick(List.of("a", "b", "o", "ouble", "value", "record", "x0")), taken),
          Kind.DOUBLE, new int[0]);
      case 2, 3 -> new Input(fresh(pick(List.of("x", "v", "efault", "yield", "dout", "grad")), taken), Kind.VECTOR,
          new int[] {dims[choose(3)]});
      case 4 -> new Input(fresh(pick(List.of("M", "W", "trips")), taken), Kind.MATRIX, matrixShape());
      case 5 -> new Input(fresh(pick(List.of("n", "k", "var")), taken), Kind.INT, new int[] {0, choose(4)});
      case 6 -> new Input(fresh(pick(List.of("m", "big")), taken), Kind.LONG, new int[] {-2, 3});
      case 7 -> chance(3) ? new Input(fresh(pick(List.of("keep", "mask")), taken), Kind.MASK, new int[] {dims[choose(3)]})
          : new Input(fresh(pick(List.of("flag", "on")), taken), Kind.BOOLEAN, new int[0]);
      case 8 -> {
        int n = dims[choose(3)];
        int bound = Arrays.stream(dims).filter(d -> d > 0).min().orElse(0);
        yield bound == 0 ? new Input(fresh("c", taken), Kind.DOUBLE, new int[0])
            : new Input(fresh(pick(List.of("idx", "y")), taken), Kind.INT_VECTOR, new int[] {n, bound});
      }
      default -> {
        int[] shapes = new int[2 * (1 + choose(2))];
        for (int l = 0; l < shapes.length; l += 2) {
          int[] shape = matrixShape();
          shapes[l] = shape[0];
          shapes[l + 1] = shape[1];
        }
        yield new Input(fresh(pick(List.of("Ws", "T")), taken), Kind.MATRICES, shapes);
      }
    };
  }

  private static String fresh(String base, Set<String> taken) {
    String name = base;
    for (int k = 2; !taken.add(name); k++) {
      name = base + k;
    }
    return name;
  }

  private static String javaType(Kind k) {
    return switch (k) {
      case DOUBLE -> "double";
      case INT -> "int";
      case LONG -> "long";
      case BOOLEAN -> "boolean";
      case VECTOR -> "double[]";
      case MATRIX -> "double[][]";
      case MATRICES -> "double[][][]";
      case INT_VECTOR -> "int[]";
      case MASK -> "boolean[]";
      case HYPER -> "Hyper";
      case MODE -> "Mode";
      case STRING -> "String";
      case PARAMS -> "Params";
    };
  }

  private void begin(String name, Input returns) {
    out = new StringBuilder();
    vars.clear();
    names.clear();
    names.addAll(List.of("g", "h", "soft", "weight", "f", "q", "rate", "HALF", "TWO", "BIG", "SLOPE", "scale",
        "shift", "bias", "Nd", "Math", "Double", "Integer", "Long", "Boolean", "this", cls, other));
    method = name;
    result = returns;
    depth = 0;
    loops = 0;
    trips = 1;
    breakOk = false;
    continueOk = false;
    ended = false;
    if (inInstanceMethod()) {
      // The object's private fields, read only (generated code reads them through VarHandles).
      scalar("shift", T.DOUBLE, 0.5);
      array("bias", T.VECTOR, 4, 0, 1);
    }
  }

  private boolean inInstanceMethod() {
    return instance && (method.equals("f") || method.equals("g"));
  }

  private boolean callsAllowed() {
    return method.equals("f");
  }

  private void declareParam(Input in) {
    names.add(in.name());
    int[] d = in.dims();
    Var v = switch (in.kind()) {
      case DOUBLE -> scalar(in.name(), T.DOUBLE, 1);
      case INT -> index(in.name(), d[0], d[1]);
      case LONG -> scalar(in.name(), T.LONG, 3);
      case BOOLEAN -> scalar(in.name(), T.BOOLEAN, 1);
      case VECTOR -> array(in.name(), T.VECTOR, d[0], 0, 1);
      case MATRIX -> array(in.name(), T.MATRIX, d[0], d[1], 1);
      case INT_VECTOR -> {
        Var a = array(in.name(), T.INTS, d[0], 0, 0);
        a.lo = 0;
        a.hi = d[1] - 1;
        yield a;
      }
      case MASK -> array(in.name(), T.MASK, d[0], 0, 0);
      case HYPER -> scalar(in.name(), T.HYPER, 0);
      case MODE -> scalar(in.name(), T.MODE, 0);
      case STRING -> scalar(in.name(), T.STRING, 0);
      // read only through its components (components(), once every parameter has its name), never in scope
      case PARAMS -> new Var(in.name(), T.HYPER, depth);
      case MATRICES -> {
        Var a = array(in.name(), T.MATRICES, d.length / 2, 0, 1);
        a.shapes = d;
        yield a;
      }
    };
    // Parameters may be reassigned (never written into): doubles and arrays alike.
    v.assignable = in.kind() == Kind.DOUBLE || in.kind() == Kind.VECTOR || in.kind() == Kind.MATRIX;
  }

  /**
   * The components of a record of parameters, as ML code reads them: through the accessor ({@code
   * p.u()}), the field ({@code p.V}, where the record is differentiated) or a local read once
   * ({@code var u = p.u();} at the top of the method), each then a read-only array.
   */
  private void components(Input in) {
    int[] d = in.dims();
    boolean fields = differentiated.contains(in.name());
    for (String component : List.of("u", "V")) {
      boolean vector = component.equals("u");
      String read = in.name() + "." + component + (fields && chance(3) ? "" : "()");
      String name = read;
      if (chance(2)) {
        name = local(component);
        out.append("    ").append(chance(2) ? "var" : vector ? "double[]" : "double[][]").append(' ').append(name)
            .append(" = ").append(read).append(";\n");
      }
      array(name, vector ? T.VECTOR : T.MATRIX, vector ? d[0] : d[1], vector ? 0 : d[2], 1);
    }
  }

  private Var scalar(String name, T type, double bound) {
    Var v = new Var(name, type, depth);
    v.bound = bound;
    vars.add(v);
    return v;
  }

  private Var index(String name, int lo, int hi) {
    Var i = scalar(name, T.INT, Math.max(Math.abs(lo), Math.abs(hi)));
    i.lo = lo;
    i.hi = hi;
    i.indexable = lo <= hi;
    return i;
  }

  private Var array(String name, T type, int rows, int cols, double bound) {
    Var v = new Var(name, type, depth);
    v.rows = rows;
    v.cols = cols;
    v.bound = bound;
    vars.add(v);
    return v;
  }

  /** A name for a new local: now and then one that generated code could trip on. */
  private String local(String base) {
    List<String> awkward = new ArrayList<>(List.of("o", "ouble", "efault", "value", "out", "grad", "trips", "sum",
        "prod", "sel", "tmp", "record", "var", "yield", "iStack", "dout", "returned", "GradCheck", "DoubleStack",
        "self"));
    for (Var v : vars) {
      // dx beside x; never do (for o), which no local can be named
      if (!List.of("do", "double", "default").contains("d" + v.name) && v.name.matches("\\w+")) {
        awkward.add("d" + v.name);
      }
    }
    awkward.removeAll(names);
    String name = !awkward.isEmpty() && chance(4) ? pick(awkward) : base + fresh++;
    while (!names.add(name)) {
      name = base + fresh++;
    }
    return name;
  }

  private Map<Var, State> snapshot() {
    Map<Var, State> s = new LinkedHashMap<>();
    for (Var v : vars) {
      s.put(v, new State(v.bound, v.writable, v.indexable, v.assigned));
    }
    return s;
  }

  private static void restore(Map<Var, State> s) {
    s.forEach((v, st) -> {
      v.bound = st.bound();
      v.writable = st.writable();
      v.indexable = st.indexable();
      v.assigned = st.assigned();
    });
  }

  /** The variables as after one of several paths: the worst of each (largest bound, least known). */
  private static Map<Var, State> join(Map<Var, State> a, Map<Var, State> b) {
    Map<Var, State> j = new LinkedHashMap<>();
    a.forEach((v, x) -> {
      State y = b.get(v);
      j.put(v, new State(Math.max(x.bound(), y.bound()), x.writable() && y.writable(),
          x.indexable() && y.indexable(), x.assigned() && y.assigned()));
    });
    return j;
  }

  // ==================================================================== statements

  /** The kinds of statement, with how often each is drawn outside loops and inside them. */
  private enum Statement {
    DECLARE(2, 1),
    ASSIGN(1, 1),
    COMPOUND(2, 2),
    COUNTING(3, 1),
    BRANCH(1, 1),
    ARRAY_LOCAL(2, 1),
    WHILE(1, 1),
    TERNARY(1, 3),
    ENHANCED_FOR(1, 1),
    DECLARED_LATER(1, 1),
    INTEGER(1, 1),
    INACTIVE_ARRAY(1, 1),
    OTHER_FOR(1, 1),
    EARLY_RETURN(1, 1),
    REASSIGN_ARRAY(1, 1),
    DO_WHILE(1, 1),
    FOREVER(1, 1),
    CALL(1, 2),
    ELEMENT_WRITE(3, 4),
    JUMP(0, 1),
    CARRIED(0, 3),
    EXTREMUM(1, 1),
    SWITCH(1, 1),
    GUARD(1, 1),
    ARRAY_UTILITY(1, 1),
    OBJECT_LOCAL(1, 1),
    RANDOM(1, 1),
    STREAM(1, 1),
    SWAPPED_BUFFERS(1, 1);

    final int top;
    final int inLoop;

    Statement(int top, int inLoop) {
      this.top = top;
      this.inLoop = inLoop;
    }
  }

  private Statement drawStatement() {
    int total = 0;
    for (Statement k : Statement.values()) {
      total += loops > 0 ? k.inLoop : k.top;
    }
    int c = choose(total);
    for (Statement k : Statement.values()) {
      c -= loops > 0 ? k.inLoop : k.top;
      if (c < 0) {
        return k;
      }
    }
    throw new AssertionError();
  }

  private void statement(String indent) {
    if (budget-- <= 0 || ended) {
      return;
    }
    switch (drawStatement()) {
      case DECLARE -> declare(indent);
      case ASSIGN -> assign(indent);
      case COMPOUND -> compound(indent);
      case COUNTING -> counting(indent);
      case BRANCH -> branch(indent);
      case ARRAY_LOCAL -> arrayLocal(indent);
      case WHILE -> whileLoop(indent);
      case TERNARY -> ternary(indent);
      case ENHANCED_FOR -> enhancedFor(indent);
      case DECLARED_LATER -> declaredLater(indent);
      case INTEGER -> integer(indent);
      case INACTIVE_ARRAY -> inactiveArray(indent);
      case OTHER_FOR -> otherFor(indent);
      case EARLY_RETURN -> earlyReturn(indent);
      case REASSIGN_ARRAY -> reassignArray(indent);
      case DO_WHILE -> doWhile(indent);
      case FOREVER -> forever(indent);
      case CALL -> callStatement(indent);
      case ELEMENT_WRITE -> elementWrite(indent);
      case JUMP -> jump(indent);
      case SWITCH -> switchStatement(indent);
      case CARRIED -> carried(indent);
      case EXTREMUM -> extremum(indent);
      case GUARD -> guard(indent);
      case ARRAY_UTILITY -> arrayUtility(indent);
      case OBJECT_LOCAL -> objectLocal(indent);
      case RANDOM -> random(indent);
      case STREAM -> streamed(indent);
      case SWAPPED_BUFFERS -> swappedBuffers(indent);
    }
  }

  /**
   * A local holding a settings object: {@code Mode md = mode;} ({@code var} too), or a mode local
   * reassigned ({@code md = md == Mode.A ? Mode.B : Mode.C;}: in a loop, the backward pass needs
   * its old values), or {@code Hyper hl = hp;}; nothing where no settings are in scope.
   */
  private void objectLocal(String indent) {
    Var q = pick(vars(v -> v.type == T.MODE && v.assignable));
    if (q != null && chance(2)) {
      Var m = pick(vars(v -> v.type == T.MODE));
      out.append(indent).append(q.name).append(" = ").append(q.name).append(" == Mode.A ? Mode.B : ")
          .append(chance(2) ? "Mode.C" : m.name).append(";\n");
      return;
    }
    Var m = pick(vars(v -> v.type == T.MODE || v.type == T.HYPER));
    if (m == null) {
      return;
    }
    boolean mode = m.type == T.MODE;
    String name = local(mode ? "md" : "hl");
    out.append(indent).append(chance(3) ? "var " : mode ? "Mode " : "Hyper ").append(name).append(" = ")
        .append(m.name).append(";\n");
    scalar(name, m.type, 0).assignable = mode;
  }

  /**
   * {@code Random rng = new Random(42L);} (or seeded by a long in scope): its draws ({@code
   * rng.nextDouble()}, {@code rng.nextInt(v.length)}, ...) then turn up as leaves, indexes,
   * int expressions and tests, the same on every call as the seed is.
   */
  private void random(String indent) {
    Var seed = pick(vars(v -> v.type == T.LONG && v.assigned));
    String name = local("rng");
    out.append(indent).append(chance(4) ? "var " : "Random ").append(name).append(" = new Random(")
        .append(seed != null && chance(2) ? seed.name : choose(100) + "L").append(");\n");
    scalar(name, T.RNG, 0);
  }

  /**
   * A stream's reduction of a vector, declared ({@code double t = Arrays.stream(v).map(e -> e * e).sum();})
   * or added to a double local: nowhere else (not in a {@code ?:} arm, an operand of {@code &&},
   * a loop's header), where flatgrad refuses it by design.
   */
  private void streamed(String indent) {
    E e = squash(streamReduction(indent));
    Var v = pick(assignable(T.DOUBLE));
    if (v != null && chance(3)) {
      out.append(indent).append(v.name).append(" += ").append(e.text()).append(";\n");
      v.bound = v.bound + trips * e.bound();
      tame(v, indent);
      return;
    }
    String name = local("t");
    out.append(indent).append("double ").append(name).append(" = ").append(e.text()).append(";\n");
    scalar(name, T.DOUBLE, e.bound()).assignable = true;
  }

  /** A stream's reduction (declaring, before the statement, the locals its lambda reads). */
  private E streamReduction(String indent) {
    int n = dims[choose(3)];
    E a = chance(3) ? vector(n, 2) : null;
    if (a == null) {
      Var x = pick(vars(v -> v.type == T.VECTOR && v.rows == n));
      a = x != null ? new E(x.name, x.bound) : new E("new double[" + n + "]", 0);
    }
    String stream = "Arrays.stream(" + a.text() + ")";
    switch (choose(8)) {
      case 0 -> {
        String t = local("e");
        E body = lambdaBody(t, a.bound());
        return new E(stream + ".map(" + t + " -> " + body.text() + ").sum()", n * body.bound());
      }
      case 1 -> {
        if (n > 0) {
          return new E(stream + (chance(2) ? ".max()" : ".min()") + ".getAsDouble()", a.bound());
        }
      }
      case 2 -> {
        return new E(stream + ".average().orElse(" + pick(List.of("0", "0.0", "-1")) + ")", Math.max(1, a.bound()));
      }
      case 3 -> {
        Var x = pick(vars(v -> v.type == T.VECTOR && v.rows == n));
        Var y = pick(vars(v -> v.type == T.VECTOR && v.rows == n));
        if (x != null) {
          // A lambda reads only effectively final locals: these, declared for it and never assigned.
          String xa = local("xs");
          String ya = x == y ? xa : local("ys");
          out.append(indent).append(chance(2) ? "final double[] " : "double[] ").append(xa).append(" = ")
              .append(x.name).append(";\n");
          if (x != y) {
            out.append(indent).append("double[] ").append(ya).append(" = ").append(y.name).append(";\n");
          }
          String i = local("i");
          return new E("IntStream.range(0, " + (chance(2) ? n : xa + ".length") + ").mapToDouble(" + i + " -> "
              + xa + "[" + i + "] * " + ya + "[" + i + "]).sum()", n * x.bound * y.bound);
        }
      }
      case 4 -> {
        E p = squash(dbl(2));
        E q = squash(dbl(2));
        return new E("DoubleStream.of(" + p.text() + ", " + q.text() + ").sum()", p.bound() + q.bound());
      }
      case 5, 6, 7 -> {
        Var m = pick(vars(v -> v.type == T.MATRIX));
        if (m != null) {
          return rowsReduction(m);
        }
      }
      default -> {
      }
    }
    return new E(stream + ".sum()", n * a.bound());
  }

  /**
   * A stream's reduction of a matrix's rows: a sum of each row's stream, all the entries flattened
   * and mapped, a column's largest or smallest, a mean of the flattened entries that pass a filter.
   */
  private E rowsReduction(Var m) {
    String rows = "Arrays.stream(" + m.name + ")";
    String r = local("row");
    String t = local("e");
    E body = lambdaBody(t, m.bound);
    double all = (double) m.rows * m.cols;
    switch (choose(4)) {
      case 0 -> {
        return new E(rows + ".mapToDouble(" + r + " -> Arrays.stream(" + r + ").map(" + t + " -> " + body.text()
            + ").sum()).sum()", all * body.bound());
      }
      case 1 -> {
        if (m.rows > 0 && m.cols > 0) {
          return new E(rows + ".mapToDouble(" + r + " -> " + r + "[" + choose(m.cols) + "])" + (chance(2) ? ".max()"
              : ".min()") + ".getAsDouble()", m.bound);
        }
      }
      case 2 -> {
        String u = local("e");
        return new E(rows + ".flatMapToDouble(" + r + " -> Arrays.stream(" + r + ").map(" + t + " -> " + body.text()
            + ")).filter(" + u + " -> " + u + " > 0).average().orElse(0.0)", body.bound());
      }
      default -> {
      }
    }
    return new E(rows + ".flatMapToDouble(Arrays::stream).map(" + t + " -> " + body.text() + ").sum()", all * body.bound());
  }

  /** A function of a lambda's parameter alone (locals it could read may not be effectively final). */
  private E lambdaBody(String t, double bound) {
    String c = constant();
    return switch (choose(6)) {
      case 0 -> new E(t + " * " + c, 2 * bound);
      case 1 -> new E("Math.tanh(" + t + ")", 1);
      case 2 -> new E(t + " * " + t, bound * bound);
      case 3 -> new E("Math.sin(" + t + ") + " + c, 3);
      case 4 -> new E("Math.exp(-" + t + " * " + t + ")", 1);
      default -> new E("Math.max(" + t + ", 0.0)", bound);
    };
  }

  /** A block of statements one level deeper; its locals go out of scope after it. */
  private void block(String indent, int statements) {
    int saved = vars.size();
    depth++;
    for (int s = 0; s < statements && !ended; s++) {
      statement(indent);
    }
    depth--;
    vars.subList(saved, vars.size()).clear();
  }

  private void declare(String indent) {
    switch (choose(7)) {
      case 6 -> streamed(indent);
      case 5 -> switchValue(indent);
      case 3 -> {
        String name = local("pos");
        out.append(indent).append(chance(4) ? "var " : "boolean ").append(name).append(" = ").append(condition()).append(";\n");
        scalar(name, T.BOOLEAN, 1);
      }
      case 4 -> {
        I i = intExpr();
        boolean isLong = chance(3);
        String name = local("q");
        out.append(indent).append(isLong ? "long " : chance(4) ? "var " : "int ").append(name).append(" = ").append(i.text()).append(";\n");
        Var v = isLong ? scalar(name, T.LONG, Math.max(Math.abs(i.lo()), Math.abs(i.hi()))) : index(name, i.lo(), i.hi());
        v.assignable = true;
      }
      default -> {
        Var d = pick(vars(x -> x.type == T.DOUBLE && x.assigned));
        boolean var = d != null && chance(8);
        E e = var ? new E(d.name, d.bound) : squash(dbl(0));
        String name = local("t");
        out.append(indent).append(var ? "var " : "double ").append(name).append(" = ").append(e.text()).append(";\n");
        scalar(name, T.DOUBLE, e.bound()).assignable = true;
      }
    }
  }

  /** {@code double s; double r; if (c) { s = ..; r = s * ..; } else { r = ..; }}: s only where assigned. */
  private void declaredLater(String indent) {
    String s = local("s");
    String r = local("r");
    out.append(indent).append("double ").append(s).append(";\n");
    out.append(indent).append("double ").append(r).append(";\n");
    out.append(indent).append("if (").append(condition()).append(") {\n");
    E e = squash(dbl(1));
    E times = squash(dbl(2));
    out.append(indent).append("  ").append(s).append(" = ").append(e.text()).append(";\n");
    out.append(indent).append("  ").append(r).append(" = ").append(s).append(" * ").append(paren(times)).append(";\n");
    out.append(indent).append("} else {\n");
    E other = squash(dbl(1));
    out.append(indent).append("  ").append(r).append(" = ").append(other.text()).append(";\n");
    out.append(indent).append("}\n");
    Var sv = scalar(s, T.DOUBLE, e.bound());
    sv.assignable = true;
    sv.assigned = false;
    scalar(r, T.DOUBLE, Math.max(e.bound() * times.bound(), other.bound())).assignable = true;
  }

  private List<Var> assignable(T type) {
    return vars(v -> v.type == type && v.assignable && v.assigned);
  }

  /** Assigns a double local, now and then from its own old value. */
  private void assign(String indent) {
    Var v = pick(vars(x -> x.type == T.DOUBLE && x.assignable));
    if (v == null) {
      declare(indent);
      return;
    }
    E e = squash(dbl(0));
    int how = v.assigned ? choose(4) : 0;
    switch (how) {
      case 1 -> {
        out.append(indent).append(v.name).append(" = Math.tanh(").append(constant()).append(" * ").append(v.name)
            .append(" + ").append(e.text()).append(");\n");
        v.bound = 1;
      }
      case 2 -> {
        out.append(indent).append(v.name).append(" = Math.max(").append(v.name).append(", ").append(e.text())
            .append(");\n");
        v.bound = Math.max(v.bound, e.bound());
      }
      case 3 -> {
        out.append(indent).append(v.name).append(" = ").append(v.name).append(" * Math.cos(").append(e.text())
            .append(") + ").append(squash(dbl(1)).text()).append(";\n");
        v.bound = v.bound + LIMIT;
      }
      default -> {
        // now and then a chain, a = b = e, as users write it (fence.ChainedAssignments)
        Var w = chance(4) ? pick(vars(x -> x.type == T.DOUBLE && x.assignable && x != v)) : null;
        out.append(indent).append(v.name).append(" = ").append(w == null ? "" : w.name + " = ").append(e.text())
            .append(";\n");
        v.bound = e.bound();
        v.assigned = true;
        if (w != null) {
          w.bound = e.bound();
          w.assigned = true;
        }
      }
    }
    tame(v, indent);
  }

  /** A loop-carried update of a local declared outside the loop. */
  private void carried(String indent) {
    Var v = pick(vars(x -> x.type == T.DOUBLE && x.assignable && x.assigned && x.depth < depth));
    if (v == null) {
      assign(indent);
      return;
    }
    E e = squash(dbl(1));
    switch (choose(3)) {
      case 0 -> out.append(indent).append(v.name).append(" = Math.sin(").append(v.name).append(") + ")
          .append(e.text()).append(";\n");
      case 1 -> out.append(indent).append(v.name).append(" = ").append(v.name).append(" * Math.cos(")
          .append(e.text()).append(");\n");
      default -> out.append(indent).append(v.name).append(" += ").append(paren(addend(e, v.name))).append(" * ")
          .append(paren(addend(squash(dbl(2)), v.name))).append(";\n");
    }
    v.bound = v.bound + trips * LIMIT * LIMIT;
    tame(v, indent);
  }

  /** Keeps a local tame once its bound has grown past what a check can follow. */
  private void tame(Var v, String indent) {
    if (v.bound > TAME) {
      out.append(indent).append(v.name).append(" = Math.tanh(").append(v.name).append(");\n");
      v.bound = 1;
    }
  }

  /** {@code x op= e} on a double local, with int, long or double operands. */
  private void compound(String indent) {
    Var v = pick(assignable(T.DOUBLE));
    if (v == null) {
      declare(indent);
      return;
    }
    Compound c = compoundTail(v.name, v.bound);
    out.append(indent).append(v.name).append(c.text()).append(";\n");
    v.bound = c.bound();
    tame(v, indent);
  }

  /** The tail {@code op= operand} of a compound assignment, and the target's bound afterwards. */
  private record Compound(String text, double bound) {}

  private Compound compoundTail(String target, double bound) {
    return switch (choose(5)) {
      case 1 -> {
        E e = addend(squash(mixed()), target);
        yield new Compound(" -= " + e.text(), bound + trips * e.bound());
      }
      case 2 -> {
        String factor = pick(List.of("0.5", "2", "HALF", "-1", "TWO", "3L", "5"));
        if (choose(3) == 0) {
          factor = intFactor();
        }
        double f = factor.equals("0.5") || factor.equals("HALF") || factor.equals("-1") ? 1 : 5;
        yield new Compound(" *= " + factor, bound * Math.pow(f, Math.min(trips, 5)));
      }
      case 3 -> new Compound(" /= " + divisor(), bound);
      case 4 -> new Compound(" %= " + pick(List.of("3", "2.5", "BIG", "(TWO + 1)", "7L")), bound);
      default -> {
        E e = addend(squash(mixed()), target);
        yield new Compound(" += " + e.text(), bound + trips * e.bound());
      }
    };
  }

  /** A small int factor: a literal, or a bounded non-negative int variable plus one. */
  private String intFactor() {
    Var i = pick(vars(v -> v.type == T.INT && v.indexable && v.lo >= 0 && v.hi <= 3));
    return i == null ? "2" : "(" + i.name + " + 1)";
  }

  /** A divisor of magnitude at least 1. */
  private String divisor() {
    return switch (choose(6)) {
      case 1 -> "3L";
      case 2 -> "2.5";
      case 3 -> "(2.0 + Math.sin(" + squash(dbl(2)).text() + "))";
      case 4 -> intFactor();
      case 5 -> {
        E e = squash(dbl(2));
        yield "(1.0 + " + paren(e) + " * " + paren(e) + ")";
      }
      default -> "2";
    };
  }

  /** A double expression that mixes in an int or long operand now and then. */
  private E mixed() {
    return switch (choose(4)) {
      case 1 -> {
        I i = intExpr();
        yield new E(paren(i.text()), magnitude(i));
      }
      case 2 -> {
        E e = squash(dbl(1));
        I i = intExpr();
        yield new E(paren(e) + " * " + paren(i.text()), e.bound() * Math.max(1, magnitude(i)));
      }
      default -> dbl(0);
    };
  }

  private static double magnitude(I i) {
    return Math.max(Math.abs(i.lo()), Math.abs(i.hi()));
  }

  /** Int and long locals: declared, incremented, compound-assigned with any operator. */
  private void integer(String indent) {
    Var v = pick(vars(x -> (x.type == T.INT || x.type == T.LONG) && x.assignable));
    if (v == null) {
      I i = intExpr();
      String name = local("q");
      out.append(indent).append("int ").append(name).append(" = ").append(i.text()).append(";\n");
      index(name, i.lo(), i.hi()).assignable = true;
      return;
    }
    String update = switch (choose(10)) {
      case 0 -> v.name + "++";
      case 1 -> "++" + v.name;
      case 2 -> v.name + "--";
      case 3 -> "--" + v.name;
      case 4 -> v.name + " += " + pick(List.of("2", "TWO", "1L"));
      case 5 -> v.name + " -= 1";
      case 6 -> v.name + " %= 3";
      case 7 -> v.name + " /= 2";
      case 8 -> v.name + pick(List.of(" &= 7", " |= 1", " ^= 2", " >>= 1", " <<= 1"));
      default -> v.name + " *= " + pick(List.of("2", "2L", "-1"));
    };
    out.append(indent).append(update).append(";\n");
    // Its value is no longer known exactly: no index, a bound as loose as repeated updates allow.
    v.indexable = false;
    v.bound = (v.bound + 2) * Math.pow(2, Math.min(trips, 8));
  }

  private void ternary(String indent) {
    Var target = pick(assignable(T.DOUBLE));
    if (target != null && choose(loops > 0 ? 4 : 2) != 0) {
      // The assignment reads its target on one arm or both: r = r > v[i] ? r : v[i]
      E other = squash(dbl(1));
      String cond = choose(2) == 0 ? target.name + " > " + paren(other) : condition();
      // In a loop the factor is at most 1: a factor that can read the target (r * r) would grow
      // it geometrically, trip after trip, to infinity (where 0 * inf makes any gradient NaN).
      E factor = loops > 0 ? new E("Math.tanh(" + dbl(2).text() + ")", 1) : squash(dbl(2));
      String yes = choose(3) == 0 ? target.name : target.name + " * " + paren(factor);
      String no = choose(2) == 0 ? other.text() : paren(other) + " + " + target.name;
      boolean swap = chance(2);
      out.append(indent).append(target.name).append(" = ").append(cond).append(" ? ").append(swap ? no : yes)
          .append(" : ").append(swap ? yes : no).append(";\n");
      target.bound = target.bound * factor.bound() + trips * other.bound();
      tame(target, indent);
      return;
    }
    E yes = squash(dbl(1));
    E no = squash(dbl(1));
    String name = local("t");
    out.append(indent).append("double ").append(name).append(" = ").append(condition()).append(" ? ")
        .append(yes.text()).append(" : ").append(no.text()).append(";\n");
    scalar(name, T.DOUBLE, Math.max(yes.bound(), no.bound())).assignable = true;
  }

  /** if, if/else, if/else if/else; what is definitely assigned after it is what every arm assigns. */
  private void branch(String indent) {
    int arms = 1 + choose(3);
    Paths paths = new Paths();
    for (int a = 0; a < arms; a++) {
      // An else if's test is drawn as things are before the if (not after the arm above it).
      paths.start();
      String head = a == 0 ? "if (" + condition() + ") {"
          : a == 1 && arms == 3 ? "} else if (" + condition() + ") {" : "} else {";
      out.append(indent).append(head).append('\n');
      block(indent + "  ", 1 + choose(3));
      paths.end();
    }
    out.append(indent).append("}\n");
    if (arms == 1) {
      paths.orNone();
    }
    paths.close();
  }

  /**
   * Alternative paths (an if's arms, a switch's cases): each starts from the variables as they
   * were before, and after them the variables are the worst of the paths that complete; the
   * statement cannot complete only if no path can.
   */
  private final class Paths {
    private final Map<Var, State> before = snapshot();
    private Map<Var, State> after;
    private boolean allEnd = true;

    void start() {
      restore(before);
      ended = false;
    }

    void end() {
      // A path that cannot complete normally leaves nothing to join.
      if (!ended) {
        after = after == null ? snapshot() : join(after, snapshot());
      }
      allEnd &= ended;
    }

    /** A path through none of them: no else, no default. */
    void orNone() {
      after = after == null ? before : join(after, before);
      allEnd = false;
    }

    void close() {
      restore(after == null ? before : after);
      ended = allEnd;
    }
  }

  /**
   * A switch on an int: arrows, or colons whose cases end in break (the last may not); distinct
   * labels, some cases with two ({@code case 1, 2}, {@code case 1: case 2:}), the class's
   * constant {@code TWO} as one; a default or none. Its cases are blocks as an if's arms are; a
   * break in them would leave the switch, not a loop around, so none is drawn there.
   */
  private void switchStatement(String indent) {
    Var mode = pick(vars(v -> v.type == T.MODE || v.type == T.STRING));
    boolean onMode = mode != null && chance(2);
    I selector = onMode ? new I(mode.name, 0, 0) : intExpr();
    boolean arrows = chance(2);
    List<List<String>> cases = onMode ? mode.type == T.STRING ? stringLabels() : modeLabels() : caseLabels();
    boolean hasDefault = !chance(3);
    int arms = cases.size() + (hasDefault ? 1 : 0);
    Paths paths = new Paths();
    boolean savedBreak = breakOk;
    breakOk = false;
    out.append(indent).append("switch (").append(selector.text()).append(") {\n");
    for (int a = 0; a < arms; a++) {
      paths.start();
      List<String> labels = a < cases.size() ? cases.get(a) : List.of();
      if (arrows) {
        out.append(indent).append("  ").append(labels.isEmpty() ? "default" : "case " + String.join(", ", labels))
            .append(" -> {\n");
        block(indent + "    ", 1 + choose(3));
        out.append(indent).append("  }\n");
      } else {
        if (labels.isEmpty()) {
          out.append(indent).append("  default:\n");
        } else if (labels.size() > 1 && chance(2)) {
          labels.forEach(l -> out.append(indent).append("  case ").append(l).append(":\n"));
        } else {
          out.append(indent).append("  case ").append(String.join(", ", labels)).append(":\n");
        }
        block(indent + "    ", 1 + choose(3));
        if (!ended && (a < arms - 1 || chance(2))) {
          out.append(indent).append("    break;\n");
        }
      }
      paths.end();
    }
    out.append(indent).append("}\n");
    breakOk = savedBreak;
    if (!hasDefault) {
      paths.orNone();
    }
    paths.close();
  }

  /**
   * {@code double t = switch (k) { case 0 -> e; case 1, 2 -> { double u = e; yield u * e; } default -> e; };},
   * arrows or colons with yield; or, with a variable as selector, a switch expression as an
   * operand: {@code double t = e * switch (k) { ... };}.
   */
  private void switchValue(String indent) {
    Var mode = pick(vars(v -> v.type == T.MODE || v.type == T.STRING));
    boolean onMode = mode != null && chance(2);
    Var simple = onMode ? mode : pick(vars(v -> v.type == T.INT && v.indexable));
    boolean operand = simple != null && chance(3);
    I selector = onMode ? new I(mode.name, 0, 0) : operand ? new I(simple.name, simple.lo, simple.hi) : intExpr();
    boolean arrows = chance(2);
    boolean onString = onMode && mode.type == T.STRING;
    List<List<String>> cases = onString ? stringLabels() : onMode ? modeLabels() : caseLabels();
    // Over an enum, cases of every constant need no default: the last arm is the chain's else.
    boolean exhaustive = onMode && !onString && cases.stream().mapToInt(List::size).sum() == MODES.size() && chance(2);
    String name = local("t");
    E factor = operand ? squash(dbl(1)) : null;
    out.append(indent).append("double ").append(name).append(" = ")
        .append(operand ? paren(factor) + " * " : "").append("switch (").append(selector.text()).append(") {\n");
    double bound = 0;
    for (int a = 0; a < cases.size() + (exhaustive ? 0 : 1); a++) {
      String head = a < cases.size() ? "case " + String.join(", ", cases.get(a)) : "default";
      E e = squash(dbl(1));
      if (!operand && chance(3)) {
        // a block: a local, then its yield
        String u = local("u");
        E f = squash(dbl(1));
        out.append(indent).append("  ").append(head).append(arrows ? " -> {\n" : ":\n")
            .append(indent).append("    double ").append(u).append(" = ").append(e.text()).append(";\n")
            .append(indent).append("    yield ").append(u).append(" * ").append(paren(f)).append(";\n")
            .append(arrows ? indent + "  }\n" : "");
        bound = Math.max(bound, e.bound() * f.bound());
      } else {
        out.append(indent).append("  ").append(head).append(arrows ? " -> " : ": yield ").append(e.text())
            .append(";\n");
        bound = Math.max(bound, e.bound());
      }
    }
    out.append(indent).append("};\n");
    scalar(name, T.DOUBLE, operand ? bound * factor.bound() : bound).assignable = true;
  }

  private static final List<String> MODES = List.of("A", "B", "C");

  /** The values a String setting is drawn from (the last matches no case). */
  static final List<String> STRINGS = List.of("l1", "l2", "huber", "none");

  /** One to three cases of one or two distinct string literals each (never "none", so a default or nothing runs then). */
  private List<List<String>> stringLabels() {
    List<String> pool = new ArrayList<>(STRINGS.subList(0, 3));
    List<List<String>> cases = new ArrayList<>();
    for (int c = 0, count = 1 + choose(3); c < count && !pool.isEmpty(); c++) {
      List<String> labels = new ArrayList<>();
      for (int l = 0, n = chance(3) ? 2 : 1; l < n && !pool.isEmpty(); l++) {
        labels.add('"' + pool.remove(choose(pool.size())) + '"');
      }
      cases.add(labels);
    }
    return cases;
  }

  /** One to three cases of one or two of Mode's constants each, unqualified as labels are; all of them sometimes. */
  private List<List<String>> modeLabels() {
    List<String> pool = new ArrayList<>(MODES);
    List<List<String>> cases = new ArrayList<>();
    boolean all = chance(2);
    for (int c = 0, count = 1 + choose(3); (c < count || all) && !pool.isEmpty(); c++) {
      List<String> labels = new ArrayList<>();
      for (int l = 0, n = chance(3) ? 2 : 1; l < n && !pool.isEmpty(); l++) {
        labels.add(pool.remove(choose(pool.size())));
      }
      cases.add(labels);
    }
    return cases;
  }

  /** One to three cases of one or two distinct labels each, out of -1 to 3 (2 sometimes spelled TWO). */
  private List<List<String>> caseLabels() {
    List<String> pool = new ArrayList<>(List.of("-1", "0", "1", chance(3) ? "TWO" : "2", "3"));
    List<List<String>> cases = new ArrayList<>();
    for (int c = 0, count = 1 + choose(3); c < count && !pool.isEmpty(); c++) {
      List<String> labels = new ArrayList<>();
      for (int l = 0, n = chance(3) ? 2 : 1; l < n && !pool.isEmpty(); l++) {
        labels.add(pool.remove(choose(pool.size())));
      }
      cases.add(labels);
    }
    return cases;
  }

  // ---- loops ----

  /**
   * A loop body, its header's variables declared by {@code header}; {@code n} bounds its trips.
   * What it changes holds after the loop only as well as before it (the body may not run, or run
   * many times); the counter's update follows unless the body cannot complete normally.
   */
  private boolean loopBody(String indent, int n, boolean canBreak, boolean canContinue, Runnable header) {
    forgetIndexesALoopMayUpdate();
    Map<Var, State> before = snapshot();
    int savedTrips = trips;
    boolean savedBreak = breakOk;
    boolean savedContinue = continueOk;
    boolean savedJumped = jumped;
    jumped = false;
    loops++;
    trips *= Math.max(1, n);
    breakOk = canBreak;
    continueOk = canContinue;
    int saved = vars.size();
    depth++;
    header.run();
    for (int s = 0, count = 1 + choose(3); s < count && !ended; s++) {
      statement(indent);
    }
    boolean bodyEnded = ended;
    bodyJumped = jumped;
    jumped = savedJumped;
    depth--;
    vars.subList(saved, vars.size()).clear();
    loops--;
    trips = savedTrips;
    breakOk = savedBreak;
    continueOk = savedContinue;
    // Assignments in the body are not definitely assigned after it (joined with before).
    restore(join(before, snapshot()));
    ended = false;
    return bodyEnded;
  }

  /** An int a loop body may update is no longer an exact index, in the loop or after it. */
  private void forgetIndexesALoopMayUpdate() {
    for (Var v : vars) {
      if (v.type == T.INT && v.assignable) {
        v.indexable = false;
      }
    }
  }

  /** A name for a loop index: i again where no loop around uses it, as people write. */
  private String indexName() {
    String base = pick(List.of("i", "j", "k", "r", "c"));
    boolean inScope = vars.stream().anyMatch(v -> v.name.equals(base));
    if (!inScope && (!names.contains(base) || chance(2))) {
      names.add(base);
      return base;
    }
    return local(base);
  }

  /** A length to loop over, spelled as the program would: {@code x.length}, {@code M[r].length}, n, a literal. */
  private I length() {
    List<I> options = new ArrayList<>();
    for (Var v : vars(x -> true)) {
      if (v.type == T.VECTOR || v.type == T.INTS || v.type == T.MATRIX || v.type == T.MATRICES) {
        options.add(new I(v.name + ".length", v.rows, v.rows));
      }
      if (v.type == T.MATRIX && v.rows > 0) {
        options.add(new I(v.name + "[" + index(v.rows) + "].length", v.cols, v.cols));
      }
      if (v.type == T.INT && v.indexable && v.lo >= 0 && v.hi <= 6) {
        options.add(new I(v.name, v.lo, v.hi));
      }
    }
    options.add(new I(Integer.toString(dims[0]), dims[0], dims[0]));
    I n = pick(options);
    // A local bounding a loop is not updated after: in the loop's body, it would move the bound
    // (q++ twice a trip in do { w++; q++; ++q; } while (w < q - 1) ends only when q overflows).
    vars.stream().filter(v -> v.type == T.INT && v.name.equals(n.text())).forEach(v -> v.assignable = false);
    return n;
  }

  /** A counting loop in one of its spellings, up or down, by one or more. */
  private void counting(String indent) {
    if (loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    I n = length();
    String i = indexName();
    int step = chance(4) ? 2 + choose(2) : 1;
    String header;
    int lo = 0;
    int last = n.hi() - 1;
    if (choose(3) != 2) {
      // the index plus a constant tested against the bound: i + 1 < n stops a trip earlier
      int c = 1 + choose(2);
      String test = switch (step == 1 ? choose(7) : choose(5)) {
        case 1 -> i + " <= " + minusOne(n.text());
        case 2 -> n.text() + " > " + i;
        case 3 -> {
          last = n.hi() - 1 - c;
          yield chance(3) ? c + " + " + i + " < " + n.text() : i + " + " + c + " < " + n.text();
        }
        case 4 -> {
          last = n.hi() - c;
          yield i + " + " + c + " <= " + n.text();
        }
        case 5 -> i + " != " + n.text();
        case 6 -> minusOne(n.text()) + " >= " + i;
        default -> i + " < " + n.text();
      };
      String update = step == 1
          ? pick(List.of(i + "++", "++" + i, i + " += 1", i + " = " + i + " + 1", i + " = 1 + " + i))
          : pick(List.of(i + " += " + step, i + " = " + i + " + " + step));
      lo = test.contains("!=") || !chance(5) ? 0 : 1;
      header = "for (" + (chance(4) ? "var " : "int ") + i + " = " + lo + "; " + test + "; " + update + ")";
    } else {
      String test = switch (step == 1 ? choose(4) : choose(2)) {
        case 1 -> i + " > -1";
        case 2 -> i + " != -1";
        case 3 -> "0 <= " + i;
        default -> i + " >= 0";
      };
      String update = step == 1 ? pick(List.of(i + "--", "--" + i, i + " -= 1", i + " = " + i + " - 1"))
          : i + " -= " + step;
      header = "for (" + (chance(4) ? "var " : "int ") + i + " = " + minusOne(n.text()) + "; " + test + "; " + update
          + ")";
    }
    out.append(indent).append(header).append(" {\n");
    int from = lo;
    int to = last;
    loopBody(indent + "  ", n.hi(), true, true, () -> index(i, from, to));
    out.append(indent).append("}\n");
  }

  private static String minusOne(String n) {
    return n.matches("\\d+") ? Integer.toString(Integer.parseInt(n) - 1) : n + " - 1";
  }

  /** For loops that are not counting loops: two indices, a data-dependent test, a doubling step. */
  private void otherFor(String indent) {
    if (loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    I n = length();
    String i = local("i");
    switch (choose(3)) {
      case 1 -> {
        String j = local("j");
        out.append(indent).append("for (int ").append(i).append(" = 0, ").append(j).append(" = ")
            .append(minusOne(n.text())).append("; ").append(i).append(" < ").append(j).append("; ").append(i)
            .append("++, ").append(j).append("--) {\n");
        loopBody(indent + "  ", n.hi(), true, true, () -> {
          index(i, 0, n.hi() - 1);
          index(j, 0, n.hi() - 1);
        });
      }
      case 2 -> {
        out.append(indent).append("for (int ").append(i).append(" = 1; ").append(i).append(" <= ").append(n.text())
            .append("; ").append(i).append(" *= 2) {\n");
        loopBody(indent + "  ", 3, true, true, () -> index(i, 1, n.hi()));
      }
      default -> {
        Var s = pick(assignable(T.DOUBLE));
        String extra = s == null ? "" : " && " + s.name + " < " + constant();
        out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(n.text())
            .append(extra).append("; ").append(i).append("++) {\n");
        loopBody(indent + "  ", n.hi(), true, true, () -> index(i, 0, n.hi() - 1));
      }
    }
    out.append(indent).append("}\n");
  }

  /** A while loop over a counter, updated first (so a continue cannot skip it) or last. */
  private void whileLoop(String indent) {
    if (loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    I n = length();
    String w = local("w");
    int how = choose(4);
    if (how == 0) {
      out.append(indent).append("int ").append(w).append(" = -1;\n");
      out.append(indent).append("while (").append(w).append(" < ").append(minusOne(n.text())).append(") {\n");
      out.append(indent).append("  ").append(w).append("++;\n");
      loopBody(indent + "  ", n.hi(), true, true, () -> index(w, 0, n.hi() - 1));
    } else if (how == 1) {
      // counting down or up in the condition, as users write it (fence.Increments)
      boolean down = chance(2);
      out.append(indent).append("int ").append(w).append(down ? " = " + n.text() : " = -1").append(";\n");
      out.append(indent).append("while (").append(down ? w + "-- > 0" : "++" + w + " < " + n.text()).append(") {\n");
      loopBody(indent + "  ", n.hi(), true, true, () -> index(w, 0, n.hi() - 1));
    } else {
      out.append(indent).append("int ").append(w).append(" = 0;\n");
      out.append(indent).append("while (").append(w).append(" < ").append(n.text()).append(") {\n");
      if (!loopBody(indent + "  ", n.hi(), true, false, () -> index(w, 0, n.hi() - 1))) {
        out.append(indent).append("  ").append(w).append("++;\n");
      }
    }
    out.append(indent).append("}\n");
  }

  /** {@code do { w++; ... } while (w < n - 1)}: the body runs once even when n is 0, so it indexes only if n > 0. */
  private void doWhile(String indent) {
    if (loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    I n = length();
    String w = local("w");
    out.append(indent).append("int ").append(w).append(" = -1;\n");
    out.append(indent).append("do {\n");
    out.append(indent).append("  ").append(w).append("++;\n");
    boolean bodyEnded = loopBody(indent + "  ", Math.max(1, n.hi()), true, true,
        () -> index(w, 0, Math.max(n.hi(), 1) - 1).indexable = n.lo() >= 1);
    out.append(indent).append("} while (").append(w).append(" < ").append(minusOne(n.text())).append(");\n");
    // A body that cannot complete normally and never jumps: the do loop cannot either (JLS 14.22).
    ended = bodyEnded && !bodyJumped;
  }

  /**
   * {@code while (true)} or {@code for (;;)}, left by a break or a return when the counter
   * reaches the length, tested first; then nothing else may leave it (a continue would skip the
   * counter, a break would make the code after a returning loop reachable).
   */
  private void forever(String indent) {
    if (loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    I n = length();
    String w = local("w");
    boolean exitReturns = method.equals("f") || chance(2);
    out.append(indent).append("int ").append(w).append(" = 0;\n");
    out.append(indent).append(chance(3) ? "for (;;) {\n" : "while (true) {\n");
    // The exit's return runs after every trip: what the body updates is not an exact index there.
    forgetIndexesALoopMayUpdate();
    out.append(indent).append("  if (").append(w).append(" >= ").append(n.text()).append(") {\n")
        .append(indent).append("    ").append(exitReturns ? "return " + returned(1) + ";" : "break;").append('\n')
        .append(indent).append("  }\n");
    if (!loopBody(indent + "  ", n.hi(), !exitReturns, false, () -> index(w, 0, n.hi() - 1))) {
      out.append(indent).append("  ").append(w).append("++;\n");
    }
    out.append(indent).append("}\n");
    ended = exitReturns;
  }

  /** Enhanced for over a vector, the rows of a matrix, or an int array. */
  private void enhancedFor(String indent) {
    Var over = pick(vars(v -> v.type == T.VECTOR || v.type == T.MATRIX || v.type == T.INTS));
    if (over == null || loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    String e = local("e");
    String type = over.type == T.VECTOR ? "double" : over.type == T.MATRIX ? "double[]" : "int";
    out.append(indent).append("for (").append(chance(3) ? "var" : type).append(' ').append(e).append(" : ")
        .append(over.name)
        .append(") {\n");
    // Its rows are read through the loop variable: the matrix is not written meanwhile.
    boolean writable = over.writable;
    over.writable = false;
    loopBody(indent + "  ", over.rows, true, true, () -> {
      switch (over.type) {
        case VECTOR -> scalar(e, T.DOUBLE, over.bound);
        case MATRIX -> array(e, T.VECTOR, over.cols, 0, over.bound);
        default -> index(e, over.lo, over.hi);
      }
    });
    over.writable = writable;
    out.append(indent).append("}\n");
  }

  /**
   * A running maximum or minimum started at one of the JDK's extreme constants ({@code
   * Double.NEGATIVE_INFINITY}, {@code -Double.MAX_VALUE}, ...), as {@code Math.max}, a ternary, or
   * an if that also records the argmax; or the least entry of an int array from {@code
   * Integer.MAX_VALUE}. Over non-empty arrays only, so the result is an entry.
   */
  private void extremum(String indent) {
    Var x = pick(vars(v -> v.type == T.VECTOR && v.rows > 0));
    Var ints = pick(vars(v -> v.type == T.INTS && v.rows > 0));
    if (loops >= MAX_LOOPS || x == null && ints == null) {
      declare(indent);
      return;
    }
    if (x == null || ints != null && chance(4)) {
      String least = local("least");
      String e = local("e");
      out.append(indent).append("int ").append(least).append(" = Integer.MAX_VALUE;\n")
          .append(indent).append("for (").append(chance(2) ? "var" : "int").append(' ').append(e).append(" : ")
          .append(ints.name).append(") {\n")
          .append(indent).append("  ").append(least).append(" = Integer.min(").append(least).append(", ").append(e)
          .append(");\n")
          .append(indent).append("}\n");
      index(least, ints.lo, ints.hi).assignable = true;
      return;
    }
    boolean max = choose(2) == 0;
    String top = local(max ? "best" : "lowest");
    String start = max ? pick(List.of("Double.NEGATIVE_INFINITY", "-Double.MAX_VALUE"))
        : pick(List.of("Double.POSITIVE_INFINITY", "Double.MAX_VALUE"));
    String i = indexName();
    String entry = pick(List.of(x.name + "[" + i + "]", x.name + "[" + i + "] * scale", "Math.sin(" + x.name + "[" + i
        + "])"));
    String beats = max ? " > " : " < ";
    int form = choose(3);
    String arg = form == 2 ? local("arg") : null;
    out.append(indent).append(chance(3) ? "var " : "double ").append(top).append(" = ").append(start).append(";\n");
    if (arg != null) {
      out.append(indent).append("int ").append(arg).append(" = 0;\n");
    }
    out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(x.name)
        .append(".length; ").append(i).append("++) {\n");
    switch (form) {
      case 1 -> out.append(indent).append("  ").append(top).append(" = ").append(entry).append(beats).append(top)
          .append(" ? ").append(entry).append(" : ").append(top).append(";\n");
      case 2 -> out.append(indent).append("  if (").append(entry).append(beats).append(top).append(") {\n")
          .append(indent).append("    ").append(top).append(" = ").append(entry).append(";\n")
          .append(indent).append("    ").append(arg).append(" = ").append(i).append(";\n")
          .append(indent).append("  }\n");
      default -> out.append(indent).append("  ").append(top).append(" = Math.").append(max ? "max(" : "min(")
          .append(top).append(", ").append(entry).append(");\n");
    }
    out.append(indent).append("}\n");
    scalar(top, T.DOUBLE, 1.25 * x.bound).assignable = true;
    if (arg != null) {
      index(arg, 0, x.rows - 1).assignable = true;
    }
  }

  /** Before a loop: a local it can accumulate into, unless one is in scope. */
  private void accumulator(String indent) {
    if (assignable(T.DOUBLE).isEmpty() || chance(3)) {
      String name = local("acc");
      boolean zero = choose(2) == 0;
      E init = zero ? new E("0.0", 0) : squash(leaf());
      out.append(indent).append(zero && chance(2) ? "var " : "double ").append(name).append(" = ")
          .append(init.text()).append(";\n");
      scalar(name, T.DOUBLE, init.bound()).assignable = true;
    }
  }

  /** A break or continue inside an if, in a loop that allows it. */
  private void jump(String indent) {
    if (loops == 0 || !breakOk && !continueOk) {
      carried(indent);
      return;
    }
    String jump = !continueOk || breakOk && choose(2) == 0 ? "break" : "continue";
    jumped = true;
    out.append(indent).append("if (").append(condition()).append(") {\n")
        .append(indent).append("  ").append(jump).append(";\n")
        .append(indent).append("}\n");
  }

  /**
   * A guard, {@code if (c) { throw new E(message); }} (or without braces), or the assert that says
   * the same ({@code assert !c : message;}), whose test reads the method's values but never holds at
   * the drawn points (a value past 1e300, an infinite one), as its message does.
   */
  private void guard(String indent) {
    String value = dbl(2).text();
    String test = chance(2) ? "Math.abs(" + value + ") > 1e300" : "Double.isInfinite(" + value + ")";
    if (chance(4)) {
      out.append(indent).append("assert !(").append(test).append(")")
          .append(chance(2) ? " : " + message() : "").append(";\n");
      return;
    }
    String thrown = "throw new " + pick(List.of("IllegalStateException", "IllegalArgumentException",
        "ArithmeticException")) + "(" + message() + ");";
    if (chance(3)) {
      out.append(indent).append("if (").append(test).append(") ").append(thrown).append("\n");
    } else {
      out.append(indent).append("if (").append(test).append(") {\n")
          .append(indent).append("  ").append(thrown).append("\n")
          .append(indent).append("}\n");
    }
  }

  /** An exception's message: text and values joined by +, String.format, an array's entries. */
  private String message() {
    Var array = pick(vars(v -> v.type == T.VECTOR && v.assigned));
    return switch (choose(4)) {
      case 0 -> "\"value \" + " + paren(dbl(1));
      case 1 -> "String.format(\"%g and %d\", " + dbl(1).text() + ", " + intExpr().text() + ")";
      case 2 -> array == null ? "\"no array\"" : "\"" + array.name + " = \" + java.util.Arrays.toString(" + array.name + ")";
      default -> dbl(1).text() + " + \" is out of range\"";
    };
  }

  /**
   * {@code Arrays.fill} (whole or in part) or {@code System.arraycopy} (from any vector, the same
   * one too) into a writable vector; or a new local made by {@code Arrays.copyOf} or {@code
   * copyOfRange} (truncating, padding).
   */
  private void arrayUtility(String indent) {
    Var a = pick(vars(v -> v.writable && v.type == T.VECTOR && v.rows > 0));
    Var src = pick(vars(v -> v.type == T.VECTOR && v.assigned && v.rows > 0));
    if (src == null) {
      arrayLocal(indent);
      return;
    }
    if (a == null || chance(3)) {
      int from = chance(2) ? 0 : choose(src.rows + 1);
      int to = from + choose(src.rows + 3 - from);
      String name = local("c");
      String call = from == 0 && chance(2) ? "java.util.Arrays.copyOf(" + src.name + ", " + to + ")"
          : "java.util.Arrays.copyOfRange(" + src.name + ", " + from + ", " + to + ")";
      out.append(indent).append("double[] ").append(name).append(" = ").append(call).append(";\n");
      Var v = array(name, T.VECTOR, to - from, 0, src.bound);
      v.assignable = true;
      v.writable = true;
      return;
    }
    switch (choose(3)) {
      case 0 -> {
        E e = squash(dbl(1));
        out.append(indent).append("java.util.Arrays.fill(").append(a.name).append(", ").append(e.text()).append(");\n");
        a.bound = Math.max(a.bound, e.bound());
      }
      case 1 -> {
        int from = choose(a.rows + 1);
        int to = from + choose(a.rows + 1 - from);
        E e = squash(dbl(1));
        out.append(indent).append("java.util.Arrays.fill(").append(a.name).append(", ").append(from).append(", ")
            .append(to).append(", ").append(e.text()).append(");\n");
        a.bound = Math.max(a.bound, e.bound());
      }
      default -> {
        int n = 1 + choose(Math.min(src.rows, a.rows));
        int from = choose(src.rows - n + 1);
        int to = choose(a.rows - n + 1);
        out.append(indent).append("System.arraycopy(").append(src.name).append(", ").append(from).append(", ")
            .append(a.name).append(", ").append(to).append(", ").append(n).append(");\n");
        a.bound = Math.max(a.bound, src.bound);
      }
    }
  }

  /** {@code if (c) { return e; }}, in a loop or not. */
  private void earlyReturn(String indent) {
    out.append(indent).append("if (").append(condition()).append(") {\n")
        .append(indent).append("  return ").append(returned(1)).append(";\n")
        .append(indent).append("}\n");
  }

  /** What a return returns: a double expression (with the method's scalar locals), or an array of the result's shape. */
  private String returned(int depth) {
    Var written = pick(vars(v -> v.writable && v.depth == 0
        && (result.kind() == Kind.VECTOR && v.type == T.VECTOR && v.rows == result.dims()[0]
            || result.kind() == Kind.MATRIX && v.type == T.MATRIX && v.rows == result.dims()[0]
                && v.cols == result.dims()[1])));
    if (written != null && choose(3) != 0) {
      return written.name;
    }
    return switch (result.kind()) {
      case VECTOR -> vector(result.dims()[0], depth).text();
      case MATRIX -> matrix(result.dims()[0], result.dims()[1], depth).text();
      default -> {
        // Every local of the body flows into the result now and then, arrays through their sum.
        StringBuilder sum = new StringBuilder(squash(dbl(depth)).text());
        for (Var v : vars) {
          if (v.depth > 0 || !v.assigned || choose(3) == 0) {
            continue;
          }
          if (v.type == T.DOUBLE) {
            sum.append(" + ").append(v.name);
          } else if ((v.type == T.VECTOR || v.type == T.MATRIX) && v.assignable) {
            sum.append(" + ").append(squash(new E("Nd.sum(" + v.name + ")", v.bound * Math.max(1, v.rows)
                * Math.max(1, v.cols))).text());
          }
        }
        yield sum.toString();
      }
    };
  }

  // ---- arrays ----

  /** A local vector: new, initialised, a clone, an Nd result; most often filled in a loop. */
  private void arrayLocal(String indent) {
    if (chance(4)) {
      matrixLocal(indent);
      return;
    }
    int n = dims[choose(3)];
    String name = local("v");
    double bound;
    String init;
    switch (choose(5)) {
      case 1 -> {
        Var src = pick(vars(v -> v.type == T.VECTOR && v.rows == n));
        init = src == null ? "new double[" + n + "]" : src.name + ".clone()";
        bound = src == null ? 0 : src.bound;
      }
      case 2 -> {
        E v = fresh(vector(n, 1));
        init = v.text();
        bound = v.bound();
      }
      case 3 -> {
        StringBuilder s = new StringBuilder(chance(2) ? "{" : "new double[] {");
        double b = 0;
        for (int k = 0; k < n; k++) {
          E e = squash(dbl(2));
          s.append(k > 0 ? ", " : "").append(e.text());
          b = Math.max(b, e.bound());
        }
        init = s.append("}").toString();
        bound = b;
      }
      default -> {
        init = "new double[" + lengthOf(n).text() + "]";
        bound = 0;
      }
    }
    out.append(indent).append(declaredType("double[]", init)).append(' ').append(name).append(" = ").append(init)
        .append(";\n");
    Var v = array(name, T.VECTOR, n, 0, bound);
    v.assignable = true;
    v.writable = true;
    if (n > 0 && loops < MAX_LOOPS && choose(3) != 0) {
      String i = indexName();
      out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(name)
          .append(".length; ").append(i).append("++) {\n");
      loopBody(indent + "  ", n, true, true, () -> {
        index(i, 0, n - 1);
        E e = squash(dbl(0));
        String element = name + "[" + i + "]";
        switch (choose(4)) {
          case 1 -> out.append(indent).append("  ").append(element).append(" += ").append(addend(e, name).text())
              .append(";\n");
          case 2 -> out.append(indent).append("  ").append(element).append(" = ").append(element).append(" * ")
              .append(paren(e)).append(" + ").append(squash(dbl(2)).text()).append(";\n");
          case 3 -> out.append(indent).append("  ").append(element).append(compoundTail(name, v.bound).text()).append(";\n");
          default -> out.append(indent).append("  ").append(element).append(" = ").append(e.text()).append(";\n");
        }
        v.bound = (Math.max(v.bound, e.bound()) + 1) * LIMIT * 5;
        budget++;
      });
      out.append(indent).append("}\n");
      if (v.bound > LIMIT * LIMIT) {
        out.append(indent).append(name).append(" = Nd.tanh(").append(name).append(");\n");
        v.bound = 1;
      }
    }
  }

  /** The type of a local array declared with {@code init}: now and then {@code var} (never before an initialiser). */
  private String declaredType(String type, String init) {
    return !init.startsWith("{") && chance(4) ? "var" : type;
  }

  /** Vector {@code e} as a new array nobody else holds: Nd results and clones are; anything else is cloned. */
  private static E fresh(E e) {
    return isNew(e) || e.text().endsWith(".clone()") ? e : new E(e.text() + ".clone()", e.bound());
  }

  /**
   * Matrix {@code e} as a new matrix nobody else holds, rows included: Nd results are; anything
   * else is copied with {@code Nd.copy} (a {@code clone()} would share the rows, and writing
   * into a parameter's row is an error).
   */
  private static E freshMatrix(E e) {
    return isNew(e) ? e : new E("Nd.copy(" + e.text() + ")", e.bound());
  }

  /** Whether {@code e} is a new array: an Nd result (but broadcast may return its argument itself) or a new one. */
  private static boolean isNew(E e) {
    return e.text().startsWith("Nd.") && !e.text().startsWith("Nd.broadcast(") || e.text().startsWith("new ");
  }

  /** A local matrix: new, a copy, an Nd result, rows assigned one by one. */
  private void matrixLocal(String indent) {
    int[] shape = matrixShape();
    int r = shape[0];
    int c = shape[1];
    String name = local("A");
    double bound = 0;
    String init;
    boolean rowsLater = false;
    switch (choose(5)) {
      case 1 -> {
        Var src = pick(vars(v -> v.type == T.MATRIX && v.rows == r && v.cols == c));
        init = src == null ? "new double[" + r + "][" + c + "]" : "Nd.copy(" + src.name + ")";
        bound = src == null ? 0 : src.bound;
      }
      case 2 -> {
        E m = freshMatrix(matrix(r, c, 1));
        init = m.text();
        bound = m.bound();
      }
      case 3 -> {
        init = "new double[" + lengthOf(r).text() + "][]";
        rowsLater = true;
      }
      case 4 -> {
        // an initialiser, row by row
        StringBuilder rows = new StringBuilder(chance(2) ? "{" : "new double[][] {");
        double b = 0;
        for (int i = 0; i < r; i++) {
          rows.append(i > 0 ? ", " : "").append('{');
          for (int j = 0; j < c; j++) {
            E e = squash(dbl(2));
            rows.append(j > 0 ? ", " : "").append(e.text());
            b = Math.max(b, e.bound());
          }
          rows.append('}');
        }
        init = rows.append('}').toString();
        bound = b;
      }
      default -> init = "new double[" + lengthOf(r).text() + "][" + lengthOf(c).text() + "]";
    }
    out.append(indent).append(declaredType("double[][]", init)).append(' ').append(name).append(" = ").append(init)
        .append(";\n");
    if (rowsLater) {
      String i = indexName();
      out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(name)
          .append(".length; ").append(i).append("++) {\n");
      E[] row = new E[1];
      loopBody(indent + "  ", r, false, false, () -> {
        index(i, 0, r - 1);
        row[0] = fresh(vector(c, 1));
        out.append(indent).append("  ").append(name).append("[").append(i).append("] = ").append(row[0].text())
            .append(";\n");
        budget++;
      });
      out.append(indent).append("}\n");
      bound = row[0].bound();
    }
    Var v = array(name, T.MATRIX, r, c, bound);
    v.assignable = true;
    v.writable = true;
  }

  /** A spelling of the length n: a literal, or the length of an array that has it. */
  private I lengthOf(int n) {
    List<I> options = new ArrayList<>();
    options.add(new I(Integer.toString(n), n, n));
    for (Var v : vars(x -> true)) {
      if ((v.type == T.VECTOR || v.type == T.MATRIX || v.type == T.INTS) && v.rows == n) {
        options.add(new I(v.name + ".length", n, n));
      }
    }
    return pick(options);
  }

  /** Writes an element (or a row) of a writable array: =, every compound operator, reading it first or not. */
  private void elementWrite(String indent) {
    Var a = pick(vars(v -> v.writable && (v.type == T.VECTOR || v.type == T.MATRIX) && v.rows > 0));
    if (a == null) {
      arrayLocal(indent);
      return;
    }
    elementWrite(indent, a);
  }

  private void elementWrite(String indent, Var a) {
    String row = index(a.rows);
    String element;
    if (a.type == T.MATRIX) {
      if (a.cols == 0 || chance(5)) {
        E r = fresh(vector(a.cols, 1));
        out.append(indent).append(a.name).append("[").append(row).append("] = ").append(r.text()).append(";\n");
        a.bound = Math.max(a.bound, r.bound());
        return;
      }
      element = a.name + "[" + row + "][" + index(a.cols) + "]";
    } else {
      element = a.name + "[" + row + "]";
    }
    E e = squash(dbl(0));
    double bound;
    switch (choose(5)) {
      case 1, 4 -> {
        Compound c = compoundTail(a.name, a.bound);
        out.append(indent).append(element).append(c.text()).append(";\n");
        bound = c.bound();
      }
      case 2 -> {
        // written after being read (squashed in a loop, where squaring trip after trip would overflow)
        E f = squash(dbl(2));
        String product = element + " * " + element + " * " + paren(f);
        out.append(indent).append(element).append(" = ").append(loops > 0 ? "Math.tanh(" + product + ")" : product)
            .append(";\n");
        bound = loops > 0 ? 1 : a.bound * a.bound * f.bound();
      }
      case 3 -> {
        out.append(indent).append(element).append(" = ").append(element).append(" > ").append(paren(e))
            .append(" ? ").append(element).append(" : ").append(e.text()).append(";\n");
        bound = Math.max(a.bound, e.bound());
      }
      default -> {
        out.append(indent).append(element).append(" = ").append(e.text()).append(";\n");
        bound = e.bound();
      }
    }
    a.bound = Math.max(a.bound, bound) * Math.min(trips, 4);
    if (a.bound > TAME) {
      out.append(indent).append(element).append(" = Math.tanh(").append(element).append(");\n");
      a.bound = TAME;
    }
  }

  /**
   * A vector local reassigned: an Nd result, a clone, a call's result, another array (an alias,
   * now and then of a local that is read no more, so that the alias may be written through).
   */
  private void reassignArray(String indent) {
    Var a = pick(vars(v -> v.assignable && v.type == T.VECTOR));
    if (a == null) {
      arrayLocal(indent);
      return;
    }
    // An alias of a local array nothing else holds, declared in this block (in a loop, a new one
    // each trip), which is read no more: written through freely.
    Var retired = pick(vars(v -> v.type == T.VECTOR && v.rows == a.rows && v != a && v.writable && v.assignable
        && (loops == 0 || v.depth == depth)));
    if (retired != null && chance(3)) {
      out.append(indent).append(a.name).append(" = ").append(retired.name).append(";\n");
      a.bound = retired.bound;
      retired.assigned = false;
      a.writable = true;
      if (a.rows > 0) {
        elementWrite(indent, a);
      }
      return;
    }
    Var same = pick(vars(v -> v.type == T.VECTOR && v.rows == a.rows && v != a));
    if (same != null && loops == 0 && chance(3)) {
      // An alias: both are read from now on, never written through.
      out.append(indent).append(a.name).append(" = ").append(same.name).append(";\n");
      a.writable = false;
      same.writable = false;
      a.bound = same.bound;
      return;
    }
    E v = fresh(vector(a.rows, 0));
    out.append(indent).append(a.name).append(" = ").append(v.text()).append(";\n");
    // Fresh from here on; a loop or branch around joins it with what it was.
    a.writable = true;
    a.bound = v.bound();
  }

  /**
   * A time stepper on buffers that change places through a temporary ({@code tmp = cur; cur =
   * next; next = tmp;}, or three rotated, {@code prev <- cur <- next}): the buffer written reads
   * its old contents now and then, the swap is under an if now and then; the buffers' last states
   * are summed into an accumulator, and are not read elsewhere.
   */
  private void swappedBuffers(String indent) {
    if (loops + 2 > MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    Var acc = pick(assignable(T.DOUBLE));
    Var src = pick(vars(v -> v.type == T.VECTOR && v.rows > 0));
    int n = src == null ? 1 + choose(3) : src.rows;
    double bound = Math.max(1, src == null ? 0 : src.bound);
    String weight = paren(squash(dbl(2)));
    boolean three = chance(2);
    boolean old = chance(2);
    String cur = local("cur");
    String next = local("next");
    String prev = local("prev");
    String tmp = local("tmp");
    String step = local("step");
    String i = indexName();
    String start = src == null ? "new double[] {" + "0.5, ".repeat(n - 1) + "0.5}" : src.name + ".clone()";
    out.append(indent).append("double[] ").append(cur).append(" = ").append(start).append(";\n");
    out.append(indent).append("double[] ").append(next).append(" = ")
        .append(old && src != null ? src.name + ".clone()" : "new double[" + n + "]").append(";\n");
    if (three) {
      out.append(indent).append("double[] ").append(prev).append(" = ").append(cur).append(".clone();\n");
    }
    out.append(indent).append("for (int ").append(step).append(" = 0; ").append(step).append(" < ")
        .append(1 + choose(3)).append("; ").append(step).append("++) {\n");
    String body = indent + "  ";
    out.append(body).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(n).append("; ")
        .append(i).append("++) {\n")
        .append(body).append("  ").append(next).append("[").append(i).append("] = Math.tanh(").append(weight)
        .append(" * ").append(cur).append("[").append(i).append("] + 0.3 * ").append(cur).append("[(").append(i)
        .append(" + 1) % ").append(n).append("]")
        .append(old ? " + 0.5 * " + next + "[" + i + "]" : "")
        .append(three ? " - 0.25 * " + prev + "[" + i + "]" : "").append(");\n")
        .append(body).append("}\n");
    String swap = three
        ? "double[] " + tmp + " = " + prev + "; " + prev + " = " + cur + "; " + cur + " = " + next + "; " + next + " = "
            + tmp + ";"
        : "double[] " + tmp + " = " + cur + "; " + cur + " = " + next + "; " + next + " = " + tmp + ";";
    if (chance(3)) {
      out.append(body).append("if (").append(step).append(" % 2 == 0) {\n").append(body).append("  ").append(swap)
          .append("\n").append(body).append("}\n");
    } else {
      out.append(body).append(swap).append("\n");
    }
    out.append(indent).append("}\n");
    out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(n).append("; ")
        .append(i).append("++) {\n")
        .append(indent).append("  ").append(acc.name).append(" += ").append(cur).append("[").append(i).append("] * ")
        .append(constant()).append(" + 0.5 * ").append(next).append("[").append(i).append("]")
        .append(three ? " + " + prev + "[" + i + "]" : "").append(";\n")
        .append(indent).append("}\n");
    acc.bound += n * 5 * bound;
    tame(acc, indent);
  }

  /**
   * A local array that is not differentiated but that the backward pass reads: {@code tmp[0] =
   * i} read as a factor, or an index array read as an index.
   */
  private void inactiveArray(String indent) {
    if (loops >= MAX_LOOPS) {
      declare(indent);
      return;
    }
    accumulator(indent);
    Var acc = pick(assignable(T.DOUBLE));
    Var x = pick(vars(v -> v.type == T.VECTOR && v.rows > 0));
    int n = x == null ? dims[0] : x.rows;
    String i = indexName();
    if (x != null && choose(2) == 1) {
      String order = local("order");
      out.append(indent).append("int[] ").append(order).append(" = new int[").append(x.name).append(".length];\n")
          .append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(order)
          .append(".length; ").append(i).append("++) {\n")
          .append(indent).append("  ").append(order).append("[").append(i).append("] = ").append(x.name)
          .append(".length - 1 - ").append(i).append(";\n")
          .append(indent).append("  ").append(acc.name).append(" += ").append(x.name).append("[").append(order)
          .append("[").append(i).append("]] * ").append(constant()).append(";\n")
          .append(indent).append("}\n");
      Var o = array(order, T.INTS, n, 0, 0);
      o.lo = 0;
      o.hi = n - 1;
    } else {
      String tmp = local("tmp");
      int size = 1 + choose(2);
      String factor = x == null ? "0.5" : x.name + "[" + i + "]";
      String value = pick(List.of(i, i + " * 0.5", "Math.floor(" + (x == null ? acc.name : factor) + ")",
          "(double) " + i + " / " + (n + 1)));
      out.append(indent).append("double[] ").append(tmp).append(" = new double[").append(size).append("];\n")
          .append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ").append(n)
          .append("; ").append(i).append("++) {\n")
          .append(indent).append("  ").append(tmp).append("[").append(size - 1).append("] = ").append(value)
          .append(";\n")
          .append(indent).append("  ").append(acc.name).append(" += ").append(tmp).append("[").append(size - 1)
          .append("] * ").append(factor).append(";\n")
          .append(indent).append("}\n");
      array(tmp, T.VECTOR, size, 0, n + 1 + acc.bound);
    }
    acc.bound += (n + 1) * (n + 1) * LIMIT * trips;
    tame(acc, indent);
  }

  /** A call whose scalar result is added to a local, or whose array result is kept, in a loop or not. */
  private void callStatement(String indent) {
    if (hasH && callsAllowed() && chance(2)) {
      Var w = pick(vars(v -> v.type == T.VECTOR && v.rows == hLength));
      if (w != null) {
        String name = local("hv");
        boolean copy = chance(2);
        out.append(indent).append("double[] ").append(name).append(" = h(").append(w.name).append(", ")
            .append(squash(dbl(1)).text()).append(")").append(copy ? ".clone()" : "").append(";\n");
        Var v = array(name, T.VECTOR, hLength, 0, LIMIT * LIMIT);
        v.assignable = true;
        v.writable = copy;
        // h may return its argument itself: uncopied, the two may share an array (flatgrad says so)
        w.writable &= copy;
        return;
      }
    }
    Var acc = pick(assignable(T.DOUBLE));
    E drawn = call();
    if (acc == null || drawn == null) {
      declare(indent);
      return;
    }
    E call = addend(drawn, acc.name);
    out.append(indent).append(acc.name).append(" += ").append(call.text()).append(";\n");
    acc.bound += trips * call.bound();
    tame(acc, indent);
  }

  // ==================================================================== expressions

  private static String paren(E e) {
    return "(" + e.text() + ")";
  }

  private static String paren(String s) {
    return "(" + s + ")";
  }

  /**
   * An operand added to {@code target} in a loop. One that reads the target grows it trip after
   * trip geometrically ({@code b += soft(b * b)} overflows in nine trips), past the bound it was
   * drawn with before the loop ran; tanh keeps it within 1, so the target grows by at most one a trip.
   */
  private E addend(E e, String target) {
    boolean readsTarget = Pattern.compile("\\b" + Pattern.quote(target) + "\\b").matcher(e.text()).find();
    return loops > 0 && readsTarget ? new E("Math.tanh(" + e.text() + ")", 1) : e;
  }

  private E squash(E e) {
    return e.bound() > LIMIT ? new E("Math.tanh(" + e.text() + ")", 1) : e;
  }

  private String constant() {
    double c = (choose(41) - 20) / 10.0;
    return c < 0 ? "(" + format(c) + ")" : format(c);
  }

  private static String format(double c) {
    return String.format(Locale.ROOT, "%.1f", c);
  }

  /** A double expression (or an int or long one, which Java promotes where a double is expected). */
  private E dbl(int depth) {
    if (depth >= MAX_DEPTH) {
      return leaf();
    }
    return switch (choose(16)) {
      case 0, 1 -> leaf();
      case 2 -> binary(depth, "+");
      case 3 -> binary(depth, "-");
      case 4 -> binary(depth, "*");
      case 5 -> quotient(depth);
      case 6, 7 -> unary(depth);
      case 8 -> binaryFunction(depth);
      case 9 -> {
        E e = dbl(depth + 1);
        yield new E("-" + paren(e), e.bound());
      }
      case 10 -> {
        E e = squash(dbl(depth + 1));
        if (choose(2) == 0) {
          I i = intExpr();
          yield new E(paren(i.text()) + " * " + paren(e), Math.max(1, magnitude(i)) * e.bound());
        }
        yield new E(paren(e) + " * " + pick(List.of("2", "3L", "TWO", "BIG")), 3 * e.bound());
      }
      case 11 -> {
        String cond = condition();
        E yes = squash(dbl(depth + 1));
        E no = choose(3) == 0 ? new E(Integer.toString(choose(3)), 2) : squash(dbl(depth + 1));
        yield new E("(" + cond + " ? " + yes.text() + " : " + no.text() + ")", Math.max(yes.bound(), no.bound()));
      }
      case 12 -> {
        E call = call();
        yield call != null ? call : leaf();
      }
      case 13 -> reduction(depth);
      case 14 -> {
        E e = squash(dbl(depth + 1));
        yield new E(paren(e) + " % " + pick(List.of("2.5", "3", "BIG")), e.bound());
      }
      default -> nonSmooth(depth);
    };
  }

  private E binary(int depth, String op) {
    E l = squash(dbl(depth + 1));
    E r = squash(dbl(depth + 1));
    return new E(paren(l) + " " + op + " " + paren(r), op.equals("*") ? l.bound() * r.bound() : l.bound() + r.bound());
  }

  private E quotient(int depth) {
    E l = squash(dbl(depth + 1));
    return switch (choose(3)) {
      case 1 -> new E(paren(l) + " / " + divisor(), l.bound());
      case 2 -> {
        I i = intExpr();
        yield i.lo() >= 0 ? new E(paren(l) + " / " + paren(i.text() + " + 1"), l.bound()) : new E(paren(l) + " / 2", l.bound());
      }
      default -> {
        E r = squash(dbl(depth + 1));
        yield new E(paren(l) + " / (1.0 + " + paren(r) + " * " + paren(r) + ")", l.bound());
      }
    };
  }

  private E unary(int depth) {
    E e = squash(dbl(depth + 1));
    String t = e.text();
    double b = e.bound();
    return switch (choose(23)) {
      case 0 -> new E("Math.sin(" + t + ")", 1);
      case 1 -> new E("Math.cos(" + t + ")", 1);
      case 2 -> new E("Math.tanh(" + t + ")", 1);
      case 3 -> new E("Math.atan(" + t + ")", 1.6);
      case 4 -> new E("Math.exp(Math.sin(" + t + "))", Math.E);
      case 5 -> new E("Math.log(1.0 + " + paren(e) + " * " + paren(e) + ")", Math.log(1 + b * b));
      case 6 -> new E("Math.sqrt(1.0 + " + paren(e) + " * " + paren(e) + ")", Math.sqrt(1 + b * b));
      case 7 -> new E("Math.log10(2.0 + Math.cos(" + t + "))", 0.5);
      case 8 -> new E("Math.log1p(" + paren(e) + " * " + paren(e) + ")", Math.log1p(b * b));
      case 9 -> new E("Math.expm1(Math.tanh(" + t + "))", 1.8);
      case 10 -> new E("Math.cbrt(2.0 + Math.sin(" + t + "))", 1.5);
      case 11 -> new E("Math.tan(0.7 * Math.tanh(" + t + "))", 0.9);
      case 12 -> new E("Math.asin(0.9 * Math.tanh(" + t + "))", 1.2);
      case 13 -> new E("Math.acos(0.9 * Math.sin(" + t + "))", 2.7);
      case 14 -> new E("Math.sinh(Math.sin(" + t + "))", 1.2);
      case 15 -> new E("Math.cosh(Math.sin(" + t + "))", 1.6);
      case 16 -> new E("Math.toRadians(" + t + ")", b / 57);
      case 17 -> new E("0.01 * Math.toDegrees(" + t + ")", 0.58 * b);
      case 18 -> new E("Math.pow(1.0 + " + paren(e) + " * " + paren(e) + ", " + constant() + ")", Math.pow(1 + b * b, 2));
      case 19 -> new E(pick(List.of("Math.floor", "Math.ceil", "Math.rint", "Math.signum", "Math.ulp")) + "(" + t
          + ") * 0.25 + " + paren(e), 1.25 * b + 0.25);
      case 20 -> new E("1.0 / (1.0 + Math.exp(-" + paren(e) + "))", 1);
      case 21 -> new E((chance(2) ? "(double) Math.round(" + t + ")" : "(long) (" + t + " * 2.0)") + " * 0.5 + "
          + paren(e), 1.5 * b + 0.5);
      default -> new E(paren(e) + " * " + paren(e), b * b);
    };
  }

  private E binaryFunction(int depth) {
    E l = squash(dbl(depth + 1));
    E r = squash(dbl(depth + 1));
    return switch (choose(4)) {
      case 0 -> new E("Math.atan2(" + l.text() + ", 1.5 + Math.cos(" + r.text() + "))", 1.6);
      case 1 -> new E("Math.hypot(" + l.text() + ", 1.0 + " + paren(r) + " * " + paren(r) + ")",
          l.bound() + 1 + r.bound() * r.bound());
      case 2 -> new E("Math.pow(1.5 + Math.sin(" + l.text() + "), Math.cos(" + r.text() + "))", 2.5);
      default -> new E("Math.pow(" + l.text() + ", " + pick(List.of("2", "3.0", "2L")) + ")", Math.pow(l.bound(), 3));
    };
  }

  /** abs, max, min: kinks, which the check steps over (see the test). */
  private E nonSmooth(int depth) {
    E l = squash(dbl(depth + 1));
    E r = squash(dbl(depth + 1));
    return switch (choose(3)) {
      case 0 -> new E("Math.abs(" + l.text() + ")", l.bound());
      case 1 -> new E("Math.max(" + l.text() + ", " + r.text() + ")", Math.max(l.bound(), r.bound()));
      default -> new E("Math.min(" + l.text() + ", " + r.text() + ")", Math.max(l.bound(), r.bound()));
    };
  }

  /** A call of another method with a scalar result, or null if there is none to call here. */
  private E call() {
    if (!callsAllowed()) {
      return null;
    }
    List<Integer> options = new ArrayList<>();
    if (hasG && hasVector(gLength)) {
      options.add(0);
    }
    if (hasSoft) {
      options.add(1);
    }
    if (hasQ && hasVector(qLength)) {
      options.add(2);
    }
    if (hasWeight) {
      options.add(3);
    }
    if (hasVarargs) {
      options.add(6);
    }
    if (hasH && hasVector(hLength)) {
      options.add(4);
      if (hLength > 0) {
        options.add(5);
      }
    }
    Integer which = pick(options);
    if (which == null) {
      return null;
    }
    E u = squash(dbl(2));
    return switch (which) {
      case 0 -> new E("g(" + u.text() + ", " + vectorOf(gLength) + ")", LIMIT);
      case 1 -> new E("soft(" + u.text() + ")", u.bound() + 1);
      case 2 -> new E(other + ".q(" + u.text() + ", " + vectorOf(qLength) + ")", LIMIT);
      case 3 -> new E("weight(" + intExpr().text() + ")", 1);
      case 6 -> varargsCall(u);
      case 4 -> new E("Nd.sum(h(" + vectorOf(hLength) + ", " + u.text() + "))", LIMIT * LIMIT * Math.max(1, hLength));
      // An element of the array a call returns, read where the call is.
      default -> new E("h(" + vectorOf(hLength) + ", " + u.text() + ")[" + index(hLength) + "]", LIMIT * LIMIT);
    };
  }

  /** {@code vs(u, e1, ..., ek)}, or {@code vs(u, v)} with a vector of k values. */
  private E varargsCall(E u) {
    StringBuilder call = new StringBuilder("vs(").append(u.text());
    if (vsLength > 0 && chance(3) && hasVector(vsLength)) {
      call.append(", ").append(vectorOf(vsLength));
    } else {
      for (int k = 0; k < vsLength; k++) {
        call.append(", ").append(squash(dbl(2)).text());
      }
    }
    return new E(call.append(")").toString(), LIMIT);
  }

  /** Whether {@link #vectorOf} has a vector of length {@code n} to give (one still read). */
  private boolean hasVector(int n) {
    return !vars(v -> v.type == T.VECTOR && v.rows == n).isEmpty();
  }

  private String vectorOf(int n) {
    return pick(vars(v -> v.type == T.VECTOR && v.rows == n)).name;
  }

  /** A reduction of an array to a scalar: Nd.sum, mean, max, dot, a sum of squares. */
  private E reduction(int depth) {
    int n = dims[choose(3)];
    E v = vector(n, depth + 1);
    return switch (choose(7)) {
      case 6 -> n == 0 || !isCall(v.text()) ? leaf() : new E(v.text() + "[" + index(n) + "]", v.bound());
      case 1 -> n == 0 ? leaf() : new E("Nd.mean(" + v.text() + ")", v.bound());
      case 2 -> n == 0 ? leaf() : new E("Nd.max(" + v.text() + ")", v.bound());
      case 3 -> {
        E w = vector(n, depth + 1);
        yield new E("Nd.dot(" + v.text() + ", " + w.text() + ")", v.bound() * w.bound() * n);
      }
      case 4 -> new E("Nd.sum(Nd.square(" + v.text() + "))", v.bound() * v.bound() * n);
      case 5 -> {
        int c = colsOf(n);
        E m = matrix(n, c, depth + 1);
        if (chance(3)) {
          E b = matrix(n, c, depth + 1);
          yield new E("Nd.vdot(" + m.text() + ", " + b.text() + ")", m.bound() * b.bound() * n * c);
        }
        yield new E("Nd.sum(" + m.text() + ")", m.bound() * n * c);
      }
      default -> new E("Nd.sum(" + v.text() + ")", v.bound() * n);
    };
  }

  /** Whether {@code text} is one call, {@code Nd.exp(v)} or {@code h(w, u)}: what Java lets one index directly. */
  private static boolean isCall(String text) {
    int open = text.indexOf('(');
    if (open <= 0 || !text.endsWith(")") || !text.substring(0, open).matches("[\\w.]+")) {
      return false;
    }
    int level = 0;
    for (int c = open; c < text.length(); c++) {
      level += text.charAt(c) == '(' ? 1 : text.charAt(c) == ')' ? -1 : 0;
      if (level == 0 && c < text.length() - 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * A leaf: most often a variable or an element (so that values depend on the inputs), else a
   * literal of any type, a constant or a field, an int or long value, a boolean's choice.
   */
  private E leaf() {
    switch (choose(15)) {
      case 14 -> {
        Var r = pick(vars(x -> x.type == T.RNG));
        if (r != null) {
          return switch (choose(3)) {
            case 0 -> new E(r.name + ".nextDouble()", 1);
            // a Gaussian past 6 is one draw in a billion
            case 1 -> new E(r.name + ".nextGaussian()", 6);
            default -> new E(r.name + ".nextInt(" + (1 + choose(4)) + ")", 4);
          };
        }
      }
      case 1, 2, 3, 4 -> {
        Var v = pick(vars(x -> x.type == T.DOUBLE && x.assigned));
        if (v != null) {
          return new E(v.name, v.bound);
        }
      }
      case 5, 6, 7 -> {
        E e = element();
        if (e != null) {
          return e;
        }
      }
      case 8 -> {
        Var h = pick(vars(x -> x.type == T.HYPER));
        if (h != null && chance(2)) {
          return new E(h.name + ".lambda()", 1);
        }
        return new E(pick(List.of("2", "3L", "1", "0.25", "1e-1", "HALF", "TWO", "BIG", "(double) TWO", "SLOPE",
            "scale", "Math.PI", "Math.E", "Double.MIN_VALUE", "Float.MIN_VALUE", "0x2", "1e-3", "2.5e0")), 3.2);
      }
      case 9 -> {
        I i = intExpr();
        return new E(chance(2) ? "(double) " + paren(i.text()) : paren(i.text()), magnitude(i));
      }
      case 10 -> {
        if (inInstanceMethod()) {
          return new E(pick(List.of("rate", "this.rate", "shift", "this.shift", "this.bias[" + index(4) + "]")), 1);
        }
      }
      case 11 -> {
        Var l = pick(vars(x -> x.type == T.LONG && x.assigned));
        if (l != null) {
          return new E(l.name, l.bound);
        }
      }
      case 12 -> {
        String c = constant();
        return new E(c, Math.abs(Double.parseDouble(c.replace("(", "").replace(")", ""))));
      }
      case 13 -> {
        Var b = pick(vars(x -> x.type == T.BOOLEAN && x.assigned));
        E yes = element();
        if (b != null && yes != null) {
          return new E("(" + b.name + " ? " + yes.text() + " : -0.5)", Math.max(yes.bound(), 0.5));
        }
      }
      default -> {
      }
    }
    Var d = pick(vars(x -> x.type == T.DOUBLE && x.assigned && x.depth == 0));
    return d != null ? new E(d.name, d.bound) : new E("1.5", 1.5);
  }

  /** An element of an array in scope at a valid index (a whole matrix's sum, of a stack), or null. */
  private E element() {
    Var a = pick(vars(v -> v.rows > 0 && (v.type == T.VECTOR || v.type == T.MATRIX && v.cols > 0
        || v.type == T.MATRICES)));
    if (a == null) {
      return null;
    }
    if (a.type == T.MATRICES) {
      int l = choose(a.rows);
      return new E("Nd.sum(" + a.name + "[" + l + "])", a.shapes[2 * l] * a.shapes[2 * l + 1] * a.bound);
    }
    String row = index(a.rows);
    return a.type == T.VECTOR ? new E(a.name + "[" + row + "]", a.bound)
        : new E(a.name + "[" + row + "][" + index(a.cols) + "]", a.bound);
  }

  /** An int expression in [0, n) (n > 0): a loop index (shifted, wrapped), a literal, an index array's entry, a last index. */
  private String index(int n) {
    return index(n, true);
  }

  /** An index in [0, n); {@code indirect}: also an entry of an index array (itself indexed directly). */
  private String index(int n, boolean indirect) {
    List<String> options = new ArrayList<>();
    options.add(Integer.toString(choose(n)));
    for (Var v : vars(x -> true)) {
      if (v.type == T.RNG && n > 0) {
        options.add(v.name + ".nextInt(" + n + ")");
      }
      if (v.type == T.RNG) {
        for (Var a : vars(x -> (x.type == T.VECTOR || x.type == T.MATRIX) && x.rows == n && n > 0)) {
          options.add(v.name + ".nextInt(" + a.name + ".length)");
        }
      }
      if (v.type == T.INT && v.indexable && v.lo >= 0 && v.hi < n) {
        options.add(v.name);
        options.add(v.name);
        if (v.lo >= 1) {
          options.add(v.name + " - 1");
        }
        if (v.hi + 1 < n) {
          options.add(v.name + " + 1");
        }
      }
      if (v.type == T.INT && v.indexable && v.lo >= 0 && v.hi >= n) {
        options.add(v.name + " % " + n);
      }
      if (indirect && v.type == T.INTS && v.rows > 0 && v.hi < n) {
        options.add(v.name + "[" + index(v.rows, false) + "]");
      }
      if ((v.type == T.VECTOR || v.type == T.MATRIX) && v.rows == n) {
        options.add(v.name + ".length - 1");
      }
      if (hasArgmax && callsAllowed() && v.type == T.VECTOR && v.rows == n && n > 0) {
        options.add("argmax(" + v.name + ")");
      }
    }
    return pick(options);
  }

  /** An int expression and its range. */
  private I intExpr() {
    List<I> options = new ArrayList<>();
    int c = choose(4);
    options.add(new I(Integer.toString(c), c, c));
    for (Var v : vars(x -> true)) {
      if (v.type == T.INT && v.indexable) {
        options.add(new I(v.name, v.lo, v.hi));
      }
      if (v.type == T.VECTOR || v.type == T.MATRIX || v.type == T.INTS) {
        options.add(new I(v.name + ".length", v.rows, v.rows));
      }
      if (v.type == T.HYPER) {
        options.add(new I(v.name + ".steps()", 0, 3));
      }
      if (v.type == T.RNG) {
        int k = 1 + choose(4);
        options.add(new I(v.name + ".nextInt(" + k + ")", 0, k - 1));
      }
    }
    if (chance(6)) {
      // a double cut to an int: its value jumps, its gradient is none
      E e = squash(dbl(2));
      int b = (int) Math.ceil(e.bound());
      // (times 0.5: a double for sure, so that the cast is never redundant, nor Math.round(float))
      options.add(new I("(int) (" + paren(e) + " * 0.5)", -b, b));
      options.add(new I("(int) Math.round(" + paren(e) + " * 0.5)", -b, b));
    }
    Var l = pick(vars(v -> v.type == T.LONG && v.assigned));
    if (l != null) {
      // a long's sign, or the long clamped to an int: calls of the JDK with an int result
      options.add(chance(2) ? new I("Long.signum(" + l.name + ")", -1, 1)
          : new I("Math.toIntExact(Math.max(-9L, Math.min(" + l.name + ", 9L)))", -9, 9));
    }
    I base = pick(options);
    return switch (choose(10)) {
      case 1 -> new I(paren(base.text()) + " % 3", Math.max(-2, Math.min(0, base.lo())), Math.min(2, Math.max(0, base.hi())));
      case 2 -> new I(base.text() + " + TWO", base.lo() + 2, base.hi() + 2);
      case 3 -> new I(paren(base.text()) + " / 2", base.lo() / 2, base.hi() / 2);
      case 4 -> new I("Math.max(" + base.text() + ", 1)", Math.max(base.lo(), 1), Math.max(base.hi(), 1));
      // The JDK's int functions: inactive calls, their derivative is zero.
      case 5 -> new I("Math.floorMod(" + base.text() + ", 3)", 0, 2);
      case 6 -> chance(2) ? new I("Integer.min(" + base.text() + ", 2)", Math.min(base.lo(), 2), Math.min(base.hi(), 2))
          : new I("Integer.max(" + base.text() + ", 0)", Math.max(base.lo(), 0), Math.max(base.hi(), 0));
      case 7 -> new I("Math.abs(" + base.text() + ")", base.lo() <= 0 && base.hi() >= 0 ? 0
          : Math.min(Math.abs(base.lo()), Math.abs(base.hi())), (int) magnitude(base));
      case 8 -> new I("Double.compare(" + dbl(2).text() + ", " + dbl(2).text() + ")", -1, 1);
      case 9 -> new I("Math.min(" + base.text() + ", Integer.MAX_VALUE)", base.lo(), base.hi());
      default -> base;
    };
  }

  /** A condition: comparisons of doubles (kinks) and ints, booleans, and their logic, the JDK's tests. */
  private String condition() {
    return switch (choose(10)) {
      case 8 -> switch (choose(4)) {
        case 1 -> "Double.isFinite(" + dbl(2).text() + ")";
        case 2 -> "Double.compare(" + dbl(2).text() + ", " + dbl(2).text() + ") < 0";
        case 3 -> "Boolean.logicalXor(" + intExpr().text() + " > 1, " + dbl(2).text() + " < " + constant() + ")";
        default -> "!Double.isNaN(" + dbl(2).text() + ")";
      };
      case 9 -> {
        Var l = pick(vars(v -> v.type == T.LONG && v.assigned));
        yield l == null ? intExpr().text() + pick(List.of(" < Integer.MAX_VALUE", " < Short.MAX_VALUE"))
            : l.name + " > Long.MIN_VALUE";
      }
      case 0 -> dbl(2).text() + " > " + constant();
      case 1 -> dbl(2).text() + " < " + dbl(2).text();
      case 2 -> {
        Var m = pick(vars(v -> v.type == T.MODE || v.type == T.STRING || v.type == T.RNG));
        if (m != null && m.type == T.STRING && chance(2)) {
          yield (chance(3) ? "!" : "") + m.name + ".equals(\"" + pick(STRINGS) + "\")";
        }
        if (m != null && m.type == T.RNG && chance(2)) {
          yield chance(2) ? m.name + ".nextBoolean()" : m.name + ".nextDouble() < " + pick(List.of("0.5", "0.25"));
        }
        yield m != null && m.type == T.MODE && chance(2) ? m.name + (chance(2) ? " == " : " != ") + "Mode." + pick(MODES)
            : intExpr().text() + " > " + choose(3);
      }
      case 3 -> paren(intExpr().text()) + " % 2 == 0";
      case 4 -> "(" + dbl(2).text() + " > 0.0 && " + intExpr().text() + " != 2)";
      case 5 -> {
        Var mask = pick(vars(v -> v.type == T.MASK && v.rows > 0));
        if (mask != null && chance(2)) {
          yield (chance(2) ? "!" : "") + mask.name + "[" + index(mask.rows) + "]";
        }
        Var b = pick(vars(v -> v.type == T.BOOLEAN && v.assigned));
        yield b == null ? dbl(2).text() + " >= 0.0" : chance(2) ? "!" + b.name : b.name;
      }
      case 6 -> "(" + dbl(2).text() + " >= " + constant() + " || " + intExpr().text() + " <= 1)";
      default -> "!(" + dbl(2).text() + " <= " + constant() + ")";
    };
  }

  // ---- arrays as expressions ----

  /** A vector of length n as an expression: a variable, an Nd operation, a row, a call. */
  private E vector(int n, int depth) {
    int kind = depth >= MAX_DEPTH ? 0 : choose(12);
    if (kind == 0) {
      Var v = pick(vars(x -> x.type == T.VECTOR && x.rows == n));
      if (v != null) {
        return new E(v.name, v.bound);
      }
      E e = squash(leaf());
      return chance(3) ? new E("new double[" + n + "]", 0) : new E("Nd.add(new double[" + n + "], " + e.text() + ")", e.bound());
    }
    return switch (kind) {
      case 1 -> {
        E a = vector(n, depth + 1);
        E b = vector(n, depth + 1);
        String op = pick(List.of("add", "subtract", "multiply", "maximum", "minimum"));
        yield new E("Nd." + op + "(" + a.text() + ", " + b.text() + ")",
            op.equals("multiply") ? a.bound() * b.bound() : a.bound() + b.bound());
      }
      case 2 -> {
        E a = vector(n, depth + 1);
        E s = squash(dbl(2));
        yield chance(2) ? new E("Nd.multiply(" + s.text() + ", " + a.text() + ")", s.bound() * a.bound())
            : new E("Nd.add(" + a.text() + ", " + s.text() + ")", s.bound() + a.bound());
      }
      case 3 -> {
        E a = vector(n, depth + 1);
        String fn = pick(List.of("tanh", "sigmoid", "relu", "abs", "negative", "softmax", "logSoftmax"));
        yield new E("Nd." + fn + "(" + a.text() + ")", fn.equals("logSoftmax") ? 2 * a.bound() + 2 : Math.max(1, a.bound()));
      }
      case 4 -> {
        E a = vector(n, depth + 1);
        yield switch (choose(4)) {
          case 1 -> new E("Nd.log(Nd.add(1.0, Nd.square(" + a.text() + ")))", Math.log1p(a.bound() * a.bound()));
          case 2 -> new E("Nd.exp(Nd.tanh(" + a.text() + "))", Math.E);
          case 3 -> {
            E b = vector(n, depth + 1);
            yield new E("Nd.divide(" + a.text() + ", Nd.add(2.0, Nd.tanh(" + b.text() + ")))", a.bound());
          }
          default -> new E("Nd.sqrt(Nd.add(1.0, Nd.square(" + a.text() + ")))", a.bound() + 1);
        };
      }
      case 5 -> {
        Var labels = pick(vars(v -> v.type == T.INTS && v.rows == n && n > 0));
        int c = labels == null ? 0 : labels.hi + 1 + choose(2);
        if (labels != null && choose(3) == 0) {
          // pick: one entry of each row, by label (a softmax loss's log-probabilities)
          E m = matrix(n, c, depth + 1);
          yield new E("Nd.pick(" + m.text() + ", " + labels.name + ")", m.bound());
        }
        int k = colsOf(n);
        E m = matrix(n, k, depth + 1);
        E v = vector(k, depth + 1);
        yield new E("Nd.dot(" + m.text() + ", " + v.text() + ")", m.bound() * v.bound() * k);
      }
      case 6 -> {
        // A matrix without rows has no columns to count: k rows, or nothing to count.
        int k = nonEmpty(n);
        E m = matrix(k, n, depth + 1);
        E v = vector(k, depth + 1);
        yield chance(2) ? new E("Nd.dot(" + v.text() + ", " + m.text() + ")", m.bound() * v.bound() * k)
            : new E("Nd.transposeDot(" + m.text() + ", " + v.text() + ")", m.bound() * v.bound() * k);
      }
      case 7 -> {
        int k = nonEmpty(n);
        E m = matrix(k, n, depth + 1);
        String fn = k == 0 ? "sum" : pick(List.of("sum", "mean", "max"));
        yield new E("Nd." + fn + "(" + m.text() + ", 0)", m.bound() * Math.max(k, 1));
      }
      case 8 -> {
        Var m = pick(vars(v -> v.type == T.MATRIX && v.cols == n && v.rows > 0));
        yield m == null ? vector(n, MAX_DEPTH) : new E(m.name + "[" + index(m.rows) + "]", m.bound);
      }
      case 9 -> {
        Var like = pick(vars(x -> x.type == T.VECTOR && x.rows == n));
        E s = squash(dbl(2));
        if (like != null && chance(3)) {
          // broadcast: a one-entry vector stretched, or the vector itself (not a copy) when the lengths agree
          E a = chance(2) ? new E("new double[] {" + s.text() + "}", s.bound()) : vector(n, depth + 1);
          yield new E("Nd.broadcast(" + a.text() + ", " + like.name + ")", a.bound());
        }
        yield like == null ? vector(n, MAX_DEPTH) : new E("Nd.fullLike(" + like.name + ", " + s.text() + ")", s.bound());
      }
      case 10 -> {
        Var like = pick(vars(x -> x.type == T.VECTOR && x.rows == n));
        yield hasH && callsAllowed() && n == hLength && like != null
            ? new E("h(" + like.name + ", " + squash(dbl(2)).text() + ")", LIMIT * LIMIT) : vector(n, MAX_DEPTH);
      }
      default -> {
        Var m = pick(vars(v -> v.type == T.MATRIX && v.rows * v.cols == n && v.rows > 0));
        if (m != null) {
          yield new E("Nd.flatten(" + m.name + ")", m.bound);
        }
        E v = vector(n, MAX_DEPTH);
        yield new E(v.text() + ".clone()", v.bound());
      }
    };
  }

  /** An r x c matrix as an expression. */
  private E matrix(int r, int c, int depth) {
    int kind = depth >= MAX_DEPTH ? 0 : choose(10);
    if (kind == 0) {
      Var v = pick(vars(x -> x.type == T.MATRIX && x.rows == r && x.cols == c));
      if (v != null) {
        return new E(v.name, v.bound);
      }
      Var stack = pick(vars(x -> x.type == T.MATRICES && layerOf(x, r, c) >= 0));
      if (stack != null) {
        return new E(stack.name + "[" + layerOf(stack, r, c) + "]", stack.bound);
      }
      E e = squash(leaf());
      return chance(3) ? new E("new double[" + r + "][" + c + "]", 0)
          : new E("Nd.add(new double[" + r + "][" + c + "], " + e.text() + ")", e.bound());
    }
    return switch (kind) {
      case 1 -> {
        E a = matrix(r, c, depth + 1);
        E b = matrix(r, c, depth + 1);
        String op = pick(List.of("add", "subtract", "multiply", "maximum", "minimum"));
        yield new E("Nd." + op + "(" + a.text() + ", " + b.text() + ")",
            op.equals("multiply") ? a.bound() * b.bound() : a.bound() + b.bound());
      }
      case 2 -> {
        E a = matrix(r, c, depth + 1);
        E b = vector(c, depth + 1);
        if (r > 0 && chance(3)) {
          // the vector as every row of a matrix shaped like a
          yield new E("Nd.broadcast(" + b.text() + ", " + a.text() + ")", b.bound());
        }
        yield new E("Nd.add(" + a.text() + ", " + b.text() + ")", a.bound() + b.bound());
      }
      case 3 -> {
        int k = r == 0 ? 0 : nonEmpty(c);
        E b = matrix(k, c, depth + 1);
        if (chance(3) && (k > 0 || r == 0)) {
          E a = matrix(k, r, depth + 1);
          yield new E("Nd.transposeDot(" + a.text() + ", " + b.text() + ")", a.bound() * b.bound() * k);
        }
        E a = matrix(r, k, depth + 1);
        yield new E("Nd.dot(" + a.text() + ", " + b.text() + ")", a.bound() * b.bound() * k);
      }
      case 4 -> {
        if (c == 0 && r > 0) {
          yield matrix(r, c, MAX_DEPTH);
        }
        E a = matrix(c, r, depth + 1);
        yield new E("Nd.transpose(" + a.text() + ")", a.bound());
      }
      case 5 -> {
        E u = vector(r, depth + 1);
        E v = vector(c, depth + 1);
        yield new E("Nd.outer(" + u.text() + ", " + v.text() + ")", u.bound() * v.bound());
      }
      case 6 -> {
        E a = matrix(r, c, depth + 1);
        String fn = pick(List.of("tanh", "sigmoid", "relu", "square", "exp", "softmax", "logSoftmax", "abs", "log",
            "divide"));
        yield switch (fn) {
          case "exp" -> new E("Nd.exp(Nd.tanh(" + a.text() + "))", Math.E);
          case "log" -> new E("Nd.log(Nd.add(1.0, Nd.square(" + a.text() + ")))", Math.log1p(a.bound() * a.bound()));
          case "divide" -> new E("Nd.divide(" + a.text() + ", Nd.add(2.0, Nd.sigmoid(" + matrix(r, c, depth + 1).text()
              + ")))", a.bound());
          case "square" -> new E("Nd.square(" + a.text() + ")", a.bound() * a.bound());
          case "logSoftmax" -> new E("Nd.logSoftmax(" + a.text() + ")", 2 * a.bound() + 2);
          default -> new E("Nd." + fn + "(" + a.text() + ")", Math.max(1, a.bound()));
        };
      }
      case 7 -> {
        E s = squash(dbl(2));
        E a = matrix(r, c, depth + 1);
        yield new E("Nd.multiply(" + s.text() + ", " + a.text() + ")", s.bound() * a.bound());
      }
      case 8 -> {
        int k = r == 0 || c == 0 ? 0 : dims[choose(3)];
        E a = matrix(r, k, depth + 1);
        E b = matrix(c, k, depth + 1);
        yield new E("Nd.dotTranspose(" + a.text() + ", " + b.text() + ")", a.bound() * b.bound() * k);
      }
      default -> {
        if (c != 1) {
          yield matrix(r, c, MAX_DEPTH);
        }
        E v = vector(r, depth + 1);
        yield new E("Nd.col(" + v.text() + ")", v.bound());
      }
    };
  }

  /**
   * The shape of a matrix: a {@code double[0][]} has no rows to count columns in, so a matrix
   * without rows has no columns either.
   */
  private int[] matrixShape() {
    int r = dims[choose(3)];
    return new int[] {r, colsOf(r)};
  }

  private int colsOf(int rows) {
    return rows == 0 ? 0 : dims[choose(3)];
  }

  /**
   * A dimension for the rows of a matrix whose columns an operation counts: any if those are 0,
   * else one that is not 0 (a {@code double[0][]} has no columns to count).
   */
  private int nonEmpty(int cols) {
    int k = dims[choose(3)];
    if (k > 0 || cols == 0) {
      return k;
    }
    return Arrays.stream(dims).filter(d -> d > 0).findFirst().orElse(1);
  }

  private static int layerOf(Var stack, int r, int c) {
    for (int l = 0; l < stack.rows; l++) {
      if (stack.shapes[2 * l] == r && stack.shapes[2 * l + 1] == c) {
        return l;
      }
    }
    return -1;
  }
}
