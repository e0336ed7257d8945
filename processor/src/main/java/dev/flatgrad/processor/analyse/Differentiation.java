package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.lower.Intrinsics;
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

  public Differentiation(RuleRegistry rules) {
    this.rules = rules;
  }

  /** The rule of a node, if the node is an operation with one (arithmetic or a function). */
  public Optional<AdjointRule> rule(Expr e) {
    if (!e.type().isDifferentiable()) {
      return Optional.empty();
    }
    if (e instanceof Expr.Binary b && b.op().isArithmetic()) {
      return Optional.of(rules.operator(b.op().symbol()));
    }
    if (e instanceof Expr.Unary u && u.op() == dev.flatgrad.processor.ir.UnaryOp.NEG) {
      return Optional.of(rules.operator("neg"));
    }
    if (e instanceof Expr.Call c && (c.callee().kind() == Callee.Kind.MATH
        || c.callee().kind() == Callee.Kind.ND || c.callee().kind() == Callee.Kind.GATE)) {
      return rules.rule(c.callee());
    }
    return Optional.empty();
  }

  /** The rule's inputs as this node's children: the arguments of a call, the operands otherwise. */
  public static List<Expr> inputs(Expr e) {
    if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Expr.Unary u) {
      return List.of(u.operand());
    }
    if (e instanceof Expr.Call c) {
      return c.args();
    }
    return List.of();
  }

  /** The children a gradient can flow into. */
  public List<Expr> differentiableChildren(Expr e) {
    List<Expr> out = new ArrayList<>();
    if (!e.type().isDifferentiable()) {
      return out;
    }
    Optional<AdjointRule> rule = rule(e);
    if (rule.isPresent()) {
      List<Expr> inputs = inputs(e);
      for (int i = 0; i < inputs.size(); i++) {
        if (rule.get().contributions().containsKey(rule.get().inputs().get(i))) {
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
