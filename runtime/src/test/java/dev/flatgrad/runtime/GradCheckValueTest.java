package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.runtime.GradCheck.Report;
import dev.flatgrad.runtime.GradCheck.Row;
import org.junit.jupiter.api.Test;

/** The value a gradient method returned, checked bit for bit against the original method's. */
class GradCheckValueTest {

  private static Report checkSquare(GradCheck.Value value) {
    GradCheck.Scalar x = GradCheck.scalar("x", 3, 6);
    return GradCheck.check(value, () -> x.value() * x.value(), x);
  }

  @Test
  void anEqualValueIsTheReportsFirstRowAndPasses() {
    Report r = checkSquare(GradCheck.value(9.0, 9.0)).assertPassed();
    assertEquals(2, r.rows().size());
    Row value = r.rows().get(0);
    assertEquals(GradCheck.VALUE_ROW, value.name());
    assertEquals(1, value.checked());
    assertEquals(0, value.maxError());
    assertTrue(r.table().contains("PASSED: the value equals the original method's, 1 entry of 1 parameter"),
        r.table());
  }

  @Test
  void aValueOneUlpOffFailsTheCheckThoughTheGradientPasses() {
    Report r = checkSquare(GradCheck.value(Math.nextUp(9.0), 9.0));
    assertFalse(r.passed());
    assertTrue(r.rows().get(1).passed());
    assertTrue(r.table().contains("FAILED: the value differs from the original method's: generated"
        + " 9.000000000000002, original 9.0; every gradient passed"), r.table());
    assertThrows(AssertionError.class, r::assertPassed);
  }

  @Test
  void bitsDecideNotEquality() {
    assertFalse(checkSquare(GradCheck.value(-0.0, 0.0)).passed());
    assertTrue(checkSquare(GradCheck.value(Double.NaN, 0.0 / 0.0)).passed());
  }

  @Test
  void arraysNameTheFirstEntryThatDiffers() {
    Row vector = GradCheck.check(GradCheck.value(new double[] {1, 2, 3}, new double[] {1, 2.5, 4}), () -> 0.0)
        .rows().get(0);
    assertFalse(vector.passed());
    assertEquals("[1]", vector.worstIndex());
    assertEquals(2, vector.analytic());
    assertEquals(2.5, vector.numeric());
    Row matrix = GradCheck.check(GradCheck.value(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3.5}}),
        () -> 0.0).rows().get(0);
    assertEquals("[1, 0]", matrix.worstIndex());
    assertEquals(3, matrix.checked());
  }

  @Test
  void aValueOfAnotherShapeFails() {
    Report r = GradCheck.check(GradCheck.value(new double[] {1, 2}, new double[] {1, 2, 3}), () -> 0.0);
    assertFalse(r.passed());
    assertTrue(r.table().contains("the value has shape (2), the original method's (3)"), r.table());
    Report m = GradCheck.check(GradCheck.value(new double[][] {{1, 2}}, new double[][] {{1}, {2}}), () -> 0.0);
    assertFalse(m.passed());
  }

  @Test
  void theValueIsTakenWhenItIsGivenNotWhenItIsChecked() {
    double[] generated = {1, 2};
    GradCheck.Value value = GradCheck.value(generated, new double[] {1, 2});
    generated[0] = 7;
    assertTrue(GradCheck.check(value, () -> 0.0).passed());
  }
}
