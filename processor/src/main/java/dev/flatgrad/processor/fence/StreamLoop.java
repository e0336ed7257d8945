package dev.flatgrad.processor.fence;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The statements that compute one chain's value, and that value: the loop of its stages and its reduction. */
final class StreamLoop {
  private final StreamChain chain;
  private final Set<String> taken;
  private final MethodDeclaration m;
  private final Statement holder;
  private final List<String> before = new ArrayList<>();
  private StreamLoopHead head;
  /** The index of the loop over a flattened row's elements, once named. */
  private String elementIndex;

  StreamLoop(StreamChain chain, MethodDeclaration m, Set<String> taken, Statement holder) {
    this.chain = chain;
    this.m = m;
    this.taken = taken;
    this.holder = holder;
  }

  /** Puts the loop before the holder and its value in the stream's place (all parsed before the tree changes). */
  void rewrite() {
    List<Statement> hoisted = new ArrayList<>();
    head = StreamLoopHead.of(chain, m, taken, holder, hoisted, before);
    String value = reduce();
    for (String s : before) {
      hoisted.add(SourceRewrites.allAt(StaticJavaParser.parseStatement(s), chain.top()));
    }
    Expression replacement = StaticJavaParser.parseExpression(value);
    Optional<VariableDeclarator> into = declared(holder);
    SourceRewrites.surround(holder, hoisted, List.of());
    if (into.isPresent() && value.equals(into.get().getNameAsString())) {
      // The loop computed into the declared variable: its declaration is the loop's.
      holder.remove();
      return;
    }
    boolean whole = chain.top().getParentNode().filter(p -> p instanceof VariableDeclarator || p instanceof ReturnStmt
        || p instanceof ExpressionStmt || p instanceof AssignExpr a && a.getValue() == chain.top())
        .isPresent();
    if (!whole && replacement instanceof ConditionalExpr) {
      // In parentheses, so that the text printed from the tree reads as the tree does.
      replacement = new EnclosedExpr(replacement);
    }
    chain.top().replace(SourceRewrites.allAt(replacement, chain.top()));
  }

  /** The loop and what comes after it: the expression of the stream's value. */
  private String reduce() {
    boolean filtered = chain.counted();
    String r = chain.reduction();
    String finisher = chain.finisher() == null ? "" : chain.finisher().getNameAsString();
    Optional<VariableDeclarator> into = declaredFor(r, filtered);
    String counter = filtered ? into.filter(v -> r.equals("count")).map(VariableDeclarator::getNameAsString)
        .orElseGet(() -> SourceRewrites.fresh("count", taken)) : null;
    String length = head.length();
    String count = filtered ? counter : length;
    String index = head.index();
    String position = filtered ? counter : head.offset() == null ? index : index + " - " + head.offset();
    String increment = filtered ? counter + "++;" : "";
    switch (r) {
      case "count" -> {
        if (!filtered) {
          return "(long) " + paren(length);
        }
        before.add("long " + counter + " = 0;");
        if (lastNeeded(false) < chain.stages().size() - 1) {
          // Maps after the last filter run for each element counted, as Java's do: a value of theirs
          // nothing reads stays where it may throw (reverse.DeadStores), and goes where it cannot.
          String mapped = SourceRewrites.fresh("mapped", taken);
          before.add(loop(chain.typeAt(chain.stages().size()) + " " + mapped + " = %s; " + increment, true));
        } else {
          before.add(loop(increment, false));
        }
        return counter;
      }
      case "sum", "average", "toArray" -> {
        String terms;
        if (chain.stages().isEmpty() && head.whole() != null) {
          // The terms are the array's own.
          terms = head.whole();
          if (r.equals("toArray")) {
            return head.users() ? terms + ".clone()" : terms;
          }
        } else {
          terms = into.map(VariableDeclarator::getNameAsString)
              .orElseGet(() -> SourceRewrites.fresh(r.equals("toArray") ? "values" : "terms", taken));
          if (chain.flattening() >= 0) {
            length = capacity();
          }
          before.add("double[] " + terms + " = new double[" + length + "];");
          if (filtered) {
            before.add("int " + counter + " = 0;");
          }
          before.add(loop(terms + "[" + position + "] = %s;" + increment, true));
        }
        if (r.equals("toArray")) {
          return filtered ? "Nd.copyOf(" + terms + ", " + counter + ")" : terms;
        }
        if (r.equals("sum")) {
          return "Nd.streamSum(" + terms + ", " + count + ")";
        }
        return present(count, "Nd.streamAverage(" + terms + ", " + count + ")", finisher);
      }
      default -> { // max, min
        String extreme = into.map(VariableDeclarator::getNameAsString).orElseGet(() -> SourceRewrites.fresh(r, taken));
        boolean guardFirst = !filtered && !finisher.equals("orElse");
        if (guardFirst) {
          guard(count);
        }
        before.add("double " + extreme + " = Double." + (r.equals("max") ? "NEGATIVE" : "POSITIVE") + "_INFINITY;");
        if (filtered) {
          before.add("int " + counter + " = 0;");
        }
        before.add(loop(extreme + " = Math." + r + "(" + extreme + ", %s);" + increment, true));
        if (finisher.equals("orElse") && into.isPresent()) {
          // orElse's value put in the declared variable when empty: a running max or min that only
          // takes other values, as a loop's, whose stabilising shift is seen (analyse.ScalarShifts).
          String otherwise = otherwise();
          if (!(StreamLoopHead.literal(count) > 0)) {
            before.add("if (" + paren(count) + " == 0) { " + extreme + " = " + otherwise + "; }");
          }
          return extreme;
        }
        return guardFirst ? extreme : present(count, extreme, finisher);
      }
    }
  }

  /**
   * As many terms as the loop may gather: the lengths of all the rows streamed, before any filter
   * of theirs, which so runs once a row, in the loop, in Java's order (its exceptions among those
   * of the other stages as Java's). (A null row fails here, before the rows ahead of it are run:
   * flatgrad takes no null, so no filter of the user's can drop it.)
   */
  private String capacity() {
    String size = SourceRewrites.fresh("size", taken);
    before.add("int " + size + " = 0;");
    before.add(head.head() + " { " + size + " += " + head.first() + ".length; }");
    return size;
  }

  /** An OptionalDouble's value: a guard that throws as Java's does, or {@code orElse}'s value when empty. */
  private String present(String count, String value, String finisher) {
    if (!finisher.equals("orElse")) {
      guard(count);
      return value;
    }
    return paren(count) + " == 0 ? " + otherwise() + " : " + value;
  }

  /** The value of {@code orElse}'s argument. */
  private String otherwise() {
    Expression other = chain.finisher().getArgument(0);
    if (!SourceRewrites.mayThrowOrChange(other)) {
      return other.toString();
    }
    // Evaluated as Java does, after the stream and whether it is empty or not: it may throw.
    String otherwise = SourceRewrites.fresh("otherwise", taken);
    before.add("double " + otherwise + " = " + other + ";");
    return otherwise;
  }

  private void guard(String count) {
    if (!(StreamLoopHead.literal(count) > 0)) {
      before.add("if (" + paren(count) + " == 0) throw new java.util.NoSuchElementException(\"No value present\");");
    }
  }

  /** The loop running the stages a use needs: all where it reads the element; else up to the last that counts. */
  private String loop(String use, boolean readsElement) {
    return loop(use, lastNeeded(readsElement));
  }

  /**
   * The loop of the stages up to {@code last}: each stage's parameter declared from the element
   * before it, a filter's test around the rest, a flattening's loop over its row's elements, and
   * {@code use} (with {@code %s} for the last element, where it reads it).
   */
  private String loop(String use, int last) {
    StringBuilder body = new StringBuilder();
    int closes = 0;
    String element = head.first();
    for (int k = 0; k <= last; k++) {
      StreamStage s = chain.stages().get(k);
      if (s.param() != null && !s.param().equals(element)) {
        body.append(chain.typeAt(k)).append(' ').append(s.param()).append(" = ").append(element).append("; ");
      }
      s.statements().forEach(st -> body.append(st).append(' '));
      if (s.op().equals("flatMapToDouble")) {
        String row = s.param() == null ? element : s.value().toString();
        String j = elementIndex();
        body.append("for (int ").append(j).append(" = 0; ").append(j).append(" < ").append(row).append(".length; ")
            .append(j).append("++) { ");
        closes++;
        element = row + "[" + j + "]";
      } else if (s.param() == null) {
        MethodCallExpr call = ((MethodCallExpr) s.value()).clone();
        String applied = call.addArgument(StaticJavaParser.parseExpression(element)).toString();
        if (s.op().equals("filter")) {
          body.append("if (").append(applied).append(") { ");
          closes++;
        } else {
          element = applied;
        }
      } else if (s.op().equals("filter")) {
        body.append("if (").append(s.value()).append(") { ");
        closes++;
        element = s.param();
      } else {
        element = s.value().toString();
      }
    }
    body.append(use.formatted(element));
    body.append(" }".repeat(closes));
    return head.head() + " { " + body + " }";
  }

  /** The index of the loop over a flattened row's elements, inside the loop over the rows. */
  private String elementIndex() {
    if (elementIndex == null) {
      Set<String> names = StreamLoopHead.visible(chain, m, holder);
      names.add(head.index());
      elementIndex = SourceRewrites.fresh("j", names);
    }
    return elementIndex;
  }

  /** The last stage the loop runs: all for a use of the element; up to the last that counts for a count. */
  private int lastNeeded(boolean readsElement) {
    int last = chain.stages().size() - 1;
    while (!readsElement && last >= 0 && !chain.stages().get(last).counts()) {
      last--;
    }
    return last;
  }

  /**
   * The declaration {@code T name = <stream>;} the loop may compute into directly: a max or min,
   * an array not filtered or a count filtered, declared with the type of the value.
   */
  private Optional<VariableDeclarator> declaredFor(String r, boolean filtered) {
    Optional<VariableDeclarator> v = declared(holder);
    boolean direct = StreamChain.OPTIONAL_REDUCTIONS.contains(r) && !r.equals("average")
        && v.filter(d -> d.getType().asString().equals("double")).isPresent()
        || r.equals("toArray") && !filtered && v.filter(d -> d.getType().asString().equals("double[]")).isPresent()
        || r.equals("count") && filtered && v.filter(d -> d.getType().asString().equals("long")).isPresent();
    return direct ? v : Optional.empty();
  }

  /** The one variable {@code holder} declares, if the chain is its whole initializer. */
  private Optional<VariableDeclarator> declared(Statement holder) {
    if (holder instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d
        && d.getVariables().size() == 1 && d.getVariables().get(0).getInitializer().orElse(null) == chain.top()) {
      return Optional.of(d.getVariables().get(0));
    }
    return Optional.empty();
  }

  private static String paren(String e) {
    return e.matches("[\\w.]+(\\([^()]*\\))?") ? e : "(" + e + ")"; // a name, a field, a call of them
  }
}
