package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import dev.flatgrad.processor.ir.Pos;

/** Where a node of the user's source is, as diagnostics report it. */
public final class Nodes {

  private Nodes() {}

  /** 1-based line and column of a node (tabs count as one column). */
  public static Pos pos(Node n) {
    return n.getBegin().map(p -> new Pos(p.line, p.column)).orElse(Pos.NONE);
  }
}
