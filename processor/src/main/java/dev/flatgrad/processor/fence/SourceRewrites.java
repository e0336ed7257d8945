package dev.flatgrad.processor.fence;

import com.github.javaparser.Range;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.flatgrad.processor.ir.Exprs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rewrites of a body's source ({@link ArrayCopies}, {@link Switches}, {@link Labels},
 * {@link Increments}, {@link ChainedAssignments}) share: names for new locals that nothing in the
 * method uses, new nodes placed on the user's line, so that diagnostics about them point there,
 * and new statements put around one.
 */
final class SourceRewrites {

  private SourceRewrites() {}

  /** Every name the method's parameters and body use, taken for new locals. */
  static Set<String> namesIn(MethodDeclaration m) {
    Set<String> taken = new HashSet<>();
    m.getParameters().forEach(p -> taken.add(p.getNameAsString()));
    m.getBody().ifPresent(b -> b.findAll(SimpleName.class).forEach(n -> taken.add(n.getIdentifier())));
    return taken;
  }

  /**
   * Every name the method's parameters and body use but for the methods it calls (a local may be
   * named as a method is), taken for new locals.
   */
  static Set<String> variableNamesIn(MethodDeclaration m) {
    Set<String> taken = new HashSet<>();
    m.getParameters().forEach(p -> taken.add(p.getNameAsString()));
    m.getBody().ifPresent(b -> b.findAll(SimpleName.class, n -> !n.getParentNode()
        .filter(p -> p instanceof MethodCallExpr c && c.getName() == n).isPresent()).forEach(n -> taken.add(n.getIdentifier())));
    return taken;
  }

  /** The names of the method's parameters and locals. */
  static Set<String> variablesOf(MethodDeclaration m) {
    Set<String> out = new HashSet<>();
    m.findAll(Parameter.class).forEach(p -> out.add(p.getNameAsString()));
    m.findAll(VariableDeclarator.class).forEach(v -> out.add(v.getNameAsString()));
    return out;
  }

  /** {@code base}, or {@code base2}, {@code base3}... the first not taken, now taken. */
  static String fresh(String base, Set<String> taken) {
    String name = base;
    for (int k = 2; taken.contains(name); k++) {
      name = base + k;
    }
    taken.add(name);
    return name;
  }

  /** A new node placed where {@code where} is (its children keep their own places). */
  static <N extends Node> N at(N n, Node where) {
    where.getRange().ifPresent((Range r) -> n.setRange(r));
    return n;
  }

  /** A new node and every node in it (a statement parsed from text) placed where {@code where} is. */
  static <N extends Node> N allAt(N n, Node where) {
    where.getRange().ifPresent((Range r) -> n.walk(x -> x.setRange(r)));
    return n;
  }

  /** Puts the new statements around {@code s}: in its block, or in a new block where it stood alone. */
  static void surround(Statement s, List<Statement> before, List<Statement> after) {
    NodeList<Statement> stmts;
    if (s.getParentNode().orElse(null) instanceof BlockStmt block) {
      stmts = block.getStatements();
    } else {
      BlockStmt block = at(new BlockStmt(), s);
      s.replace(block);
      stmts = block.getStatements();
      stmts.add(s);
    }
    int at = indexOf(stmts, s);
    stmts.addAll(at + 1, after);
    stmts.addAll(at, before);
  }

  /** Where {@code s} stands in {@code stmts}, by identity: an equal statement may stand before it. */
  static int indexOf(NodeList<Statement> stmts, Statement s) {
    int at = 0;
    while (stmts.get(at) != s) {
      at++;
    }
    return at;
  }

  /**
   * The array as the loop may read it on every trip: a name, a field, an element of one at simple
   * indices as written; anything else computed once into a new local.
   */
  static Expression arrayOnce(Expression a, Set<String> taken, List<Statement> out) {
    return isPlace(a) ? a : once(a, "array", "var", taken, out);
  }

  static boolean isPlace(Expression a) {
    return a instanceof NameExpr || a instanceof FieldAccessExpr f && isPlace(f.getScope())
        || a instanceof ThisExpr
        || a instanceof ArrayAccessExpr e && isPlace(e.getName()) && isSimple(e.getIndex());
  }

  /**
   * A value evaluated as it is written on every trip: a name, a field ({@code x.length}, a
   * constant: a @Differentiable body writes no field) or a literal (a negative one too).
   */
  static boolean isSimple(Expression e) {
    return e instanceof NameExpr || e instanceof LiteralExpr || e instanceof FieldAccessExpr f && isPlace(f.getScope())
        || e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS && u.getExpression() instanceof LiteralExpr;
  }

  /**
   * Whether evaluating {@code n} may throw or change state: a call (but Math's that cannot throw, as
   * {@link Exprs#mathMayThrow} says),
   * an element, a division, a field of an object ({@code x.length}), a new object or array, an
   * assignment or increment, a switch's test (of a selector that may be null).
   */
  static boolean mayThrowOrChange(Node n) {
    return n.findFirst(Node.class, x -> x instanceof MethodCallExpr c && !(c.getScope().map(Node::toString)
            .filter(sc -> sc.equals("Math") || sc.equals("StrictMath")).isPresent() && !Exprs.mathMayThrow(c.getNameAsString()))
        || x instanceof ArrayAccessExpr || x instanceof BinaryExpr b && (b.getOperator() == BinaryExpr.Operator.DIVIDE
            || b.getOperator() == BinaryExpr.Operator.REMAINDER)
        || x instanceof FieldAccessExpr f && !isTypeName(f.getScope()) && !(f.getScope() instanceof ThisExpr)
        || x instanceof ObjectCreationExpr || x instanceof ArrayCreationExpr || x instanceof AssignExpr
        || x instanceof UnaryExpr u && isStep(u.getOperator())
        || x instanceof SwitchExpr || x.containsData(Switches.NULL_GUARD) || x.containsData(Switches.CASE_TEST)).isPresent();
  }

  /** Whether {@code op} is {@code ++} or {@code --}, either side. */
  static boolean isStep(UnaryExpr.Operator op) {
    return op == UnaryExpr.Operator.PREFIX_INCREMENT || op == UnaryExpr.Operator.PREFIX_DECREMENT
        || op == UnaryExpr.Operator.POSTFIX_INCREMENT || op == UnaryExpr.Operator.POSTFIX_DECREMENT;
  }

  /** {@code Math}, {@code Mode}: a name spelled as a class's, the scope of a static field. */
  private static boolean isTypeName(Expression e) {
    return e instanceof NameExpr n && Character.isUpperCase(n.getNameAsString().charAt(0))
        || e instanceof FieldAccessExpr f && Character.isUpperCase(f.getNameAsString().charAt(0));
  }

  /** {@code e} itself if simple, else a new local {@code type name = e;} added to {@code out}. */
  static Expression once(Expression e, String base, String type, Set<String> taken, List<Statement> out) {
    if (isSimple(e)) {
      return e.clone();
    }
    String name = SourceRewrites.fresh(base, taken);
    out.add(SourceRewrites.allAt(StaticJavaParser.parseStatement(type + " " + name + " = " + e + ";"), e));
    return new NameExpr(name);
  }
}
