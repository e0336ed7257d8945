package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;

/**
 * Algebraic simplification of generated expressions, bottom-up to a fixed point: no {@code * 1.0},
 * no {@code + 0.0}, no double negation, constants folded, like terms merged ({@code z * Math.PI +
 * Math.PI * z} is {@code 2.0 * Math.PI * z}), transposed products fused. Multiplying by zero gives
 * zero, as adjoint code conventionally assumes (an adjoint of zero contributes nothing). How the
 * result reads (a negative term subtracted, constants first) is {@link Style}'s, run on finished
 * code.
 */
public final class Simplifier {

  private Simplifier() {}

  public static Expr simplify(Expr e) {
    return Exprs.fixedPoint(e, x -> Exprs.rewriteOutsideTests(x, Simplifier::step));
  }

  public static boolean isZero(Expr e) {
    return e instanceof Expr.Const c && c.isLiteral() && c.value() == 0.0;
  }

  public static boolean isOne(Expr e) {
    return e instanceof Expr.Const c && c.isLiteral() && c.value() == 1.0;
  }

  /** A number written in the code: a literal, a named constant, a static field. */
  public static boolean isConstant(Expr e) {
    return e instanceof Expr.Const c && c.type().isNumeric()
        || e instanceof Expr.FieldRef f && f.target() == null && !f.viaHandle() && f.type().isScalar();
  }

  private static Expr step(Expr e) {
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return negate(u.operand());
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NOT) {
      return not(u.operand());
    }
    if (e instanceof Expr.Binary b && b.type().isNumeric()) {
      return arithmetic(b);
    }
    if (e instanceof Expr.Binary b && b.op().isComparison() && b.left() instanceof Expr.Const l
        && b.right() instanceof Expr.Const r && l.type().isNumeric() && r.type().isNumeric()
        && l.isLiteral() && r.isLiteral() && exact(l) && exact(r)) {
      return Expr.Const.ofBoolean(compare(b.op(), l.value(), r.value()));
    }
    if (e instanceof Expr.Binary b && b.op().isLogical() && b.left() instanceof Expr.Const l
        && b.right() instanceof Expr.Const r) {
      boolean x = l.value() != 0;
      boolean y = r.value() != 0;
      return Expr.Const.ofBoolean(b.op() == BinaryOp.AND ? x && y : x || y);
    }
    if (e instanceof Expr.Cond c) {
      return conditional(c);
    }
    if (e instanceof Expr.Call c && c.receiver() == null
        && (c.callee().owner().equals(ClassRef.ND) || c.callee().owner().equals(ClassRef.MATH))) {
      return CallIdentities.apply(c);
    }
    return e;
  }

  /** {@code -e}, simplified. */
  public static Expr negate(Expr e) {
    if (e.type().equals(Type.CHAR)) {
      return new Expr.Unary(UnaryOp.NEG, e, Type.INT); // -c is an int: no char is negative
    }
    if (e instanceof Expr.Const c && c.isLiteral()) {
      if (c.value() == 0.0) {
        return c;
      }
      return c.negated();
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.operand().type().equals(u.type())) {
      return u.operand();
    }
    return new Expr.Unary(UnaryOp.NEG, e, e.type());
  }

  /** {@code !e}, simplified. */
  public static Expr not(Expr e) {
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NOT) {
      return u.operand();
    }
    if (e instanceof Expr.Const c && c.type().equals(Type.BOOLEAN)) {
      return Expr.Const.ofBoolean(c.value() == 0);
    }
    return new Expr.Unary(UnaryOp.NOT, e, Type.BOOLEAN);
  }

  private static Expr arithmetic(Expr.Binary b) {
    Expr l = b.left();
    Expr r = b.right();
    Type t = b.type();
    if (l instanceof Expr.Const lc && r instanceof Expr.Const rc && lc.isLiteral() && rc.isLiteral()
        && t.equals(Type.DOUBLE)) {
      Double folded = fold(b.op(), lc.value(), rc.value());
      if (folded != null) {
        return Expr.Const.ofDouble(folded);
      }
    }
    if (l instanceof Expr.Const lc && r instanceof Expr.Const rc && t.equals(Type.INT)
        && lc.type().equals(Type.INT) && rc.type().equals(Type.INT)) {
      Double folded = b.op() == BinaryOp.DIV ? null : fold(b.op(), lc.value(), rc.value());
      if (folded != null && folded == Math.rint(folded) && Math.abs(folded) < Integer.MAX_VALUE) {
        return Expr.Const.ofInt(folded.intValue());
      }
    }
    if (t.equals(Type.INT) && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
        && r instanceof Expr.Const rc && rc.type().equals(Type.INT)
        && l instanceof Expr.Binary lb && (lb.op() == BinaryOp.ADD || lb.op() == BinaryOp.SUB)
        && lb.type().equals(Type.INT) && lb.right() instanceof Expr.Const lc && lc.type().equals(Type.INT)) {
      // Index arithmetic: n - 1 - 1 is n - 2 (exact in int, unlike reassociating doubles).
      long k = (lb.op() == BinaryOp.ADD ? 1 : -1) * (long) lc.value()
          + (b.op() == BinaryOp.ADD ? 1 : -1) * (long) rc.value();
      if (k == 0) {
        return lb.left();
      }
      if (Math.abs(k) < Integer.MAX_VALUE) {
        return new Expr.Binary(k > 0 ? BinaryOp.ADD : BinaryOp.SUB, lb.left(),
            Expr.Const.ofInt((int) Math.abs(k)), t);
      }
    }
    if (t.equals(Type.DOUBLE) && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      Expr merged = LikeTerms.merge(b);
      if (merged != null) {
        return merged;
      }
    }
    switch (b.op()) {
      case ADD:
        if (isZero(l) && t.equals(r.type())) {
          return r;
        }
        if (isZero(r) && t.equals(l.type())) {
          return l;
        }
        break;
      case SUB:
        if (isZero(r) && t.equals(l.type())) {
          return l;
        }
        break;
      case MUL:
        if ((isZero(l) || isZero(r)) && t.equals(Type.DOUBLE)) {
          return Expr.Const.ofDouble(0.0);
        }
        if (isOne(l)) {
          return widen(r, t);
        }
        if (isOne(r)) {
          return widen(l, t);
        }
        if (isMinusOne(l)) {
          return negate(widen(r, t));
        }
        if (isMinusOne(r)) {
          return negate(widen(l, t));
        }
        break;
      case DIV:
        if (isZero(l) && t.equals(Type.DOUBLE)) {
          return Expr.Const.ofDouble(0.0);
        }
        if (isOne(r) && t.equals(l.type())) {
          return l;
        }
        break;
      default:
        break;
    }
    return b;
  }

  /** {@code e} as a value of type {@code t}: an int where a double is expected gets a cast. */
  private static Expr widen(Expr e, Type t) {
    return e.type().equals(t) ? e : new Expr.Cast(t, e);
  }

  private static boolean isMinusOne(Expr e) {
    return e instanceof Expr.Const c && c.isLiteral() && c.value() == -1.0;
  }

  /** Whether a literal's value is exactly its double (a long beyond 2^53 is not). */
  private static boolean exact(Expr.Const c) {
    return !c.type().equals(Type.LONG) || Math.abs(c.value()) <= 0x1p53;
  }

  private static boolean compare(BinaryOp op, double a, double b) {
    return switch (op) {
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      case GE -> a >= b;
      case EQ -> a == b;
      default -> a != b;
    };
  }

  /** The folded value, or null where there is none or it has no literal (an overflow to infinity). */
  private static Double fold(BinaryOp op, double a, double b) {
    Double folded = switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> b == 0 ? null : a / b;
      default -> null;
    };
    return folded == null || Double.isFinite(folded) ? folded : null;
  }

  /**
   * The rules for a conditional's test: folds of constants only. The test is a decision on values
   * of the method (recomputed in the backward pass), and the other rules keep a value only up to
   * what adjoint arithmetic ignores: {@code 0.0 - x} is {@code -x} but for {@code x = 0.0}, which
   * {@code Double.compare} tells from {@code -0.0}; {@code a - a} is {@code 0.0} but for infinities.
   */
  private static Expr folded(Expr e) {
    boolean constants = e instanceof Expr.Binary b && (b.op().isComparison() || b.op().isLogical())
        && b.left() instanceof Expr.Const && b.right() instanceof Expr.Const;
    return constants ? step(e) : e;
  }

  private static Expr conditional(Expr.Cond original) {
    Expr.Cond c = new Expr.Cond(Exprs.rewrite(original.cond(), Simplifier::folded), original.whenTrue(),
        original.whenFalse(), original.type());
    if (c.cond() instanceof Expr.Const k && k.type().equals(Type.BOOLEAN)) {
      return k.value() != 0 ? c.whenTrue() : c.whenFalse();
    }
    if (c.whenTrue().equals(c.whenFalse())) {
      return c.whenTrue();
    }
    return c;
  }

  /**
   * {@code e} as a sign and a magnitude: {@code -x * y} is negative {@code x * y}. Lets a
   * contribution be written {@code dx -= x * y}.
   */
  public record Signed(boolean negative, Expr magnitude) {}

  public static Signed sign(Expr e) {
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return new Signed(true, u.operand());
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      Signed left = sign(b.left());
      if (left.negative()) {
        return new Signed(true, simplify(new Expr.Binary(b.op(), left.magnitude(), b.right(), b.type())));
      }
    }
    if (e instanceof Expr.Const c && c.isLiteral() && c.value() < 0) {
      return new Signed(true, negate(c));
    }
    return new Signed(false, e);
  }

  /** {@code a + b}, simplified: Java's + for scalars, {@code Nd.add} for arrays. */
  public static Expr add(Expr a, Expr b) {
    if (a.type().isArray()) {
      return simplify(NdCalls.add(a, b));
    }
    return simplify(new Expr.Binary(BinaryOp.ADD, a, b, a.type()));
  }

  /** Whether a call is to a function that allocates a fresh array (an Nd op). */
  public static boolean isFreshArray(Expr e) {
    return e instanceof Expr.Call c
        && (c.callee().kind() == Callee.Kind.ND || c.callee().name().equals("clone"))
        && c.type().isArray();
  }
}
