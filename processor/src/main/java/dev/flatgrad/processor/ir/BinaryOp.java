package dev.flatgrad.processor.ir;

/** Binary operators, with the Java precedence the printer needs. */
public enum BinaryOp {
  MUL("*", 12),
  DIV("/", 12),
  REM("%", 12),
  ADD("+", 11),
  SUB("-", 11),
  SHL("<<", 10),
  SHR(">>", 10),
  USHR(">>>", 10),
  LT("<", 9),
  LE("<=", 9),
  GT(">", 9),
  GE(">=", 9),
  EQ("==", 8),
  NE("!=", 8),
  BITAND("&", 7),
  XOR("^", 6),
  BITOR("|", 5),
  AND("&&", 4),
  OR("||", 3);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isComparison() {
    return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
  }

  public boolean isLogical() {
    return this == AND || this == OR;
  }

  /** + - * / %: the operators whose result has the operands' numeric type. */
  public boolean isArithmetic() {
    return this == ADD || this == SUB || this == MUL || this == DIV || this == REM;
  }

  /** Operators that never produce a differentiable value. */
  public boolean isBooleanValued() {
    return isComparison() || isLogical();
  }
}
