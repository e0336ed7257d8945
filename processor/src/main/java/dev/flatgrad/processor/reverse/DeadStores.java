package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.simplify.DeadBranches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stage after reverse: assignments to variables nothing reads but their own updates, removed
 * with their declarations, until none is left. A pullback returns no value, so the forward sum
 * of a fused loop ({@code loss += r * r}) goes; so does an adjoint that ends up unread. Only
 * values without effects go: arithmetic, {@code Math}, {@code Nd} and differentiable calls (never
 * a tape's push or pop, a helper of the user's, or an element store).
 */
public final class DeadStores {

  /** The forward and backward passes with the dead stores removed. */
  public record Passes(List<Stmt> forward, List<Stmt> backward) {}

  private static final Set<Callee.Kind> PURE = Set.of(Callee.Kind.MATH, Callee.Kind.ND, Callee.Kind.DIFFERENTIABLE);

  private DeadStores() {}

  /** {@code forward} then {@code backward}, whose results {@code kept} reads. */
  public static Passes remove(List<Stmt> forward, List<Stmt> backward, Set<Variable> kept) {
    Passes passes = new Passes(forward, backward);
    for (Set<Variable> dead = dead(passes, kept); !dead.isEmpty(); dead = dead(passes, kept)) {
      passes = new Passes(without(passes.forward(), dead), without(passes.backward(), dead));
    }
    return passes;
  }

  /** Variables only assigned (by pure values), never read but by their own compound updates. */
  private static Set<Variable> dead(Passes passes, Set<Variable> kept) {
    List<Stmt> all = new ArrayList<>(passes.forward());
    all.addAll(passes.backward());
    Set<Variable> assigned = new LinkedHashSet<>();
    Set<Variable> read = new HashSet<>(kept);
    Set<Variable> impure = new HashSet<>();
    for (Stmt top : all) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a) {
          assigned.add(a.target());
          if (!pure(a.value())) {
            impure.add(a.target());
          }
        } else if (s instanceof Stmt.Store st) {
          impure.add(st.array());
        }
        for (Expr e : Stmts.ownExprs(s)) {
          read.addAll(Exprs.reads(e));
        }
      });
    }
    assigned.removeAll(read);
    assigned.removeAll(impure);
    return assigned;
  }

  private static boolean pure(Expr e) {
    boolean[] pure = {true};
    Exprs.walk(e, x -> pure[0] &= !(x instanceof Expr.Call c) || PURE.contains(c.callee().kind()));
    return pure[0];
  }

  private static List<Stmt> without(List<Stmt> code, Set<Variable> dead) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : code) {
      if (s instanceof Stmt.Assign a && dead.contains(a.target())
          || s instanceof Stmt.Declare d && dead.contains(d.target())) {
        continue;
      }
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), new Block(without(f.then().stmts(), dead)),
            new Block(without(f.otherwise().stmts(), dead)), f.pos()));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> body = without(l.body().stmts(), dead);
        if (body.stream().anyMatch(x -> !(x instanceof Stmt.Comment))
            || l.init().stream().anyMatch(x -> !(x instanceof Stmt.Assign a && a.declares() && pure(a.value())))
            || !pure(l.cond())) {
          out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(body), l.pos()));
        }
      } else {
        out.add(s);
      }
    }
    return DeadBranches.withoutOrphanComments(out);
  }
}
