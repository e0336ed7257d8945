package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a method's integral variables hold wherever its loops read them ({@link Variable#bounds}),
 * so that the backward replay of a loop to {@code layers - 1} keeps its plain {@code layers - 2}:
 * a local never assigned after its declaration holds what its initializer can ({@code int layers =
 * Ws.length;} is never negative, nor is {@code Math.min(a.length, b.length)}), and a variable never
 * assigned that a guard before the method's first loop checks holds what passes the guard ({@code
 * if (n < 1) throw ...;} leaves {@code n >= 1}; a guard after a loop says nothing of that loop).
 */
final class LocalRanges {

  private LocalRanges() {}

  /** Bounds the variables of {@code body}, a method's whole lowered body, as far as it proves them. */
  static void prove(List<Stmt> body) {
    Set<Variable> reassigned = reassigned(body);
    boolean afterALoop = false;
    for (Stmt s : body) {
      if (!afterALoop && s instanceof Stmt.If f && f.otherwise().stmts().isEmpty()
          && !Reachability.completesNormally(f.then().stmts())) {
        passes(f.cond(), false, reassigned);
      }
      Stmts.walk(s, x -> {
        if (x instanceof Stmt.Assign a && a.declares() && a.target().type().isIntegral() && !reassigned.contains(a.target())) {
          CounterRanges.range(a.value()).ifPresent(r -> a.target().bound(r.bounds()));
        }
      });
      afterALoop |= containsLoop(s);
    }
  }

  /** The variables assigned anywhere but in the declaration that gives them their only value. */
  private static Set<Variable> reassigned(List<Stmt> body) {
    Set<Variable> declared = new HashSet<>();
    Set<Variable> reassigned = new HashSet<>();
    for (Stmt s : body) {
      Stmts.walk(s, x -> {
        if (x instanceof Stmt.Assign a && (!a.declares() || !declared.add(a.target()))) {
          reassigned.add(a.target());
        }
      });
    }
    return reassigned;
  }

  /** Bounds the variables {@code cond} compares, knowing it came out {@code holds}. */
  private static void passes(Expr cond, boolean holds, Set<Variable> reassigned) {
    if (cond instanceof Expr.Unary u && u.op() == UnaryOp.NOT) {
      passes(u.operand(), !holds, reassigned);
    } else if (cond instanceof Expr.Binary b && (b.op() == BinaryOp.OR && !holds || b.op() == BinaryOp.AND && holds)) {
      passes(b.left(), holds, reassigned);
      passes(b.right(), holds, reassigned);
    } else if (cond instanceof Expr.Binary b && b.op().isComparison()) {
      BinaryOp op = holds ? b.op() : negated(b.op());
      compared(b.left(), op, b.right(), reassigned);
      compared(b.right(), Loops.mirror(op), b.left(), reassigned);
    }
  }

  /** Bounds {@code v} where {@code v op other} holds, {@code v} a variable of its own value. */
  private static void compared(Expr v, BinaryOp op, Expr other, Set<Variable> reassigned) {
    if (!(v instanceof Expr.Ref r) || !r.var().type().isIntegral() || reassigned.contains(r.var())) {
      return;
    }
    CounterRanges.range(other).ifPresent(o -> {
      BigInteger lo = CounterRanges.whole(r.var().type()).lo();
      BigInteger hi = CounterRanges.whole(r.var().type()).hi();
      switch (op) {
        case LT -> hi = o.hi().subtract(BigInteger.ONE);
        case LE -> hi = o.hi();
        case GT -> lo = o.lo().add(BigInteger.ONE);
        case GE -> lo = o.lo();
        case EQ -> {
          lo = o.lo();
          hi = o.hi();
        }
        default -> {
          return;
        }
      }
      if (lo.compareTo(hi) <= 0) { // else the guard always throws: nothing after it runs
        r.var().bound(new CounterRanges.Range(lo, hi).bounds());
      }
    });
  }

  private static BinaryOp negated(BinaryOp op) {
    return switch (op) {
      case LT -> BinaryOp.GE;
      case LE -> BinaryOp.GT;
      case GT -> BinaryOp.LE;
      case GE -> BinaryOp.LT;
      case EQ -> BinaryOp.NE;
      case NE -> BinaryOp.EQ;
      default -> op;
    };
  }

  private static boolean containsLoop(Stmt s) {
    boolean[] found = {false};
    Stmts.walk(s, x -> found[0] |= x instanceof Stmt.Loop);
    return found[0];
  }
}
