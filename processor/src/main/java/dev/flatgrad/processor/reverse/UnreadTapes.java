package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.simplify.DeadBranches;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stage after reverse: a stack whose popped values the backward pass never reads goes, with its
 * pushes and pops. The save plan keeps a value a statement's reverse might need (a trip's {@code
 * hn} in {@code h = hn}); where the adjoints turn out not to read it, taping it was waste: one
 * push and one pop per trip.
 */
public final class UnreadTapes {

  /** The passes without the unread stacks, and the stacks left. */
  public record Untaped(List<Stmt> forward, List<Stmt> backward, List<Variable> stacks) {}

  private UnreadTapes() {}

  /**
   * {@code forward} and {@code backward} (without the stacks' releases) without the stacks whose
   * every use is a push, or a pop into a variable (or an element of an array) that neither the
   * backward pass after it nor {@code kept} reads; again until none is left, as a restore gone may leave another
   * unread (the array a row was put back into, an index popped for a put-back element).
   */
  public static Untaped remove(List<Stmt> forward, List<Stmt> backward, List<Variable> stacks, Set<Variable> kept) {
    List<Variable> left = new ArrayList<>(stacks);
    while (true) {
      // A pop is unread by liveness, not by name: one into a variable read only before it
      // (dcur = new double[cur.length] ahead of the trips that restore cur) goes. An array a later
      // statement stores into (an element put back) counts as read: its restore stays (a trip's
      // own row handed on by prev = cur).
      Set<Stmt> unreadPops = DeadStores.unreadAssignments(backward, kept);
      Set<Variable> unread = new LinkedHashSet<>();
      for (Variable stack : left) {
        if (onlyPushedAndPoppedUnread(forward, stack, backward, kept, unreadPops, forward)
            && onlyPushedAndPoppedUnread(backward, stack, backward, kept, unreadPops, forward)) {
          unread.add(stack);
        }
      }
      if (unread.isEmpty()) {
        return new Untaped(forward, backward, left);
      }
      left.removeAll(unread);
      forward = Stmts.without(forward, s -> uses(s, unread));
      // A branch or loop left with nothing in it (its pops gone) does nothing any more; the
      // declarations and counters that only served the stacks are dead stores (DeadStores).
      backward = DeadBranches.apply(Stmts.without(backward, s -> uses(s, unread)));
    }
  }

  private static boolean onlyPushedAndPoppedUnread(List<Stmt> code, Variable stack, List<Stmt> backward,
      Set<Variable> kept, Set<Stmt> unreadPops, List<Stmt> forward) {
    boolean[] ok = {true};
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        boolean mentions = s instanceof Stmt.Declare d && d.target() == stack
            || Stmts.ownExprs(s).stream().anyMatch(e -> Exprs.reads(e, stack));
        if (mentions && !(s instanceof Stmt.Declare) && !isPush(s, stack)
            && !(s instanceof Stmt.Assign a && Tapes.isCall(a.value(), stack, "pop") && unreadPops.contains(a))
            && !(s instanceof Stmt.Store st && isUnreadPutBack(st, stack, backward, kept, forward))) {
          ok[0] = false;
        }
      });
    }
    return ok[0];
  }

  /**
   * {@code a[i] = stack.pop()} into an array nothing reads afterwards: neither {@code a} nor any
   * variable that may share its storage (a restore of a branch's or a trip's own array, whose
   * backward code reads nothing of it, or only its length: {@code for (int j = out.length - 1; ...)}
   * of the backward loop over an accumulated {@code out[j] += ...}).
   */
  private static boolean isUnreadPutBack(Stmt.Store st, Variable stack, List<Stmt> backward, Set<Variable> kept,
      List<Stmt> forward) {
    if (st.compound() != null || !Tapes.isCall(st.value(), stack, "pop")
        || st.indices().stream().anyMatch(i -> Exprs.reads(i, stack))) {
      return false;
    }
    Set<Variable> read = readBesideLengths(backward, st.indices().size());
    read.addAll(kept);
    return Aliasing.mayShareWith(st.array(), forward).stream().noneMatch(read::contains);
  }

  /**
   * The variables {@code code} reads, counting no read of the length of an array fewer than {@code
   * depth} indices deep: a put-back of an element {@code depth} indices deep changes no such length.
   */
  private static Set<Variable> readBesideLengths(List<Stmt> code, int depth) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        for (Expr e : Stmts.ownExprs(s)) {
          addReadsBesideLengths(e, depth, out);
        }
        if (s instanceof Stmt.Assign a && a.compound() != null) {
          out.add(a.target());
        }
        if (s instanceof Stmt.Store st && st.compound() != null) {
          out.add(st.array());
        }
      });
    }
    return out;
  }

  private static void addReadsBesideLengths(Expr e, int depth, Set<Variable> out) {
    if (e instanceof Expr.Length l && Exprs.root(l.array()) != null && indexDepth(l.array()) < depth) {
      for (Expr a = l.array(); a instanceof Expr.Index i; a = i.array()) {
        addReadsBesideLengths(i.index(), depth, out);
      }
      return;
    }
    if (e instanceof Expr.Ref r) {
      out.add(r.var());
    }
    for (Expr c : Exprs.children(e)) {
      addReadsBesideLengths(c, depth, out);
    }
  }

  private static int indexDepth(Expr e) {
    int depth = 0;
    for (; e instanceof Expr.Index i; e = i.array()) {
      depth++;
    }
    return depth;
  }

  private static boolean isPush(Stmt s, Variable stack) {
    return s instanceof Stmt.Eval e && Tapes.isCall(e.expr(), stack, "push")
        && ((Expr.Call) e.expr()).args().stream().noneMatch(a -> Exprs.reads(a, stack));
  }

  private static boolean uses(Stmt s, Set<Variable> stacks) {
    if (s instanceof Stmt.Declare d) {
      return stacks.contains(d.target());
    }
    return !(s instanceof Stmt.If || s instanceof Stmt.Loop)
        && Stmts.ownExprs(s).stream().anyMatch(e -> stacks.stream().anyMatch(v -> Exprs.reads(e, v)));
  }
}
