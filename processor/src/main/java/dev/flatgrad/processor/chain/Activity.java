package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activity analysis: a variable is active when it both depends differentiably on a {@code wrt}
 * parameter (varied) and differentiably influences the output (useful). Only active variables get
 * adjoints; nothing is computed for the rest. A local the method holds gradient-free ({@link
 * IrMethod#gradientFree}) is neither. Flow-insensitive, which is exact for straight-line code and
 * conservative for loops.
 */
public final class Activity {

  private final Differentiation diff;
  private final Set<Variable> active;
  private final boolean callsFlow;

  private Activity(Differentiation diff, Set<Variable> active, boolean callsFlow) {
    this.diff = diff;
    this.active = active;
    this.callsFlow = callsFlow;
  }

  /** A definition: the variable written and the expression its new value depends on. */
  private record Flow(Variable target, Expr value) {}

  public static Activity of(IrMethod m, Differentiation diff) {
    return of(m, diff, false);
  }

  /**
   * Activity as it would be if every call passed gradients to all its arguments: the arguments
   * active in this sense but without a rule are where a gradient is lost ({@link
   * dev.flatgrad.processor.analyse.Checks}).
   */
  public static Activity assumingCallsDifferentiable(IrMethod m, Differentiation diff) {
    return of(m, diff, true);
  }

  private static Activity of(IrMethod m, Differentiation diff, boolean callsFlow) {
    List<Flow> flows = new ArrayList<>();
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Assign a) {
        flows.add(new Flow(a.target(), a.effectiveValue()));
      } else if (s instanceof Stmt.Store st) {
        flows.add(new Flow(st.array(), st.effectiveValue()));
      }
    });
    // One pass over the definitions builds the flow graph; two searches walk it (linear).
    Map<Variable, List<Variable>> readersOf = new HashMap<>();
    Map<Variable, List<Variable>> readBy = new HashMap<>();
    for (Flow f : flows) {
      for (Variable read : flowReads(f.value(), diff, callsFlow)) {
        readersOf.computeIfAbsent(read, k -> new ArrayList<>()).add(f.target());
        readBy.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(read);
      }
    }
    // Assuming calls differentiable, an object made from a varied value is varied too (the
    // gradient would be lost in it): Checks reports the call that makes it.
    // A gradient-free local stops both searches: it takes no gradient from what it reads, passes none on.
    Set<Variable> varied = reach(m.wrt(), readersOf, v -> (v.type().isDifferentiable() || callsFlow && v.type().isObject())
        && !m.gradientFree().contains(v));
    Set<Variable> useful = reach(List.of(m.output()), readBy, v -> !m.gradientFree().contains(v));
    Set<Variable> active = new LinkedHashSet<>();
    for (Variable v : varied) {
      if (useful.contains(v)) {
        active.add(v);
      }
    }
    return new Activity(diff, active, callsFlow);
  }

  /** Everything reachable from {@code start} along {@code edges}, through variables that {@code pass}. */
  private static Set<Variable> reach(java.util.Collection<Variable> start, Map<Variable, List<Variable>> edges,
      java.util.function.Predicate<Variable> pass) {
    Set<Variable> seen = new HashSet<>(start);
    java.util.ArrayDeque<Variable> work = new java.util.ArrayDeque<>(start);
    while (!work.isEmpty()) {
      for (Variable next : edges.getOrDefault(work.pop(), List.of())) {
        if (pass.test(next) && seen.add(next)) {
          work.push(next);
        }
      }
    }
    return seen;
  }

  /** The variables a gradient could flow into from {@code e}. */
  static Set<Variable> flowReads(Expr e, Differentiation diff, boolean callsFlow) {
    Set<Variable> out = new LinkedHashSet<>();
    collect(e, diff, callsFlow, out);
    return out;
  }

  private static void collect(Expr e, Differentiation diff, boolean callsFlow, Set<Variable> out) {
    if (e instanceof Expr.Ref r) {
      if (r.var().type().isDifferentiable() || callsFlow && r.var().type().isObject()) {
        out.add(r.var());
      }
      return;
    }
    if (callsFlow && e instanceof Expr.FieldRef f && f.target() != null && f.target().type().isObject()) {
      collect(f.target(), diff, callsFlow, out); // a component of an object made of varied values reads that object
      return;
    }
    // A call on an object (the method's own, or a settings object's) is a call like any other, and
    // so is one making an object: an array's clone() is not, its rule says where gradients go.
    List<Expr> children = callsFlow && e instanceof Expr.Call c && (c.receiver() == null || c.receiver().type().isObject())
        && (e.type().isDifferentiable() || e.type().isObject()) ? withReceiver(c) : diff.differentiableChildren(e);
    for (Expr c : children) {
      collect(c, diff, callsFlow, out);
    }
  }

  private static List<Expr> withReceiver(Expr.Call c) {
    if (c.receiver() == null) {
      return c.args();
    }
    List<Expr> all = new ArrayList<>(c.args());
    all.add(c.receiver());
    return all;
  }

  private static boolean intersects(Set<Variable> a, Set<Variable> b) {
    for (Variable v : a) {
      if (b.contains(v)) {
        return true;
      }
    }
    return false;
  }

  public boolean isActive(Variable v) {
    return active.contains(v);
  }

  /** Whether a gradient flows from this expression into some active variable. */
  public boolean isActive(Expr e) {
    return e.type().isDifferentiable() && intersects(flowReads(e, diff, callsFlow), active);
  }

  public Set<Variable> active() {
    return active;
  }
}
