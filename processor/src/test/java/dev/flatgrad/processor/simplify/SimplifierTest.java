package dev.flatgrad.processor.simplify;

import static dev.flatgrad.processor.testing.Ir.add;
import static dev.flatgrad.processor.testing.Ir.binary;
import static dev.flatgrad.processor.testing.Ir.d;
import static dev.flatgrad.processor.testing.Ir.div;
import static dev.flatgrad.processor.testing.Ir.i;
import static dev.flatgrad.processor.testing.Ir.math;
import static dev.flatgrad.processor.testing.Ir.mul;
import static dev.flatgrad.processor.testing.Ir.nd;
import static dev.flatgrad.processor.testing.Ir.neg;
import static dev.flatgrad.processor.testing.Ir.not;
import static dev.flatgrad.processor.testing.Ir.ref;
import static dev.flatgrad.processor.testing.Ir.scalar;
import static dev.flatgrad.processor.testing.Ir.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import org.junit.jupiter.api.Test;

/** Each rewrite of the simplifier on an expression built by hand. */
class SimplifierTest {

  private final Expr x = ref(scalar("x"));
  private final Expr y = ref(scalar("y"));
  private final Expr n = ref(Variable.local("n", Type.INT));
  private final Expr b = ref(Variable.local("b", Type.BOOLEAN));
  private final Expr v = ref(Variable.local("v", Type.DOUBLE_ARRAY));
  private final Expr w = ref(Variable.local("w", Type.DOUBLE_ARRAY));
  private final Expr m = ref(Variable.local("m", Type.DOUBLE_MATRIX));
  private final Expr k = ref(Variable.local("k", Type.DOUBLE_MATRIX));
  private final Expr pi = Expr.Const.named(ClassRef.MATH, "PI", Math.PI);

  @Test
  void onesAndZerosLeave() {
    assertEquals(x, Simplifier.simplify(mul(x, d(1.0))));
    assertEquals(x, Simplifier.simplify(mul(d(1.0), x)));
    assertEquals(x, Simplifier.simplify(add(x, d(0.0))));
    assertEquals(x, Simplifier.simplify(add(d(0.0), x)));
    assertEquals(x, Simplifier.simplify(sub(x, d(0.0))));
    assertEquals(x, Simplifier.simplify(div(x, d(1.0))));
    assertEquals(d(0.0), Simplifier.simplify(mul(d(0.0), x)));
    assertEquals(d(0.0), Simplifier.simplify(div(d(0.0), x)));
  }

  @Test
  void minusOneNegates() {
    assertEquals(neg(x), Simplifier.simplify(mul(d(-1.0), x)));
  }

  /**
   * An integer times a double 1.0 or -1.0 stays a double: {@code -1.0 * n / 2} printed as {@code
   * -n / 2} would divide in int (a random program with a long constant found it, a gradient off by
   * half).
   */
  @Test
  void anIntegerTimesPlusOrMinusOneStaysADouble() {
    Expr widened = new Expr.Cast(Type.DOUBLE, n);
    assertEquals(widened, Simplifier.simplify(mul(d(1.0), n)));
    assertEquals(neg(widened), Simplifier.simplify(mul(d(-1.0), n)));
    assertEquals(neg(widened), Simplifier.simplify(mul(n, d(-1.0))));
    assertEquals(Type.DOUBLE, Simplifier.simplify(div(mul(d(-1.0), n), i(2))).type());
  }

  @Test
  void literalsFold() {
    assertEquals(d(6.0), Simplifier.simplify(mul(d(2.0), d(3.0))));
    assertEquals(i(5), Simplifier.simplify(add(i(2), i(3))));
    assertEquals(Expr.Const.ofBoolean(true), Simplifier.simplify(binary(BinaryOp.LT, i(1), i(2))));
    assertEquals(Expr.Const.ofBoolean(false),
        Simplifier.simplify(binary(BinaryOp.AND, Expr.Const.ofBoolean(true), Expr.Const.ofBoolean(false))));
  }

  /** Infinity has no literal: an overflowing product stays a product. */
  @Test
  void literalsOverflowingToInfinityStay() {
    Expr overflow = mul(d(1e300), d(1e300));
    assertEquals(overflow, Simplifier.simplify(overflow));
  }

  @Test
  void integerOffsetsCombine() {
    assertEquals(sub(n, i(2)), Simplifier.simplify(sub(sub(n, i(1)), i(1))));
    assertEquals(n, Simplifier.simplify(sub(add(n, i(1)), i(1))));
  }

  @Test
  void aNamedConstantIsNotFolded() {
    assertEquals(mul(pi, d(2.0)), Simplifier.simplify(mul(pi, d(2.0))));
  }

  @Test
  void aNegatedLiteralKeepsItsSpelling() {
    Expr thousandth = new Expr.Const(Type.DOUBLE, 1e-3, new Expr.Const.Written("1e-3"));
    assertEquals(new Expr.Const(Type.DOUBLE, -1e-3, new Expr.Const.Written("1e-3")), Simplifier.negate(thousandth));
  }

  @Test
  void doubleNegationsCancel() {
    assertEquals(x, Simplifier.simplify(neg(neg(x))));
    assertEquals(b, Simplifier.simplify(not(not(b))));
  }

  @Test
  void likeTermsMerge() {
    assertEquals(mul(d(2.0), mul(x, y)), Simplifier.simplify(add(mul(x, y), mul(y, x))));
  }

  @Test
  void aConditionalOnAConstantOrOfTwinsIsABranch() {
    assertEquals(x, Simplifier.simplify(new Expr.Cond(Expr.Const.ofBoolean(true), x, y, Type.DOUBLE)));
    assertEquals(y, Simplifier.simplify(new Expr.Cond(b, y, y, Type.DOUBLE)));
  }

  @Test
  void arraysScaledByOneAreThemselves() {
    assertEquals(v, Simplifier.simplify(nd("multiply", Type.DOUBLE_ARRAY, d(1.0), v)));
    assertEquals(v, Simplifier.simplify(nd("multiply", Type.DOUBLE_ARRAY, v, d(1.0))));
  }

  @Test
  void twoScalingsAreOne() {
    assertEquals(nd("multiply", Type.DOUBLE_ARRAY, d(6.0), v),
        Simplifier.simplify(nd("multiply", Type.DOUBLE_ARRAY, d(2.0), nd("multiply", Type.DOUBLE_ARRAY, d(3.0), v))));
  }

  @Test
  void anArrayAddedToItselfIsDoubled() {
    assertEquals(nd("multiply", Type.DOUBLE_ARRAY, d(2.0), v), Simplifier.simplify(nd("add", Type.DOUBLE_ARRAY, v, v)));
  }

  @Test
  void aNegativeAddedIsSubtracted() {
    assertEquals(nd("subtract", Type.DOUBLE_ARRAY, v, w),
        Simplifier.simplify(nd("add", Type.DOUBLE_ARRAY, v, nd("negative", Type.DOUBLE_ARRAY, w))));
  }

  @Test
  void negatedOrTransposedTwiceIsItself() {
    assertEquals(v, Simplifier.simplify(nd("negative", Type.DOUBLE_ARRAY, nd("negative", Type.DOUBLE_ARRAY, v))));
    assertEquals(m, Simplifier.simplify(nd("transpose", Type.DOUBLE_MATRIX, nd("transpose", Type.DOUBLE_MATRIX, m))));
  }

  @Test
  void transposedFactorsFuse() {
    assertEquals(nd("transposeDot", Type.DOUBLE_MATRIX, m, k),
        Simplifier.simplify(nd("dot", Type.DOUBLE_MATRIX, nd("transpose", Type.DOUBLE_MATRIX, m), k)));
    assertEquals(nd("dotTranspose", Type.DOUBLE_MATRIX, m, k),
        Simplifier.simplify(nd("dot", Type.DOUBLE_MATRIX, m, nd("transpose", Type.DOUBLE_MATRIX, k))));
  }

  @Test
  void aVectorTimesATransposeStaysAsWritten() {
    Expr vTimesMt = nd("dot", Type.DOUBLE_ARRAY, v, nd("transpose", Type.DOUBLE_MATRIX, m));
    assertEquals(vTimesMt, Simplifier.simplify(vTimesMt));
  }

  @Test
  void powersOfOneAndZero() {
    assertEquals(x, Simplifier.simplify(math("pow", x, d(1.0))));
    assertEquals(d(1.0), Simplifier.simplify(math("pow", x, i(0))));
  }
}
