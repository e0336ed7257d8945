package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.lower.Intrinsics;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.rules.AdjointRule;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which children of an expression node a gradient can flow into: the operands of arithmetic, the
 * arguments of a function with a rule, the branches of a conditional, the array of an element
 * read. Not conditions, indices, lengths or integer casts.
 */
public final class Differentiation {

  private final RuleRegistry rules;
  private final UserMethods users;
  private final CallRules calls;

  public Differentiation(RuleRegistry rules, UserMethods users) {
    this.rules = rules;
    this.users = users;
    this.calls = new CallRules(users);
  }

  /**
   * A node the chain rule passes through by one rule: the rule, and the node's children that are
   * the rule's inputs. A gate spans several operations (its inputs are grandchildren).
   */
  public record Gate(AdjointRule rule, List<Expr> inputs) {}

  /** The rule of a node, if the node is an operation with one (a gate, arithmetic, a function). */
  public Optional<Gate> gate(Expr e) {
    if (!e.type().isDifferentiable()) {
      return Optional.empty();
    }
    Optional<Gate> pattern = Gates.match(e, rules);
    if (pattern.isPresent()) {
      return pattern;
    }
    if (e instanceof Expr.Binary b && b.op().isArithmetic()) {
      return Optional.of(new Gate(rules.operator(b.op().symbol()), List.of(b.left(), b.right())));
    }
    if (e instanceof Expr.Unary u && u.op() == dev.flatgrad.processor.ir.UnaryOp.NEG) {
      return Optional.of(new Gate(rules.operator("neg"), List.of(u.operand())));
    }
    if (e instanceof Expr.Call c && (c.callee().kind() == Callee.Kind.MATH
        || c.callee().kind() == Callee.Kind.ND)) {
      return rules.rule(c.callee()).map(r -> new Gate(r, c.args()));
    }
    if (e instanceof Expr.Precomputed p) {
      List<Expr> inputs = new ArrayList<>();
      if (p.call().receiver() != null) {
        inputs.add(p.call().receiver());
      }
      inputs.addAll(p.call().args());
      return Optional.of(new Gate(calls.rule(p), inputs));
    }
    if (e instanceof Expr.Call c && c.callee().kind() == Callee.Kind.DIFFERENTIABLE) {
      List<Expr> inputs = new ArrayList<>();
      if (c.receiver() != null) {
        inputs.add(c.receiver());
      }
      inputs.addAll(c.args());
      return calls.rule(c.callee()).map(r -> new Gate(r, inputs));
    }
    return Optional.empty();
  }

  /** Whether the node is a call of a known function that has no adjoint rule. */
  public boolean lacksRule(Expr e) {
    return e instanceof Expr.Call c && (c.callee().kind() == Callee.Kind.MATH
        || c.callee().kind() == Callee.Kind.ND) && rules.rule(c.callee()).isEmpty();
  }

  public RuleRegistry rules() {
    return rules;
  }

  /** The user's methods the differentiated method calls. */
  public UserMethods users() {
    return users;
  }

  /** Whether a call is computed ahead into a record (see {@link CallRules#precomputes}). */
  public boolean precomputes(Expr.Call c) {
    return c.callee().kind() == Callee.Kind.DIFFERENTIABLE && calls.precomputes(c.callee());
  }

  /** The call whose record stands in for a precomputed call ({@link CallRules#precomputedCall}). */
  public Expr.Call precomputedCall(Expr.Call c) {
    return calls.precomputedCall(c);
  }

  /** Whether a loop's backward trip computes this record again rather than tape it ({@link CallRules#recomputes}). */
  public boolean recomputes(Expr e) {
    return calls.recomputes(e);
  }

  /** The children a gradient can flow into. */
  public List<Expr> differentiableChildren(Expr e) {
    List<Expr> out = new ArrayList<>();
    if (!e.type().isDifferentiable()) {
      return out;
    }
    Optional<Gate> gate = gate(e);
    if (gate.isPresent()) {
      AdjointRule rule = gate.get().rule();
      List<Expr> inputs = gate.get().inputs();
      for (int i = 0; i < inputs.size(); i++) {
        if (rule.contributions().containsKey(rule.inputs().get(i))) {
          out.add(inputs.get(i));
        }
      }
      return out;
    }
    if (e instanceof Expr.Index i) {
      out.add(i.array());
    } else if (e instanceof Expr.Cond c) {
      out.add(c.whenTrue());
      out.add(c.whenFalse());
    } else if (e instanceof Expr.Cast c && c.operand().type().equals(Type.DOUBLE)) {
      out.add(c.operand());
    } else if (e instanceof Expr.ArrayLit a) {
      out.addAll(a.elements());
    } else if (e instanceof Expr.Call c && Intrinsics.isClone(c.callee())) {
      out.add(c.receiver());
    }
    return out;
  }
}
