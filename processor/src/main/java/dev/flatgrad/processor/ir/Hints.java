package dev.flatgrad.processor.ir;

/** Short names for temporaries, derived from the operation that computes them. */
public final class Hints {

  private Hints() {}

  public static String of(Expr e) {
    if (e instanceof Expr.Binary b) {
      return switch (b.op()) {
        case ADD -> "sum";
        case SUB -> "diff";
        case MUL -> "prod";
        case DIV -> "quot";
        case REM -> "rem";
        default -> b.type().equals(Type.BOOLEAN) ? "cond" : "t";
      };
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == UnaryOp.NEG ? "neg" : "cond";
    }
    if (e instanceof Expr.Call c) {
      return c.callee().name();
    }
    if (e instanceof Expr.Cond) {
      return "sel";
    }
    if (e instanceof Expr.Index) {
      return "elem";
    }
    if (e instanceof Expr.Cast) {
      return "cast";
    }
    return "t";
  }
}
