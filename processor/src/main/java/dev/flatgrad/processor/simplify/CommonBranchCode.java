package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Statements both branches of an if start or end with are written once, before or after it: the
 * backward pass of a loop update replayed on every path ({@code i = iStack.pop();}) is not
 * repeated in each branch. A statement moves before the if only if the condition does not read
 * what it writes; neither move takes a variable out of the branch that declares it.
 */
public final class CommonBranchCode {

  private CommonBranchCode() {}

  public static List<Stmt> apply(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If f) {
        hoist(f, out);
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(apply(l.body().stmts())), l.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static void hoist(Stmt.If f, List<Stmt> out) {
    List<Stmt> then = apply(f.then().stmts());
    List<Stmt> otherwise = apply(f.otherwise().stmts());
    Set<Variable> local = Stmts.declared(then);
    local.addAll(Stmts.declared(otherwise));
    Set<Variable> condReads = Exprs.reads(f.cond());
    int common = 0;
    while (common < then.size() && common < otherwise.size()
        && then.get(common).equals(otherwise.get(common)) && movable(then.get(common), local)
        && disjoint(condReads, uses(then.get(common)))) {
      common++;
    }
    while (common > 0 && then.get(common - 1) instanceof Stmt.Comment) {
      common--; // a comment stays with the statements it heads
    }
    List<Stmt> before = new ArrayList<>(then.subList(0, common));
    then.subList(0, common).clear();
    otherwise.subList(0, common).clear();
    List<Stmt> after = new ArrayList<>();
    while (!then.isEmpty() && !otherwise.isEmpty() && last(then).equals(last(otherwise))
        && movable(last(then), local) && !(last(then) instanceof Stmt.Comment)) {
      after.add(0, then.remove(then.size() - 1));
      otherwise.remove(otherwise.size() - 1);
      // A comment that heads only the statements moved out goes with them.
      if (!then.isEmpty() && last(then) instanceof Stmt.Comment && last(then).equals(last(otherwise))) {
        after.add(0, then.remove(then.size() - 1));
        otherwise.remove(otherwise.size() - 1);
      }
    }
    out.addAll(before);
    if (then.isEmpty() && !otherwise.isEmpty()) {
      Expr not = Simplifier.simplify(new Expr.Unary(UnaryOp.NOT, f.cond(), Type.BOOLEAN));
      out.add(new Stmt.If(not, new Block(otherwise), Block.EMPTY, f.pos()));
    } else {
      // Left empty, it goes in DeadBranches, the next round of the backward simplification.
      out.add(new Stmt.If(f.cond(), new Block(then), new Block(otherwise), f.pos()));
    }
    out.addAll(after);
  }

  private static Stmt last(List<Stmt> stmts) {
    return stmts.get(stmts.size() - 1);
  }

  /** A simple statement that neither declares nor uses a variable declared in the branches. */
  private static boolean movable(Stmt s, Set<Variable> local) {
    if (s instanceof Stmt.Comment) {
      return true;
    }
    if (!(s instanceof Stmt.Assign || s instanceof Stmt.Store || s instanceof Stmt.Eval)) {
      return false;
    }
    if (s instanceof Stmt.Assign a && a.declares()) {
      return false;
    }
    return disjoint(local, uses(s));
  }

  private static Set<Variable> uses(Stmt s) {
    if (s instanceof Stmt.Comment) {
      return Set.of();
    }
    Set<Variable> used = new HashSet<>(Stmts.read(List.of(s)));
    used.addAll(Stmts.assigned(List.of(s)));
    for (Expr e : Stmts.ownExprs(s)) {
      used.addAll(Exprs.reads(e));
    }
    return used;
  }

  private static boolean disjoint(Set<Variable> a, Set<Variable> b) {
    for (Variable v : a) {
      if (b.contains(v)) {
        return false;
      }
    }
    return true;
  }
}
