package dev.flatgrad.processor.ir;

import java.util.List;

/** A sequence of statements: a method body, a branch, a loop body. */
public record Block(List<Stmt> stmts) {

  public Block {
    stmts = List.copyOf(stmts);
  }

  public static Block of(Stmt... stmts) {
    return new Block(List.of(stmts));
  }

  public static final Block EMPTY = new Block(List.of());

  public boolean isEmpty() {
    return stmts.isEmpty();
  }
}
