package dev.flatgrad.processor.base;

import dev.flatgrad.processor.ir.Pos;

/**
 * A problem with the user's code, as a value: where it is, a stable tag, and a message that says
 * what is unsupported and what to do instead. Front-ends turn these into javac errors or build
 * failures; the engine never throws for a problem in user code.
 */
public record Diagnostic(Severity severity, String file, Pos pos, Tag tag, String message) {

  /** How bad it is. */
  public enum Severity {
    ERROR,
    WARNING,
    NOTE
  }

  /** {@code [FlatgradType] message}: the text a user sees. */
  public String text() {
    return "[" + tag.text() + "] " + message;
  }

  /** {@code File.java:[line,col] [Tag] message}, the form build tools print. */
  @Override
  public String toString() {
    return file + ":[" + pos.line() + "," + pos.column() + "] " + text();
  }
}
