package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Stage after unread tapes go: a tape of arrays whose popped arrays the backward pass reads only
 * for their lengths ({@code for (int i = v.length - 1; ...)} over a trip's {@code v}, whose values
 * it never reads) tapes their lengths instead: {@code vLengthStack.push(v.length)} and {@code int
 * vLength = vLengthStack.pop()}, each {@code v.length} read as {@code vLength}. The tape then keeps
 * four bytes a trip, not the trip's array alive to the end of the forward pass. Only for a local
 * given nothing but new arrays (and copies, and one another's), which cannot be null: its length
 * is read in the forward pass where the tape took the array.
 */
public final class LengthTapes {

  private LengthTapes() {}

  /**
   * The passes with each such tape of arrays a tape of their lengths; {@code kept} what the
   * backward pass's liveness starts from.
   */
  public static UnreadTapes.Untaped apply(UnreadTapes.Untaped passes, Set<Variable> kept) {
    Set<Variable> neverNull = neverNull(passes.forward());
    List<Stmt> forward = passes.forward();
    List<Stmt> backward = passes.backward();
    List<Variable> stacks = new ArrayList<>();
    for (Variable stack : passes.stacks()) {
      Variable popped = stack.type().isArray() ? poppedInto(forward, backward, stack, neverNull) : null;
      Variable length = popped == null ? null : Variable.temp(popped.hint() + "Length", Type.INT);
      List<Stmt> measured = popped == null ? null : measured(backward, popped, length);
      if (measured == null || !popsUnread(measured, stack, kept)) {
        stacks.add(stack);
        continue;
      }
      Variable lengths = Variable.stackOf(length);
      stacks.add(lengths);
      forward = forward.stream().map(s -> pushingLengths(s, stack, lengths)).toList();
      List<Stmt> restored = new ArrayList<>();
      if (!Stmts.declared(backward).contains(popped)) {
        // The forward pass's last array, whose length the backward pass may read before the first
        // pop (where javac cannot tell it is assigned, DefiniteAssignment gives it a value, as it
        // did for the read of its length).
        restored.add(new Stmt.Assign(length, null, new Expr.Length(new Expr.Ref(popped)), true, Pos.NONE));
      }
      for (Stmt s : measured) {
        restored.add(poppingLengths(s, stack, lengths, popped, length));
      }
      backward = restored;
    }
    return new UnreadTapes.Untaped(forward, backward, stacks);
  }

  /** {@code backward} with each {@code popped.length} read as {@code length}. */
  private static List<Stmt> measured(List<Stmt> backward, Variable popped, Variable length) {
    return backward.stream().map(s -> Stmts.mapExprs(s, e -> Exprs.rewrite(e, x -> x instanceof Expr.Length l
        && l.array() instanceof Expr.Ref r && r.var() == popped ? new Expr.Ref(length) : x))).toList();
  }

  /** Whether no pop of {@code stack} is read by liveness once the lengths are read without the arrays. */
  private static boolean popsUnread(List<Stmt> backward, Variable stack, Set<Variable> kept) {
    Set<Stmt> unread = DeadStores.unreadAssignments(backward, kept);
    boolean[] read = {false};
    for (Stmt top : backward) {
      Stmts.walk(top, s -> read[0] |= s instanceof Stmt.Assign a && Tapes.isCall(a.value(), stack, "pop")
          && !unread.contains(s));
    }
    return !read[0];
  }

  /**
   * The one variable the stack's pops go into, if the forward pass pushes only locals that are never
   * null on it and the backward pass pops it only into that variable, which it assigns only so and
   * never writes into; null otherwise.
   */
  private static Variable poppedInto(List<Stmt> forward, List<Stmt> backward, Variable stack,
      Set<Variable> neverNull) {
    boolean[] ok = {true};
    for (Stmt top : forward) {
      Stmts.walk(top, s -> {
        if (mentions(s, stack) && !(s instanceof Stmt.Declare)) {
          ok[0] &= s instanceof Stmt.Eval e && Tapes.isCall(e.expr(), stack, "push")
              && ((Expr.Call) e.expr()).args().get(0) instanceof Expr.Ref r && neverNull.contains(r.var());
        }
      });
    }
    Set<Variable> targets = new LinkedHashSet<>();
    for (Stmt top : backward) {
      Stmts.walk(top, s -> {
        if (mentions(s, stack)) {
          boolean pop = s instanceof Stmt.Assign a && a.compound() == null && Tapes.isCall(a.value(), stack, "pop");
          ok[0] &= pop;
          if (pop) {
            targets.add(((Stmt.Assign) s).target());
          }
        }
      });
    }
    if (!ok[0] || targets.size() != 1) {
      return null;
    }
    Variable popped = targets.iterator().next();
    boolean[] other = {false};
    for (Stmt top : backward) {
      Stmts.walk(top, s -> other[0] |= s instanceof Stmt.Assign a && a.target() == popped
          && !Tapes.isCall(a.value(), stack, "pop") || s instanceof Stmt.Store st && st.array() == popped);
    }
    return other[0] ? null : popped;
  }

  private static boolean mentions(Stmt s, Variable stack) {
    return s instanceof Stmt.Declare d && d.target() == stack
        || Stmts.ownExprs(s).stream().anyMatch(e -> e != null && Exprs.reads(e, stack));
  }

  private static Stmt pushingLengths(Stmt s, Variable stack, Variable lengths) {
    if (s instanceof Stmt.Declare d && d.target() == stack) {
      return new Stmt.Declare(lengths, d.pos());
    }
    if (s instanceof Stmt.Eval e && Tapes.isCall(e.expr(), stack, "push")) {
      return Tapes.push(lengths, new Expr.Length(((Expr.Call) e.expr()).args().get(0)));
    }
    return s instanceof Stmt.If || s instanceof Stmt.Loop ? nested(s, x -> pushingLengths(x, stack, lengths)) : s;
  }

  private static Stmt poppingLengths(Stmt s, Variable stack, Variable lengths, Variable popped, Variable length) {
    if (s instanceof Stmt.Assign a && Tapes.isCall(a.value(), stack, "pop")) {
      return new Stmt.Assign(length, null, Tapes.pop(lengths), a.declares(), a.pos());
    }
    if (s instanceof Stmt.Declare d && d.target() == popped) {
      return new Stmt.Declare(length, d.pos());
    }
    return s instanceof Stmt.If || s instanceof Stmt.Loop
        ? nested(s, x -> poppingLengths(x, stack, lengths, popped, length)) : s;
  }

  /** An if or a loop with {@code f} applied to each statement of its blocks and its header's. */
  private static Stmt nested(Stmt s, UnaryOperator<Stmt> f) {
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.cond(), new Block(i.then().stmts().stream().map(f).toList()),
          new Block(i.otherwise().stmts().stream().map(f).toList()), i.pos());
    }
    Stmt.Loop l = (Stmt.Loop) s;
    return new Stmt.Loop(l.kind(), l.init().stream().map(f).toList(), l.cond(), l.update().stream().map(f).toList(),
        new Block(l.body().stmts().stream().map(f).toList()), l.pos());
  }

  /**
   * The local arrays the forward pass gives only new arrays, copies, or one another's (in turn):
   * none can be null where it is read.
   */
  private static Set<Variable> neverNull(List<Stmt> forward) {
    Map<Variable, List<Expr>> values = new HashMap<>();
    for (Stmt top : forward) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
          values.computeIfAbsent(a.target(), v -> new ArrayList<>()).add(a.compound() == null ? a.value() : null);
        }
      });
    }
    Set<Variable> out = new LinkedHashSet<>(values.keySet());
    boolean changed = true;
    while (changed) {
      changed = out.removeIf(v -> v.kind() == Variable.Kind.PARAMETER
          || values.get(v).stream().anyMatch(e -> !isNew(e, out)));
    }
    return out;
  }

  private static boolean isNew(Expr e, Set<Variable> neverNull) {
    return e instanceof Expr.NewArray || e instanceof Expr.ArrayLit || NdCalls.isNewArray(e)
        || e instanceof Expr.Call c && Intrinsics.isClone(c.callee())
        || e instanceof Expr.Ref r && neverNull.contains(r.var());
  }
}
