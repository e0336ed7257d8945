package dev.flatgrad.processor.chain;

import static dev.flatgrad.processor.testing.Ir.add;
import static dev.flatgrad.processor.testing.Ir.d;
import static dev.flatgrad.processor.testing.Ir.div;
import static dev.flatgrad.processor.testing.Ir.i;
import static dev.flatgrad.processor.testing.Ir.math;
import static dev.flatgrad.processor.testing.Ir.mul;
import static dev.flatgrad.processor.testing.Ir.nd;
import static dev.flatgrad.processor.testing.Ir.neg;
import static dev.flatgrad.processor.testing.Ir.ref;
import static dev.flatgrad.processor.testing.Ir.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.testing.Ir;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate shapes of {@code GatePatterns}, matched in expressions built by hand. */
class GatesTest {

  private final Differentiation diff = Ir.differentiation();
  private final Expr x = ref(scalar("x"));
  private final Expr y = ref(scalar("y"));
  private final Expr w = ref(Variable.local("w", Type.DOUBLE_MATRIX));
  private final Expr v = ref(Variable.local("v", Type.DOUBLE_MATRIX));

  private String rule(Expr e) {
    return diff.gate(e).orElseThrow().rule().key();
  }

  private List<Expr> inputs(Expr e) {
    return diff.gate(e).orElseThrow().inputs();
  }

  @Test
  void theSigmoidIsOneGateInEitherOrderOfItsSum() {
    Expr argument = mul(x, y);
    assertEquals("Gate.sigmoid(double)", rule(div(d(1.0), add(d(1.0), math("exp", neg(argument))))));
    assertEquals(List.of(argument), inputs(div(d(1.0), add(math("exp", neg(argument)), d(1.0)))));
  }

  @Test
  void anIntegerOneIsTheSameOne() {
    assertEquals("Gate.sigmoid(double)", rule(div(i(1), add(i(1), math("exp", neg(x))))));
  }

  @Test
  void anotherNumeratorIsADivision() {
    assertEquals("/(double,double)", rule(div(d(2.0), add(d(1.0), math("exp", neg(x))))));
  }

  @Test
  void oneOverAValueIsAReciprocal() {
    Expr sum = add(d(1.0), mul(d(0.5), x));
    assertEquals("Gate.reciprocal(double)", rule(div(d(1.0), sum)));
    assertEquals(List.of(sum), inputs(div(d(1.0), sum)));
  }

  @Test
  void theLogOfAQuotientIsALogRatio() {
    assertEquals("Gate.logRatio(double,double)", rule(math("log", div(x, y))));
    assertEquals(List.of(x, y), inputs(math("log", div(x, y))));
    assertEquals("Math.log(double)", rule(math("log", mul(x, y))));
  }

  @Test
  void aSumOfSquaresIsOneGateWrittenEitherWay() {
    assertEquals("Gate.sumSquares(double[][])", rule(nd("sum", Type.DOUBLE, nd("square", Type.DOUBLE_MATRIX, w))));
    assertEquals(List.of(w), inputs(nd("sum", Type.DOUBLE, nd("multiply", Type.DOUBLE_MATRIX, w, w))));
  }

  @Test
  void aSumOfProductsOfTwoArraysIsNoSumOfSquares() {
    assertEquals("Nd.sum(double[][])", rule(nd("sum", Type.DOUBLE, nd("multiply", Type.DOUBLE_MATRIX, w, v))));
  }
}
