package dev.flatgrad.processor.base;

import dev.flatgrad.processor.ir.Pos;

/**
 * Thrown inside a stage when user code cannot be handled; caught at the stage's boundary (a
 * statement or a method) and turned into a {@link Diagnostic}. Never escapes the engine.
 */
public final class Problem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Pos pos;
  private final Tag tag;
  private final boolean followOn;

  public Problem(Pos pos, Tag tag, String message) {
    this(pos, tag, message, false);
  }

  private Problem(Pos pos, Tag tag, String message, boolean followOn) {
    super(message, null, false, false);
    this.pos = pos;
    this.tag = tag;
    this.followOn = followOn;
  }

  /**
   * A problem caused by one already reported (a use of a local whose declaration was rejected):
   * it stops the statement but is not reported again.
   */
  public static Problem followOn(Pos pos, String name) {
    return new Problem(pos, Tag.FOLLOW_ON, "`" + name + "` was rejected where it was declared", true);
  }

  /**
   * A problem at a construct the fence has reported already: it stops the statement but is not
   * reported again.
   */
  public static Problem reported(Pos pos) {
    return new Problem(pos, Tag.FOLLOW_ON, "reported by the fence", true);
  }

  public boolean isFollowOn() {
    return followOn;
  }

  public Pos pos() {
    return pos;
  }

  public Tag tag() {
    return tag;
  }
}
