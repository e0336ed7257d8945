package dev.flatgrad.processor.fence;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithStatements;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a labelled loop and the {@code break label} and {@code continue label} that leave it
 * from inner loops into the flags a person writes instead, on the JavaParser tree before the
 * fence and lowering see it (as {@link Switches} does for switches), so neither knows labels:
 *
 * <pre>{@code
 * rows:                                   boolean breakRows = false;
 * for (...) {                             for (...) {
 *   for (...) {                             for (...) {
 *     if (c) break rows;          ==>         if (c) { breakRows = true; break; }
 *   }                                       }
 *   rest;                                   if (breakRows) break;
 * }                                         rest;
 *                                         }
 * }</pre>
 *
 * A {@code continue label} sets its own flag, which the labelled loop's body clears as it
 * continues; a jump from the labelled loop's own body (no loop between) is a plain break or
 * continue. A label on anything but a loop stays, and the fence reports it.
 */
public final class Labels {

  private Labels() {}

  /** Rewrites every labelled loop of the body, inner ones first. */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> {
      List<LabeledStmt> labelled = new ArrayList<>(body.findAll(LabeledStmt.class, l -> isLoop(l.getStatement())));
      if (labelled.isEmpty()) {
        return;
      }
      Collections.reverse(labelled); // pre-order reversed: inner labels first
      Set<String> taken = SourceRewrites.namesIn(m);
      labelled.forEach(l -> rewrite(l, taken));
    });
  }

  private static boolean isLoop(Node n) {
    return n instanceof com.github.javaparser.ast.stmt.ForStmt || n instanceof com.github.javaparser.ast.stmt.ForEachStmt
        || n instanceof com.github.javaparser.ast.stmt.WhileStmt || n instanceof com.github.javaparser.ast.stmt.DoStmt;
  }

  private static void rewrite(LabeledStmt labelled, Set<String> taken) {
    String label = labelled.getLabel().getIdentifier();
    Statement loop = labelled.getStatement();
    List<Statement> before = new ArrayList<>();
    List<BreakStmt> breaks = loop.findAll(BreakStmt.class, b -> b.getLabel().filter(l -> l.getIdentifier().equals(label)).isPresent());
    List<ContinueStmt> continues =
        loop.findAll(ContinueStmt.class, c -> c.getLabel().filter(l -> l.getIdentifier().equals(label)).isPresent());
    jumps(breaks, loop, "break" + capitalised(label), "break;", taken, before);
    jumps(continues, loop, "continue" + capitalised(label), "continue;", taken, before);
    BlockStmt block = SourceRewrites.allAt(new BlockStmt(), labelled);
    labelled.replace(block);
    before.forEach(block::addStatement);
    block.addStatement(loop);
  }

  /**
   * Rewrites the jumps to the labelled loop: a plain {@code jump} where no loop is between, else
   * {@code flag = true; break;} and, after each loop between, {@code if (flag) break;} (the last,
   * in the labelled loop's body, {@code if (flag) { flag = false; continue; }} for a continue).
   * The flag's declaration, if one is needed, goes into {@code before}.
   */
  private static void jumps(List<? extends Statement> jumps, Statement loop, String flagBase, String jump,
      Set<String> taken, List<Statement> before) {
    String flag = null;
    Set<Statement> between = new LinkedHashSet<>();
    for (Statement j : jumps) {
      List<Statement> loops = loopsBetween(j, loop);
      if (loops.isEmpty()) {
        j.replace(SourceRewrites.allAt(StaticJavaParser.parseStatement(jump), j));
        continue;
      }
      if (flag == null) {
        flag = SourceRewrites.fresh(flagBase, taken);
        before.add(SourceRewrites.allAt(StaticJavaParser.parseStatement("boolean " + flag + " = false;"), loop));
      }
      j.replace(SourceRewrites.allAt(StaticJavaParser.parseStatement("{ " + flag + " = true; break; }"), j));
      between.addAll(loops);
    }
    for (Statement inner : between) {
      boolean outermost = nearestLoop(inner).orElse(null) == loop;
      String check = outermost && jump.equals("continue;")
          ? "if (" + flag + ") { " + flag + " = false; continue; }"
          : "if (" + flag + ") break;";
      insertAfter(inner, SourceRewrites.allAt(StaticJavaParser.parseStatement(check), inner));
    }
  }

  /** The loops enclosing {@code n} inside {@code loop}, innermost first. */
  private static List<Statement> loopsBetween(Node n, Statement loop) {
    List<Statement> out = new ArrayList<>();
    for (Optional<Node> p = n.getParentNode(); p.isPresent() && p.get() != loop; p = p.get().getParentNode()) {
      if (isLoop(p.get())) {
        out.add((Statement) p.get());
      }
    }
    return out;
  }

  private static Optional<Node> nearestLoop(Node n) {
    for (Optional<Node> p = n.getParentNode(); p.isPresent(); p = p.get().getParentNode()) {
      if (isLoop(p.get())) {
        return p;
      }
    }
    return Optional.empty();
  }

  /** Puts {@code s} right after {@code loop}: in its block, or in a new block with it. */
  @SuppressWarnings("unchecked")
  private static void insertAfter(Statement loop, Statement s) {
    Node parent = loop.getParentNode().orElseThrow();
    if (parent instanceof NodeWithStatements<?> block) {
      NodeList<Statement> statements = ((NodeWithStatements<Node>) block).getStatements();
      statements.add(statements.indexOf(loop) + 1, s);
      return;
    }
    BlockStmt wrapped = SourceRewrites.allAt(new BlockStmt(), loop);
    loop.replace(wrapped);
    wrapped.addStatement(loop);
    wrapped.addStatement(s);
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
