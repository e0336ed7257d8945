package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The loop over a stream's source: its index, its header, the source's first element read at the
 * index, the number of elements (and the index of the first where it is not 0), and the array it
 * reads whole, if it does ({@code users}: the user's, not a new local of the values).
 */
record StreamLoopHead(String index, String head, String first, String length, String offset, String whole,
    boolean users) {

  /**
   * The head of the chain's loop; the source's values evaluated once go to {@code hoisted}, the
   * statements the loop needs first (the checks Java's source makes, an array of given values) to
   * {@code before}.
   */
  static StreamLoopHead of(StreamChain chain, MethodDeclaration m, Set<String> taken, Statement holder,
      List<Statement> hoisted, List<String> before) {
    MethodCallExpr s = chain.source();
    String name = s.getNameAsString();
    if (name.equals("stream")) {
      Expression array = s.getArgument(0);
      String a = array instanceof NameExpr ? array.toString()
          : SourceRewrites.once(array, "array", ArgumentTypes.typeOf(array, m).orElse("double[]"), taken, hoisted)
              .toString();
      String from = "0";
      String to = a + ".length";
      if (s.getArguments().size() == 3) {
        from = SourceRewrites.once(s.getArgument(1), "from", "int", taken, hoisted).toString();
        to = SourceRewrites.once(s.getArgument(2), "to", "int", taken, hoisted).toString();
        if (!(literal(from) <= literal(to))) {
          // Arrays.stream's own check, which the loop would not make: a range backwards.
          before.add("if (" + from + " > " + to + ") throw new ArrayIndexOutOfBoundsException("
              + text("\"origin(" + piece(from) + ") > fence(" + piece(to) + ")\"") + ");");
        }
        // Then its bounds, in its order (Spliterators.checkFromToBounds), with its exception's messages.
        if (!(literal(from) >= 0)) {
          before.add("if (" + from + " < 0) throw new ArrayIndexOutOfBoundsException(" + from + ");");
        }
        before.add("if (" + to + " > " + a + ".length) throw new ArrayIndexOutOfBoundsException(" + to + ");");
      }
      return over(chain, m, holder, from, to, a, s.getArguments().size() == 1 ? a : null, true);
    }
    if (name.equals("of")) {
      // DoubleStream.of's numbers, or Stream.of's rows: given one by one, or as one array of them (varargs).
      List<Expression> args = s.getArguments();
      String array = chain.element() + "[]";
      String type = args.size() == 1 ? ArgumentTypes.typeOf(args.get(0), m).orElse(chain.element()) : chain.element();
      boolean given = type.equals(array);
      String a;
      boolean users = given && args.get(0) instanceof NameExpr;
      if (users) {
        a = args.get(0).toString();
      } else {
        a = SourceRewrites.fresh(RowStreams.isRow(chain.element()) ? "rows" : "values", taken);
        before.add(array + " " + a + " = " + (given ? args.get(0).toString() : "{" + String.join(", ",
            args.stream().map(Expression::toString).toList()) + "}") + ";");
      }
      StreamLoopHead over = over(chain, m, holder, "0", a + ".length", a, a, users);
      return given ? over : new StreamLoopHead(over.index, over.head, over.first, Integer.toString(args.size()),
          over.offset, over.whole, over.users);
    }
    String lo = SourceRewrites.once(s.getArgument(0), "from", "int", taken, hoisted).toString();
    String hi = SourceRewrites.once(s.getArgument(1), "to", "int", taken, hoisted).toString();
    // The loop's index is the first function's parameter, where it takes the int.
    String index = chain.stages().isEmpty() || chain.stages().get(0).param() == null
        ? SourceRewrites.fresh("i", visible(chain, m, holder)) : chain.stages().get(0).param();
    boolean closed = name.equals("rangeClosed");
    String head = "for (int " + index + " = " + lo + "; " + index + (closed ? " <= " : " < ") + hi + "; " + index + "++)";
    String count = closed ? hi + " - " + lo + " + 1" : hi + " - " + lo;
    // An empty range (hi below lo) counts 0, where a length of hi - lo would be negative.
    String length = lo.equals("0") && !closed && (literal(hi) >= 0 || hi.endsWith(".length")) ? hi
        : !Double.isNaN(literal(lo)) && !Double.isNaN(literal(hi)) ? Integer.toString(Math.max(0,
            (int) (literal(hi) - literal(lo)) + (closed ? 1 : 0)))
        : "Math.max(" + (lo.equals("0") && !closed ? hi : count) + ", 0)";
    return new StreamLoopHead(index, head, index, length, lo.equals("0") ? null : lo, null, false);
  }

  /** A loop over the array {@code a}'s elements from {@code from} to {@code to}. */
  private static StreamLoopHead over(StreamChain chain, MethodDeclaration m, Statement holder, String from, String to,
      String a, String whole, boolean users) {
    String index = SourceRewrites.fresh("i", visible(chain, m, holder));
    String head = "for (int " + index + " = " + from + "; " + index + " < " + to + "; " + index + "++)";
    String length = from.equals("0") ? to
        : literal(from) <= literal(to) ? Integer.toString((int) (literal(to) - literal(from))) : to + " - " + from;
    return new StreamLoopHead(index, head, a + "[" + index + "]", length, from.equals("0") ? null : from, whole, users);
  }

  /**
   * The names the loop's index must not take: those in scope where the loop goes (the method's
   * parameters, locals declared before it in the blocks around it, the variables of the loops
   * around it) and those the loop's body reads or declares. (The index is the loop's own, so
   * loops one after another each count with {@code i}.)
   */
  static Set<String> visible(StreamChain chain, MethodDeclaration m, Statement holder) {
    Set<String> names = new HashSet<>();
    chain.top().findAll(SimpleName.class).forEach(n -> names.add(n.getIdentifier()));
    for (StreamStage s : chain.stages()) {
      names.add(s.param());
      s.statements().forEach(st -> st.findAll(SimpleName.class).forEach(n -> names.add(n.getIdentifier())));
    }
    m.getParameters().forEach(p -> names.add(p.getNameAsString()));
    Node child = holder;
    for (Node at = holder.getParentNode().orElseThrow(); at != m; child = at, at = at.getParentNode().orElseThrow()) {
      if (at instanceof BlockStmt block) {
        for (Statement s : block.getStatements()) {
          if (s == child) {
            break;
          }
          if (s instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d) {
            d.getVariables().forEach(v -> names.add(v.getNameAsString()));
          }
        }
      } else if (at instanceof ForStmt f) {
        f.getInitialization().forEach(i -> i.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString())));
      } else if (at instanceof ForEachStmt f) {
        names.add(f.getVariableDeclarator().getNameAsString());
      }
    }
    return names;
  }

  /** A value in a message's text: a literal as its digits, anything else concatenated. */
  private static String piece(String e) {
    return Double.isNaN(literal(e)) ? "\" + " + e + " + \"" : e;
  }

  /** A string literal with pieces concatenated, without the empty strings they leave. */
  private static String text(String quoted) {
    return quoted.replace(" + \"\"", "").replace("\"\" + ", "");
  }

  /** The value of an int literal; {@code NaN} for anything else. */
  static double literal(String e) {
    return e.matches("\\d+") ? Double.parseDouble(e) : Double.NaN;
  }
}
