package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.runtime.GradCheck.Options;
import dev.flatgrad.runtime.GradCheck.Report;
import dev.flatgrad.runtime.GradCheck.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GradCheckTest {
  private static final double TOL = GradCheck.DEFAULT_TOLERANCE;

  @Test
  void lectureExampleAddMul() {
    GradCheck.Scalar x = GradCheck.scalar("x", -2, -4);
    GradCheck.Scalar y = GradCheck.scalar("y", 5, -4);
    GradCheck.Scalar z = GradCheck.scalar("z", -4, 3);
    Report r = GradCheck.check(() -> (x.value() + y.value()) * z.value(), x, y, z).assertPassed();
    assertEquals(3, r.rows().size());
    assertEquals(-4, r.rows().get(0).numeric(), 1e-9);
    assertEquals(3, r.rows().get(2).numeric(), 1e-9);
    assertEquals(-2, x.value());
  }

  @Test
  void stackOfMatricesOfDifferentShapes() {
    Random random = new Random(9);
    double[][][] ws = {gaussian(random, 3, 2), new double[0][0], gaussian(random, 1, 4), gaussian(random, 2, 2)};
    double[][][] grad = new double[ws.length][][];
    for (int m = 0; m < ws.length; m++) {
      grad[m] = new double[ws[m].length][ws[m].length == 0 ? 0 : ws[m][0].length];
      for (int i = 0; i < ws[m].length; i++) {
        for (int j = 0; j < ws[m][i].length; j++) {
          grad[m][i][j] = 2 * (m + 1) * ws[m][i][j];
        }
      }
    }
    GradCheck.Matrices p = GradCheck.matrices("Ws", ws, grad);
    GradCheck.Objective f = () -> {
      double s = 0;
      for (int m = 0; m < p.value().length; m++) {
        for (double[] row : p.value()[m]) {
          for (double v : row) {
            s += (m + 1) * v * v;
          }
        }
      }
      return s;
    };
    Report r = GradCheck.check(f, p).assertPassed();
    assertEquals(6 + 4 + 4, r.rows().get(0).checked());
    grad[3][1][0] += 0.01;
    Report wrong = GradCheck.check(f, GradCheck.matrices("Ws", ws, grad));
    assertFalse(wrong.passed());
    assertEquals("[3, 1, 0]", wrong.rows().get(0).worstIndex());
  }

  @Test
  void smoothScalarFunctionIsWellBelowTolerance() {
    Random random = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      double x0 = random.nextGaussian() * 3;
      double y0 = random.nextGaussian() * 3;
      double z0 = random.nextGaussian() * 3;
      GradCheck.Scalar x = GradCheck.scalar("x", x0, 2 * x0 * y0);
      GradCheck.Scalar y = GradCheck.scalar("y", y0, x0 * x0);
      GradCheck.Scalar z = GradCheck.scalar("z", z0, Math.cos(z0));
      Report r =
          GradCheck.check(
              () -> x.value() * x.value() * y.value() + Math.sin(z.value()), x, y, z);
      assertTrue(r.maxError() < TOL / 10, r::table);
    }
  }

  @Test
  void sumOfCubesOverMatrix() {
    double[][] w = gaussian(new Random(2), 7, 5);
    double[][] dw = new double[7][5];
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 5; j++) {
        dw[i][j] = 3 * w[i][j] * w[i][j];
      }
    }
    GradCheck.Matrix p = GradCheck.matrix("W", w, dw);
    Report r = GradCheck.check(() -> sumOfCubes(p.value()), p).assertPassed();
    assertEquals(35, r.rows().get(0).checked());
  }

  /** Softmax cross-entropy over a batch: a realistic objective with many small entries. */
  @Test
  void softmaxLossOverManySeedsIsBelowTolerance() {
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      int n = 8;
      int d = 12;
      int c = 5;
      double[][] x = gaussian(random, n, d);
      double[][] w = gaussian(random, d, c);
      double[] b = gaussian(random, 1, c)[0];
      int[] y = random.ints(n, 0, c).toArray();
      double[][] dw = new double[d][c];
      double[] db = new double[c];
      softmaxLoss(x, w, b, y, dw, db);
      GradCheck.Matrix pw = GradCheck.matrix("W", w, dw);
      GradCheck.Vector pb = GradCheck.vector("b", b, db);
      Report r =
          GradCheck.check(() -> softmaxLoss(x, pw.value(), pb.value(), y, null, null), pw, pb);
      assertTrue(r.maxError() < TOL / 10, r::table);
    }
  }

  @Test
  void twoPointStencilAlsoPassesOnSmoothFunction() {
    GradCheck.Scalar x = GradCheck.scalar("x", 0.7, Math.cos(0.7));
    Options o = Options.defaults().withStencil(GradCheck.Stencil.TWO_POINT);
    Report r = GradCheck.check(o, () -> Math.sin(x.value()), x).assertPassed();
    assertTrue(r.table().contains("2-point"), r::table);
  }

  @Test
  void wrongGradientFailsAndNamesTheEntry() {
    double[][] w = gaussian(new Random(3), 4, 5);
    double[][] dw = new double[4][5];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 5; j++) {
        dw[i][j] = 3 * w[i][j] * w[i][j];
      }
    }
    dw[2][3] *= 1.001;
    GradCheck.Matrix p = GradCheck.matrix("W", w, dw);
    GradCheck.Scalar s = GradCheck.scalar("s", 1.5, 2 * 1.5);
    Report r = GradCheck.check(() -> sumOfCubes(p.value()) + s.value() * s.value(), p, s);
    assertFalse(r.passed());
    Row row = r.rows().get(0);
    assertFalse(row.passed());
    assertTrue(r.rows().get(1).passed());
    assertEquals("[2, 3]", row.worstIndex());
    assertEquals(dw[2][3], row.analytic());
    assertEquals(3 * w[2][3] * w[2][3], row.numeric(), 1e-9);
    assertEquals(0.001 / 2.001, row.maxError(), 1e-6);
    AssertionError e = assertThrows(AssertionError.class, r::assertPassed);
    assertEquals(r.table(), e.getMessage());
    assertTrue(e.getMessage().contains("FAILED: 1 of 2 parameters"), e::getMessage);
    assertTrue(e.getMessage().contains("W[2, 3]"), e::getMessage);
  }

  @Test
  void vectorEntryIsReportedWithOneIndex() {
    double[] v = {1, 2, 3, 4};
    GradCheck.Vector p = GradCheck.vector("v", v, new double[] {2, 4, 7, 8});
    Report r = GradCheck.check(() -> v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3], p);
    assertEquals("[2]", r.rows().get(0).worstIndex());
    assertFalse(r.passed());
  }

  @Test
  void zeroGradientBelowRoundOffPasses() {
    // f barely depends on z: the true derivative 1e-13 is far below round-off (~1e-12 * |f|/h).
    GradCheck.Scalar z = GradCheck.scalar("z", 0.3, 0);
    GradCheck.Scalar x = GradCheck.scalar("x", 2, 2 * 2);
    Report r =
        GradCheck.check(
            () -> 1000 + x.value() * x.value() + 1e-13 * Math.sin(z.value()), x, z);
    assertTrue(r.passed(), r::table);
  }

  @Test
  void exactZeroAgainstTinyNumericPassesWhileOrdinaryGradientsAreJudgedRelatively() {
    // f = 1 + 1e-12 z: the numeric derivative is ~1e-12, below round-off; claiming 0 is fine.
    GradCheck.Scalar z = GradCheck.scalar("z", 0.5, 0);
    Report tiny = GradCheck.check(() -> 1 + 1e-12 * z.value(), z);
    assertTrue(tiny.passed(), tiny::table);
    assertEquals(1e-12, tiny.rows().get(0).numeric(), 1e-12); // round-off is of the same size
    // f = (1 + 1e-6) x with analytic 1: a relative error of 5e-7 on an ordinary gradient fails.
    GradCheck.Scalar x = GradCheck.scalar("x", 0.5, 1);
    Report ordinary = GradCheck.check(() -> (1 + 1e-6) * x.value(), x);
    assertFalse(ordinary.passed(), ordinary::table);
    assertEquals(1e-6 / (2 + 1e-6), ordinary.maxError(), 1e-12);
  }

  @Test
  void smallButRealGradientErrorFails() {
    // The true derivative 1e-6 is well above round-off: claiming 0 must fail.
    GradCheck.Scalar z = GradCheck.scalar("z", 0.3, 0);
    Report r = GradCheck.check(() -> 1 + 1e-6 * z.value(), z);
    assertFalse(r.passed(), r::table);
  }

  @Test
  void nanGradientFails() {
    GradCheck.Scalar x = GradCheck.scalar("x", 1, Double.NaN);
    GradCheck.Scalar y = GradCheck.scalar("y", 1, 1);
    Report r = GradCheck.check(() -> x.value() + y.value(), x, y);
    assertFalse(r.passed());
    assertTrue(Double.isNaN(r.maxError()));
  }

  @Test
  void nanAndInfiniteEntriesAreSkippedNotFailed() {
    // A method that skips missing data (NaN) has no difference quotient there: the other entries are checked.
    double[] data = {1, Double.NaN, 3, Double.POSITIVE_INFINITY};
    GradCheck.Vector x = GradCheck.vector("x", data, new double[] {2, 0, 6, 0});
    Report r = GradCheck.check(() -> {
      double s = 0;
      for (double v : x.value()) {
        if (Double.isFinite(v)) {
          s += v * v;
        }
      }
      return s;
    }, x);
    assertTrue(r.passed(), r::table);
    assertEquals(2, r.rows().get(0).checked());
  }

  @Test
  void inputsAreRestoredAfterCheck() {
    double[][] w = gaussian(new Random(4), 3, 4);
    double[] v = gaussian(new Random(5), 1, 6)[0];
    double[][] wCopy = deepCopy(w);
    double[] vCopy = v.clone();
    GradCheck.Matrix pw = GradCheck.matrix("W", w, new double[3][4]);
    GradCheck.Vector pv = GradCheck.vector("v", v, new double[6]);
    GradCheck.Scalar ps = GradCheck.scalar("s", 0.1, 0);
    GradCheck.check(() -> sumOfCubes(w) + Math.exp(v[2]) + Math.tanh(ps.value()), pw, pv, ps);
    assertArrayEquals(wCopy, w);
    assertArrayEquals(vCopy, v);
    assertEquals(0.1, ps.value());
    assertSame(w, pw.value());
    assertSame(v, pv.value());
  }

  @Test
  void oneArrayPassedForTwoParametersIsCheckedAsTwo() {
    // f(x, y) = sum(x * y^2) called as f(v, v): df/dx = y^2, df/dy = 2 x y, each a partial.
    double[] v = {0.5, -1.25, 2.0};
    double[] dx = new double[3];
    double[] dy = new double[3];
    for (int i = 0; i < 3; i++) {
      dx[i] = v[i] * v[i];
      dy[i] = 2 * v[i] * v[i];
    }
    GradCheck.Vector px = GradCheck.vector("x", v, dx);
    GradCheck.Vector py = GradCheck.vector("y", v, dy);
    GradCheck.Report r = GradCheck.check(() -> {
      double sum = 0;
      for (int i = 0; i < 3; i++) {
        sum += px.value()[i] * py.value()[i] * py.value()[i];
      }
      return sum;
    }, px, py);
    assertTrue(r.passed(), r::table);
    assertSame(v, px.value());
    assertArrayEquals(new double[] {0.5, -1.25, 2.0}, v);

    // A matrix sharing one row with a vector is separated the same way.
    double[][] m = {{1.0, 2.0}, v.clone()};
    GradCheck.Vector row = GradCheck.vector("row", m[0], new double[] {2.0, 3.0});
    GradCheck.Matrix pm = GradCheck.matrix("m", m, new double[][] {{1.0, 1.0}, {1.0, 1.0, 1.0}});
    GradCheck.Report shared = GradCheck.check(
        () -> 2 * row.value()[0] + 3 * row.value()[1] + Nd.sum(pm.value()[0]) + Nd.sum(pm.value()[1]), row, pm);
    assertTrue(shared.passed(), shared::table);
    assertSame(m[0], row.value());
  }

  @Test
  void inputsAreRestoredWhenObjectiveThrows() {
    double[][] w = gaussian(new Random(6), 3, 4);
    double[][] wCopy = deepCopy(w);
    GradCheck.Scalar s = GradCheck.scalar("s", 0.5, 1);
    GradCheck.Matrix p = GradCheck.matrix("W", w, new double[3][4]);
    int[] calls = {0};
    GradCheck.Objective f =
        () -> {
          if (++calls[0] == 9) { // mid-stencil, inside the matrix
            throw new IllegalStateException("boom");
          }
          return s.value() + sumOfCubes(w);
        };
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> GradCheck.check(f, s, p));
    assertEquals("boom", e.getMessage());
    assertArrayEquals(wCopy, w);
    assertEquals(0.5, s.value());
  }

  @Test
  void samplingIsDeterministicAndBounded() {
    double[][] w = gaussian(new Random(7), 20, 30);
    GradCheck.Matrix p = GradCheck.matrix("W", w, new double[20][30]);
    double[] v = new double[3];
    GradCheck.Vector pv = GradCheck.vector("v", v, new double[3]);
    Options o = Options.defaults().withSample(5, 42);

    Set<Integer> first = perturbedEntries(o, w, p, pv);
    Set<Integer> again = perturbedEntries(o, w, p, pv);
    Set<Integer> otherSeed = perturbedEntries(Options.defaults().withSample(5, 43), w, p, pv);
    assertEquals(5, first.size());
    assertEquals(first, again);
    assertNotEquals(first, otherSeed);

    Report r = GradCheck.check(o, () -> 0, p, pv);
    assertEquals(5, r.rows().get(0).checked());
    assertEquals(600, r.rows().get(0).size());
    assertEquals(3, r.rows().get(1).checked());
    assertTrue(r.table().contains("5/600"), r::table);
    assertTrue(r.table().contains("3/3"), r::table);
    assertTrue(r.table().contains("seed 42"), r::table);
  }

  @Test
  void samplingCountsObjectiveEvaluations() {
    double[] v = new double[1000];
    GradCheck.Vector p = GradCheck.vector("v", v, new double[1000]);
    int[] calls = {0};
    GradCheck.check(Options.defaults().withSample(7, 1), () -> ++calls[0] * 0.0, p);
    assertEquals(1 + 4 * 7, calls[0]);
  }

  @Test
  void relativeErrorFormula() {
    assertEquals(0.1 / 2.1, GradCheck.relativeError(1, 1.1, 0), 1e-15);
    assertEquals(0.1 / 2.1, GradCheck.relativeError(-1, -1.1, 1), 1e-15);
    assertEquals(0, GradCheck.relativeError(0, 0, 0));
    assertEquals(0, GradCheck.relativeError(3, 3, 0));
    assertEquals(1, GradCheck.relativeError(1, -1, 0));
    assertEquals(1e-8, GradCheck.relativeError(1e-12, 0, 1e-4), 1e-20);
    assertTrue(Double.isNaN(GradCheck.relativeError(Double.NaN, 1, 0)));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.relativeError(1, 1, -1));
  }

  @Test
  void projectIsTheInnerProduct() {
    assertEquals(1 * 4 + 2 * 5 + 3 * 6, GradCheck.project(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
    assertEquals(
        1 * 5 + 2 * 6 + 3 * 7 + 4 * 8,
        GradCheck.project(new double[][] {{1, 2}, {3, 4}}, new double[][] {{5, 6}, {7, 8}}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.project(new double[2][3], new double[3][2]));
    assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 2)"));
    assertThrows(
        IllegalArgumentException.class,
        () -> GradCheck.project(new double[2], new double[3]));
  }

  @Test
  void projectTurnsAVectorFunctionIntoAScalarOne() {
    // out = W·x, dout = r: d/dW sum(out * r) = r xᵀ.
    double[][] w = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    double[] r = {1.5, -2};
    double[][] dw = {{r[0] * x[0], r[0] * x[1]}, {r[1] * x[0], r[1] * x[1]}};
    GradCheck.Matrix p = GradCheck.matrix("W", w, dw);
    GradCheck.check(
            () -> {
              double[][] m = p.value();
              double[] out = {m[0][0] * x[0] + m[0][1] * x[1], m[1][0] * x[0] + m[1][1] * x[1]};
              return GradCheck.project(out, r);
            },
            p)
        .assertPassed();
  }

  @Test
  void tableIsAlignedAndEndsWithVerdict() {
    double[][] w = {{1, 2}, {3, 4}};
    double[] v = {1, 2, 3};
    GradCheck.Scalar s = GradCheck.scalar("bias", 2, 4);
    GradCheck.Matrix pw = GradCheck.matrix("W", w, new double[][] {{3, 12}, {27, 48}});
    GradCheck.Vector pv = GradCheck.vector("v", v, new double[] {1, 1, 1});
    Report r =
        GradCheck.check(
            () -> sumOfCubes(w) + v[0] + v[1] + v[2] + s.value() * s.value(), s, pw, pv);
    String table = r.table();
    assertEquals(table, r.toString());
    String[] lines = table.split("\n");
    assertEquals(6, lines.length, table);
    assertTrue(lines[0].startsWith("gradient check: 4-point centred differences"), table);
    assertTrue(lines[1].startsWith("param "), table);
    int col = lines[1].indexOf("checked");
    assertTrue(lines[2].startsWith("bias"), table);
    assertEquals("1/1", lines[2].substring(col, col + 3), table);
    assertEquals("4/4", lines[3].substring(col, col + 3), table);
    assertEquals("3/3", lines[4].substring(col, col + 3), table);
    int worst = lines[1].indexOf("worst");
    assertEquals("-", lines[2].substring(worst, worst + 1), table);
    assertEquals('[', lines[3].charAt(worst), table);
    assertEquals('[', lines[4].charAt(worst), table);
    for (int i = 2; i <= 4; i++) {
      assertTrue(lines[i].endsWith("ok"), table);
    }
    assertTrue(lines[5].startsWith("PASSED: 8 entries of 3 parameters"), table);
  }

  @Test
  void shapeMismatchNamesParameterAndBothShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.matrix("W1", new double[2][3], new double[3][2]));
    assertTrue(e.getMessage().contains("W1"), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.vector("b", new double[3], new double[4]));
    assertTrue(e.getMessage().contains("parameter b"), e.getMessage());
    assertTrue(e.getMessage().contains("(3)") && e.getMessage().contains("(4)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.matrix("W", new double[][] {{1, 2}, {3}}, new double[2][2]));
    assertTrue(e.getMessage().contains("ragged"), e.getMessage());
  }

  @Test
  void nullsAreNamed() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> GradCheck.vector("b", null, new double[1]));
    assertTrue(e.getMessage().contains("parameter b: value"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> GradCheck.matrix("W", new double[1][1], null));
    assertTrue(e.getMessage().contains("parameter W: analytic"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> GradCheck.scalar(null, 1, 1));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
    GradCheck.Scalar s = GradCheck.scalar("s", 1, 1);
    e = assertThrows(NullPointerException.class, () -> GradCheck.check(null, s));
    assertTrue(e.getMessage().contains("objective"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradCheck.check(() -> 0));
  }

  @Test
  void optionsAreValidated() {
    Options o = Options.defaults();
    assertEquals(1e-7, o.tolerance());
    assertEquals(GradCheck.Stencil.FOUR_POINT, o.stencil());
    assertEquals(0, o.sample());
    assertEquals(1e-5, o.withTolerance(1e-5).tolerance());
    assertEquals(1e-3, o.withStep(1e-3).step());
    assertEquals(0, o.withSample(3, 9).withAllEntries().sample());
    assertThrows(IllegalArgumentException.class, () -> o.withTolerance(0));
    assertThrows(IllegalArgumentException.class, () -> o.withStep(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> o.withSample(0, 1));
  }

  private static Set<Integer> perturbedEntries(
      Options o, double[][] w, GradCheck.Param... params) {
    double[][] original = deepCopy(w);
    Set<Integer> seen = new TreeSet<>();
    GradCheck.check(
        o,
        () -> {
          for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
              if (w[i][j] != original[i][j]) {
                seen.add(i * w[i].length + j);
              }
            }
          }
          return 0;
        },
        params);
    return seen;
  }

  static double sumOfCubes(double[][] w) {
    double sum = 0;
    for (double[] row : w) {
      for (double x : row) {
        sum += x * x * x;
      }
    }
    return sum;
  }

  /** Mean softmax cross-entropy of X·W + b; writes the gradient into dw, db when non-null. */
  static double softmaxLoss(
      double[][] x, double[][] w, double[] b, int[] y, double[][] dw, double[] db) {
    int n = x.length;
    int c = b.length;
    double loss = 0;
    List<double[]> dscores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] s = b.clone();
      for (int k = 0; k < w.length; k++) {
        for (int j = 0; j < c; j++) {
          s[j] += x[i][k] * w[k][j];
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (double v : s) {
        z += Math.exp(v - max);
      }
      loss += Math.log(z) - (s[y[i]] - max);
      double[] ds = new double[c];
      for (int j = 0; j < c; j++) {
        ds[j] = (Math.exp(s[j] - max) / z - (j == y[i] ? 1 : 0)) / n;
      }
      dscores.add(ds);
    }
    if (dw != null) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < c; j++) {
          db[j] += dscores.get(i)[j];
          for (int k = 0; k < w.length; k++) {
            dw[k][j] += x[i][k] * dscores.get(i)[j];
          }
        }
      }
    }
    return loss / n;
  }

  static double[][] gaussian(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }

  static double[][] deepCopy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
