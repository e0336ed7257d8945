package dev.flatgrad.processor.forward;

import dev.flatgrad.processor.ir.Expr;
import java.util.List;
import java.util.Map;

/** Replacing sub-expressions by identity: the inputs of a gate, wherever they sit under it. */
final class Replace {

  private Replace() {}

  /** {@code e} with each node that is a key of {@code by} (the same object) replaced by its value. */
  static Expr nodes(Expr e, Map<Expr, Expr> by) {
    Expr r = by.get(e);
    if (r != null) {
      return r;
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), nodes(u.operand(), by), u.type());
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), nodes(b.left(), by), nodes(b.right(), by), b.type());
    }
    if (e instanceof Expr.Call c) {
      return new Expr.Call(c.receiver() == null ? null : nodes(c.receiver(), by), c.callee(), all(c.args(), by), c.pos());
    }
    if (e instanceof Expr.Index i) {
      return new Expr.Index(nodes(i.array(), by), nodes(i.index(), by));
    }
    if (e instanceof Expr.Cond c) {
      return new Expr.Cond(nodes(c.cond(), by), nodes(c.whenTrue(), by), nodes(c.whenFalse(), by), c.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), nodes(c.operand(), by));
    }
    return e;
  }

  private static List<Expr> all(List<Expr> es, Map<Expr, Expr> by) {
    return es.stream().map(x -> nodes(x, by)).toList();
  }
}
