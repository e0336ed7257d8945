package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import java.util.List;

/**
 * The style pass: rewrites that change how finished code reads, not what it computes (beyond
 * the rounding a person writing it by hand would accept). A negative term is subtracted ({@code
 * a - b * c}, not {@code a + -b * c}; {@code -x}, not {@code 0.0 - x}); a negated product carries
 * its sign on the first factor ({@code -a * b}); constants come first ({@code 0.5 * x}); a product
 * reads left to right without parentheses; a conditional has its zero in the else branch; a
 * negated comparison is the opposite comparison where that is the same test (not {@code a >= b}
 * for {@code !(a < b)} of doubles: a NaN makes both false); a loop runs {@code i < n}, not {@code i <= n - 1}. {@link Simplifier} does the algebra that changes what is computed; this pass runs after it,
 * to a fixed point, on every expression of the code it is given.
 */
public final class Style {

  private Style() {}

  /** The statements, restyled. */
  public static List<Stmt> apply(List<Stmt> stmts) {
    return stmts.stream().map(Style::apply).toList();
  }

  public static Stmt apply(Stmt s) {
    return loopBounds(Stmts.mapExprs(s, Style::apply));
  }

  /** The expression, restyled (and simplified, since a restyled form may simplify further). */
  public static Expr apply(Expr e) {
    return Exprs.fixedPoint(e, x -> Simplifier.simplify(Exprs.rewriteOutsideTests(x, Style::step)));
  }

  private static Stmt loopBounds(Stmt s) {
    if (s instanceof Stmt.If f) {
      return new Stmt.If(f.cond(), loopBounds(f.then()), loopBounds(f.otherwise()), f.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return loopBound(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), loopBounds(l.body()), l.pos()));
    }
    return s;
  }

  private static Block loopBounds(Block b) {
    return new Block(b.stmts().stream().map(Style::loopBounds).toList());
  }

  /** {@code for (...; i <= n - 1; ...)} is {@code for (...; i < n; ...)}. */
  private static Stmt.Loop loopBound(Stmt.Loop l) {
    if (l.cond() instanceof Expr.Binary test && test.op() == BinaryOp.LE && test.left().type().equals(Type.INT)
        && test.right() instanceof Expr.Binary bound && bound.op() == BinaryOp.SUB
        && bound.type().equals(Type.INT) && bound.right() instanceof Expr.Const one && one.value() == 1) {
      return new Stmt.Loop(l.kind(), l.init(), new Expr.Binary(BinaryOp.LT, test.left(), bound.left(), Type.BOOLEAN),
          l.update(), l.body(), l.pos());
    }
    return l;
  }

  private static Expr step(Expr e) {
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return negation(u);
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NOT) {
      return not(u);
    }
    if (e instanceof Expr.Binary b && b.type().isNumeric()) {
      return arithmetic(b);
    }
    if (e instanceof Expr.Cond c) {
      Expr.Cond swapped = c;
      if (Simplifier.isZero(c.whenTrue()) && !Simplifier.isZero(c.whenFalse())) {
        Expr opposite = step(Simplifier.not(c.cond()));
        // Kept as written where the opposite of a comparison of doubles needs a ! (NaN).
        if (!(opposite instanceof Expr.Unary u && u.op() == UnaryOp.NOT
            && u.operand() instanceof Expr.Binary b && b.op().isComparison())) {
          swapped = new Expr.Cond(opposite, c.whenFalse(), c.whenTrue(), c.type());
        }
      }
      // The test decides on the method's values, recomputed: only its negations are restyled
      // (-x for 0.0 - x is -0.0 at x = 0.0, which Double.compare tells from 0.0).
      return new Expr.Cond(Exprs.rewrite(swapped.cond(), Style::negatedComparison), swapped.whenTrue(),
          swapped.whenFalse(), c.type());
    }
    return e;
  }

  private static Expr negatedComparison(Expr e) {
    return e instanceof Expr.Unary u && u.op() == UnaryOp.NOT ? not(u) : e;
  }

  /** {@code -(a - b)} is {@code b - a}; {@code -(2.0 * x)} is {@code -2.0 * x}; {@code -(a * b)} is {@code -a * b}. */
  private static Expr negation(Expr.Unary u) {
    if (u.operand() instanceof Expr.Binary b && b.op() == BinaryOp.SUB && b.type().isNumeric()) {
      return new Expr.Binary(BinaryOp.SUB, b.right(), b.left(), b.type());
    }
    if (u.operand() instanceof Expr.Binary b && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.MUL)
        && b.type().equals(Type.DOUBLE) && (b.left() instanceof Expr.Const c && c.isLiteral() || Exprs.isAtom(b.left()))) {
      return new Expr.Binary(b.op(), Simplifier.negate(b.left()), b.right(), b.type());
    }
    return u;
  }

  /**
   * {@code !(i < n)} is {@code i >= n} for integers, and {@code !(a == b)} is {@code a != b}; but
   * {@code !(a < b)} is not {@code a >= b} for doubles, where a NaN makes both false.
   */
  private static Expr not(Expr.Unary u) {
    if (u.operand() instanceof Expr.Binary b && b.op().isComparison()
        && (b.op() == BinaryOp.EQ || b.op() == BinaryOp.NE || isIntegral(b.left()) && isIntegral(b.right()))) {
      BinaryOp flipped =
          switch (b.op()) {
            case LT -> BinaryOp.GE;
            case LE -> BinaryOp.GT;
            case GT -> BinaryOp.LE;
            case GE -> BinaryOp.LT;
            case EQ -> BinaryOp.NE;
            default -> BinaryOp.EQ;
          };
      return new Expr.Binary(flipped, b.left(), b.right(), Type.BOOLEAN);
    }
    return u;
  }

  private static boolean isIntegral(Expr e) {
    return e.type().isIntegral();
  }

  private static Expr arithmetic(Expr.Binary b) {
    Expr l = b.left();
    Expr r = b.right();
    Type t = b.type();
    switch (b.op()) {
      case ADD:
        if (t.equals(Type.DOUBLE) && Simplifier.sign(r).negative()) {
          return new Expr.Binary(BinaryOp.SUB, l, Simplifier.sign(r).magnitude(), t); // a + -b * c is a - b * c
        }
        if (r instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
          return new Expr.Binary(BinaryOp.SUB, l, u.operand(), t);
        }
        if (l instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
          return new Expr.Binary(BinaryOp.SUB, r, u.operand(), t);
        }
        break;
      case SUB:
        if (Simplifier.isZero(l) && t.equals(r.type())) {
          return Simplifier.negate(r);
        }
        if (t.equals(Type.DOUBLE) && Simplifier.sign(r).negative()) {
          return new Expr.Binary(BinaryOp.ADD, l, Simplifier.sign(r).magnitude(), t);
        }
        if (r instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
          return new Expr.Binary(BinaryOp.ADD, l, u.operand(), t);
        }
        if (r instanceof Expr.Const rc && rc.isLiteral() && rc.value() < 0) {
          return new Expr.Binary(BinaryOp.ADD, l, rc.negated(), t);
        }
        break;
      case MUL:
        if (r instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
          return new Expr.Binary(BinaryOp.MUL, Simplifier.negate(l), u.operand(), t);
        }
        if (r instanceof Expr.Binary rb && rb.op() == BinaryOp.MUL && t.equals(Type.DOUBLE)) {
          return new Expr.Binary(BinaryOp.MUL, new Expr.Binary(BinaryOp.MUL, l, rb.left(), t), rb.right(), t);
        }
        if (Simplifier.isConstant(r) && !Simplifier.isConstant(l) && t.equals(Type.DOUBLE)) {
          return new Expr.Binary(BinaryOp.MUL, r, l, t); // constants first: 0.5 * x, Math.PI * z
        }
        break;
      default:
        break;
    }
    return b;
  }
}
