package dev.flatgrad.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which array variables may hold one array, flow-insensitively: those assigned one another as a
 * whole ({@code out = res}, {@code out = c ? a : b}, a row {@code row = m[i]}), whichever way
 * round.
 */
public final class ArrayShares {

  private ArrayShares() {}

  /**
   * {@code from} and the array variables that may share an array with one of them through the
   * assignments in {@code code} that {@code counted} admits.
   */
  public static Set<Variable> closure(Set<Variable> from, List<Stmt> code, Predicate<Stmt.Assign> counted) {
    Set<Variable> shared = new LinkedHashSet<>(from);
    List<Stmt.Assign> assignments = arrayAssignments(code).stream().filter(counted).toList();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt.Assign a : assignments) {
        Set<Variable> sources = wholeArrays(a.value());
        if (shared.contains(a.target())) {
          changed |= shared.addAll(sources);
        } else if (sources.stream().anyMatch(shared::contains)) {
          changed |= shared.add(a.target());
        }
      }
    }
    return shared;
  }

  /** The assignments of whole arrays anywhere in {@code code}. */
  public static List<Stmt.Assign> arrayAssignments(List<Stmt> code) {
    List<Stmt.Assign> out = new ArrayList<>();
    for (Stmt top : code) {
      Stmts.walk(top, x -> {
        if (x instanceof Stmt.Assign a && a.target().type().isArray()) {
          out.add(a);
        }
      });
    }
    return out;
  }

  /** The variables whose arrays (or rows) an array expression may evaluate to as they are (not copies). */
  public static Set<Variable> wholeArrays(Expr e) {
    if (e instanceof Expr.Ref r) {
      return Set.of(r.var());
    }
    if (e instanceof Expr.Cond c) {
      Set<Variable> both = new LinkedHashSet<>(wholeArrays(c.whenTrue()));
      both.addAll(wholeArrays(c.whenFalse()));
      return both;
    }
    if (e instanceof Expr.Index i) {
      return wholeArrays(i.array());
    }
    return Set.of();
  }
}
