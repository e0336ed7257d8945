package dev.flatgrad.processor.ir;

/** Unary operators of the supported language. */
public enum UnaryOp {
  NEG("-"),
  NOT("!"),
  BITNOT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
