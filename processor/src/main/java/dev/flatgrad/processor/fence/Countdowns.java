package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.PrimitiveType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rewrites the countdown users write as a {@code while}, {@code int i = n; while (i-- > 0) body}
 * (or {@code while (--i >= 0)}), into the counting loop it is, {@code for (int i = n - 1; i >= 0;
 * i--) body}, before {@link Increments} would make it a {@code while (true)} whose every exit is
 * recorded: a counting loop is replayed backwards by counting up, as a person writes it. The body
 * runs with the same values of {@code i} and leaves it (by {@code break} or the test) alike, a
 * {@code continue} included. Only where that is the same program: {@code i} is an {@code int}
 * local declared in the loop's block, with nothing between the declaration and the loop that
 * mentions {@code i} or a name its start reads (nor, unless the declaration comes right before the
 * loop, a start calling other than {@code Math}), and nothing after the loop mentions {@code i}
 * (the rewrite scopes it to the loop).
 * A start of {@code Integer.MIN_VALUE} would differ (the {@code while} runs no trip, {@code n -
 * 1} overflows); a count or a length never is one.
 */
public final class Countdowns {

  private Countdowns() {}

  /** Rewrites every countdown {@code while} of the body that is a counting loop. */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> body.findAll(WhileStmt.class).forEach(Countdowns::rewrite));
  }

  private static void rewrite(WhileStmt loop) {
    Optional<String> counter = counter(loop.getCondition());
    if (counter.isEmpty() || !(loop.getParentNode().orElse(null) instanceof BlockStmt block)) {
      return;
    }
    String i = counter.get();
    NodeList<Statement> stmts = block.getStatements();
    int at = SourceRewrites.indexOf(stmts, loop);
    int declared = at - 1;
    while (declared >= 0 && declarator(stmts.get(declared), i).isEmpty()) {
      declared--;
    }
    if (declared < 0 || stmts.subList(at + 1, stmts.size()).stream().anyMatch(s -> mentions(s, Set.of(i)))) {
      return;
    }
    VariableDeclarator d = declarator(stmts.get(declared), i).get();
    Expression start = d.getInitializer().orElseThrow();
    List<Statement> between = stmts.subList(declared + 1, at);
    Set<String> read = start.findAll(NameExpr.class).stream().map(NameExpr::getNameAsString).collect(Collectors.toSet());
    if (between.stream().anyMatch(s -> mentions(s, Set.of(i)) || mentions(s, read))
        || !between.isEmpty() && start.findAll(MethodCallExpr.class).stream().anyMatch(c -> !ArgumentTypes.callsMath(c))) {
      return;
    }
    ForStmt counting = SourceRewrites.at(new ForStmt(), loop);
    VariableDeclarationExpr init = SourceRewrites.at(new VariableDeclarationExpr(
        SourceRewrites.at(new VariableDeclarator(PrimitiveType.intType(), i, minusOne(start)), d)), d);
    counting.setInitialization(new NodeList<>(init));
    counting.setCompare(SourceRewrites.allAt(new BinaryExpr(new NameExpr(i), new IntegerLiteralExpr("0"),
        BinaryExpr.Operator.GREATER_EQUALS), loop.getCondition()));
    counting.setUpdate(new NodeList<>(SourceRewrites.allAt(
        new UnaryExpr(new NameExpr(i), UnaryExpr.Operator.POSTFIX_DECREMENT), loop.getCondition())));
    counting.setBody(loop.getBody());
    stmts.set(at, counting);
    stmts.remove(declared);
  }

  /** {@code i} of {@code i-- > 0}, {@code --i >= 0} and their mirrors, brackets aside. */
  private static Optional<String> counter(Expression cond) {
    while (cond instanceof EnclosedExpr e) {
      cond = e.getInner();
    }
    if (!(cond instanceof BinaryExpr b)) {
      return Optional.empty();
    }
    Expression left = b.getLeft();
    Expression right = b.getRight();
    BinaryExpr.Operator op = b.getOperator();
    if (isZero(left)) {
      left = b.getRight();
      right = b.getLeft();
      op = op == BinaryExpr.Operator.LESS ? BinaryExpr.Operator.GREATER
          : op == BinaryExpr.Operator.LESS_EQUALS ? BinaryExpr.Operator.GREATER_EQUALS : null;
    }
    if (!isZero(right) || !(left instanceof UnaryExpr u) || !(u.getExpression() instanceof NameExpr name)) {
      return Optional.empty();
    }
    boolean countdown = u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT && op == BinaryExpr.Operator.GREATER
        || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT && op == BinaryExpr.Operator.GREATER_EQUALS;
    return countdown ? Optional.of(name.getNameAsString()) : Optional.empty();
  }

  private static boolean isZero(Expression e) {
    return e instanceof IntegerLiteralExpr l && l.getValue().equals("0");
  }

  /** The declarator of {@code int i = start;} (one variable, an initial value), if {@code s} is that. */
  private static Optional<VariableDeclarator> declarator(Statement s, String i) {
    if (s instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr v
        && v.getVariables().size() == 1) {
      VariableDeclarator d = v.getVariable(0);
      if (d.getNameAsString().equals(i) && d.getType().equals(PrimitiveType.intType())
          && d.getInitializer().isPresent()) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static boolean mentions(Node n, Set<String> names) {
    return n.findAll(SimpleName.class).stream().anyMatch(s -> names.contains(s.getIdentifier()));
  }

  /** Operators that bind at least as tightly as the {@code -} of {@code start - 1}. */
  private static final Set<BinaryExpr.Operator> TIGHT = Set.of(BinaryExpr.Operator.PLUS, BinaryExpr.Operator.MINUS,
      BinaryExpr.Operator.MULTIPLY, BinaryExpr.Operator.DIVIDE, BinaryExpr.Operator.REMAINDER);

  /** {@code start - 1}, a literal worked out, a looser expression bracketed. */
  private static Expression minusOne(Expression start) {
    if (start instanceof IntegerLiteralExpr l && l.asNumber() instanceof Integer n) {
      // A literal is never negative in Java's grammar: -1 is a minus and a literal, as javac parses it.
      return n > 0 ? SourceRewrites.at(new IntegerLiteralExpr(Integer.toString(n - 1)), start)
          : SourceRewrites.allAt(new UnaryExpr(new IntegerLiteralExpr(Integer.toString(1 - n)), UnaryExpr.Operator.MINUS),
              start);
    }
    boolean loose = start instanceof BinaryExpr b ? !TIGHT.contains(b.getOperator())
        : start instanceof ConditionalExpr || start instanceof AssignExpr;
    Expression left = loose ? SourceRewrites.at(new EnclosedExpr(start), start) : start;
    return SourceRewrites.at(new BinaryExpr(left, new IntegerLiteralExpr("1"), BinaryExpr.Operator.MINUS), start);
  }

}
