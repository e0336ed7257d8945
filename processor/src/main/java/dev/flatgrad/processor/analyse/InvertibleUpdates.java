package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The updates the backward pass undoes by their inverse instead of a tape: {@code k++}, {@code
 * k--}, {@code k += c}, {@code k -= c} of an {@code int}, {@code long} or {@code char} local, with
 * {@code c} a constant or a variable assigned only where it is declared (the backward pass has its
 * value: it is kept for it as any value it reads). Integer addition wraps (a char's narrowing wraps
 * it again), so {@code k -= c} gives back exactly the {@code k} that {@code k += c} changed. Not the
 * variable of a loop's header (the backward loop declares it again, without the forward's last
 * value) nor a loop's own update.
 */
final class InvertibleUpdates {

  private final Set<Stmt.Assign> updates = Collections.newSetFromMap(new IdentityHashMap<>());

  private InvertibleUpdates() {}

  static InvertibleUpdates of(IrMethod m) {
    Map<Variable, Integer> assignments = new HashMap<>();
    Set<Variable> headers = new HashSet<>();
    Set<Stmt> loopUpdates = Collections.newSetFromMap(new IdentityHashMap<>());
    Stmts.walk(m.body(), s -> {
      Variable t = Stmts.target(s);
      if (t != null) {
        assignments.merge(t, 1, Integer::sum);
      }
      if (s instanceof Stmt.Loop l) {
        headers.addAll(Stmts.declared(l.init()));
        l.update().forEach(u -> Stmts.walk(u, loopUpdates::add));
      }
    });
    InvertibleUpdates result = new InvertibleUpdates();
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Assign a && !a.declares() && isCounter(a.target().type()) && !headers.contains(a.target())
          && !loopUpdates.contains(a) && (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)
          && fixed(a.value(), a.target(), assignments)) {
        result.updates.add(a);
      }
    });
    return result;
  }

  /** Whether the backward pass undoes {@code a} by its inverse. */
  boolean contains(Stmt s) {
    return updates.contains(s);
  }

  /** {@code k -= c} for {@code k += c}, and the other way round. */
  static Stmt.Assign inverse(Stmt.Assign a) {
    BinaryOp op = a.compound() == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
    return new Stmt.Assign(a.target(), op, a.value(), false, Pos.NONE);
  }

  private static boolean isCounter(Type t) {
    return t.isIntegral();
  }

  /** A constant, or a variable other than the target assigned once (where it is declared) or never. */
  private static boolean fixed(Expr c, Variable target, Map<Variable, Integer> assignments) {
    if (!isCounter(c.type())) {
      return false;
    }
    if (c instanceof Expr.Const) {
      return true;
    }
    return c instanceof Expr.Ref r && r.var() != target && assignments.getOrDefault(r.var(), 0) <= 1;
  }

}
