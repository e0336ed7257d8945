package dev.flatgrad.processor.simplify;

import static dev.flatgrad.processor.testing.Ir.add;
import static dev.flatgrad.processor.testing.Ir.binary;
import static dev.flatgrad.processor.testing.Ir.countUp;
import static dev.flatgrad.processor.testing.Ir.d;
import static dev.flatgrad.processor.testing.Ir.i;
import static dev.flatgrad.processor.testing.Ir.mul;
import static dev.flatgrad.processor.testing.Ir.neg;
import static dev.flatgrad.processor.testing.Ir.not;
import static dev.flatgrad.processor.testing.Ir.ref;
import static dev.flatgrad.processor.testing.Ir.scalar;
import static dev.flatgrad.processor.testing.Ir.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rewrite of the style pass on code built by hand. */
class StyleTest {

  private final Expr a = ref(scalar("a"));
  private final Expr b = ref(scalar("b"));
  private final Expr c = ref(scalar("c"));
  private final Variable i = Variable.local("i", Type.INT);
  private final Expr n = ref(Variable.local("n", Type.INT));

  @Test
  void aNegativeTermIsSubtracted() {
    assertEquals(sub(a, b), Style.apply(add(a, neg(b))));
    assertEquals(sub(a, mul(d(2.0), c)), Style.apply(add(a, mul(d(-2.0), c))));
    assertEquals(sub(b, a), Style.apply(add(neg(a), b)));
  }

  @Test
  void subtractingANegativeAdds() {
    assertEquals(add(a, b), Style.apply(sub(a, neg(b))));
    assertEquals(add(a, d(2.0)), Style.apply(sub(a, d(-2.0))));
  }

  @Test
  void zeroMinusIsANegation() {
    assertEquals(neg(a), Style.apply(sub(d(0.0), a)));
  }

  @Test
  void aNegatedDifferenceIsTheOtherDifference() {
    assertEquals(sub(b, a), Style.apply(neg(sub(a, b))));
  }

  @Test
  void aNegatedProductCarriesTheSignOnItsFirstFactor() {
    assertEquals(mul(neg(a), b), Style.apply(neg(mul(a, b))));
    assertEquals(mul(d(-2.0), b), Style.apply(neg(mul(d(2.0), b))));
    assertEquals(mul(neg(a), b), Style.apply(mul(a, neg(b))));
  }

  @Test
  void constantsComeFirst() {
    assertEquals(mul(d(0.5), a), Style.apply(mul(a, d(0.5))));
  }

  @Test
  void productsReadLeftToRight() {
    assertEquals(mul(mul(a, b), c), Style.apply(mul(a, mul(b, c))));
  }

  @Test
  void aConditionalHasItsZeroInTheElseBranch() {
    Expr test = binary(BinaryOp.LT, ref(i), n);
    assertEquals(new Expr.Cond(binary(BinaryOp.GE, ref(i), n), c, d(0.0), Type.DOUBLE),
        Style.apply(new Expr.Cond(test, d(0.0), c, Type.DOUBLE)));
  }

  /** a >= b is not !(a < b) when a is NaN: the zero stays where it is rather than add a !. */
  @Test
  void aConditionalOnDoublesKeepsItsTest() {
    Expr kept = new Expr.Cond(binary(BinaryOp.LT, a, b), d(0.0), c, Type.DOUBLE);
    assertEquals(kept, Style.apply(kept));
  }

  @Test
  void aNegatedComparisonOfIntegersIsTheOppositeComparison() {
    assertEquals(binary(BinaryOp.GT, ref(i), n), Style.apply(not(binary(BinaryOp.LE, ref(i), n))));
  }

  @Test
  void aNegatedOrderOfDoublesStays() {
    Expr kept = not(binary(BinaryOp.LE, a, b));
    assertEquals(kept, Style.apply(kept));
  }

  @Test
  void aNegatedEqualityOfDoublesIsTheInequality() {
    assertEquals(binary(BinaryOp.NE, a, b), Style.apply(not(binary(BinaryOp.EQ, a, b))));
  }

  @Test
  void aLoopToNMinusOneInclusiveRunsWhileBelowN() {
    Stmt.Loop loop = countUp(i, n);
    Stmt.Loop inclusive = withCond(loop, binary(BinaryOp.LE, ref(i), sub(n, i(1))));
    assertEquals(loop, Style.apply(inclusive));
    Stmt nested = new Stmt.If(binary(BinaryOp.LT, a, b), new Block(List.of(inclusive)), new Block(List.of()), Pos.NONE);
    assertEquals(new Stmt.If(binary(BinaryOp.LT, a, b), new Block(List.of(loop)), new Block(List.of()), Pos.NONE),
        Style.apply(nested));
  }

  @Test
  void aLoopToNMinusTwoInclusiveStays() {
    Stmt.Loop loop = withCond(countUp(i, n), binary(BinaryOp.LE, ref(i), sub(n, i(2))));
    assertEquals(loop, Style.apply(loop));
  }

  private static Stmt.Loop withCond(Stmt.Loop l, Expr cond) {
    return new Stmt.Loop(l.kind(), l.init(), cond, l.update(), l.body(), l.pos());
  }
}
