package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stage after reverse: a top-level loop whose backward trips only add into adjoints (a sum, a
 * mean of squared errors, a loss over points) runs each trip's backward right after its forward,
 * in one loop, as a person writes it. Then nothing is taped for the backward loop and no forward
 * value is read a second time. Sound when the trips of the backward loop may run in any order:
 *
 * <ul>
 *   <li>the backward code before that loop (the reverse of what follows it in the forward pass)
 *       reads nothing the loop or what follows it writes and pops no tape, so it can run before
 *       the loop: it gives the adjoints the trips read (the seed of a sum);
 *   <li>a trip of the backward loop writes only its own locals and adds into adjoints ({@code
 *       dw += ...}, {@code dc[k] += ...}, the in-place {@code Nd} additions, pullbacks) that it
 *       never otherwise reads, and writes no forward variable, so it leaves the forward state as
 *       it found it and no trip sees another's work but through sums, whose order only rounds;
 *   <li>what it pops is a local of its forward trip, pushed after its last assignment: the value
 *       is still there, and the tape goes (likewise a local it recomputes from unchanged values);
 *   <li>the forward loop stores into no array and leaves no trip early, and the backward loop's
 *       header pops nothing (its trips are the forward's).
 * </ul>
 *
 * Otherwise the code is left as it is. The last such loop is fused, then the one before it, while
 * the conditions hold.
 */
public final class FusedLoops {

  /** The passes after fusing, and the stacks still used. */
  public record Fused(List<Stmt> forward, List<Stmt> backward, List<Variable> stacks) {}

  private FusedLoops() {}

  /** {@code forward} and {@code backward} (without the stacks' releases) with loops fused where sound. */
  public static Fused apply(List<Stmt> forward, List<Stmt> backward, List<Variable> stacks) {
    Fused fused = new Fused(forward, backward, stacks);
    for (Fused next = fuseFirst(fused); next != null; next = fuseFirst(fused)) {
      fused = next;
    }
    return fused;
  }

  /**
   * {@link #apply}, then without the stacks whose pops nothing reads any more ({@link
   * UnreadTapes}, {@code kept} read after both passes): a fused trip reads its forward values in
   * the forward pass, so a restore only it read goes ({@code out[j]} put back for the trips of a
   * loss over {@code out}).
   */
  public static Fused applyUntaped(List<Stmt> forward, List<Stmt> backward, List<Variable> stacks, Set<Variable> kept) {
    Fused fused = apply(forward, backward, stacks);
    UnreadTapes.Untaped untaped = UnreadTapes.remove(fused.forward(), fused.backward(), fused.stacks(), kept);
    return new Fused(untaped.forward(), untaped.backward(), untaped.stacks());
  }

  /** The passes with the backward pass's first top-level loop fused into its forward loop, or null. */
  private static Fused fuseFirst(Fused in) {
    List<Stmt> forward = in.forward();
    List<Stmt> backward = in.backward();
    int q = 0;
    while (q < backward.size() && !(backward.get(q) instanceof Stmt.Loop)) {
      q++;
    }
    if (q == backward.size() || !(backward.get(q) instanceof Stmt.Loop back) || back.pos().equals(Pos.NONE)) {
      return null;
    }
    int p = -1;
    for (int i = 0; i < forward.size(); i++) {
      if (forward.get(i) instanceof Stmt.Loop l && l.pos().equals(back.pos())) {
        if (p >= 0) {
          return null;
        }
        p = i;
      }
    }
    if (p < 0) {
      return null;
    }
    Stmt.Loop loop = (Stmt.Loop) forward.get(p);
    List<Stmt> before = backward.subList(0, q);
    List<Stmt> after = forward.subList(p + 1, forward.size());
    if (!plainLoop(loop) || !plainHeader(back)) {
      return null;
    }
    Set<Variable> untaped = untaped(loop, back, forward, backward, in.stacks());
    List<Stmt> forwardBody = withoutTapes(loop.body().stmts(), untaped);
    List<Stmt> backwardBody = withoutRecomputed(withoutTapes(back.body().stmts(), untaped), forwardBody);
    List<Stmt> forwardLeft = withoutTapes(forward, untaped);
    Set<Variable> forwardVars = mentioned(forwardLeft);
    Set<Variable> laterWrites = new HashSet<>(written(List.of(loop)));
    laterWrites.addAll(written(after));
    if (!addsOnly(backwardBody, forwardVars)
        || !Collections.disjoint(Stmts.read(backwardBody), written(after))
        || !Collections.disjoint(Stmts.read(backwardBody), nestedLocals(loop.body().stmts()))
        || !headerVarsAreForwards(back, loop, backwardBody)
        || !hoistable(before, forwardVars, laterWrites)) {
      return null;
    }
    List<Stmt> body = new ArrayList<>(forwardBody);
    body.add(new Stmt.Comment("backward pass of this trip", null, Pos.NONE));
    body.addAll(backwardBody);
    List<Stmt> newForward = new ArrayList<>(forwardLeft.subList(0, p - removedBefore(forward, p, untaped)));
    if (!before.isEmpty()) {
      newForward.add(new Stmt.Comment(
          "the loop below runs each trip's backward pass too (the trips only add into adjoints): its adjoints first", null, Pos.NONE));
      newForward.addAll(before);
    }
    newForward.add(new Stmt.Loop(loop.kind(), loop.init(), loop.cond(), loop.update(), new Block(body), loop.pos()));
    newForward.addAll(after);
    List<Variable> stacks = new ArrayList<>(in.stacks());
    stacks.removeAll(untaped);
    return new Fused(newForward, List.copyOf(backward.subList(q + 1, backward.size())), stacks);
  }

  /** A forward loop with no early exit and no element store. */
  private static boolean plainLoop(Stmt.Loop loop) {
    boolean[] ok = {true};
    Stmts.walk(loop.body(), s -> ok[0] &= !(s instanceof Stmt.Break || s instanceof Stmt.Continue
        || s instanceof Stmt.Return || s instanceof Stmt.Throw || s instanceof Stmt.Store));
    return ok[0];
  }

  /** A backward loop header that declares its index and pops nothing. */
  private static boolean plainHeader(Stmt.Loop back) {
    for (Stmt s : back.init()) {
      if (!(s instanceof Stmt.Assign a && a.declares()) || Tapes.pops(a.value())) {
        return false;
      }
    }
    List<Expr> header = new ArrayList<>(List.of(back.cond()));
    back.update().forEach(s -> header.addAll(Stmts.ownExprs(s)));
    return header.stream().noneMatch(Tapes::pops);
  }

  /**
   * The stacks that only carry a local of a forward trip to the same trip of the backward loop:
   * pushed once, at the forward body's top level after the local's last assignment, and popped
   * once, into that local, at the backward body's top level.
   */
  private static Set<Variable> untaped(Stmt.Loop loop, Stmt.Loop back, List<Stmt> forward, List<Stmt> backward,
      List<Variable> stacks) {
    Set<Variable> out = new LinkedHashSet<>();
    List<Stmt> body = loop.body().stmts();
    for (Variable stack : stacks) {
      int push = -1;
      for (int i = 0; i < body.size(); i++) {
        if (pushed(body.get(i), stack) != null) {
          push = i;
        }
      }
      if (push < 0 || uses(forward, stack) != 2 || uses(backward, stack) != 1) {
        continue;
      }
      Variable v = pushed(body.get(push), stack);
      boolean declaredAtTop = body.subList(0, push).stream()
          .anyMatch(s -> s instanceof Stmt.Assign a && a.declares() && a.target() == v);
      boolean popsIt = back.body().stmts().stream().anyMatch(s -> s instanceof Stmt.Assign a && a.target() == v
          && a.declares() && Tapes.isCall(a.value(), stack, "pop"));
      if (declaredAtTop && popsIt && !written(body.subList(push + 1, body.size())).contains(v)) {
        out.add(stack);
      }
    }
    return out;
  }

  /** The local {@code s} pushes onto {@code stack} ({@code stack.push(v)}), or null. */
  private static Variable pushed(Stmt s, Variable stack) {
    if (s instanceof Stmt.Eval e && Tapes.isCall(e.expr(), stack, "push")
        && ((Expr.Call) e.expr()).args().get(0) instanceof Expr.Ref r) {
      return r.var();
    }
    return null;
  }

  /** How many statements mention {@code v}. */
  private static int uses(List<Stmt> code, Variable v) {
    int[] n = {0};
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        boolean declares = s instanceof Stmt.Declare d && d.target() == v;
        if (declares || Stmts.target(s) == v || Stmts.ownExprs(s).stream().anyMatch(e -> Exprs.reads(e, v))) {
          n[0]++;
        }
      });
    }
    return n[0];
  }

  /** The code without the pushes onto, pops from and declarations of the {@code untaped} stacks. */
  private static List<Stmt> withoutTapes(List<Stmt> code, Set<Variable> untaped) {
    return code.stream().filter(s -> !tapes(s, untaped)).toList();
  }

  private static boolean tapes(Stmt s, Set<Variable> untaped) {
    if (s instanceof Stmt.Declare d) {
      return untaped.contains(d.target());
    }
    for (Variable stack : untaped) {
      if (pushed(s, stack) != null || s instanceof Stmt.Assign a && Tapes.isCall(a.value(), stack, "pop")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The backward trip without its recomputations of a forward trip's local ({@code double r = w[0]
   * + ...;} again): assigned once, at the forward body's top level, from values the rest of the
   * trip leaves alone, it still holds that value.
   */
  private static List<Stmt> withoutRecomputed(List<Stmt> backwardBody, List<Stmt> forwardBody) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : backwardBody) {
      if (!(s instanceof Stmt.Assign a && a.declares() && holds(forwardBody, a))) {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean holds(List<Stmt> forwardBody, Stmt.Assign recompute) {
    for (int i = 0; i < forwardBody.size(); i++) {
      if (forwardBody.get(i) instanceof Stmt.Assign a && a.declares() && a.target() == recompute.target()
          && a.compound() == null && a.value().equals(recompute.value()) && !Tapes.pops(a.value())) {
        Set<Variable> later = written(forwardBody.subList(i + 1, forwardBody.size()));
        return !later.contains(a.target()) && Collections.disjoint(later, Exprs.reads(a.value()));
      }
    }
    return false;
  }

  private static int removedBefore(List<Stmt> forward, int p, Set<Variable> untaped) {
    return (int) forward.subList(0, p).stream().filter(s -> tapes(s, untaped)).count();
  }

  /**
   * Whether a backward trip writes only its own locals and adds into adjoints it otherwise leaves
   * alone, pops nothing and touches no forward variable but by reading it.
   */
  private static boolean addsOnly(List<Stmt> body, Set<Variable> forwardVars) {
    Set<Variable> locals = Stmts.declared(body);
    if (!Collections.disjoint(locals, forwardVars)) {
      return false;
    }
    Set<Variable> sums = new LinkedHashSet<>();
    boolean[] ok = {true};
    for (Stmt top : body) {
      Stmts.walk(top, s -> {
        Stmts.ownExprs(s).forEach(e -> ok[0] &= !Tapes.pops(e));
        Variable target = Stmts.target(s);
        BinaryOp op = s instanceof Stmt.Assign a ? a.compound() : s instanceof Stmt.Store st ? st.compound() : null;
        if (target != null && !locals.contains(target)) {
          ok[0] &= (op == BinaryOp.ADD || op == BinaryOp.SUB) && !forwardVars.contains(target);
          sums.add(target);
        }
        if (s instanceof Stmt.Eval e && !(e.expr() instanceof Expr.Call c && isAdding(c))) {
          ok[0] = false;
        }
        if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && isAdding(c)) {
          for (Expr arg : c.args()) {
            Variable root = Exprs.root(arg);
            if (root != null && arg.type().isArray() && !locals.contains(root) && !forwardVars.contains(root)) {
              sums.add(root);
            }
          }
        }
      });
    }
    return ok[0] && Accumulation.addsOnly(body, sums);
  }

  private static boolean isAdding(Expr.Call c) {
    return c.callee().kind() == Callee.Kind.PULLBACK
        || c.callee().kind() == Callee.Kind.ND && NdCalls.ACCUMULATING.contains(c.callee().name());
  }


  /** What the backward trip reads of the backward header's variables is the forward header's. */
  private static boolean headerVarsAreForwards(Stmt.Loop back, Stmt.Loop loop, List<Stmt> backwardBody) {
    Set<Variable> backHeader = Stmts.declared(back.init());
    backHeader.retainAll(Stmts.read(backwardBody));
    return Stmts.declared(loop.init()).containsAll(backHeader);
  }

  /** Variables declared in nested blocks of {@code body}: out of scope at its end. */
  private static Set<Variable> nestedLocals(List<Stmt> body) {
    Set<Variable> all = Stmts.declared(body);
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a && a.declares()) {
        all.remove(a.target());
      } else if (s instanceof Stmt.Declare d) {
        all.remove(d.target());
      }
    }
    return all;
  }

  /**
   * Whether the backward code before the loop can run before the forward loop: it pops nothing,
   * reads nothing the loop or what follows it writes, and writes no forward variable.
   */
  private static boolean hoistable(List<Stmt> before, Set<Variable> forwardVars, Set<Variable> laterWrites) {
    boolean[] pops = {false};
    for (Stmt top : before) {
      Stmts.walk(top, s -> Stmts.ownExprs(s).forEach(e -> pops[0] |= Tapes.pops(e)));
    }
    return !pops[0] && Collections.disjoint(Stmts.read(before), laterWrites)
        && Collections.disjoint(written(before), forwardVars);
  }

  private static Set<Variable> written(List<Stmt> code) {
    Set<Variable> out = Stmts.assigned(code);
    out.addAll(Stmts.declared(code));
    return out;
  }

  private static Set<Variable> mentioned(List<Stmt> code) {
    Set<Variable> out = written(code);
    out.addAll(Stmts.read(code));
    return out;
  }
}
