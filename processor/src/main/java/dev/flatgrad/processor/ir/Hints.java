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
      return local(c.callee().name());
    }
    if (e instanceof Expr.Precomputed p) {
      return local(p.call().callee().name());
    }
    if (e instanceof Expr.Cond) {
      return "sel";
    }
    if (e instanceof Expr.Index) {
      return "elem";
    }
    if (e instanceof Expr.ArrayLit) {
      return "values"; // an array written out as an argument: sum(x, y) of a varargs sum
    }
    if (e instanceof Expr.Cast) {
      return "cast";
    }
    return "t";
  }

  /** A method's name as a local's: {@code ieeeRemainder} for {@code Math.IEEEremainder}. */
  static String local(String method) {
    int caps = 0;
    while (caps < method.length() && Character.isUpperCase(method.charAt(caps))) {
      caps++;
    }
    if (caps == 0) {
      return method;
    }
    String rest = method.substring(caps);
    return method.substring(0, caps).toLowerCase(java.util.Locale.ROOT)
        + (caps > 1 && !rest.isEmpty() ? Character.toUpperCase(rest.charAt(0)) + rest.substring(1) : rest);
  }
}
