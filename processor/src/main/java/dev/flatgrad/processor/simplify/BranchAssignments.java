package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An adjoint declared zero just before an if whose two branches both start by adding to it is
 * assigned in each branch instead: {@code double dt; if (c) { dt = -1.0; } else { dt = 1.0; }},
 * not {@code double dt = 0.0; if (c) { dt -= 1.0; } else { dt += 1.0; }}.
 */
public final class BranchAssignments {

  private BranchAssignments() {}

  public static List<Stmt> apply(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      out.add(nested(s));
    }
    for (int i = 0; i < out.size(); i++) {
      if (!(out.get(i) instanceof Stmt.Assign a) || !declaresZeroAdjoint(a)) {
        continue;
      }
      Variable v = a.target();
      int j = nextUse(out, i + 1, v);
      if (j < 0 || !(out.get(j) instanceof Stmt.If f)) {
        continue;
      }
      Optional<Block> then = assignedFirst(f.then(), v);
      Optional<Block> otherwise = assignedFirst(f.otherwise(), v);
      if (then.isPresent() && otherwise.isPresent()) {
        out.set(i, new Stmt.Declare(v, a.pos()));
        out.set(j, new Stmt.If(f.cond(), then.get(), otherwise.get(), f.pos()));
      }
    }
    return out;
  }

  private static Stmt nested(Stmt s) {
    if (s instanceof Stmt.If f) {
      return new Stmt.If(f.cond(), new Block(apply(f.then().stmts())),
          new Block(apply(f.otherwise().stmts())), f.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(apply(l.body().stmts())), l.pos());
    }
    return s;
  }

  private static boolean declaresZeroAdjoint(Stmt.Assign a) {
    return a.declares() && a.compound() == null && a.target().kind() == Variable.Kind.ADJOINT
        && a.target().type().isScalar() && Simplifier.isZero(a.value());
  }

  /** The first statement from {@code from} on that reads or writes {@code v}, or -1. */
  private static int nextUse(List<Stmt> stmts, int from, Variable v) {
    for (int k = from; k < stmts.size(); k++) {
      if (uses(stmts.get(k), v)) {
        return k;
      }
    }
    return -1;
  }

  private static boolean uses(Stmt s, Variable v) {
    if (s instanceof Stmt.Comment) {
      return false;
    }
    return Stmts.read(List.of(s)).contains(v) || Stmts.assigned(List.of(s)).contains(v);
  }

  /**
   * The branch with its first use of {@code v} turned from {@code v += e} (or {@code -=}) into an
   * assignment, if that first use is such a statement of the branch itself.
   */
  private static Optional<Block> assignedFirst(Block branch, Variable v) {
    List<Stmt> stmts = new ArrayList<>(branch.stmts());
    int k = nextUse(stmts, 0, v);
    if (k < 0 || !(stmts.get(k) instanceof Stmt.Assign a) || !a.target().equals(v) || Exprs.reads(a.value(), v)
        || (a.compound() != BinaryOp.ADD && a.compound() != BinaryOp.SUB)) {
      return Optional.empty();
    }
    Expr value = a.compound() == BinaryOp.SUB ? Simplifier.negate(a.value()) : a.value();
    stmts.set(k, new Stmt.Assign(v, null, value, false, Pos.NONE));
    return Optional.of(new Block(stmts));
  }
}
