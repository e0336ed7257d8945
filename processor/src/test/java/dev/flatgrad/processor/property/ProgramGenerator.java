package dev.flatgrad.processor.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes a list of choices into a random loop program in flatgrad's supported language: the
 * method {@code static double f(double a, double b, double[] x, double[][] M, int k)} of class
 * {@code rp.Prog}.
 *
 * <p>Every decision reads the next choice; when the choices run out every decision is 0, which
 * is always the simplest option (no more statements, a parameter as the leaf). So a shorter or
 * smaller choice list gives a simpler program, and shrinking the list shrinks the program.
 *
 * <p>Programs are numerically tame by construction: inputs are in [-1, 1], every expression
 * carries an upper bound of its magnitude and is squashed by {@code Math.tanh} when the bound
 * passes {@link #LIMIT}, and functions are applied only on safe domains ({@code Math.log(1.0 + e
 * * e)}, {@code e / (1.0 + d * d)}, {@code Math.asin(0.9 * Math.tanh(e))}, ...).
 */
final class ProgramGenerator {

  /** Magnitude above which an expression is squashed. */
  private static final double LIMIT = 8.0;
  private static final int MAX_DEPTH = 3;
  private static final int MAX_NESTING = 2;
  /** Upper bound of a loop's trip count over x, and over M's rows and columns. */
  private static final int MAX_X = 4;
  private static final int MAX_M = 3;

  private final List<Integer> choices;
  private int next;
  private final StringBuilder out = new StringBuilder();
  /** Scalar locals in scope, with the bound of their magnitude. */
  private final List<Local> scalars = new ArrayList<>();
  /** Array locals in scope: name and which length they have ("x" or "M"). */
  private final List<ArrayLocal> arrays = new ArrayList<>();
  private int fresh;

  private record Local(String name, double bound, int depth) {}

  private record ArrayLocal(String name, String shape, int depth) {}

  /** An expression's text and an upper bound of its magnitude. */
  private record E(String text, double bound) {}

  /** What loop indices are in scope, for element reads. */
  private record Scope(String xIndex, String rowIndex, String colIndex, int depth, boolean inLoop) {
    static final Scope TOP = new Scope(null, null, null, 0, false);

    Scope loop(String x, String row, String col) {
      return new Scope(x, row, col, depth + 1, true);
    }

    Scope branch() {
      return new Scope(xIndex, rowIndex, colIndex, depth + 1, inLoop);
    }
  }

  private ProgramGenerator(List<Integer> choices) {
    this.choices = choices;
  }

  /** The program's source text. */
  static String program(List<Integer> choices) {
    return new ProgramGenerator(choices).generate();
  }

  private int choose(int bound) {
    if (bound <= 1) {
      return 0;
    }
    int c = next < choices.size() ? choices.get(next) : 0;
    next++;
    return Math.floorMod(c, bound);
  }

  private String generate() {
    out.append("""
        package rp;

        import dev.flatgrad.annotations.Differentiable;

        class Prog {
          @Differentiable
          static double f(double a, double b, double[] x, double[][] M, int k) {
        """);
    int statements = choose(7);
    for (int s = 0; s < statements; s++) {
      statement(Scope.TOP, "    ");
    }
    // The result uses every scalar local, so that nothing is trivially dead.
    E result = expr(Scope.TOP, 0);
    StringBuilder sum = new StringBuilder(result.text());
    double bound = result.bound();
    for (Local l : scalars) {
      if (l.depth() == 0) {
        sum.append(" + ").append(l.name());
        bound += l.bound();
      }
    }
    out.append("    return ").append(sum).append(";\n  }\n}\n");
    return out.toString();
  }

  // ---- statements ----

  private void statement(Scope scope, String indent) {
    int kind = choose(scope.inLoop() ? 15 : 11);
    switch (kind) {
      case 0, 1 -> declare(scope, indent);
      case 2 -> reassign(scope, indent);
      case 3 -> compound(scope, indent);
      case 4 -> loopOverX(scope, indent);
      case 5 -> loopOverM(scope, indent);
      case 6 -> branch(scope, indent);
      case 7 -> arrayLocal(scope, indent);
      case 8 -> whileLoop(scope, indent);
      case 9 -> ternary(scope, indent);
      case 10 -> enhancedFor(scope, indent);
      case 11 -> elementWrite(scope, indent);
      case 12 -> carried(scope, indent);
      case 13 -> earlyExit(scope, indent);
      // known bug: a break or continue after values the loop saves
      default -> skipOrBreak(scope, indent);
    }
  }

  private void declare(Scope scope, String indent) {
    E e = expr(scope, 0);
    String name = "t" + fresh++;
    out.append(indent).append("double ").append(name).append(" = ").append(e.text()).append(";\n");
    scalars.add(new Local(name, e.bound(), scope.depth()));
  }

  private Local anyScalar() {
    return scalars.isEmpty() ? null : scalars.get(choose(scalars.size()));
  }

  /** A scalar local that may be assigned: not the variable of an enhanced for. */
  private Local assignable() {
    List<Local> locals = scalars.stream().filter(l -> l.depth() >= 0).toList();
    return locals.isEmpty() ? null : locals.get(choose(locals.size()));
  }

  private void reassign(Scope scope, String indent) {
    Local l = assignable();
    if (l == null) {
      declare(scope, indent);
      return;
    }
    E e = expr(scope, 0);
    e = squash(e);
    out.append(indent).append(l.name()).append(" = ").append(e.text()).append(";\n");
    widen(l, e.bound());
  }

  private void compound(Scope scope, String indent) {
    compound(scope, indent, assignable());
  }

  private void compound(Scope scope, String indent, Local l) {
    if (l == null) {
      declare(scope, indent);
      return;
    }
    E e = expr(scope, 0);
    int op = choose(3);
    int trips = tripsBound(scope);
    if (op == 2) {
      // a factor of magnitude at most 1 keeps the local bounded across iterations
      out.append(indent).append(l.name()).append(" *= Math.cos(").append(e.text()).append(");\n");
      return;
    }
    e = squash(e);
    out.append(indent).append(l.name()).append(op == 0 ? " += " : " -= ").append(e.text()).append(";\n");
    widen(l, l.bound() + trips * e.bound());
  }

  /** A loop-carried nonlinear update: the RNN step. */
  private void carried(Scope scope, String indent) {
    carried(scope, indent, assignable());
  }

  private void carried(Scope scope, String indent, Local l) {
    if (l == null) {
      declare(scope, indent);
      return;
    }
    E e = expr(scope, 1);
    String c = constant();
    switch (choose(3)) {
      case 0 -> out.append(indent).append(l.name()).append(" = Math.tanh(").append(c).append(" * ")
          .append(l.name()).append(" + ").append(e.text()).append(");\n");
      case 1 -> out.append(indent).append(l.name()).append(" = ").append(l.name())
          .append(" * Math.cos(").append(e.text()).append(");\n");
      default -> out.append(indent).append(l.name()).append(" = Math.sin(").append(l.name())
          .append(") + ").append(squash(e).text()).append(";\n");
    }
    widen(l, Math.max(l.bound(), 1 + LIMIT));
  }

  private void widen(Local l, double bound) {
    int i = scalars.indexOf(l);
    scalars.set(i, new Local(l.name(), Math.max(l.bound(), bound), l.depth()));
  }

  private int tripsBound(Scope scope) {
    int trips = 1;
    if (scope.xIndex() != null) {
      trips *= MAX_X;
    }
    if (scope.rowIndex() != null) {
      trips *= MAX_M;
    }
    if (scope.colIndex() != null) {
      trips *= MAX_M;
    }
    return trips;
  }

  /** Before a loop: a local the loop can accumulate into, unless one is in scope. */
  private void accumulator(Scope scope, String indent) {
    if (scalars.stream().noneMatch(l -> l.depth() >= 0 && l.depth() <= scope.depth()) || choose(3) == 1) {
      String name = "t" + fresh++;
      String init = choose(2) == 0 ? "0.0" : leaf(scope).text();
      out.append(indent).append("double ").append(name).append(" = ").append(init).append(";\n");
      scalars.add(new Local(name, 1, scope.depth()));
    }
  }

  /** A local declared outside the innermost loop, to update from inside it. */
  private Local outer(Scope scope) {
    List<Local> locals = scalars.stream().filter(l -> l.depth() >= 0 && l.depth() < scope.depth()).toList();
    return locals.isEmpty() ? assignable() : locals.get(choose(locals.size()));
  }

  private void body(Scope scope, String indent) {
    body(scope, indent, false, false);
  }

  private void loopBody(Scope scope, String indent) {
    body(scope, indent, true, true);
  }

  private void body(Scope scope, String indent, boolean ofALoop) {
    body(scope, indent, ofALoop, ofALoop);
  }

  private void body(Scope scope, String indent, boolean ofALoop, boolean jumps) {
    int saved = scalars.size();
    int savedArrays = arrays.size();
    if (scope.depth() <= MAX_NESTING) {
      // a break or continue before, between or after the statements
      int jumpAt = jumps && choose(4) == 1 ? choose(5) : -1;
      if (jumpAt == 0) {
        skipOrBreak(scope, indent);
      }
      if (ofALoop) {
        // most loop bodies update something that outlives them
        switch (choose(3)) {
          case 0 -> compound(scope, indent, outer(scope));
          case 1 -> carried(scope, indent, outer(scope));
          default -> { }
        }
      }
      int statements = 1 + choose(3);
      for (int s = 0; s < statements; s++) {
        statement(scope, indent);
        if (jumpAt == s + 1 || jumpAt > statements && s == statements - 1) {
          skipOrBreak(scope, indent);
        }
      }
    }
    // locals declared inside the body go out of scope with it
    scalars.subList(saved, scalars.size()).clear();
    arrays.subList(savedArrays, arrays.size()).clear();
  }

  /** {@code continue} or {@code break} as the first statement of a loop body. */
  private void skipOrBreak(Scope scope, String indent) {
    // known bug: a loop that breaks, inside an if, declares its trip count out of the backward's reach
    String jump = choose(2) == 0 ? "continue" : "break";
    out.append(indent).append("if (").append(condition(scope)).append(") {\n")
        .append(indent).append("  ").append(jump).append(";\n")
        .append(indent).append("}\n");
  }

  /** {@code return} from inside a loop, as the last statement of its body. */
  private void earlyExit(Scope scope, String indent) {
    E e = expr(scope, 0);
    out.append(indent).append("if (").append(condition(scope)).append(") {\n")
        .append(indent).append("  return ").append(e.text()).append(";\n")
        .append(indent).append("}\n");
  }

  private void loopOverX(Scope scope, String indent) {
    if (scope.xIndex() != null) {
      declare(scope, indent);
      return;
    }
    String i = "i" + fresh++;
    accumulator(scope, indent);
    int shape = choose(6);
    if (shape == 3) {
      out.append(indent).append("for (int ").append(i).append(" = x.length - 1; ").append(i)
          .append(" >= 0; ").append(i).append("--) {\n");
    } else if (shape == 4) {
      out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i)
          .append(" < x.length; ").append(i).append(" += 2) {\n");
    } else if (shape == 5 && assignable() != null) {
      // a data-dependent trip count
      out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i)
          .append(" < x.length && ").append(assignable().name()).append(" < ").append(constant())
          .append("; ").append(i).append("++) {\n");
    } else {
      out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i)
          .append(" < x.length; ").append(i).append("++) {\n");
    }
    body(scope.loop(i, scope.rowIndex(), scope.colIndex()), indent + "  ", true, true);
    out.append(indent).append("}\n");
  }

  private void loopOverM(Scope scope, String indent) {
    if (scope.rowIndex() != null) {
      declare(scope, indent);
      return;
    }
    String i = "r" + fresh++;
    String j = "c" + fresh++;
    accumulator(scope, indent);
    out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i)
        .append(" < M.length; ").append(i).append("++) {\n");
    Scope rows = scope.loop(scope.xIndex(), i, null);
    if (choose(3) == 0) {
      loopBody(rows, indent + "  ");
    } else {
      out.append(indent).append("  for (int ").append(j).append(" = 0; ").append(j)
          .append(" < M[").append(i).append("].length; ").append(j).append("++) {\n");
      loopBody(scope.loop(scope.xIndex(), i, j), indent + "    ");
      out.append(indent).append("  }\n");
    }
    out.append(indent).append("}\n");
  }

  private void whileLoop(Scope scope, String indent) {
    if (scope.xIndex() != null) {
      declare(scope, indent);
      return;
    }
    String w = "w" + fresh++;
    accumulator(scope, indent);
    // the increment comes first, so that a continue cannot skip it
    out.append(indent).append("int ").append(w).append(" = -1;\n");
    out.append(indent).append("while (").append(w).append(" < x.length - 1) {\n");
    out.append(indent).append("  ").append(w).append("++;\n");
    loopBody(scope.loop(w, scope.rowIndex(), scope.colIndex()), indent + "  ");
    out.append(indent).append("}\n");
  }

  private void enhancedFor(Scope scope, String indent) {
    String e = "e" + fresh++;
    accumulator(scope, indent);
    out.append(indent).append("for (double ").append(e).append(" : x) {\n");
    // the element is a read-only local bounded by 1
    scalars.add(new Local(e, 1, -1));
    int saved = scalars.size();
    Scope inner = scope.loop(scope.xIndex(), scope.rowIndex(), scope.colIndex());
    if (scope.depth() < MAX_NESTING) {
      Local target = assignable();
      E v = expr(inner, 1);
      String name = target == null ? null : target.name();
      if (name != null && !name.equals(e)) {
        out.append(indent).append("  ").append(name).append(" += ").append(e).append(" * ")
            .append(paren(squash(v))).append(";\n");
        widen(target, target.bound() + MAX_X * LIMIT);
      }
      int statements = choose(2);
      for (int s = 0; s < statements; s++) {
        statement(inner, indent + "  ");
      }
    }
    scalars.subList(saved, scalars.size()).clear();
    scalars.removeIf(l -> l.name().equals(e));
    out.append(indent).append("}\n");
  }

  private void branch(Scope scope, String indent) {
    out.append(indent).append("if (").append(condition(scope)).append(") {\n");
    body(scope.branch(),
        indent + "  ");
    if (choose(2) == 1) {
      out.append(indent).append("} else {\n");
      body(scope.branch(),
          indent + "  ");
    }
    out.append(indent).append("}\n");
  }

  private void ternary(Scope scope, String indent) {
    E yes = squash(expr(scope, 1));
    E no = squash(expr(scope, 1));
    String name = "t" + fresh++;
    out.append(indent).append("double ").append(name).append(" = ").append(condition(scope))
        .append(" ? ").append(yes.text()).append(" : ").append(no.text()).append(";\n");
    scalars.add(new Local(name, Math.max(yes.bound(), no.bound()), scope.depth()));
  }

  /** A local array the length of x or of M, filled in a loop; read later in loops of that shape. */
  private void arrayLocal(Scope scope, String indent) {
    if (scope.inLoop()) {
      declare(scope, indent);
      return;
    }
    boolean overX = choose(2) == 0;
    accumulator(scope, indent);
    String name = "v" + fresh++;
    String i = "i" + fresh++;
    String length = overX ? "x.length" : "M.length";
    out.append(indent).append("double[] ").append(name).append(" = new double[").append(length).append("];\n");
    out.append(indent).append("for (int ").append(i).append(" = 0; ").append(i).append(" < ")
        .append(length).append("; ").append(i).append("++) {\n");
    Scope inner = overX
        ? scope.loop(i, null, null)
        : scope.loop(null, i, null);
    E e = squash(expr(inner, 0));
    out.append(indent).append("  ").append(name).append("[").append(i).append("] = ").append(e.text()).append(";\n");
    if (choose(2) == 1) {
      E more = squash(expr(inner, 1));
      out.append(indent).append("  ").append(name).append("[").append(i).append("] += ").append(more.text())
          .append(";\n");
    }
    out.append(indent).append("}\n");
    arrays.add(new ArrayLocal(name, overX ? "x" : "M", scope.depth()));
    if (choose(3) != 0) {
      // read it back: an accumulation over its elements
      Local target = assignable();
      String j = "i" + fresh++;
      out.append(indent).append("for (int ").append(j).append(" = 0; ").append(j).append(" < ")
          .append(length).append("; ").append(j).append("++) {\n");
      Scope reader = overX ? scope.loop(j, null, null) : scope.loop(null, j, null);
      E factor = squash(expr(reader, 1));
      out.append(indent).append("  ").append(target.name()).append(" += ").append(name).append("[").append(j)
          .append("] * ").append(paren(factor)).append(";\n");
      out.append(indent).append("}\n");
      widen(target, target.bound() + MAX_M * 2 * LIMIT * factor.bound());
    }
  }

  /** Inside a loop, write an element of a local array of the loop's shape. */
  private void elementWrite(Scope scope, String indent) {
    for (ArrayLocal a : arrays) {
      String index = a.shape().equals("x") ? scope.xIndex() : scope.rowIndex();
      if (index != null && scope.colIndex() == null && choose(2) == 1) {
        E e = squash(expr(scope, 1));
        String target = a.name() + "[" + index + "]";
        switch (choose(4)) {
          case 0 -> out.append(indent).append(target).append(" = ").append(e.text()).append(";\n");
          case 1 -> out.append(indent).append(target).append(" += ").append(e.text()).append(";\n");
          case 2 -> out.append(indent).append(target).append(" *= Math.cos(").append(e.text()).append(");\n");
          default -> out.append(indent).append(target).append(" += ").append(target).append(" * 0.5;\n");
        }
        return;
      }
    }
    carried(scope, indent);
  }

  // ---- conditions ----

  private String condition(Scope scope) {
    return switch (choose(6)) {
      case 0 -> expr(scope, 2).text() + " > " + constant();
      case 1 -> expr(scope, 2).text() + " < " + expr(scope, 2).text();
      case 2 -> "k > " + choose(4);
      case 3 -> scope.xIndex() != null ? scope.xIndex() + " % 2 == 0" : "k % 2 == 1";
      case 4 -> "(" + expr(scope, 2).text() + " > 0.0 && k != 2)";
      default -> "!(" + expr(scope, 2).text() + " <= " + constant() + " || k == 3)";
    };
  }

  // ---- expressions ----

  private String constant() {
    double c = (choose(41) - 20) / 10.0;
    return c < 0 ? "(" + format(c) + ")" : format(c);
  }

  private static String format(double c) {
    return String.format(Locale.ROOT, "%.1f", c);
  }

  private E squash(E e) {
    return e.bound() > LIMIT ? new E("Math.tanh(" + e.text() + ")", 1) : e;
  }

  private E expr(Scope scope, int depth) {
    if (depth >= MAX_DEPTH) {
      return leaf(scope);
    }
    int kind = choose(12);
    return switch (kind) {
      case 0, 1 -> leaf(scope);
      case 2 -> binary(scope, depth, "+");
      case 3 -> binary(scope, depth, "-");
      case 4 -> binary(scope, depth, "*");
      case 5 -> quotient(scope, depth);
      case 6, 7 -> unary(scope, depth);
      case 8 -> binaryFunction(scope, depth);
      case 9 -> {
        E e = expr(scope, depth + 1);
        yield new E("-" + paren(e), e.bound());
      }
      case 10 -> {
        E e = expr(scope, depth + 1);
        yield new E("k * " + paren(e), 3 * e.bound());
      }
      default -> nonSmooth(scope, depth);
    };
  }

  private static String paren(E e) {
    return "(" + e.text() + ")";
  }

  private E binary(Scope scope, int depth, String op) {
    E l = squash(expr(scope, depth + 1));
    E r = squash(expr(scope, depth + 1));
    double bound = op.equals("*") ? l.bound() * r.bound() : l.bound() + r.bound();
    return new E(paren(l) + " " + op + " " + paren(r), bound);
  }

  private E quotient(Scope scope, int depth) {
    E l = squash(expr(scope, depth + 1));
    E r = squash(expr(scope, depth + 1));
    if (choose(2) == 0) {
      return new E(paren(l) + " / (1.0 + " + paren(r) + " * " + paren(r) + ")", l.bound());
    }
    return new E(paren(l) + " / (2.0 + Math.sin(" + r.text() + "))", l.bound());
  }

  private E unary(Scope scope, int depth) {
    E e = squash(expr(scope, depth + 1));
    String t = e.text();
    double b = e.bound();
    return switch (choose(22)) {
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
      case 18 -> new E("Math.pow(1.0 + " + paren(e) + " * " + paren(e) + ", " + constant() + ")",
          Math.pow(1 + b * b, 2));
      case 19 -> new E("Math.floor(" + t + ") * 0.0 + " + paren(e), b);
      case 20 -> new E("1.0 / (1.0 + Math.exp(-" + paren(e) + "))", 1);
      default -> new E(paren(e) + " * " + paren(e), b * b);
    };
  }

  private E binaryFunction(Scope scope, int depth) {
    E l = squash(expr(scope, depth + 1));
    E r = squash(expr(scope, depth + 1));
    return switch (choose(4)) {
      case 0 -> new E("Math.atan2(" + l.text() + ", 1.5 + Math.cos(" + r.text() + "))", 1.6);
      case 1 -> new E("Math.hypot(" + l.text() + ", 1.0 + " + paren(r) + " * " + paren(r) + ")",
          l.bound() + 1 + r.bound() * r.bound());
      case 2 -> new E("Math.pow(1.5 + Math.sin(" + l.text() + "), Math.cos(" + r.text() + "))", 2.5);
      default -> new E("(" + l.text() + ") % (" + LIMIT * 4 + ")", l.bound());
    };
  }

  /** abs, max, min: kinks, which the check steps over (see the test). */
  private E nonSmooth(Scope scope, int depth) {
    E l = squash(expr(scope, depth + 1));
    E r = squash(expr(scope, depth + 1));
    return switch (choose(3)) {
      case 0 -> new E("Math.abs(" + l.text() + ")", l.bound());
      case 1 -> new E("Math.max(" + l.text() + ", " + r.text() + ")", Math.max(l.bound(), r.bound()));
      default -> new E("Math.min(" + l.text() + ", " + r.text() + ")", Math.max(l.bound(), r.bound()));
    };
  }

  private E leaf(Scope scope) {
    int kind = choose(8);
    switch (kind) {
      case 1:
        return new E("b", 1);
      case 2:
        if (scope.xIndex() != null) {
          return new E("x[" + scope.xIndex() + "]", 1);
        }
        break;
      case 3:
        if (scope.rowIndex() != null && scope.colIndex() != null) {
          return new E("M[" + scope.rowIndex() + "][" + scope.colIndex() + "]", 1);
        }
        if (scope.rowIndex() != null) {
          return new E("M[" + scope.rowIndex() + "].length", MAX_M);
        }
        break;
      case 4:
      case 5:
        Local l = anyScalar();
        if (l != null) {
          return new E(l.name(), l.bound());
        }
        break;
      case 6:
        for (ArrayLocal a : arrays) {
          String index = a.shape().equals("x") ? scope.xIndex() : scope.rowIndex();
          if (index != null) {
            return new E(a.name() + "[" + index + "]", LIMIT * 2);
          }
        }
        break;
      case 7:
        String c = constant();
        return new E(c, Math.abs(Double.parseDouble(c.replace("(", "").replace(")", ""))));
      default:
        break;
    }
    return new E("a", 1);
  }
}
