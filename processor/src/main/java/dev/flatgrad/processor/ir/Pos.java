package dev.flatgrad.processor.ir;

/** A position in the user's source: 1-based line and column. */
public record Pos(int line, int column) {

  /** For code the generator made up, which has no place in the user's source. */
  public static final Pos NONE = new Pos(0, 0);

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
