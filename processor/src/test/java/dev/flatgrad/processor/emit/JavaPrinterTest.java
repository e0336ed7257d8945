package dev.flatgrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.naming.Naming;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The printer writes Java that computes what the IR says: an arithmetic the IR types {@code double}
 * over operands Java would compute in {@code int} or {@code long} is widened first, so that a
 * rewrite that loses a widening cast ({@code -1.0 * n} simplified to {@code -n}) cannot turn a
 * division into an integer one.
 */
class JavaPrinterTest {

  private final Variable n = Variable.parameter("n", Type.INT);
  private final Variable k = Variable.parameter("k", Type.LONG);
  private final Variable x = Variable.parameter("x", Type.DOUBLE);
  private final JavaPrinter printer = new JavaPrinter(Naming.of(List.of(n, k, x), List.of(), Set.of()),
      new ClassRef("p", "FooGrad"), f -> "", new PrivateCalls(new ClassRef("p", "FooGrad"), c -> Optional.empty(), s -> s));

  private String print(Expr e) {
    return printer.expr(e).toString();
  }

  private static Expr.Binary div(Expr a, Expr b, Type t) {
    return new Expr.Binary(BinaryOp.DIV, a, b, t);
  }

  @Test
  void integersTheIrDividesAsDoublesAreWidened() {
    Expr two = Expr.Const.ofInt(2);
    assertEquals("(double) n / 2", print(div(new Expr.Ref(n), two, Type.DOUBLE)));
    assertEquals("(double) -k / 2", print(div(new Expr.Unary(UnaryOp.NEG, new Expr.Ref(k), Type.DOUBLE), two, Type.DOUBLE)));
    Expr choice = new Expr.Cond(new Expr.Ref(Variable.parameter("b", Type.BOOLEAN)), new Expr.Ref(n), two, Type.DOUBLE);
    assertEquals("(double) (b ? n : 2) / 2", print(div(choice, two, Type.DOUBLE)));
  }

  @Test
  void integerArithmeticStaysAsWritten() {
    assertEquals("n / 2", print(div(new Expr.Ref(n), Expr.Const.ofInt(2), Type.INT)));
    assertEquals("x / 2", print(div(new Expr.Ref(x), Expr.Const.ofInt(2), Type.DOUBLE)));
  }
}
