package dev.flatgrad.examples.data;

import java.io.IOException;

/** An IDX file that is truncated, malformed, or not of the expected kind. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** {@code message} should name the file and say what was expected and what was found. */
  public IdxFormatException(String message) {
    super(message);
  }

  /** The same, with the underlying error (a corrupt gzip stream, say). */
  public IdxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
