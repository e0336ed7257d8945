package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.runtime.GradCheck.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What forward mode and second derivatives use from the runtime: {@code Nd.broadcast} and {@code
 * Nd.vdot}, {@code Entries} (the flattened entries of Hessians and Jacobians), and {@code
 * GradCheck.checkAlong} (directional derivatives), the last tested against analytic ones.
 */
class ForwardModesRuntimeTest {

  @Test
  void broadcastStretchesToTheSharedShapeLikeNumpy() {
    double[][] row = {{1, 2, 3}};
    double[][] like = new double[2][3];
    assertArrayEquals(new double[][] {{1, 2, 3}, {1, 2, 3}}, Nd.broadcast(row, like));
    assertArrayEquals(new double[][] {{4, 4, 4}, {5, 5, 5}}, Nd.broadcast(new double[][] {{4}, {5}}, like));
    assertArrayEquals(new double[][] {{7, 8, 9}, {7, 8, 9}}, Nd.broadcast(new double[] {7, 8, 9}, like));
    assertArrayEquals(new double[] {2, 2, 2}, Nd.broadcast(new double[] {2}, new double[3]));
    double[][] same = {{1, 2}, {3, 4}};
    double[][] copied = Nd.broadcast(same, new double[][] {{0}});
    assertArrayEquals(same, copied, "nothing to stretch: x's entries");
    assertNotSame(same, copied, "never x itself: a write into one would change the other");
    assertNotSame(same[0], copied[0]);
    double[] v = {1, 2};
    assertNotSame(v, Nd.broadcast(v, new double[2]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Nd.broadcast(new double[][] {{1, 2}}, like));
    assertEquals("Nd.broadcast: x with shape (1, 2) does not broadcast together with like of shape (2, 3)", e.getMessage());
  }

  @Test
  void vdotSumsTheProductsOfCorrespondingEntries() {
    assertEquals(1 * 5 + 2 * 6 + 3 * 7 + 4 * 8, Nd.vdot(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5, 6}, {7, 8}}));
    assertThrows(IllegalArgumentException.class, () -> Nd.vdot(new double[][] {{1, 2}}, new double[][] {{1}, {2}}));
  }

  @Test
  void entriesLayOutScalarsAndArraysInOrderWithUnitDirections() {
    double[][] w = {{1, 2}, {3, 4}, {5, 6}};
    Entries e = Entries.of(List.of(0.5, new double[] {7, 8}, w));
    assertEquals(1 + 2 + 6, e.size());
    e.unit(0);
    assertEquals(1.0, e.scalar(0));
    assertArrayEquals(new double[2], e.vector(1));
    e.unit(2);
    assertEquals(0.0, e.scalar(0));
    assertArrayEquals(new double[] {0, 1}, e.vector(1));
    e.unit(6);
    assertArrayEquals(new double[][] {{0, 0}, {0, 1}, {0, 0}}, e.matrix(2), "entry 6 is W[1][1]");
    assertArrayEquals(new double[2], e.vector(1));
    assertArrayEquals(new double[] {9, 1, 2, 3, 4, 5, 6, 7, 8},
        e.flatten(List.of(9.0, new double[] {1, 2}, new double[][] {{3, 4}, {5, 6}, {7, 8}})));
    assertThrows(IllegalArgumentException.class, () -> e.flatten(List.of(9.0, new double[3], w)));
    assertThrows(IndexOutOfBoundsException.class, () -> e.unit(9));
    double[][] m = new double[2][3];
    Entries.setColumn(m, 1, new double[] {4, 5});
    assertArrayEquals(new double[][] {{0, 4, 0}, {0, 5, 0}}, m);
  }

  @Test
  void checkAlongAcceptsExactDirectionalDerivativesAndRestoresTheParameters() {
    // f(x, W) = (x sin(W[0][1]), sum(W^2)): along (v, V) its derivative is
    // (v sin(W01) + x cos(W01) V01, 2 sum(W * V)).
    double x = 0.7;
    double[][] w = {{0.2, -1.1}, {0.5, 0.9}};
    double v = -0.4;
    double[][] dir = {{1.5, 0.3}, {-0.8, 2.0}};
    GradCheck.ScalarAlong xa = GradCheck.along("x", x, v);
    GradCheck.ArrayAlong<double[][]> wa = GradCheck.along("W", w, dir);
    GradCheck.Results f = () -> new Object[] {
      xa.value() * Math.sin(wa.value()[0][1]),
      new double[] {Nd.vdot(wa.value(), wa.value())}};
    double first = v * Math.sin(w[0][1]) + x * Math.cos(w[0][1]) * dir[0][1];
    double second = 2 * Nd.vdot(w, dir);
    Report ok = GradCheck.checkAlong(f, new String[] {"f", "g"}, new Object[] {first, new double[] {second}}, xa, wa);
    assertTrue(ok.passed(), ok::table);
    assertEquals(List.of("f", "g"), ok.rows().stream().map(GradCheck.Row::name).toList());
    assertEquals(0.7, xa.value());
    assertArrayEquals(new double[][] {{0.2, -1.1}, {0.5, 0.9}}, w, "moved back exactly");

    Report wrong = GradCheck.checkAlong(f, new String[] {"f", "g"},
        new Object[] {first, new double[] {1.01 * second}}, xa, wa);
    assertFalse(wrong.passed());
    assertTrue(wrong.rows().get(0).passed());
    assertEquals("[0]", wrong.rows().get(1).worstIndex());
  }

  @Test
  void checkAlongMovesAnArrayPassedTwiceOnlyOnce() {
    double[] x = {1, 2};
    GradCheck.ArrayAlong<double[]> a = GradCheck.along("a", x, new double[] {1, 0});
    GradCheck.ArrayAlong<double[]> b = GradCheck.along("b", x, new double[] {0, 1});
    // f = a0 * b1 along (1, 0) and (0, 1): derivative b1 + a0 = 3.
    Report r = GradCheck.checkAlong(() -> new Object[] {a.value()[0] * b.value()[1]}, new String[] {"f"},
        new Object[] {3.0}, a, b);
    assertTrue(r.passed(), r::table);
  }

  @Test
  void checkAlongTakesAParameterAlongItself() {
    double[][] x = {{1, 2}, {-0.5, 3}};
    GradCheck.ArrayAlong<double[][]> a = GradCheck.along("x", x, x);
    // f = sum of squares along x itself: derivative 2 x.x = 2 * 14.25.
    Report r = GradCheck.checkAlong(() -> new Object[] {Nd.sumOfSquares(a.value())}, new String[] {"f"},
        new Object[] {28.5}, a);
    assertTrue(r.passed(), r::table);
    assertArrayEquals(new double[] {1, 2}, x[0]);
    assertArrayEquals(new double[] {-0.5, 3}, x[1]);
  }

  @Test
  void checkAlongAtAPointWithMissingDataChecksTheRest() {
    // f skips NaN entries, as code guarding with Double.isNaN does: the NaN entry sets no step.
    double[] x = {1, Double.NaN, -2};
    double y = Double.NaN;
    GradCheck.ArrayAlong<double[]> a = GradCheck.along("x", x, new double[] {0.5, 1, 2});
    GradCheck.ScalarAlong b = GradCheck.along("y", y, 1);
    GradCheck.Results f = () -> {
      double s = 0;
      for (double v : a.value()) {
        s += Double.isNaN(v) ? 0 : v * v;
      }
      return new Object[] {s, Double.isNaN(b.value()) ? s : b.value()};
    };
    // Along (0.5, 1, 2): 2 * (1 * 0.5 + -2 * 2) = -7 for both results.
    Report r = GradCheck.checkAlong(f, new String[] {"f", "g"}, new Object[] {-7.0, -7.0}, a, b);
    assertTrue(r.passed(), r::table);
    Report nanResult = GradCheck.checkAlong(() -> new Object[] {Double.NaN, a.value()[0]}, new String[] {"f", "g"},
        new Object[] {0.0, 0.5}, a);
    assertFalse(nanResult.rows().get(0).passed());
    assertTrue(nanResult.rows().get(1).passed(), nanResult::table);
  }
}
