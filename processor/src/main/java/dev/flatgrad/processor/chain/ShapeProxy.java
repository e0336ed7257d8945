package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * A backward helper such as {@code Nd.sumBackward(dout, like)} reads {@code like} only for its
 * shape. When {@code like} is an unnamed expression like {@code Nd.square(W)}, a variable of the
 * same shape ({@code W}) stands in for it, so nothing is staged (or computed twice) for a shape.
 */
public final class ShapeProxy {

  private static final Set<String> SAME_SHAPE_UNARY =
      Set.of("exp", "log", "sqrt", "square", "abs", "negative", "tanh", "sigmoid", "relu",
          "softmax", "logSoftmax", "sign", "copy");
  private static final Set<String> BROADCASTING =
      Set.of("add", "subtract", "multiply", "divide", "maximum", "minimum");

  private ShapeProxy() {}

  /** A cheap expression with the shape of {@code e}, if there is one. */
  public static Optional<Expr> of(Expr e) {
    if (Exprs.isAtom(e)) {
      return Optional.of(e);
    }
    if (!(e instanceof Expr.Call c) || !c.callee().owner().equals(ClassRef.ND)) {
      return Optional.empty();
    }
    String name = c.callee().name();
    if (SAME_SHAPE_UNARY.contains(name) && c.args().size() == 1) {
      return of(c.args().get(0));
    }
    if (BROADCASTING.contains(name) && c.args().size() == 2) {
      Expr a = c.args().get(0);
      Expr b = c.args().get(1);
      boolean matrices = a.type().rank() == 2 && b.type().rank() == 2;
      if (!matrices) {
        // A scalar or a row vector broadcasts into the other operand's shape.
        return of(a.type().equals(c.type()) ? a : b);
      }
    }
    return Optional.empty();
  }

  /** The contribution with every shape-only argument replaced by its proxy where it has one. */
  public static Expr substitute(Expr contribution, RuleRegistry rules) {
    return Exprs.rewrite(contribution, x -> {
      if (!(x instanceof Expr.Call c) || c.receiver() != null) {
        return x;
      }
      java.util.List<Expr> args = new java.util.ArrayList<>(c.args());
      boolean changed = false;
      for (int i = 0; i < args.size(); i++) {
        if (rules.isShapeOnly(c.callee(), i) && !Exprs.isAtom(args.get(i))) {
          Optional<Expr> proxy = of(args.get(i));
          if (proxy.isPresent()) {
            args.set(i, proxy.get());
            changed = true;
          }
        }
      }
      return changed ? new Expr.Call(null, c.callee(), args, c.pos()) : x;
    });
  }

  /** Whether template variable {@code v} occurs in {@code e} other than as a shape-only argument. */
  public static boolean readsValue(Expr e, Variable v, RuleRegistry rules) {
    if (e instanceof Expr.Ref r) {
      return r.var() == v;
    }
    if (e instanceof Expr.Call c && c.receiver() == null) {
      for (int i = 0; i < c.args().size(); i++) {
        Expr arg = c.args().get(i);
        boolean shapeOnly = rules.isShapeOnly(c.callee(), i) && arg instanceof Expr.Ref r && r.var() == v;
        if (!shapeOnly && readsValue(arg, v, rules)) {
          return true;
        }
      }
      return false;
    }
    for (Expr child : Exprs.children(e)) {
      if (readsValue(child, v, rules)) {
        return true;
      }
    }
    return false;
  }
}
