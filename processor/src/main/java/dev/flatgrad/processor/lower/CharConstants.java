package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import java.util.Optional;

/**
 * Where Java lets an int be a char without a cast: a constant expression of type int whose value a
 * char holds, assigned to a char ({@code char c = 65;}, JLS 5.2) or beside a char in {@code ?:}
 * (JLS 15.25: {@code b ? c : 0} is a char).
 */
final class CharConstants {

  private CharConstants() {}

  /** Whether {@code value} may be stored in a {@code to} by the narrowing of a constant. */
  static boolean fits(Expr value, Type to) {
    return to.equals(Type.CHAR) && value.type().equals(Type.INT)
        && intValue(value).filter(CharConstants::holds).isPresent();
  }

  /** Whether a char holds this value. */
  static boolean holds(long value) {
    return value >= Character.MIN_VALUE && value <= Character.MAX_VALUE;
  }

  /** Whether {@code a ? : b} (either order) is a char: {@code a} a char, {@code b} an int constant it can hold. */
  static boolean staysChar(Expr a, Expr b) {
    return a.type().equals(Type.CHAR) && fits(b, Type.CHAR);
  }

  /** The value of a constant expression of literals ({@code 'a' + 1}, {@code -3}), empty for anything else. */
  private static Optional<Long> intValue(Expr e) {
    if (e instanceof Expr.Const c) {
      return c.isLiteral() && c.type().isIntegral() ? Optional.of((long) c.value()) : Optional.empty();
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return intValue(u.operand()).map(v -> -v);
    }
    if (e instanceof Expr.Binary b && b.type().equals(Type.INT)) {
      Optional<Long> l = intValue(b.left());
      Optional<Long> r = intValue(b.right());
      if (l.isEmpty() || r.isEmpty()) {
        return Optional.empty();
      }
      return switch (b.op()) {
        case ADD -> Optional.of((long) (int) (l.get() + r.get()));
        case SUB -> Optional.of((long) (int) (l.get() - r.get()));
        case MUL -> Optional.of((long) ((int) (long) l.get() * (int) (long) r.get()));
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }
}
