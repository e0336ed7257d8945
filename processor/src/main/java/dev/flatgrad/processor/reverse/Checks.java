package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statements of a forward pass that check something as they run: an assignment of a value
 * of the user's that may throw ({@code double unused = x[k];}), a branch or loop whose test may
 * ({@link Exprs#mayThrow}). What the code proves cannot throw is no check: the length of an array
 * variable only ever assigned new arrays (never null), and {@code a[i]} inside a loop {@code for
 * (int i = c; i < a.length; i++)} counting up from {@code c >= 0} that leaves {@code a} as it is.
 */
final class Checks {

  /** The variables only ever assigned new arrays, with at least one such assignment. */
  private final Set<Variable> neverNull = new HashSet<>();

  Checks(List<Stmt> code) {
    Map<Variable, Boolean> fresh = new HashMap<>();
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a) {
          boolean isNew = a.compound() == null && (a.value() instanceof Expr.NewArray || a.value() instanceof Expr.ArrayLit);
          fresh.merge(a.target(), isNew, Boolean::logicalAnd);
        }
      });
    }
    fresh.forEach((v, isNew) -> {
      if (isNew && v.kind() != Variable.Kind.PARAMETER) {
        neverNull.add(v);
      }
    });
  }

  /** Adds the checks of {@code stmts} to {@code out}; {@code inRange}: the (array, counter) pairs of the loops around. */
  void find(List<Stmt> stmts, Set<List<Variable>> inRange, Set<Stmt> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && isUsers(a.target()) && mayThrow(a.effectiveValue(), inRange)
          || s instanceof Stmt.If f && mayThrow(f.cond(), inRange)
          || s instanceof Stmt.Loop l && mayThrow(l.cond(), inRange)) {
        out.add(s);
      }
      if (s instanceof Stmt.If f) {
        find(f.then().stmts(), inRange, out);
        find(f.otherwise().stmts(), inRange, out);
      } else if (s instanceof Stmt.Loop l) {
        find(l.init(), inRange, out);
        Set<List<Variable>> inside = new HashSet<>(inRange);
        countsOver(l).ifPresent(inside::add);
        find(l.body().stmts(), inside, out);
        find(l.update(), inside, out);
      }
    }
  }

  private boolean mayThrow(Expr e, Set<List<Variable>> inRange) {
    return Exprs.mayThrow(e, x -> x instanceof Expr.Length n && n.array() instanceof Expr.Ref r && neverNull.contains(r.var())
        || x instanceof Expr.Index i && i.array() instanceof Expr.Ref a && i.index() instanceof Expr.Ref c
            && inRange.contains(List.of(a.var(), c.var())));
  }

  /** {@code (a, i)} for {@code for (int i = c; i < a.length; i++)}, {@code c >= 0}, {@code a} not assigned in it. */
  private static Optional<List<Variable>> countsOver(Stmt.Loop l) {
    return Loops.counting(l).filter(c -> c.ascending() && c.from() instanceof Expr.Const k && k.value() >= 0)
        .flatMap(c -> l.cond() instanceof Expr.Binary b && b.op() == BinaryOp.LT
            && b.left() instanceof Expr.Ref i && i.var() == c.index()
            && b.right() instanceof Expr.Length n && n.array() instanceof Expr.Ref a
            && !Stmts.written(l.body().stmts(), Stmt.Assign.class).contains(a.var())
            ? Optional.of(List.of(a.var(), c.index())) : Optional.empty());
  }

  /** A value of the user's method: a parameter, a local, a staged part of an expression. */
  private static boolean isUsers(Variable v) {
    return v.isUserNamed() || v.kind() == Variable.Kind.TEMP && v.primal() == null;
  }
}
