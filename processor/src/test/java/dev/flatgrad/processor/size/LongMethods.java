package dev.flatgrad.processor.size;

/**
 * Long methods as code generators and unrolled kernels write them: sixteen running values updated
 * statement after statement, by arithmetic, Math functions, conditionals, an {@code if} that
 * overwrites a value the backward pass needs, and small counting loops. Every value stays bounded
 * (tanh, sin, halving), so the gradient can be checked numerically however long the method is.
 */
final class LongMethods {

  private LongMethods() {}

  /** Class {@code big.<name>} with {@code static double f(double[] x, double a, double b)} of {@code n} statements. */
  static String source(String name, int n) {
    return source(name, n, "@Differentiable");
  }

  /** The same, annotated {@code annotation} ({@code @Differentiable(hessian = true)}). */
  static String source(String name, int n, String annotation) {
    StringBuilder b = new StringBuilder();
    b.append("package big;\n\nimport dev.flatgrad.annotations.Differentiable;\n\nclass ").append(name).append(" {\n");
    b.append("  ").append(annotation).append("\n  static double f(double[] x, double a, double b) {\n");
    b.append(straightLine(n, "    "));
    b.append("    return r0 + r1 + r2 + r3;\n  }\n}\n");
    return b.toString();
  }

  /** {@code n} statements over {@code r0..r15}, declared by the first sixteen. */
  static String straightLine(int n, String indent) {
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < 16 && r < n; r++) {
      b.append(indent).append("double r").append(r).append(" = Math.tanh(x[").append(r % 8).append("] * a + ")
          .append(r % 3).append(" * b);\n");
    }
    for (int k = 16; k < n; k++) {
      String i = "r" + (k % 16);
      String j = "r" + ((k + 5) % 16);
      String l = "r" + ((k + 11) % 16);
      String statement = switch (k % 10) {
        case 0, 5 -> i + " = 0.5 * " + j + " * a + 0.1 * x[" + (k % 8) + "];";
        case 1, 7 -> i + " = Math.tanh(" + j + " + 0.5 * " + l + ");";
        case 2, 8 -> i + " = 0.5 * (" + j + " - b * " + l + ");";
        case 3 -> "if (" + i + " > " + j + ") {\n" + indent + "  " + i + " = " + i + " * Math.tanh(" + l + ");\n"
            + indent + "}";
        case 4 -> i + " = 0.0;\n" + indent + "for (int i = 0; i < 3; i++) {\n" + indent + "  " + i
            + " += 0.25 * x[i] * " + j + ";\n" + indent + "}";
        case 6 -> i + " = " + j + " > " + l + " ? " + j + " : " + l + " * a;";
        default -> i + " = Math.sin(" + j + ") * " + l + " + 0.1 * " + i + ";";
      };
      b.append(indent).append(statement).append('\n');
    }
    return b.toString();
  }
}
