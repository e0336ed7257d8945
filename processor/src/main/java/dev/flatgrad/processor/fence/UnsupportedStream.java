package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;

/** A stream chain flatgrad does not rewrite, thrown where taking it apart finds out: the node to report on and why. */
final class UnsupportedStream extends RuntimeException {
  private final transient Streams.Why why;

  UnsupportedStream(Node node, String message) {
    super(message, null, false, false);
    this.why = new Streams.Why(node, message);
  }

  Streams.Why why() {
    return why;
  }
}
