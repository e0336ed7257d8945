package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Last stage of a reversed method: a primitive stack that one counting loop pushes at most once a
 * trip becomes an array and an index in a local, as a person writes a tape whose length is known
 * before the loop ({@code double[] sTape = sStack.tape(c.length); int sTop = 0;}, then {@code
 * sTape[sTop] = s; sTop++;} and in the backward pass {@code sTop--; s = sTape[sTop];}). A push and
 * a pop load and store the stack's size field on every trip, a chain through memory that a loop
 * carrying its derivative in registers does not have; the array stays the pooled stack's own.
 *
 * <p>The conditions, otherwise the stack is left as it is: every push of the stack is a statement
 * in the body of one loop counting by one at the top of the forward pass, outside nested loops and at
 * most one on any path through a trip (so the trip count, computed before the loop from its
 * bounds, is enough room: a {@code break} only tapes fewer); the backward pass only pops it, at
 * most once in a statement, outside loop headers, and releases it.
 */
public final class CountedTapes {

  private CountedTapes() {}

  public static DeadStores.Passes apply(List<Stmt> forward, List<Stmt> backward) {
    Set<Variable> made = new HashSet<>();
    for (Stmt s : forward) {
      if (s instanceof Stmt.Declare d && d.target().kind() == Variable.Kind.STACK && !d.target().type().isReference()) {
        Optional<DeadStores.Passes> counted = count(d.target(), forward, backward, made);
        if (counted.isPresent()) {
          forward = counted.get().forward();
          backward = counted.get().backward();
        }
      }
    }
    return new DeadStores.Passes(forward, backward);
  }

  /**
   * The passes with {@code stack} as an array and an index, declared before its loop after those
   * made before ({@code made}, to which they are added), if the conditions hold.
   */
  private static Optional<DeadStores.Passes> count(Variable stack, List<Stmt> forward, List<Stmt> backward,
      Set<Variable> made) {
    if (!onlyCalls(forward, stack, "push") || !onlyCalls(backward, stack, "pop", "release")) {
      return Optional.empty();
    }
    int pushes = calls(forward, stack, "push");
    for (int k = 0; k < forward.size(); k++) {
      if (!(forward.get(k) instanceof Stmt.Loop l) || pushes == 0) {
        continue;
      }
      Optional<Loops.Counting> counting = Loops.counting(l);
      // A long counter's trip count may not be an int, nor is last - from + 1 one where last may
      // have wrapped (not byIndex): such a loop's tape grows as it goes.
      if (counting.isEmpty() || !counting.get().byIndex() || counting.get().hasBreak() && !boundedByLengths(counting.get())
          || Math.abs(counting.get().step()) != 1 || counting.get().index().type().equals(Type.LONG)
          || calls(l.body().stmts(), stack, "push") != pushes
          || perTrip(l.body().stmts(), stack) > 1 || !popsInStatements(backward, stack)) {
        continue;
      }
      Variable tape = Variable.tapeOf(stack, "Tape", stack.type().arrayOf());
      Variable top = Variable.tapeOf(stack, "Top", Type.INT);
      Callee reserve = new Callee(Tapes.stackClass(stack.type()), "tape", List.of(Type.INT), tape.type(),
          Callee.Kind.INTRINSIC);
      made.add(tape);
      made.add(top);
      int before = k;
      while (before > 0 && forward.get(before - 1) instanceof Stmt.Assign a && made.contains(a.target())) {
        before--;
      }
      List<Stmt> out = new ArrayList<>(forward.subList(0, k));
      out.add(before, new Stmt.Assign(tape, null,
          new Expr.Call(new Expr.Ref(stack), reserve, List.of(trips(counting.get())), Pos.NONE), true, Pos.NONE));
      out.add(before + 1, new Stmt.Assign(top, null, Expr.Const.ofInt(0), true, Pos.NONE));
      out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(pushed(l.body().stmts(), stack, tape, top)),
          l.pos()));
      out.addAll(forward.subList(k + 1, forward.size()));
      return Optional.of(new DeadStores.Passes(out, popped(backward, stack, tape, top)));
    }
    return Optional.empty();
  }

  /**
   * The trip count of a loop counting by one, {@code last - from + 1} (or {@code from - last + 1}
   * counting down): at least the values it tapes, and at most zero when it makes no trip.
   */
  private static Expr trips(Loops.Counting c) {
    Expr span = c.ascending()
        ? new Expr.Binary(BinaryOp.SUB, c.last(), c.from(), Type.INT)
        : new Expr.Binary(BinaryOp.SUB, c.from(), c.last(), Type.INT);
    return Simplifier.simplify(new Expr.Binary(BinaryOp.ADD, span, Expr.Const.ofInt(1), Type.INT));
  }

  /**
   * Whether the loop's ends are made of arrays' lengths and constants: its tape is then no longer
   * than an array the method holds, however early a break leaves. A break may leave {@code for (int
   * it = 0; it < maxIter; it++)} after a few trips of two billion.
   */
  private static boolean boundedByLengths(Loops.Counting c) {
    return lengthsAndConstants(c.from()) && lengthsAndConstants(c.last());
  }

  private static boolean lengthsAndConstants(Expr e) {
    if (e instanceof Expr.Length) {
      return true;
    }
    if (e instanceof Expr.Ref || e instanceof Expr.Index || e instanceof Expr.FieldRef
        || e instanceof Expr.Call call && !call.callee().owner().equals(ClassRef.MATH)) {
      return false;
    }
    return Exprs.children(e).stream().allMatch(CountedTapes::lengthsAndConstants);
  }

  /** Whether {@code stack} appears in {@code code} only as the receiver of calls named {@code names}. */
  private static boolean onlyCalls(List<Stmt> code, Variable stack, String... names) {
    int[] refs = {0};
    int[] calls = {0};
    for (Stmt s : code) {
      Stmts.walk(s, x -> Stmts.ownExprs(x).forEach(e -> Exprs.walk(e, n -> {
        refs[0] += n instanceof Expr.Ref r && r.var() == stack ? 1 : 0;
        calls[0] += List.of(names).stream().anyMatch(name -> Tapes.isCall(n, stack, name)) ? 1 : 0;
      })));
    }
    return refs[0] == calls[0];
  }

  private static int calls(List<Stmt> code, Variable stack, String name) {
    int[] n = {0};
    for (Stmt s : code) {
      Stmts.walk(s, x -> Stmts.ownExprs(x).forEach(e -> n[0] += calls(e, stack, name)));
    }
    return n[0];
  }

  private static int calls(Expr e, Variable stack, String name) {
    int[] n = {0};
    Exprs.walk(e, x -> n[0] += Tapes.isCall(x, stack, name) ? 1 : 0);
    return n[0];
  }

  /**
   * Whether {@code e} pops {@code stack} once at most, and not in a part it may skip (a
   * conditional's branch, the right of {@code &&} or {@code ||}): the index goes down before the
   * statement.
   */
  private static boolean popsOnceAtMost(Expr e, Variable stack) {
    if (calls(e, stack, "pop") > 1) {
      return false;
    }
    boolean[] skipped = {false};
    Exprs.walk(e, x -> {
      if (x instanceof Expr.Cond c) {
        skipped[0] |= calls(c.whenTrue(), stack, "pop") + calls(c.whenFalse(), stack, "pop") > 0;
      } else if (x instanceof Expr.Binary b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
        skipped[0] |= calls(b.right(), stack, "pop") > 0;
      }
    });
    return !skipped[0];
  }

  /** The most pushes of {@code stack} on one path through {@code stmts}; 2 for any in a nested loop. */
  private static int perTrip(List<Stmt> stmts, Variable stack) {
    int n = 0;
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If f) {
        n += Math.max(perTrip(f.then().stmts(), stack), perTrip(f.otherwise().stmts(), stack));
      } else if (s instanceof Stmt.Loop l) {
        n += calls(List.of(l), stack, "push") > 0 ? 2 : 0;
      } else if (s instanceof Stmt.Eval e && Tapes.isCall(e.expr(), stack, "push")) {
        n++;
      } else if (calls(List.of(s), stack, "push") > 0) {
        n += 2; // a push inside another statement's expression
      }
    }
    return n;
  }

  /** Whether each pop of the stack is in a statement (not a loop's header) popping it once at most. */
  private static boolean popsInStatements(List<Stmt> code, Variable stack) {
    boolean[] ok = {true};
    for (Stmt s : code) {
      Stmts.walk(s, x -> {
        if (x instanceof Stmt.Loop l) {
          List<Stmt> header = new ArrayList<>(l.init());
          header.addAll(l.update());
          ok[0] &= calls(header, stack, "pop") == 0 && calls(l.cond(), stack, "pop") == 0;
        } else {
          int pops = 0;
          for (Expr e : Stmts.ownExprs(x)) {
            ok[0] &= popsOnceAtMost(e, stack);
            pops += calls(e, stack, "pop");
          }
          ok[0] &= pops <= 1;
        }
      });
    }
    return ok[0];
  }

  /** The loop body with each push {@code stack.push(v)} as {@code tape[top] = v; top++;}. */
  private static List<Stmt> pushed(List<Stmt> stmts, Variable stack, Variable tape, Variable top) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Eval e && Tapes.isCall(e.expr(), stack, "push")) {
        Expr value = ((Expr.Call) e.expr()).args().get(0);
        out.add(new Stmt.Store(tape, List.of(new Expr.Ref(top)), null, value, e.pos()));
        out.add(new Stmt.Assign(top, BinaryOp.ADD, Expr.Const.ofInt(1), false, Pos.NONE));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), new Block(pushed(f.then().stmts(), stack, tape, top)),
            new Block(pushed(f.otherwise().stmts(), stack, tape, top)), f.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The backward code with each pop of {@code stack} as {@code top--;} then {@code tape[top]}. */
  private static List<Stmt> popped(List<Stmt> stmts, Variable stack, Variable tape, Variable top) {
    List<Stmt> out = new ArrayList<>();
    Expr element = new Expr.Index(new Expr.Ref(tape), new Expr.Ref(top));
    java.util.function.UnaryOperator<Expr> read =
        e -> Exprs.rewrite(e, x -> Tapes.isCall(x, stack, "pop") ? element : x);
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(popped(l.body().stmts(), stack, tape, top)),
            l.pos()));
        continue;
      }
      boolean pops = Stmts.ownExprs(s).stream().anyMatch(e -> calls(e, stack, "pop") > 0);
      if (pops) {
        out.add(new Stmt.Assign(top, BinaryOp.SUB, Expr.Const.ofInt(1), false, Pos.NONE));
      }
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(read.apply(f.cond()), new Block(popped(f.then().stmts(), stack, tape, top)),
            new Block(popped(f.otherwise().stmts(), stack, tape, top)), f.pos()));
      } else {
        out.add(pops ? Stmts.mapExprs(s, read) : s);
      }
    }
    return out;
  }
}
