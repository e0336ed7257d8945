package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Gates: groups of operations in the user's expressions that are differentiated as one, as the
 * backprop notes group them. {@code 1.0 / (1.0 + Math.exp(-x))} is the sigmoid gate (one line
 * from its output instead of four gates); {@code Nd.sum(Nd.square(W))} and {@code
 * Nd.sum(Nd.multiply(W, W))} are a sum of squares ({@code dW = 2 dout W}, nothing staged). The
 * user's expression is printed as written; only its reversal is grouped.
 */
final class Gates {

  private Gates() {}

  static Optional<Differentiation.Gate> match(Expr e, RuleRegistry rules) {
    Optional<Expr> sigmoid = sigmoidArgument(e);
    if (sigmoid.isPresent()) {
      return rules.gate("sigmoid", List.of(sigmoid.get().type()))
          .map(r -> new Differentiation.Gate(r, List.of(sigmoid.get())));
    }
    Optional<Expr> squared = sumOfSquaresArgument(e);
    if (squared.isPresent()) {
      return rules.gate("sumSquares", List.of(squared.get().type()))
          .map(r -> new Differentiation.Gate(r, List.of(squared.get())));
    }
    return Optional.empty();
  }

  /** The x of {@code 1 / (1 + exp(-x))} (either order of the sum). */
  private static Optional<Expr> sigmoidArgument(Expr e) {
    if (!(e instanceof Expr.Binary div) || div.op() != BinaryOp.DIV || !isOne(div.left())) {
      return Optional.empty();
    }
    if (!(div.right() instanceof Expr.Binary sum) || sum.op() != BinaryOp.ADD) {
      return Optional.empty();
    }
    Expr exp = isOne(sum.left()) ? sum.right() : isOne(sum.right()) ? sum.left() : null;
    if (exp instanceof Expr.Call call && call.callee().owner().equals(ClassRef.MATH)
        && call.callee().name().equals("exp")
        && call.args().get(0) instanceof Expr.Unary neg && neg.op() == UnaryOp.NEG) {
      return Optional.of(neg.operand());
    }
    return Optional.empty();
  }

  /** The W of {@code Nd.sum(Nd.square(W))} or {@code Nd.sum(Nd.multiply(W, W))}. */
  private static Optional<Expr> sumOfSquaresArgument(Expr e) {
    if (!NdCalls.is(e, "sum") || ((Expr.Call) e).args().size() != 1) {
      return Optional.empty();
    }
    Expr inner = ((Expr.Call) e).args().get(0);
    if (NdCalls.is(inner, "square")) {
      return Optional.of(((Expr.Call) inner).args().get(0));
    }
    if (NdCalls.is(inner, "multiply")) {
      List<Expr> args = ((Expr.Call) inner).args();
      if (args.get(0).equals(args.get(1)) && args.get(0).type().isArray()) {
        return Optional.of(args.get(0));
      }
    }
    return Optional.empty();
  }

  private static boolean isOne(Expr e) {
    return e instanceof Expr.Const c && c.isLiteral() && c.value() == 1.0;
  }
}
