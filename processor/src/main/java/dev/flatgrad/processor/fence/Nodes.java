package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.flatgrad.processor.ir.Pos;
import java.util.HashSet;
import java.util.Set;

/** Where a node of the user's source is, as diagnostics report it, and which names it writes. */
public final class Nodes {

  private Nodes() {}

  /** 1-based line and column of a node (tabs count as one column). */
  public static Pos pos(Node n) {
    return n.getBegin().map(p -> new Pos(p.line, p.column)).orElse(Pos.NONE);
  }

  /** The names {@code n} assigns or increments anywhere in it (any scope). */
  public static Set<String> assignedNames(Node n) {
    Set<String> out = new HashSet<>();
    n.findAll(AssignExpr.class).forEach(a -> {
      if (a.getTarget() instanceof NameExpr name) {
        out.add(name.getNameAsString());
      }
    });
    n.findAll(UnaryExpr.class).forEach(u -> {
      if (u.getExpression() instanceof NameExpr name) {
        out.add(name.getNameAsString());
      }
    });
    return out;
  }
}
