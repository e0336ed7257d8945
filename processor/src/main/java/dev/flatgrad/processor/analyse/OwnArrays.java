package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Element stores into a vector that no other variable holds at that point: made new ({@code
 * double[] cur = new double[n]}, a clone, an Nd result) and not handed on since ({@code prev =
 * cur} at the end of the last trip handed on the last trip's array, not this one). A write
 * through such a vector changes nothing another variable reads, so {@link Recording} need not
 * look at the variables that may share it elsewhere ({@link Aliasing#mayShareWith}).
 */
final class OwnArrays {

  private final Set<Stmt.Store> own = Collections.newSetFromMap(new IdentityHashMap<>());

  private OwnArrays() {}

  static Set<Stmt.Store> of(List<Stmt> body) {
    OwnArrays o = new OwnArrays();
    o.walk(body, new LinkedHashSet<>());
    return o.own;
  }

  /** Walks {@code stmts} with the vectors only their variable holds; leaves that set as it is after them. */
  private void walk(List<Stmt> stmts, Set<Variable> held) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        held.remove(a.target());
        if (isNew(a.value())) {
          if (a.target().type().rank() == 1) {
            held.add(a.target());
          }
        } else {
          held.removeAll(Exprs.reads(a.value())); // handed on, or may be (a call's result)
        }
      } else if (s instanceof Stmt.Store st) {
        if (held.contains(st.array()) && st.indices().size() == 1) {
          own.add(st);
        }
        if (st.value().type().isArray()) {
          held.removeAll(Exprs.reads(st.value())); // put in as a row
        }
      } else if (s instanceof Stmt.If f) {
        Set<Variable> then = new LinkedHashSet<>(held);
        walk(f.then().stmts(), then);
        Set<Variable> otherwise = new LinkedHashSet<>(held);
        walk(f.otherwise().stmts(), otherwise);
        held.retainAll(then);
        held.retainAll(otherwise);
      } else if (s instanceof Stmt.Loop l) {
        walk(l.init(), held);
        Set<Variable> start = tripStart(l, held);
        held.removeAll(handedOn(l));
        walk(l.body().stmts(), new LinkedHashSet<>(start));
        walk(l.update(), new LinkedHashSet<>(held));
      }
    }
  }

  /**
   * The vectors only their variable holds at the start of every trip of {@code l}: held before the
   * loop and at the end of a trip that started so (a buffer given a new array after handing its
   * own on, {@code cur = next; next = tmp.clone();}), found by going round until that settles.
   * Where a continue or break may end a trip elsewhere, what the loop hands on anywhere is not held.
   */
  private static Set<Variable> tripStart(Stmt.Loop l, Set<Variable> before) {
    boolean[] jumps = {false};
    Stmts.walk(l.body(), s -> jumps[0] |= s instanceof Stmt.Continue || s instanceof Stmt.Break);
    Set<Variable> start = new LinkedHashSet<>(before);
    if (jumps[0]) {
      start.removeAll(handedOn(l));
      return start;
    }
    OwnArrays dry = new OwnArrays();
    while (true) {
      Set<Variable> end = new LinkedHashSet<>(start);
      dry.walk(l.body().stmts(), end);
      dry.walk(l.update(), end);
      Set<Variable> next = new LinkedHashSet<>(start);
      next.retainAll(end);
      if (next.equals(start)) {
        return start;
      }
      start = next;
    }
  }

  /** The array variables a loop gives another variable's array or hands its own to one. */
  private static Set<Variable> handedOn(Stmt.Loop l) {
    Set<Variable> out = new LinkedHashSet<>();
    Stmts.walk(l, s -> {
      if (s instanceof Stmt.Assign a && a.target().type().isArray() && !isNew(a.value())) {
        out.add(a.target());
        out.addAll(Exprs.reads(a.value()));
      } else if (s instanceof Stmt.Store st && st.value().type().isArray()) {
        out.addAll(Exprs.reads(st.value()));
      }
    });
    return out;
  }

  /** An array no variable held before: a vector's clone, not a matrix's, whose rows it shares. */
  private static boolean isNew(Expr e) {
    return e instanceof Expr.NewArray || e instanceof Expr.ArrayLit
        || e instanceof Expr.Call c && (c.callee().kind() == Callee.Kind.INTRINSIC && c.callee().name().equals("clone")
            && e.type().rank() == 1 || c.callee().kind() == Callee.Kind.ND && !Exprs.isInPlace(c));
  }
}
