package dev.flatgrad.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiralTest {

  @Test
  void threeArmsOfLabelledPointsInTheUnitDisc() {
    Spiral.Dataset d = Spiral.generate(100, 0);
    assertEquals(300, d.size());
    assertEquals(3, d.classes());
    for (int i = 0; i < d.size(); i++) {
      assertEquals(i / 100, d.y()[i]);
      assertEquals(2, d.X()[i].length);
      double r = Math.hypot(d.X()[i][0], d.X()[i][1]);
      // The radius is linspace(0, 1, N): point i of each class lies at radius i / (N - 1).
      assertEquals((i % 100) / 99.0, r, 1e-12);
    }
  }

  @Test
  void sameSeedSamePointsOtherSeedOtherPoints() {
    Spiral.Dataset a = Spiral.generate(20, 4, 7);
    Spiral.Dataset b = Spiral.generate(20, 4, 7);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.X()[i], b.X()[i], 0);
    }
    assertArrayEquals(a.y(), b.y());
    assertNotEquals(a.X()[50][0], Spiral.generate(20, 4, 8).X()[50][0]);
  }

  @Test
  void armsWindAroundTheOrigin() {
    // Without noise, class j's last point is at angle 4 j + 4; with noise 0.2 it stays close.
    Spiral.Dataset d = Spiral.generate(50, 1);
    for (int j = 0; j < 3; j++) {
      double[] p = d.X()[j * 50 + 49];
      double t = 4 * j + 4;
      double distance = Math.hypot(p[0] - Math.sin(t), p[1] - Math.cos(t));
      assertTrue(distance < 1.0, "class " + j + " ends " + distance + " from its noiseless end");
    }
  }

  @Test
  void onePointPerClassIsAtTheOrigin() {
    Spiral.Dataset d = Spiral.generate(1, 2, 0);
    assertEquals(2, d.size());
    assertArrayEquals(new double[] {0, 0}, d.X()[0], 0);
  }

  @Test
  void rejectsEmptySpirals() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Spiral.generate(0, 3, 0));
    assertTrue(e.getMessage().contains("3 classes of 0 points"), e.getMessage());
  }
}
