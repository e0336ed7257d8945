package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which forward values the backward code of one assignment reads: found by running the chain
 * rule on it without emitting anything. {@code before} are read as they were before the
 * statement, {@code after} (only ever the assigned variable) as it is after; {@code shapes} are
 * the arrays whose lengths only are read (an element's adjoint is added into an adjoint array made
 * in its array's shape), which writes of elements leave as they are.
 */
public final class BackwardReads {

  /** The values read, split by when. */
  public record Reads(Set<Variable> before, Set<Variable> after, Set<Variable> shapes) {

    /** Whether the backward code reads anything of the forward pass. */
    public boolean any() {
      return !before.isEmpty() || !after.isEmpty() || !shapes.isEmpty();
    }
  }

  private final Propagation propagation;
  private final Activity activity;

  public BackwardReads(Differentiation diff, Activity activity, ForwardValues values) {
    this.propagation = new Propagation(diff, activity, values);
    this.activity = activity;
  }

  /** Whether an assignment or element store has backward code (its target and value are active). */
  public boolean isActive(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return activity.isActive(a.target()) && activity.isActive(a.effectiveValue());
    }
    if (s instanceof Stmt.Store st) {
      return activity.isActive(st.array()) && activity.isActive(st.effectiveValue());
    }
    return false;
  }

  /**
   * Whether the statement overwrites an active variable or element with an inactive value: its
   * backward code sets the adjoint to zero (where branches meet, as an assignment).
   */
  public boolean zeroesAdjoint(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return a.compound() == null && activity.isActive(a.target()) && !activity.isActive(a.value());
    }
    if (s instanceof Stmt.Store st) {
      return st.compound() == null && activity.isActive(st.array()) && !activity.isActive(st.value());
    }
    return false;
  }

  /** The reads of an assignment or element store's backward code (empty if it has none). */
  public Reads of(Stmt s) {
    Set<Variable> before = new LinkedHashSet<>();
    Set<Variable> after = new LinkedHashSet<>();
    Set<Variable> shapes = new LinkedHashSet<>();
    Variable target;
    Expr root;
    boolean accumulates;
    if (s instanceof Stmt.Assign a) {
      target = a.target();
      accumulates = Stores.accumulates(a.compound());
      root = accumulates ? a.value() : a.effectiveValue();
    } else if (s instanceof Stmt.Store st) {
      target = st.array();
      accumulates = Stores.accumulates(st.compound());
      root = accumulates ? st.value() : st.effectiveValue();
      st.indices().forEach(i -> before.addAll(Exprs.reads(i)));
    } else {
      return new Reads(before, after, shapes);
    }
    if (!activity.isActive(target) || !activity.isActive(root)) {
      return new Reads(before, after, shapes);
    }
    Variable marker = Variable.temp("out", root.type());
    Set<Variable> scratch = new LinkedHashSet<>();
    Variable adjoint = Variable.temp("d", target.type());
    scratch.add(adjoint);
    Expr rootAdjoint = new Expr.Ref(adjoint);
    if (s instanceof Stmt.Store st) {
      for (Expr i : st.indices()) {
        rootAdjoint = new Expr.Index(rootAdjoint, i);
      }
    }
    Expr out = accumulates ? null : new Expr.Ref(marker);
    propagation.propagate(root, rootAdjoint, out, accumulates ? null : target, false, new Propagation.Sink() {
      @Override
      public Expr share(Expr value, String hint, Type type) {
        record(value);
        Variable t = Variable.temp(hint, type);
        scratch.add(t);
        return new Expr.Ref(t);
      }

      @Override
      public void toVariable(Variable v, Expr c) {
        record(c);
      }

      @Override
      public void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr c) {
        record(c);
        shapes.add(array);
        indices.forEach(this::record);
      }

      @Override
      public List<Expr> pullback(Expr.Call call, List<Expr> inputs, List<Expr> reads) {
        record(call);
        reads.forEach(this::record);
        List<Expr> accumulators = new java.util.ArrayList<>();
        for (Expr input : inputs) {
          Variable t = Variable.temp("d", input.type());
          scratch.add(t);
          accumulators.add(new Expr.Ref(t));
        }
        return accumulators;
      }

      @Override
      public void branch(Expr cond, Set<Variable> touched, Runnable whenTrue, Runnable whenFalse) {
        record(cond);
        whenTrue.run();
        whenFalse.run();
      }

      @Override
      public void afterRoot() {}

      private void record(Expr e) {
        if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref r && r.var() != marker) {
          if (!scratch.contains(r.var())) {
            shapes.add(r.var()); // a length, which element writes leave as it is
          }
          return;
        }
        if (e instanceof Expr.Ref r) {
          if (r.var() == marker) {
            after.add(target);
          } else if (!scratch.contains(r.var())) {
            before.add(r.var());
          }
          return;
        }
        Exprs.children(e).forEach(this::record);
      }
    });
    return new Reads(before, after, shapes);
  }
}
