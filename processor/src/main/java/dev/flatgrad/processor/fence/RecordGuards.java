package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A record's compact constructor that only checks what it is given ({@code Prob { if (p < 0 || p >
 * 1) throw new IllegalArgumentException("p " + p); }}): where {@link RecordLocals} writes a record
 * it makes as components, it writes the checks before them, on the values given, so that the
 * method throws where the record would not be made.
 */
final class RecordGuards {

  private RecordGuards() {}

  /**
   * Whether {@code r}'s constructors, if any, are one compact constructor of checks only: each
   * statement an {@code if} without {@code else} that throws, reading the components, literals and
   * classes' members, changing nothing.
   */
  static boolean onlyChecks(RecordDeclaration r) {
    if (!r.getConstructors().isEmpty() || r.getCompactConstructors().size() > 1) {
      return false;
    }
    Set<String> components = r.getParameters().stream().map(p -> p.getNameAsString()).collect(Collectors.toSet());
    return r.getCompactConstructors().stream().allMatch(c -> c.getBody().getStatements().stream()
        .allMatch(s -> isCheck(s, components)));
  }

  /** Whether {@code r} has checks to write before its components. */
  static boolean checks(RecordDeclaration r) {
    return !r.getCompactConstructors().isEmpty();
  }

  private static boolean isCheck(Statement s, Set<String> components) {
    return s instanceof IfStmt i && i.getElseStmt().isEmpty() && throwsOnly(i.getThenStmt())
        && s.findAll(AssignExpr.class).isEmpty() && s.findAll(UnaryExpr.class, u -> Fence.isIncrement(u)).isEmpty()
        && s.findAll(ThisExpr.class).isEmpty()
        && s.findAll(NameExpr.class).stream().allMatch(n -> components.contains(n.getNameAsString()) || namesAClass(n));
  }

  private static boolean throwsOnly(Statement s) {
    return s instanceof ThrowStmt || s instanceof BlockStmt b && b.getStatements().size() == 1 && b.getStatement(0) instanceof ThrowStmt;
  }

  /** {@code Math} of {@code Math.abs(p)}, {@code Double} of {@code Double.isNaN(p)}: a class whose member is read. */
  private static boolean namesAClass(NameExpr n) {
    Node parent = n.getParentNode().orElse(null);
    return Character.isUpperCase(n.getNameAsString().charAt(0))
        && (parent instanceof MethodCallExpr c && c.getScope().filter(x -> x == n).isPresent()
            || parent instanceof FieldAccessExpr f && f.getScope() == n);
  }

  /** {@code r}'s checks on {@code values}, given in the order of its components (on the record's lines, as written there). */
  static List<Statement> on(RecordDeclaration r, List<Expression> values) {
    Map<String, Expression> given = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      given.put(r.getParameter(i).getNameAsString(), values.get(i));
    }
    List<Statement> out = new ArrayList<>();
    for (CompactConstructorDeclaration c : r.getCompactConstructors()) {
      for (Statement s : c.getBody().getStatements()) {
        Statement check = s.clone();
        check.findAll(NameExpr.class, n -> given.containsKey(n.getNameAsString()))
            .forEach(n -> n.replace(given.get(n.getNameAsString()).clone()));
        out.add(check);
      }
    }
    return out;
  }
}
