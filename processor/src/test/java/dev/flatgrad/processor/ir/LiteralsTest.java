package dev.flatgrad.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Constants are values; their text is the printer's. */
class LiteralsTest {

  @Test
  void aConstantMadeByFlatgradIsSpelledFromItsValue() {
    assertEquals("2.0", Literals.text(Expr.Const.ofDouble(2.0)));
    assertEquals("0.25", Literals.text(Expr.Const.ofDouble(0.25)));
    assertEquals("-3.0", Literals.text(Expr.Const.ofDouble(-3.0)));
    assertEquals("3", Literals.text(Expr.Const.ofInt(3)));
    assertEquals("true", Literals.text(Expr.Const.ofBoolean(true)));
    assertEquals("null", Literals.text(Expr.Const.zero(Type.DOUBLE_ARRAY)));
  }

  @Test
  void aLiteralOfTheUserKeepsItsSpellingAndTakesItsSignFromItsValue() {
    Expr.Const thousandth = new Expr.Const(Type.DOUBLE, 1e-3, new Expr.Const.Written("1e-3"));
    assertEquals("1e-3", Literals.text(thousandth));
    assertEquals("-1e-3", Literals.text(thousandth.negated()));
    assertTrue(thousandth.negated().isNegative());
    assertEquals("10L", Literals.text(new Expr.Const(Type.LONG, 10, new Expr.Const.Written("10L"))));
  }

  @Test
  void aSpellingTheValueGivesIsNoSpelling() {
    assertEquals(Expr.Const.ofDouble(1.0), new Expr.Const(Type.DOUBLE, 1.0, new Expr.Const.Written("1.0")));
    assertNotEquals(Expr.Const.ofDouble(1.0), new Expr.Const(Type.DOUBLE, 1.0, new Expr.Const.Written("1.")));
  }

  @Test
  void aNamedConstantIsNoLiteral() {
    Expr.Const pi = Expr.Const.named(ClassRef.MATH, "PI", Math.PI);
    assertFalse(pi.isLiteral());
    assertTrue(Expr.Const.ofDouble(Math.PI).isLiteral());
  }
}
