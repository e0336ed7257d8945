package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.UnaryOp;
import java.util.List;
import java.util.Optional;

/**
 * Recognises gates in the user's arithmetic: {@code 1.0 / (1.0 + Math.exp(-x))} is the sigmoid
 * gate, differentiated from its output in one line instead of four gates.
 */
final class Gates {

  private Gates() {}

  /** The sigmoid argument if {@code e} is written as a sigmoid. */
  static Optional<Expr> sigmoidArgument(Expr e) {
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

  static Expr sigmoid(Callee gate, Expr argument, Pos pos) {
    return new Expr.Call(null, gate, List.of(argument), pos);
  }

  private static boolean isOne(Expr e) {
    return e instanceof Expr.Const c && c.value() == 1.0 && !c.text().startsWith("Math");
  }
}
