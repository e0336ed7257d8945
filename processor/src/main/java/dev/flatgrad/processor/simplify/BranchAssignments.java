package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An adjoint declared zero just before an if whose two branches both start by adding to it is
 * assigned in each branch instead: {@code double dt; if (c) { dt = -1.0; } else { dt = 1.0; }},
 * not {@code double dt = 0.0; if (c) { dt -= 1.0; } else { dt += 1.0; }}. An array adjoint is
 * assigned the new array its first contribution makes ({@code dx = Nd.multiply(a, b)}, not {@code
 * Nd.addMultiplyInPlace(dx, a, b)} into zeros), also where only one branch contributes: the other
 * makes the zeros ({@code double[] dt; if (c) { dt = Nd.streamAverageBackward(...); } else { dt =
 * new double[n]; }}), not an array made zero to be added into.
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
      if (v.type().isArray() && then.isPresent() != otherwise.isPresent()
          && Collections.disjoint(Stmts.assigned(out.subList(i + 1, j)), Exprs.reads(a.value()))) {
        // The branch that adds nothing makes the zeros the declaration made (their shape unchanged since).
        then = then.or(() -> zeroedIfUnused(f.then(), a));
        otherwise = otherwise.or(() -> zeroedIfUnused(f.otherwise(), a));
      }
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
        && (a.target().type().isScalar() ? Simplifier.isZero(a.value())
            : a.value() instanceof Expr.NewArray || NdCalls.is(a.value(), "zerosLike"));
  }

  /** The branch starting with {@code zero}'s assignment, if it does not use the adjoint at all. */
  private static Optional<Block> zeroedIfUnused(Block branch, Stmt.Assign zero) {
    if (nextUse(branch.stmts(), 0, zero.target()) >= 0) {
      return Optional.empty();
    }
    List<Stmt> stmts = new ArrayList<>();
    stmts.add(new Stmt.Assign(zero.target(), null, zero.value(), false, zero.pos()));
    stmts.addAll(branch.stmts());
    return Optional.of(new Block(stmts));
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
   * The branch with its first use of {@code v} turned from {@code v += e} (or {@code -=}, or an
   * array's {@code Nd.addInPlace(v, e)}, {@code Nd.addMultiplyInPlace(v, a, b)}..., where what it
   * adds is a new array) into an assignment, if that first use is such a statement of the branch
   * itself.
   */
  private static Optional<Block> assignedFirst(Block branch, Variable v) {
    List<Stmt> stmts = new ArrayList<>(branch.stmts());
    int k = nextUse(stmts, 0, v);
    Expr value = k < 0 ? null : firstValue(stmts.get(k), v);
    if (value == null || Exprs.reads(value, v)) {
      return Optional.empty();
    }
    stmts.set(k, new Stmt.Assign(v, null, value, false, Pos.NONE));
    return Optional.of(new Block(stmts));
  }

  /** What {@code s} adds to {@code v}, if it adds into zeros what an assignment could hold; else null. */
  private static Expr firstValue(Stmt s, Variable v) {
    if (s instanceof Stmt.Assign a && a.target().equals(v) && (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)) {
      return a.compound() == BinaryOp.SUB ? Simplifier.negate(a.value()) : a.value();
    }
    if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND
        && NdCalls.ACCUMULATING.contains(c.callee().name()) && c.args().get(0) instanceof Expr.Ref r && r.var().equals(v)) {
      Expr added = NdCalls.added(c);
      // An array someone else holds would become the adjoint's, which is later added into in place.
      return NdCalls.isNewArray(added) ? added : null;
    }
    return null;
  }
}
