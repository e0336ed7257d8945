package dev.flatgrad.processor.fence;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the array utilities users call as statements in a {@code @Differentiable} body into
 * the loops they run, on the JavaParser tree before the fence and lowering see them (as {@link
 * Switches} does for switches): {@code Arrays.fill(a, v)}, {@code Arrays.fill(a, from, to, v)} and
 * {@code System.arraycopy(src, srcPos, dst, dstPos, length)}. Each argument is evaluated once, as
 * in the call: anything but a name or a literal goes into a new local first. A copy within one
 * array runs downwards where the ranges could overlap the wrong way, as arraycopy copies through a
 * temporary. The checks the loops would not make come first, as the JDK's, with its exception and
 * message: a fill's range backwards, a copy's negative length (other bad positions throw
 * ArrayIndexOutOfBoundsException as the loop reaches them). ({@code Arrays.copyOf} and {@code
 * copyOfRange}, which make values, are lowered as {@code Nd}'s copies, with a gradient.)
 */
public final class ArrayCopies {

  private ArrayCopies() {}

  /** Rewrites every such call the body makes as a statement. */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> {
      boolean arraysImported = Imports.names(m, "Arrays", "java.util.Arrays");
      List<ExpressionStmt> calls = body.findAll(ExpressionStmt.class, s -> s.getExpression() instanceof MethodCallExpr c
          && (isFill(c, arraysImported) || isArraycopy(c)));
      if (calls.isEmpty()) {
        return;
      }
      Set<String> taken = SourceRewrites.namesIn(m);
      for (ExpressionStmt s : calls) {
        MethodCallExpr call = (MethodCallExpr) s.getExpression();
        List<Statement> out = new ArrayList<>();
        if (isArraycopy(call)) {
          arraycopy(call, taken, out);
        } else {
          fill(call, taken, out);
        }
        s.replace(SourceRewrites.at(new BlockStmt(new NodeList<>(out)), s));
      }
    });
  }

  private static boolean isFill(MethodCallExpr c, boolean arraysImported) {
    String scope = c.getScope().map(Node::toString).orElse("");
    return c.getNameAsString().equals("fill") && (c.getArguments().size() == 2 || c.getArguments().size() == 4)
        && (scope.equals("java.util.Arrays") || scope.equals("Arrays") && arraysImported);
  }

  private static boolean isArraycopy(MethodCallExpr c) {
    String scope = c.getScope().map(Node::toString).orElse("");
    return c.getNameAsString().equals("arraycopy") && c.getArguments().size() == 5
        && (scope.equals("System") || scope.equals("java.lang.System"));
  }

  /** {@code for (int i = from; i < to; i++) { a[i] = value; }}. */
  private static void fill(MethodCallExpr call, Set<String> taken, List<Statement> out) {
    List<Expression> args = call.getArguments();
    Expression array = SourceRewrites.arrayOnce(args.get(0), taken, out);
    boolean range = args.size() == 4;
    Expression from = range ? SourceRewrites.once(args.get(1), "from", "int", taken, out) : new IntegerLiteralExpr("0");
    Expression to = range ? SourceRewrites.once(args.get(2), "to", "int", taken, out) : null;
    Expression value = SourceRewrites.once(args.get(args.size() - 1), "value", "var", taken, out);
    if (range && !(literal(from) <= literal(to))) {
      // The JDK's own check, which the loop would not make: an empty range backwards.
      out.add(SourceRewrites.allAt(StaticJavaParser.parseStatement("if (" + from + " > " + to + ") throw new"
          + " IllegalArgumentException(\"fromIndex(\" + " + from + " + \") > toIndex(\" + " + to + " + \")\");"), call));
    }
    String i = SourceRewrites.fresh("i", taken);
    String end = to != null ? to.toString() : array + ".length";
    out.add(SourceRewrites.allAt(StaticJavaParser.parseStatement("for (int " + i + " = " + from + "; " + i + " < " + end + "; " + i
        + "++) { " + array + "[" + i + "] = " + value + "; }"), call));
  }

  /** {@code for (int i = 0; i < length; i++) { dst[dstPos + i] = src[srcPos + i]; }}, or downwards. */
  private static void arraycopy(MethodCallExpr call, Set<String> taken, List<Statement> out) {
    List<Expression> args = call.getArguments();
    Expression src = SourceRewrites.arrayOnce(args.get(0), taken, out);
    Expression srcPos = SourceRewrites.once(args.get(1), "from", "int", taken, out);
    Expression dst = SourceRewrites.arrayOnce(args.get(2), taken, out);
    Expression dstPos = SourceRewrites.once(args.get(3), "to", "int", taken, out);
    Expression length = SourceRewrites.once(args.get(4), "count", "int", taken, out);
    if (!(literal(length) >= 0 || length instanceof FieldAccessExpr f && f.getNameAsString().equals("length"))) {
      // The JDK's own check, which the loop would not make: a negative length.
      out.add(SourceRewrites.allAt(StaticJavaParser.parseStatement("if (" + length + " < 0) throw new"
          + " ArrayIndexOutOfBoundsException(\"arraycopy: length \" + " + length + " + \" is negative\");"), call));
    }
    String i = SourceRewrites.fresh("i", taken);
    String store = dst + "[" + offset(dstPos, i) + "] = " + src + "[" + offset(srcPos, i) + "];";
    String up = "for (int " + i + " = 0; " + i + " < " + length + "; " + i + "++) { " + store + " }";
    String down = "for (int " + i + " = " + length + " - 1; " + i + " >= 0; " + i + "--) { " + store + " }";
    Statement copy;
    if (!src.toString().equals(dst.toString())) {
      copy = StaticJavaParser.parseStatement(up);
    } else if (srcPos instanceof IntegerLiteralExpr a && dstPos instanceof IntegerLiteralExpr b) {
      copy = StaticJavaParser.parseStatement(a.asNumber().intValue() < b.asNumber().intValue() ? down : up);
    } else {
      // Within one array, a copy to a later position must not read what it has already written.
      copy = StaticJavaParser.parseStatement("if (" + srcPos + " < " + dstPos + ") { " + down + " } else { " + up + " }");
    }
    out.add(SourceRewrites.allAt(copy, call));
  }

  /** The value of an int literal; {@code NaN} for anything else (so every comparison with it is false). */
  private static double literal(Expression e) {
    return e instanceof IntegerLiteralExpr l ? l.asNumber().intValue() : Double.NaN;
  }

  private static String offset(Expression position, String i) {
    return position instanceof IntegerLiteralExpr l && l.asNumber().intValue() == 0 ? i : position + " + " + i;
  }
}
