package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.analyse.SavePlan;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The forward pass as generated: the user's computation (staged and renamed) plus exactly what
 * the {@link SavePlan} asks to keep — a push before each saved overwrite, the pushes of a block's
 * values at each of its exits, recorded branch directions, loop trip counts — with the stacks and
 * hoisted variables declared up front.
 */
public final class ForwardSweep {

  private final SavePlan plan;
  /** Pushes due at the end of each enclosing block, innermost first, down to a loop body mark. */
  private final Deque<List<Stmt>> exits = new ArrayDeque<>();

  private static final List<Stmt> LOOP_BODY = new ArrayList<>();

  /** How deep in nested blocks the statement being built is (0: the method body). */
  private int depth;
  /** Bookkeeping variables of nested blocks, declared at the top so the backward pass sees them. */
  private final List<Stmt> hoistedBookkeeping = new ArrayList<>();

  private ForwardSweep(SavePlan plan) {
    this.plan = plan;
  }

  /** The forward statements, without the final return. */
  public static List<Stmt> build(IrMethod m, SavePlan plan) {
    ForwardSweep f = new ForwardSweep(plan);
    List<Stmt> out = new ArrayList<>();
    for (Variable s : plan.stacks) {
      out.add(new Stmt.Declare(s, Pos.NONE));
    }
    for (Variable h : plan.hoisted) {
      out.add(new Stmt.Assign(h, null, defaultOf(h.type()), true, Pos.NONE));
    }
    List<Stmt> body = m.body().stmts();
    List<Stmt> code = new ArrayList<>();
    f.stmts(body.subList(0, body.size() - 1), code);
    out.addAll(f.hoistedBookkeeping);
    out.addAll(code);
    return out;
  }

  /**
   * The value a declaration takes before its first assignment, which the user's code never reads:
   * 0, false, null for an object, and an empty array for an array, not null: generated code may
   * measure it (a trip that pops the value before the first assignment makes its adjoint as long).
   */
  public static Expr defaultOf(Type t) {
    return t.isArray() ? new Expr.NewArray(t, List.of(Expr.Const.zero(Type.INT))) : Expr.Const.zero(t);
  }

  private List<Stmt> block(Block b, boolean loopBody) {
    List<Stmt> pushes = new ArrayList<>();
    for (SavePlan.Restore r : plan.restoresOf(b)) {
      if (r.stack() != null) {
        pushes.add(Tapes.push(r.stack(), new Expr.Ref(r.var())));
      }
    }
    if (loopBody) {
      exits.push(LOOP_BODY);
    }
    exits.push(pushes);
    List<Stmt> out = new ArrayList<>();
    depth++;
    stmts(b.stmts(), out);
    depth--;
    exits.pop();
    if (loopBody) {
      exits.pop();
    }
    // After a throw nothing runs (and javac rejects what follows it).
    if (out.isEmpty() || !isJump(out.get(out.size() - 1)) && !(out.get(out.size() - 1) instanceof Stmt.Throw)) {
      out.addAll(pushes);
    }
    return out;
  }

  private static boolean isJump(Stmt s) {
    return s instanceof Stmt.Break || s instanceof Stmt.Continue;
  }

  private void stmts(List<Stmt> stmts, List<Stmt> out) {
    for (Stmt s : stmts) {
      stmt(s, out);
    }
  }

  private void stmt(Stmt s, List<Stmt> out) {
    SavePlan.Save save = plan.kills.get(s);
    if (s instanceof Stmt.Assign a) {
      if (save != null) {
        out.addAll(save.keep(new Expr.Ref(a.target())));
      }
      boolean declares = a.declares() && !plan.hoisted.contains(a.target());
      out.add(new Stmt.Assign(a.target(), a.compound(), a.value(), declares, a.pos()));
    } else if (s instanceof Stmt.Store st) {
      if (save != null) {
        out.addAll(save.keep(st.element()));
      }
      out.add(st);
    } else if (s instanceof Stmt.Declare d) {
      if (!plan.hoisted.contains(d.target())) {
        out.add(d);
      }
    } else if (s instanceof Stmt.If f) {
      Expr cond = f.cond();
      SavePlan.Branch recorded = plan.branches.get(f);
      if (recorded != null && recorded.onStack()) {
        cond = Tapes.record(recorded.recorded(), cond);
      } else if (recorded != null) {
        declareBookkeeping(recorded.recorded(), cond, f, out);
        cond = new Expr.Ref(recorded.recorded());
      }
      out.add(new Stmt.If(cond, new Block(block(f.then(), false)), new Block(block(f.otherwise(), false)), f.pos()));
    } else if (s instanceof Stmt.Loop l) {
      loop(l, out);
    } else if (isJump(s)) {
      // Leaving blocks early: their pushes happen here, up to and including the loop body.
      for (List<Stmt> pushes : exits) {
        if (pushes == LOOP_BODY) {
          break;
        }
        out.addAll(pushes);
      }
      out.add(s);
    } else {
      out.add(s);
    }
  }

  /**
   * {@code v = value} for a trip count or a branch direction that the backward pass reads from
   * outside the block: declared here in the method body, else at the top of the method.
   */
  private void declareBookkeeping(Variable v, Expr value, Stmt at, List<Stmt> out) {
    if (depth == 0) {
      out.add(new Stmt.Assign(v, null, value, true, at.pos()));
    } else {
      hoistedBookkeeping.add(new Stmt.Assign(v, null, defaultOf(v.type()), true, at.pos()));
      out.add(new Stmt.Assign(v, null, value, false, at.pos()));
    }
  }

  private void loop(Stmt.Loop l, List<Stmt> out) {
    SavePlan.LoopPlan lp = plan.loops.get(l);
    Variable trips = null;
    Variable tripStack = null;
    if (lp instanceof SavePlan.Canonical c) {
      trips = c.trips();
      tripStack = c.tripStack();
    } else if (lp instanceof SavePlan.Counted c) {
      trips = c.trips();
      tripStack = c.tripStack();
    }
    List<Stmt> body = new ArrayList<>();
    if (trips != null) {
      Expr zero = Expr.Const.ofInt(0);
      if (tripStack != null) {
        out.add(new Stmt.Assign(trips, null, zero, true, l.pos()));
      } else {
        declareBookkeeping(trips, zero, l, out);
      }
      body.add(new Stmt.Assign(trips, BinaryOp.ADD, Expr.Const.ofInt(1), false, l.pos()));
    }
    List<Stmt> init = new ArrayList<>();
    stmts(l.init(), init);
    List<Stmt> update = new ArrayList<>();
    stmts(l.update(), update);
    body.addAll(block(l.body(), true));
    out.add(new Stmt.Loop(l.kind(), init, l.cond(), update, new Block(body), l.pos()));
    if (tripStack != null) {
      out.add(Tapes.push(tripStack, new Expr.Ref(trips)));
    }
  }
}
