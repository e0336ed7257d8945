package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Values of Math functions the forward pass holds in variables that stay in scope, unchanged, until
 * the backward pass: declared in the method body (not in a nested block), assigned once, computed
 * from parameters and other such values. A rule's contribution that would compute one of them
 * again ({@code Math.sin(angle)} in the backward pass of {@code Math.cos(angle)}) reads the
 * variable instead.
 */
public final class ForwardValues {

  /** No values: every contribution is computed as its rule writes it. */
  public static final ForwardValues NONE = new ForwardValues(Map.of());

  /** Each value, with the variables it reads already replaced by the values they hold. */
  private final Map<Expr, Variable> byValue;

  private ForwardValues(Map<Expr, Variable> byValue) {
    this.byValue = byValue;
  }

  public static ForwardValues of(IrMethod m) {
    Map<Variable, Integer> assignments = new HashMap<>();
    Set<Variable> stored = new HashSet<>();
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Assign a) {
        assignments.merge(a.target(), 1, Integer::sum);
      } else if (s instanceof Stmt.Store st) {
        stored.add(st.array());
      }
    });
    Set<Variable> stable = new HashSet<>();
    for (Variable p : m.params()) {
      if (!assignments.containsKey(p) && !stored.contains(p)) {
        stable.add(p);
      }
    }
    ForwardValues values = new ForwardValues(new HashMap<>());
    for (Stmt s : m.body().stmts()) {
      if (s instanceof Stmt.Assign a && a.declares() && a.compound() == null && a.target().type().isScalar()
          && assignments.get(a.target()) == 1 && readsOnly(a.value(), stable)) {
        stable.add(a.target());
        if (callsMath(a.value())) {
          values.byValue.putIfAbsent(values.substitute(a.value()), a.target());
        }
      }
    }
    return values;
  }

  /** {@code e} with every value held in a variable read from it. */
  public Expr substitute(Expr e) {
    if (byValue.isEmpty()) {
      return e;
    }
    return Exprs.rewrite(e, x -> {
      Variable held = byValue.get(x);
      return held != null && held.type().equals(x.type()) ? new Expr.Ref(held) : x;
    });
  }

  /** Whether the value is computed only from stable variables, by arithmetic and Math functions. */
  private static boolean readsOnly(Expr e, Set<Variable> stable) {
    boolean[] ok = {true};
    Exprs.walk(e, x -> ok[0] &= x instanceof Expr.Ref r ? stable.contains(r.var())
        : !(x instanceof Expr.Call c) || c.callee().kind() == Callee.Kind.MATH);
    return ok[0];
  }

  private static boolean callsMath(Expr e) {
    boolean[] found = {false};
    Exprs.walk(e, x -> found[0] |= x instanceof Expr.Call c && c.callee().kind() == Callee.Kind.MATH);
    return found[0];
  }
}
