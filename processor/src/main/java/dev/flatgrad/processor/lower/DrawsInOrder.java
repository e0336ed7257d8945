package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls that may answer differently each time ({@code rng.nextInt(n)}, a helper counting its
 * calls: not {@link Exprs#isRepeatable}) given a local of their own, in the order Java makes them,
 * in a statement where the later stages would otherwise ask again or reorder them: one in an index
 * ({@code bins[rng.nextInt(4)] += v}, whose old element the forward pass saves and whose adjoint
 * the backward pass adds into, each reading the index again), one in the test of a {@code ?:}
 * (whose derivative, {@code ds = test ? 1 : 2}, asks it again), or two in one statement ({@code
 * w[k] * (rng.nextBoolean() ? 1 : -1) + rng.nextGaussian()}, whose parts the stages name in an
 * order of their own). A call the statement makes only on some paths (an arm of {@code ?:}, the
 * right operand of {@code &&} or {@code ||}) is made in the {@code if} it means. A statement with
 * one such call elsewhere stays as written: the stages record its value where they need it.
 */
final class DrawsInOrder {

  private DrawsInOrder() {}

  static Block apply(Block b) {
    return new Block(stmts(b.stmts()));
  }

  private static List<Stmt> stmts(List<Stmt> in) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : in) {
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.cond(), apply(i.then()), apply(i.otherwise()), i.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), stmts(l.init()), l.cond(), stmts(l.update()), apply(l.body()), l.pos()));
      } else if (s instanceof Stmt.Assign a && needsOrder(a.value(), List.of())) {
        out.add(new Stmt.Assign(a.target(), a.compound(), ownValue(a.value(), out, a.pos()), a.declares(), a.pos()));
      } else if (s instanceof Stmt.Store st && needsOrder(st.value(), st.indices())) {
        List<Expr> indices = new ArrayList<>();
        for (Expr i : st.indices()) {
          indices.add(hoist(i, out, st.pos()));
        }
        out.add(new Stmt.Store(st.array(), indices, st.compound(), hoist(st.value(), out, st.pos()), st.pos()));
      } else if (s instanceof Stmt.Return r && r.value() != null && needsOrder(r.value(), List.of())) {
        out.add(new Stmt.Return(hoist(r.value(), out, r.pos()), r.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** A value that is one call stays that call (the statement gives it its local), its arguments in order. */
  private static Expr ownValue(Expr value, List<Stmt> out, Pos pos) {
    return value instanceof Expr.Call c ? callWith(c, out, pos) : hoist(value, out, pos);
  }

  /** Whether the statement's draws need locals: one in an index or the test of a {@code ?:}, or two or more. */
  private static boolean needsOrder(Expr value, List<Expr> indices) {
    int[] draws = {0};
    boolean[] reread = {indices.stream().anyMatch(DrawsInOrder::hasDraw)};
    List<Expr> all = new ArrayList<>(indices);
    all.add(value);
    for (Expr e : all) {
      Exprs.walk(e, x -> {
        draws[0] += x instanceof Expr.Call c && isDraw(c) ? 1 : 0;
        reread[0] |= x instanceof Expr.Index i && hasDraw(i.index()) || x instanceof Expr.Cond c && hasDraw(c.cond());
      });
    }
    return reread[0] || draws[0] >= 2;
  }

  private static boolean isDraw(Expr.Call c) {
    return !Exprs.isFunction(c);
  }

  private static boolean hasDraw(Expr e) {
    boolean[] found = {false};
    Exprs.walk(e, x -> found[0] |= x instanceof Expr.Call c && isDraw(c));
    return found[0];
  }

  /** {@code e} with each draw in a local of its own, added to {@code out} in the order Java makes them. */
  private static Expr hoist(Expr e, List<Stmt> out, Pos pos) {
    if (!hasDraw(e)) {
      return e;
    }
    if (e instanceof Expr.Call c) {
      Expr.Call call = callWith(c, out, pos);
      if (!isDraw(c)) {
        return call;
      }
      if (Exprs.isNullCheck(call)) {
        // A switch's null check of its selector: a statement of its own, the tests reading the selector itself.
        out.add(new Stmt.Eval(call, pos));
        return call.args().get(0);
      }
      Variable t = Variable.temp(hint(c), c.type());
      out.add(new Stmt.Assign(t, null, call, true, pos));
      return new Expr.Ref(t);
    }
    if (e instanceof Expr.Cond c && (hasDraw(c.whenTrue()) || hasDraw(c.whenFalse()))) {
      Expr cond = hoist(c.cond(), out, pos);
      Variable t = Variable.temp("chosen", c.type());
      out.add(new Stmt.Declare(t, pos));
      out.add(new Stmt.If(cond, arm(t, c.whenTrue(), pos), arm(t, c.whenFalse(), pos), pos));
      return new Expr.Ref(t);
    }
    if (e instanceof Expr.Binary b && b.op().isLogical() && hasDraw(b.right())) {
      Variable t = Variable.temp("test", Type.BOOLEAN);
      out.add(new Stmt.Assign(t, null, hoist(b.left(), out, pos), true, pos));
      Expr whenRight = b.op() == BinaryOp.AND ? new Expr.Ref(t) : new Expr.Unary(UnaryOp.NOT, new Expr.Ref(t), Type.BOOLEAN);
      out.add(new Stmt.If(whenRight, arm(t, b.right(), pos), Block.EMPTY, pos));
      return new Expr.Ref(t);
    }
    return Exprs.mapChildren(e, child -> hoist(child, out, pos));
  }

  /** The name of a draw's local: the method's ({@code nextInt}), or the class's for a new object ({@code random}). */
  private static String hint(Expr.Call c) {
    if (c.callee().kind() != Callee.Kind.CONSTRUCTOR) {
      return c.callee().name();
    }
    String simple = c.callee().owner().simpleName().replaceAll(".*\\.", "");
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  /** {@code c} with its receiver, then its arguments, hoisted in that order. */
  private static Expr.Call callWith(Expr.Call c, List<Stmt> out, Pos pos) {
    Expr receiver = c.receiver() == null ? null : hoist(c.receiver(), out, pos);
    List<Expr> args = new ArrayList<>();
    for (Expr a : c.args()) {
      args.add(hoist(a, out, pos));
    }
    return new Expr.Call(receiver, c.callee(), args, c.pos());
  }

  /** {@code t = value;} made on one path, with the draws of {@code value} before it. */
  private static Block arm(Variable t, Expr value, Pos pos) {
    List<Stmt> arm = new ArrayList<>();
    Expr v = value instanceof Expr.Call c ? callWith(c, arm, pos) : hoist(value, arm, pos);
    arm.add(new Stmt.Assign(t, null, v, false, pos));
    return new Block(arm);
  }
}
