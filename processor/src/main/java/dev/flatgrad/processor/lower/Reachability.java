package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.List;

/**
 * Java's rules for which statements can complete normally (JLS 14.22), so that flatgrad accepts
 * what javac accepts: {@code while (true) { ...; if (done) return y; }} ends the method without a
 * return after it, and a loop is left early only by its breaks.
 */
final class Reachability {

  private Reachability() {}

  /** Whether control can reach the end of the statements. */
  static boolean completesNormally(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (!completesNormally(s)) {
        return false;
      }
    }
    return true;
  }

  private static boolean completesNormally(Stmt s) {
    if (Stmts.leaves(s)) {
      return false;
    }
    if (s instanceof Stmt.If f) {
      return completesNormally(f.then().stmts()) || completesNormally(f.otherwise().stmts());
    }
    if (s instanceof Stmt.Loop l) {
      boolean forever = alwaysTrue(l.cond());
      boolean breaks = Loops.containsBreak(l.body().stmts());
      if (l.kind() == Stmt.LoopKind.DO_WHILE) {
        boolean bodyEnds = completesNormally(l.body().stmts()) || containsContinue(l.body().stmts());
        return bodyEnds && !forever || breaks;
      }
      return !forever || breaks;
    }
    return true;
  }

  /** Whether a continue in these statements (not in a nested loop) continues the loop they belong to. */
  private static boolean containsContinue(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Continue) {
        return true;
      }
      if (s instanceof Stmt.If f && (containsContinue(f.then().stmts()) || containsContinue(f.otherwise().stmts()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} is a constant expression of literals that is true ({@code true}, {@code !false}, {@code 1 < 2}). */
  private static boolean alwaysTrue(Expr e) {
    return Simplifier.simplify(e) instanceof Expr.Const c && c.type().equals(Type.BOOLEAN) && c.value() != 0;
  }
}
