package dev.flatgrad.processor.engine;

import dev.flatgrad.processor.ir.Pos;

/**
 * Thrown inside a stage when user code cannot be handled; caught at the stage's boundary (a
 * statement or a method) and turned into a {@link Diagnostic}. Never escapes the engine.
 */
public final class Problem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Pos pos;
  private final String tag;

  public Problem(Pos pos, String tag, String message) {
    super(message, null, false, false);
    this.pos = pos;
    this.tag = tag;
  }

  public Pos pos() {
    return pos;
  }

  public String tag() {
    return tag;
  }
}
