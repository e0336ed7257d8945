package dev.flatgrad.processor.rules;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoint rule of one operation, parsed from its template: for each differentiable input, an
 * expression of the inputs, {@code out} and {@code dout} giving that input's share of {@code dout}.
 *
 * @param key the registry key, e.g. {@code Math.exp(double)}
 * @param inputs template variables standing for the operation's inputs
 * @param out template variable for the forward result
 * @param dout template variable for the upstream adjoint; null if no gradient flows
 * @param locals shared subexpressions the contributions may read, in order
 * @param contributions for each input with a rule, its contribution
 * @param pullback for a call of a method whose generated pullback adds the shares into the
 *     caller's adjoint arrays itself, that pullback (the contributions then only say which inputs
 *     get a share and what it reads); null otherwise
 */
public record AdjointRule(
    String key,
    List<Variable> inputs,
    Variable out,
    Variable dout,
    List<Stmt.Assign> locals,
    Map<Variable, Expr> contributions,
    Pullback pullback) {

  public AdjointRule {
    inputs = List.copyOf(inputs);
    locals = List.copyOf(locals);
    contributions = Map.copyOf(contributions);
  }

  public AdjointRule(String key, List<Variable> inputs, Variable out, Variable dout, List<Stmt.Assign> locals,
      Map<Variable, Expr> contributions) {
    this(key, inputs, out, dout, locals, contributions, null);
  }

  /**
   * A generated pullback {@code OwnerGrad.mPullback(saved, dout, d<p>...)}: it reads the values
   * {@code OwnerGrad.mSaved} kept for the call and adds {@code dout} times the callee's gradient
   * into the array passed for each of its gradient parameters.
   *
   * @param callee the pullback method, its parameters the saved values' record, {@code dout}, then
   *     one accumulator per gradient parameter
   * @param accumulated for each accumulator, in order, the index of the input it stands for
   * @param record the variable holding the call's saved values
   */
  public record Pullback(Callee callee, List<Integer> accumulated, Variable record) {
    public Pullback {
      accumulated = List.copyOf(accumulated);
    }
  }

  /** Whether any gradient flows through the operation. */
  public boolean hasGradient() {
    return dout != null && !contributions.isEmpty();
  }

  public Type outType() {
    return out.type();
  }

  /**
   * The rule applied to actual values.
   *
   * @param locals fresh temporaries for the template's shared subexpressions, with their values
   * @param contributions for each input index with a contribution, its expression
   */
  public record Instance(List<Stmt.Assign> locals, Map<Integer, Expr> contributions) {}

  /**
   * Substitutes actual expressions for the template's variables.
   *
   * @param args the operation's arguments, one per input
   * @param outValue the forward result (a variable read, or null if no contribution needs it)
   * @param doutValue the upstream adjoint
   * @param wanted the input indices whose contributions are wanted
   */
  public Instance instantiate(List<Expr> args, Expr outValue, Expr doutValue, Set<Integer> wanted) {
    Map<Variable, Expr> values = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      values.put(inputs.get(i), args.get(i));
    }
    if (outValue != null) {
      values.put(out, outValue);
    }
    values.put(dout, doutValue);
    Map<Integer, Expr> result = new LinkedHashMap<>();
    List<Stmt.Assign> usedLocals = new ArrayList<>();
    for (Stmt.Assign local : locals) {
      boolean used = false;
      for (int i : wanted) {
        Expr c = contributions.get(inputs.get(i));
        used |= c != null && Exprs.reads(c, local.target());
      }
      if (used) {
        Variable fresh = fresh(local.target(), args);
        usedLocals.add(
            new Stmt.Assign(fresh, null, Exprs.substitute(local.value(), values), true, local.pos()));
        values.put(local.target(), new Expr.Ref(fresh));
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      Expr c = contributions.get(inputs.get(i));
      if (c != null && wanted.contains(i)) {
        if (outValue == null && readsOut(i)) {
          throw new IllegalStateException(key + " reads its result, which was not staged");
        }
        result.put(i, Exprs.substitute(c, values));
      }
    }
    return new Instance(usedLocals, result);
  }

  /**
   * A template local in generated code: a share a later statement reads (the quotient rule's
   * {@code da}) is named after the argument's adjoint, any other local as the template names it.
   */
  private Variable fresh(Variable local, List<Expr> args) {
    for (int i = 0; i < inputs.size(); i++) {
      if (local.hint().equals(Hints.adjoint(inputs.get(i).hint()))) {
        Expr arg = args.get(i);
        return arg instanceof Expr.Ref r
            ? Variable.shareOf(r.var())
            : Variable.temp(Hints.adjoint(Hints.of(arg)), local.type());
      }
    }
    return Variable.temp(local.hint(), local.type());
  }

  /** Whether the contribution to input {@code i} reads the forward result. */
  public boolean readsOut(int i) {
    Expr c = contributions.get(inputs.get(i));
    if (c == null) {
      return false;
    }
    if (Exprs.reads(c, out)) {
      return true;
    }
    for (Stmt.Assign local : locals) {
      if (Exprs.reads(c, local.target()) && Exprs.reads(local.value(), out)) {
        return true;
      }
    }
    return false;
  }
}
