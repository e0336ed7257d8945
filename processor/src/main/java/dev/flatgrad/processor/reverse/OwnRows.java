package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.List;
import java.util.Set;

/**
 * Whether the rows of the matrices some variables hold are theirs alone: every array the variables
 * are assigned in the code is made with a new array for each row ({@code new double[n][m]}, {@code
 * Nd.copy}, {@code Nd.zerosLike}, one of the others), every row stored into one is new ({@code new
 * double[k]}, a clone, Nd's result), and no row is ever taken out as a value (only indexed,
 * measured, or added into in place), nor the matrix passed where its rows could be kept. Two
 * indices then name two rows, and an element is reached only through the variables.
 */
final class OwnRows {

  private OwnRows() {}

  /** Whether the arrays {@code holders} hold in {@code code} have rows of their own (see the class). */
  static boolean of(Set<Variable> holders, List<Stmt> code) {
    boolean[] ok = {true};
    Set<Variable> assigned = new java.util.HashSet<>();
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a && holders.contains(a.target())) {
          assigned.add(a.target());
          ok[0] &= a.compound() == null && (newRows(a.value()) || a.value() instanceof Expr.Ref r && holders.contains(r.var()));
        } else if (s instanceof Stmt.Store st && holders.contains(st.array()) && st.value().type().isArray()) {
          ok[0] &= NdCalls.isNewArray(st.value()) || st.value() instanceof Expr.Call c && Intrinsics.isClone(c.callee());
        }
        for (Expr e : Stmts.ownExprs(s)) {
          ok[0] &= e instanceof Expr.Ref || !letsRowOut(e, holders);
        }
      });
    }
    // A parameter's rows are the caller's to share: each holder is given its arrays here.
    return ok[0] && assigned.equals(holders) && holders.stream().allMatch(h -> h.type().rank() == 2);
  }

  private static boolean newRows(Expr e) {
    return e instanceof Expr.NewArray || NdCalls.is(e, "copy") || NdCalls.is(e, "zerosLike");
  }

  /** Whether {@code e} takes a row of a holder as a value, or passes a holder where it could keep its rows. */
  static boolean letsRowOut(Expr e, Set<Variable> holders) {
    if (e instanceof Expr.Index || e instanceof Expr.Length) {
      Expr chain = e instanceof Expr.Length l ? l.array() : e;
      if (holders.contains(Exprs.root(chain))) {
        return e instanceof Expr.Index && e.type().isArray() || indicesLetRowOut(chain, holders);
      }
    }
    if (e instanceof Expr.Ref r) {
      return holders.contains(r.var()); // not where a function of Nd reads it
    }
    if (e instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND) {
      boolean mayReturnIt = c.callee().name().equals("broadcast") || c.callee().name().equals("unbroadcast");
      for (int i = 0; i < c.args().size(); i++) {
        Expr a = c.args().get(i);
        // Added into in place, a row stays where it is.
        boolean kept = i == 0 && Exprs.isInPlace(c) && a instanceof Expr.Index && holders.contains(Exprs.root(a));
        if (kept ? indicesLetRowOut(a, holders)
            : a instanceof Expr.Ref r && holders.contains(r.var()) ? mayReturnIt : letsRowOut(a, holders)) {
          return true;
        }
      }
      return c.receiver() != null && letsRowOut(c.receiver(), holders);
    }
    return Exprs.children(e).stream().anyMatch(x -> letsRowOut(x, holders));
  }

  static boolean indicesLetRowOut(Expr chain, Set<Variable> holders) {
    while (chain instanceof Expr.Index i) {
      if (letsRowOut(i.index(), holders)) {
        return true;
      }
      chain = i.array();
    }
    return false;
  }
}
