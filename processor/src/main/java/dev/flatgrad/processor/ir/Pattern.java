package dev.flatgrad.processor.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An expression with holes, matched against expressions: a hole (one of the {@code holes}
 * variables) matches any expression, the same one wherever it repeats; a literal matches any
 * literal of its value ({@code 1} and {@code 1.0} alike); an operator its operator; a static call
 * any call of the same function with as many arguments (any overload). Gate shapes and the
 * simplifier's identities are written as these.
 */
public record Pattern(Expr shape, List<Variable> holes) {

  public Pattern {
    holes = List.copyOf(holes);
  }

  /** What each hole stands for in {@code e}, if {@code e} has the shape. */
  public Optional<Map<Variable, Expr>> match(Expr e) {
    Map<Variable, Expr> bound = new HashMap<>();
    return unify(shape, e, bound) ? Optional.of(bound) : Optional.empty();
  }

  private boolean unify(Expr p, Expr e, Map<Variable, Expr> bound) {
    if (p instanceof Expr.Ref r && holes.contains(r.var())) {
      Expr earlier = bound.putIfAbsent(r.var(), e);
      return earlier == null || earlier.equals(e);
    }
    if (p instanceof Expr.Const pc) {
      return e instanceof Expr.Const ec && pc.isLiteral() && ec.isLiteral() && pc.value() == ec.value();
    }
    if (p instanceof Expr.Unary pu) {
      return e instanceof Expr.Unary eu && pu.op() == eu.op() && unify(pu.operand(), eu.operand(), bound);
    }
    if (p instanceof Expr.Binary pb) {
      return e instanceof Expr.Binary eb && pb.op() == eb.op() && unify(pb.left(), eb.left(), bound)
          && unify(pb.right(), eb.right(), bound);
    }
    if (p instanceof Expr.Call pc && pc.receiver() == null) {
      if (!(e instanceof Expr.Call ec) || ec.receiver() != null || !pc.callee().owner().equals(ec.callee().owner())
          || !pc.callee().name().equals(ec.callee().name()) || pc.args().size() != ec.args().size()) {
        return false;
      }
      for (int i = 0; i < pc.args().size(); i++) {
        if (!unify(pc.args().get(i), ec.args().get(i), bound)) {
          return false;
        }
      }
      return true;
    }
    throw new IllegalArgumentException("a pattern is made of holes, literals, operators and static calls: " + p);
  }
}
