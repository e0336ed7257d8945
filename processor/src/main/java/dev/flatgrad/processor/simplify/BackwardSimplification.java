package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import java.util.List;

/**
 * Simplification as a pass over finished backward code, to a fixed point: every expression
 * simplified ({@link Simplifier}), branches that decide nothing dropped ({@link DeadBranches}),
 * statements both branches of an if share written once ({@link
 * CommonBranchCode}), an adjoint both branches assign first assigned in each ({@link
 * BranchAssignments}), again until nothing changes (one rewrite can open another: a branch's
 * code simplified to its twin's, a hoisted statement making a zero adjoint's first use an if).
 */
public final class BackwardSimplification {

  private static final int ROUNDS = 10;

  private BackwardSimplification() {}

  public static List<Stmt> apply(List<Stmt> code) {
    List<Stmt> current = code;
    for (int i = 0; i < ROUNDS; i++) {
      List<Stmt> next = BranchAssignments.apply(CommonBranchCode.apply(DeadBranches.apply(
          current.stream().map(s -> Stmts.mapExprs(s, Simplifier::simplify)).toList())));
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
    return current;
  }
}
