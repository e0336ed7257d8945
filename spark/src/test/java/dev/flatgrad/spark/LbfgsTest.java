package dev.flatgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsTest {
  private final Param.Vector x = Param.vector("x", 2);
  private final Layout layout = Layout.of(x);
  private final Objective banana =
      Objective.local(layout, p -> TestLossesGrad.rosenbrock(p.get(x)));

  @Test
  void findsTheMinimumOfRosenbrocksBanana() {
    double[] start = {-1.2, 1};
    Lbfgs.Result r = new Lbfgs().tolerance(1e-12).minimize(banana, start);
    assertTrue(r.converged(), r.reason());
    assertEquals(1, r.point()[0], 1e-6);
    assertEquals(1, r.point()[1], 1e-6);
    assertEquals(0, r.loss(), 1e-12);
    assertEquals(-1.2, start[0], "the start is not modified");
    assertEquals(0, r.history().get(0).iteration());
    assertEquals(24.2, r.history().get(0).loss(), 1e-12, "iteration 0 is the start");
    assertEquals(r.iterations(), r.history().get(r.iterations()).iteration());
    assertTrue(r.evaluations() >= r.iterations() + 1, r.evaluations() + " evaluations");
    for (int i = 1; i <= r.iterations(); i++) {
      assertTrue(r.history().get(i).loss() <= r.history().get(i - 1).loss(), "descends");
    }
  }

  @Test
  void stopsAtMaxIterations() {
    Lbfgs.Result r = new Lbfgs().maxIterations(3).minimize(banana, new double[] {-1.2, 1});
    assertFalse(r.converged());
    assertEquals("max iterations reached", r.reason());
    assertEquals(3, r.iterations());
  }
}
