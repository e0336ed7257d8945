package dev.flatgrad.processor.ir;


/**
 * The names the stages suggest for the variables they make ({@link Variable#hint()}): a
 * temporary's from the operation that computes it, an adjoint's ({@code dx}) and a tangent's
 * ({@code xDot}) from their primal's. The names in generated code are chosen from these, once and
 * without clashes, by {@code naming.Naming}.
 */
public final class Hints {

  private Hints() {}

  /** The adjoint of {@code hint}: {@code dx} for {@code x}. */
  public static String adjoint(String hint) {
    return "d" + hint;
  }

  /** The tangent of {@code hint}: {@code xDot} for {@code x}. */
  public static String tangent(String hint) {
    return hint + "Dot";
  }

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
    if (e instanceof Expr.Precomputed p) {
      return p.call().callee().name();
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
