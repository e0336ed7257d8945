package dev.flatgrad.processor.fence;

import com.github.javaparser.Range;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
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
}
