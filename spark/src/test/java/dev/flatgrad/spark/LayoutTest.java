package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayoutTest {
  private final Param.Matrix W = Param.matrix("W", 2, 3);
  private final Param.Scalar c = Param.scalar("c");
  private final Param.Vector b = Param.vector("b", 3);
  private final Layout layout = Layout.of(W, c, b);

  @Test
  void laysParametersOutInOrderMatricesRowByRow() {
    assertEquals(10, layout.size());
    assertEquals(0, layout.offset(W));
    assertEquals(6, layout.offset(c));
    assertEquals(7, layout.offset(b));
    double[] flat = layout.zeros();
    layout.put(flat, W, new double[][] {{1, 2, 3}, {4, 5, 6}});
    layout.put(flat, c, 7);
    layout.put(flat, b, new double[] {8, 9, 10});
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, flat);
  }

  @Test
  void valuesReadTheParametersBack() {
    double[] flat = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    Values v = layout.values(flat);
    flat[0] = -1;
    assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, v.get(W));
    assertEquals(7, v.get(c));
    assertArrayEquals(new double[] {8, 9, 10}, v.get(b));
    assertSame(v.get(W), v.get(W), "unpacked once");
    assertEquals(3, layout.values(flat).get(Param.vector("b", 3)).length, "equal handles");
  }

  @Test
  void saysWhatDoesNotFit() {
    assertMessage("two parameters named W", () -> Layout.of(W, Param.vector("W", 2)));
    assertMessage("double b2 is not a parameter of this layout: (double[2][3] W, double c,"
        + " double[3] b)", () -> layout.values(layout.zeros()).get(Param.scalar("b2")));
    assertMessage("double[3] b is not a parameter", () -> Layout.of(W).offset(b));
    assertMessage("a flat vector of 3 doubles, but the layout", () -> layout.values(new double[3]));
    assertMessage("3 rows do not fit double[2][3] W",
        () -> layout.put(layout.zeros(), W, new double[3][3]));
    assertMessage("row 1 has 2 elements: it does not fit double[2][3] W",
        () -> layout.put(layout.zeros(), W, new double[][] {{1, 2, 3}, {4, 5}}));
    assertMessage("double[2] does not fit double[3] b",
        () -> layout.put(layout.zeros(), b, new double[2]));
    assertMessage("W: rows must be at least 1, not 0", () -> Param.matrix("W", 0, 3));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
