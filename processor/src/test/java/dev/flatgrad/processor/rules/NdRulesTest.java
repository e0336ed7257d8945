package dev.flatgrad.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Nd adjoint rule, checked numerically through generated code: for each op and operand
 * shapes, a method {@code sum(op(args) * r)} (r a fixed random weight) is differentiated and its
 * gradient compared with centred differences.
 */
class NdRulesTest {

  /** One checked use of an op: its call, its operands, and how to draw them. */
  record Case(String name, String call, String resultType, List<Operand> operands) {}

  record Operand(String name, String type, Supplier<Object> value) {}

  private static final Random RANDOM = new Random(7);
  private static final List<Case> CASES = new ArrayList<>();
  private static Loaded loaded;

  private static Operand m(String name, int rows, int cols, Domain d) {
    return new Operand(name, "double[][]", () -> {
      double[][] x = new double[rows][cols];
      for (double[] row : x) {
        for (int j = 0; j < cols; j++) {
          row[j] = d.draw();
        }
      }
      return x;
    });
  }

  private static Operand v(String name, int n, Domain d) {
    return new Operand(name, "double[]", () -> {
      double[] x = new double[n];
      for (int j = 0; j < n; j++) {
        x[j] = d.draw();
      }
      return x;
    });
  }

  private static Operand s(String name, Domain d) {
    return new Operand(name, "double", d::draw);
  }

  /** Where an operand's values are drawn: away from kinks and poles. */
  private enum Domain {
    ANY, POSITIVE, AWAY_FROM_ZERO;

    double draw() {
      double g = RANDOM.nextGaussian();
      return switch (this) {
        case ANY -> g;
        case POSITIVE -> 0.5 + Math.abs(g);
        case AWAY_FROM_ZERO -> Math.copySign(0.3 + Math.abs(g), g);
      };
    }
  }

  private static void add(String op, String resultType, Operand... operands) {
    String args = String.join(", ", java.util.Arrays.stream(operands).map(Operand::name).toList());
    CASES.add(new Case(op.replace('.', '_') + "_" + CASES.size(), "Nd." + op + "(" + args + ")", resultType, List.of(operands)));
  }

  /** Every case: each Nd op with a gradient, on each combination of operand shapes. */
  static List<Case> cases() {
    if (CASES.isEmpty()) {
      shapes();
    }
    return CASES;
  }

  private static void shapes() {
    Domain any = Domain.ANY;
    Domain away = Domain.AWAY_FROM_ZERO;
    for (String op : List.of("add", "subtract", "multiply", "divide", "maximum", "minimum")) {
      Domain b = op.equals("divide") ? away : any;
      add(op, "double[][]", m("a", 3, 4, any), m("b", 3, 4, b));
      add(op, "double[][]", m("a", 3, 4, any), m("b", 3, 1, b));
      add(op, "double[][]", m("a", 3, 4, any), m("b", 1, 4, b));
      add(op, "double[][]", m("a", 3, 1, any), m("b", 1, 4, b));
      add(op, "double[][]", m("a", 1, 1, any), m("b", 2, 3, b));
      add(op, "double[][]", m("a", 3, 4, any), v("b", 4, b));
      add(op, "double[][]", v("a", 4, any), m("b", 3, 4, b));
      add(op, "double[]", v("a", 5, any), v("b", 5, b));
      add(op, "double[][]", m("a", 3, 4, any), s("b", b));
      add(op, "double[][]", s("a", any), m("b", 3, 4, b));
      add(op, "double[]", v("a", 5, any), s("b", b));
      add(op, "double[]", s("a", any), v("b", 5, b));
    }
    add("dot", "double[][]", m("a", 3, 5, any), m("b", 5, 2, any));
    add("dot", "double[]", m("a", 3, 5, any), v("b", 5, any));
    add("dot", "double[]", v("a", 3, any), m("b", 3, 4, any));
    add("dot", "double", v("a", 4, any), v("b", 4, any));
    add("transposeDot", "double[][]", m("a", 5, 3, any), m("b", 5, 2, any));
    add("transposeDot", "double[]", m("a", 5, 3, any), v("b", 5, any));
    add("dotTranspose", "double[][]", m("a", 3, 5, any), m("b", 2, 5, any));
    add("outer", "double[][]", v("a", 3, any), v("b", 4, any));
    add("vdot", "double", m("a", 3, 4, any), m("b", 3, 4, any));
    add("broadcast", "double[][]", m("x", 1, 4, any), m("like", 3, 4, any));
    add("broadcast", "double[][]", m("x", 3, 1, any), m("like", 3, 4, any));
    add("broadcast", "double[][]", m("x", 3, 4, any), m("like", 3, 4, any));
    add("broadcast", "double[][]", v("x", 4, any), m("like", 3, 4, any));
    add("broadcast", "double[]", v("x", 1, any), v("like", 5, any));
    add("broadcast", "double[]", v("x", 5, any), v("like", 5, any));
    add("transpose", "double[][]", m("x", 3, 4, any));
    add("col", "double[][]", v("x", 4, any));
    add("flatten", "double[]", m("x", 3, 4, any));
    add("copy", "double[]", v("x", 4, any));
    add("copy", "double[][]", m("x", 3, 4, any));
    for (String[] shape : new String[][] {{"double[]", "v"}, {"double[][]", "m"}}) {
      boolean vector = shape[1].equals("v");
      java.util.function.Function<Domain, Operand> x = d -> vector ? v("x", 5, d) : m("x", 3, 4, d);
      for (String op : List.of("exp", "negative", "tanh", "sigmoid", "softmax", "logSoftmax", "square")) {
        add(op, shape[0], x.apply(any));
      }
      add("log", shape[0], x.apply(Domain.POSITIVE));
      add("sqrt", shape[0], x.apply(Domain.POSITIVE));
      add("abs", shape[0], x.apply(away));
      add("relu", shape[0], x.apply(away));
      add("sum", "double", x.apply(any));
      add("mean", "double", x.apply(any));
      add("max", "double", x.apply(any));
    }
    for (int axis = 0; axis < 2; axis++) {
      Operand axisArg = new Operand(Integer.toString(axis), "int", null);
      CASES.add(new Case("sum_axis" + axis, "Nd.sum(x, " + axis + ")", "double[]", List.of(m("x", 3, 4, any))));
      CASES.add(new Case("mean_axis" + axis, "Nd.mean(x, " + axis + ")", "double[]", List.of(m("x", 3, 4, any))));
      CASES.add(new Case("max_axis" + axis, "Nd.max(x, " + axis + ")", "double[]", List.of(m("x", 3, 4, any))));
      assert axisArg.value() == null;
    }
    CASES.add(new Case("pick", "Nd.pick(x, new int[] {2, 0, 3})", "double[]", List.of(m("x", 3, 4, any))));
    for (int[] range : new int[][] {{0, 3}, {0, 7}, {1, 4}, {2, 8}, {5, 6}}) {
      // Truncated, padded, inside, past the end, only padding.
      CASES.add(new Case("copyOfRange_" + range[0] + "_" + range[1], "Nd.copyOfRange(x, " + range[0] + ", " + range[1] + ")",
          "double[]", List.of(v("x", 5, any))));
      if (range[0] == 0) {
        CASES.add(new Case("copyOf_" + range[1], "Nd.copyOf(x, " + range[1] + ")", "double[]", List.of(v("x", 5, any))));
      }
    }
    for (int count : new int[] {3, 5}) {
      // The terms a stream gathered: the first count entries of x, the rest unused.
      CASES.add(new Case("streamSum_" + count, "Nd.streamSum(x, " + count + ")", "double", List.of(v("x", 5, any))));
      CASES.add(new Case("streamAverage_" + count, "Nd.streamAverage(x, " + count + ")", "double", List.of(v("x", 5, any))));
    }
    CASES.add(new Case("fullLike_m", "Nd.fullLike(x, value)", "double[][]", List.of(m("x", 2, 3, any), s("value", any))));
    CASES.add(new Case("fullLike_v", "Nd.fullLike(x, value)", "double[]", List.of(v("x", 4, any), s("value", any))));
  }

  @BeforeAll
  static void compileAll() {
    cases();
    StringBuilder src = new StringBuilder("""
        package rules;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Ops {
        """);
    for (Case c : CASES) {
      String params = String.join(", ", c.operands().stream().map(o -> o.type() + " " + o.name()).toList());
      String wrt = String.join(", ", c.operands().stream().map(o -> "\"" + o.name() + "\"").toList());
      String body =
          switch (c.resultType()) {
            case "double" -> "return 1.5 * " + c.call() + ";";
            default -> "return Nd.sum(Nd.multiply(" + c.call() + ", r));";
          };
      String rParam = c.resultType().equals("double") ? "" : ", " + c.resultType() + " r";
      src.append("  @Differentiable(wrt = {").append(wrt).append("})\n")
          .append("  static double ").append(c.name()).append("(").append(params).append(rParam).append(") {\n")
          .append("    ").append(body).append("\n  }\n\n");
    }
    src.append("}\n");
    loaded = load(compileOk(source(src.toString())));
  }

  static Object weightLike(Object result) {
    if (result instanceof double[][] m) {
      double[][] r = new double[m.length][m[0].length];
      for (double[] row : r) {
        for (int j = 0; j < row.length; j++) {
          row[j] = RANDOM.nextGaussian();
        }
      }
      return r;
    }
    double[] x = (double[]) result;
    double[] r = new double[x.length];
    for (int j = 0; j < r.length; j++) {
      r[j] = RANDOM.nextGaussian();
    }
    return r;
  }

  @Test
  void everyRuleMatchesCentredDifferences() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Case c : CASES) {
      List<Object> args = new ArrayList<>();
      for (Operand o : c.operands()) {
        args.add(o.value().get());
      }
      if (!c.resultType().equals("double")) {
        Object result = evaluate(c, args);
        args.add(weightLike(result));
      }
      for (int attempt = 0; attempt < 1; attempt++) {
        String check = "check" + Character.toUpperCase(c.name().charAt(0)) + c.name().substring(1);
        GradCheck.Report report = (GradCheck.Report) loaded.call("rules.OpsGrad", check, args.toArray());
        if (!report.passed()) {
          failures.add(c.call() + " on " + c.operands().stream().map(Operand::type).toList() + ":\n" + report.table());
        }
      }
    }
    assertWithMessage(String.join("\n", failures)).that(failures).isEmpty();
  }

  /** The op's own value, to shape the weight r. */
  static Object evaluate(Case c, List<Object> args) throws Exception {
    Class<?> nd = dev.flatgrad.runtime.Nd.class;
    String op = c.call().substring(3, c.call().indexOf('('));
    if (c.name().startsWith("sum_axis") || c.name().startsWith("mean_axis") || c.name().startsWith("max_axis")) {
      return nd.getMethod(op, double[][].class, int.class).invoke(null, args.get(0), c.name().endsWith("0") ? 0 : 1);
    }
    if (c.name().startsWith("copyOf")) {
      String[] bounds = c.name().split("_");
      return bounds.length == 2 ? dev.flatgrad.runtime.Nd.copyOf((double[]) args.get(0), Integer.parseInt(bounds[1]))
          : dev.flatgrad.runtime.Nd.copyOfRange((double[]) args.get(0), Integer.parseInt(bounds[1]), Integer.parseInt(bounds[2]));
    }
    if (c.name().startsWith("stream")) {
      return nd.getMethod(op, double[].class, int.class).invoke(null, args.get(0), Integer.parseInt(c.name().split("_")[1]));
    }
    if (c.name().equals("pick")) {
      return nd.getMethod("pick", double[][].class, int[].class).invoke(null, args.get(0), new int[] {2, 0, 3});
    }
    Class<?>[] types = args.stream().map(a -> a instanceof Double ? double.class : a.getClass()).toArray(Class<?>[]::new);
    return nd.getMethod(op, types).invoke(null, args.toArray());
  }
}
