package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises counting loops, {@code for (int i = a; i < b; i++)} and its variants, whose
 * iterations can be replayed backwards by counting the other way instead of recording anything.
 */
public final class Loops {

  private Loops() {}

  /**
   * A counting loop: index from {@code from} to {@code last} inclusive, stepping by one.
   *
   * @param hasBreak whether a break can end it early (then the trip count is recorded)
   */
  public record Counting(Variable index, Expr from, Expr last, boolean ascending, boolean hasBreak) {}

  public static Optional<Counting> counting(Stmt.Loop l) {
    if (l.kind() != Stmt.LoopKind.FOR || l.init().size() != 1 || l.update().size() != 1) {
      return Optional.empty();
    }
    if (!(l.init().get(0) instanceof Stmt.Assign init)
        || !init.declares()
        || init.compound() != null
        || !init.target().type().equals(Type.INT)) {
      return Optional.empty();
    }
    Variable i = init.target();
    Optional<Integer> step = step(l.update().get(0), i);
    if (step.isEmpty() || !(l.cond() instanceof Expr.Binary test)) {
      return Optional.empty();
    }
    BinaryOp op = test.op();
    Expr bound;
    if (test.left() instanceof Expr.Ref r && r.var() == i) {
      bound = test.right();
    } else if (test.right() instanceof Expr.Ref r && r.var() == i) {
      bound = test.left();
      op = mirror(op);
    } else {
      return Optional.empty();
    }
    if (!bound.type().equals(Type.INT) || Exprs.reads(bound, i) || hasCall(bound) || hasCall(init.value())) {
      return Optional.empty();
    }
    Set<Variable> assigned = Stmts.assigned(l.body().stmts());
    if (assigned.contains(i)) {
      return Optional.empty();
    }
    for (Variable v : Exprs.reads(bound)) {
      if (assigned.contains(v)) {
        return Optional.empty();
      }
    }
    for (Variable v : Exprs.reads(init.value())) {
      if (assigned.contains(v)) {
        return Optional.empty();
      }
    }
    boolean ascending = step.get() > 0;
    Expr last;
    switch (op) {
      case LT -> last = ascending ? minusOne(bound) : null;
      case LE -> last = ascending ? bound : null;
      case GT -> last = ascending ? null : plusOne(bound);
      case GE -> last = ascending ? null : bound;
      default -> last = null;
    }
    if (last == null) {
      return Optional.empty();
    }
    return Optional.of(new Counting(i, init.value(), last, ascending, containsBreak(l.body().stmts())));
  }

  private static BinaryOp mirror(BinaryOp op) {
    return switch (op) {
      case LT -> BinaryOp.GT;
      case LE -> BinaryOp.GE;
      case GT -> BinaryOp.LT;
      case GE -> BinaryOp.LE;
      default -> op;
    };
  }

  private static Optional<Integer> step(Stmt s, Variable i) {
    if (!(s instanceof Stmt.Assign a) || a.target() != i) {
      return Optional.empty();
    }
    if (a.compound() != null && a.value() instanceof Expr.Const c && c.value() == 1) {
      if (a.compound() == BinaryOp.ADD) {
        return Optional.of(1);
      }
      if (a.compound() == BinaryOp.SUB) {
        return Optional.of(-1);
      }
    }
    if (a.compound() == null && a.value() instanceof Expr.Binary b
        && b.left() instanceof Expr.Ref r && r.var() == i
        && b.right() instanceof Expr.Const c && c.value() == 1) {
      if (b.op() == BinaryOp.ADD) {
        return Optional.of(1);
      }
      if (b.op() == BinaryOp.SUB) {
        return Optional.of(-1);
      }
    }
    return Optional.empty();
  }

  private static Expr minusOne(Expr e) {
    return Simplifier.simplify(new Expr.Binary(BinaryOp.SUB, e, Expr.Const.ofInt(1), Type.INT));
  }

  private static Expr plusOne(Expr e) {
    return Simplifier.simplify(new Expr.Binary(BinaryOp.ADD, e, Expr.Const.ofInt(1), Type.INT));
  }

  private static boolean hasCall(Expr e) {
    boolean[] found = {false};
    Exprs.walk(e, x -> found[0] |= x instanceof Expr.Call);
    return found[0];
  }

  /** Whether a break in these statements (not in a nested loop) leaves the loop they belong to. */
  public static boolean containsBreak(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Break) {
        return true;
      }
      if (s instanceof Stmt.If f && (containsBreak(f.then().stmts()) || containsBreak(f.otherwise().stmts()))) {
        return true;
      }
    }
    return false;
  }
}
