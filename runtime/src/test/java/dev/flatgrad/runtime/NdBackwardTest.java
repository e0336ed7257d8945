package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.flatgrad.runtime.GradCheck.Options;
import dev.flatgrad.runtime.GradCheck.Report;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every backward helper of {@link Nd} against centred differences of its forward operation: for
 * a forward {@code out = op(x)} and a random upstream gradient {@code r}, the helper's result
 * must be the gradient of {@code project(op(x), r)}, to a relative error below 1e-7.
 */
class NdBackwardTest {
  private static final int[][] SHAPES = {{1, 1}, {1, 5}, {4, 1}, {3, 7}, {6, 2}};

  private final Random random = new Random(2024);

  // ---------------------------------------------------------------------------------------------
  // Products

  @Test
  void matrixProduct() {
    int[][] dims = {{1, 1, 1}, {3, 4, 5}, {5, 1, 3}, {2, 7, 1}, {6, 130, 3}};
    for (int[] d : dims) {
      double[][] x = gaussian(d[0], d[1]);
      double[][] w = gaussian(d[1], d[2]);
      double[][] r = gaussian(d[0], d[2]);
      GradCheck.Matrix px = GradCheck.matrix("x" + Shapes.of(x), x, Nd.dotTranspose(r, w));
      GradCheck.Matrix pw = GradCheck.matrix("w" + Shapes.of(w), w, Nd.transposeDot(x, r));
      check(() -> GradCheck.project(Nd.dot(x, w), r), px, pw);
    }
  }

  @Test
  void matrixVectorProducts() {
    for (int[] s : SHAPES) {
      double[][] w = gaussian(s[0], s[1]);
      double[] x = vector(s[1]);
      double[] r = vector(s[0]);
      GradCheck.Matrix pw = GradCheck.matrix("w" + Shapes.of(w), w, Nd.outer(r, x));
      GradCheck.Vector px = GradCheck.vector("x", x, Nd.transposeDot(w, r));
      check(() -> GradCheck.project(Nd.dot(w, x), r), pw, px);

      double[] v = vector(s[0]);
      double[] q = vector(s[1]);
      GradCheck.Vector pv = GradCheck.vector("v", v, Nd.dot(w, q));
      GradCheck.Matrix pm = GradCheck.matrix("m" + Shapes.of(w), w, Nd.outer(v, q));
      check(() -> GradCheck.project(Nd.dot(v, w), q), pv, pm);
    }
  }

  @Test
  void innerProductAndTranspose() {
    double[] u = vector(6);
    double[] v = vector(6);
    double dout = 1.7;
    GradCheck.Vector pu = GradCheck.vector("u", u, Nd.multiply(v, dout));
    GradCheck.Vector pv = GradCheck.vector("v", v, Nd.multiply(dout, u));
    check(() -> dout * Nd.dot(u, v), pu, pv);
    for (int[] s : SHAPES) {
      double[][] m = gaussian(s[0], s[1]);
      double[][] r = gaussian(s[1], s[0]);
      check(
          () -> GradCheck.project(Nd.transpose(m), r),
          GradCheck.matrix("m" + Shapes.of(m), m, Nd.transpose(r)));
    }
  }

  @Test
  void lectureQuadraticForm() {
    // f = ||W x||^2: dW = 2 q xᵀ, dx = 2 Wᵀ q.
    double[][] w = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    double[] q2 = Nd.multiply(2, Nd.dot(w, x));
    GradCheck.Matrix pw = GradCheck.matrix("W", w, Nd.outer(q2, x));
    GradCheck.Vector px = GradCheck.vector("x", x, Nd.transposeDot(w, q2));
    check(() -> Nd.sum(Nd.square(Nd.dot(w, x))), pw, px);
    assertArrayEquals(new double[] {0.088, 0.176}, Nd.outer(q2, x)[0], 1e-15);
    assertArrayEquals(new double[] {0.104, 0.208}, Nd.outer(q2, x)[1], 1e-15);
    assertArrayEquals(new double[] {-0.112, 0.636}, Nd.transposeDot(w, q2), 1e-15);
  }

  // ---------------------------------------------------------------------------------------------
  // Broadcasting and unbroadcast

  /** (a, b) shapes: equal, and each way one of them can be broadcast. */
  private static final int[][][] BROADCAST_PAIRS = {
    {{3, 4}, {3, 4}}, {{3, 4}, {3, 1}}, {{3, 4}, {1, 4}}, {{3, 4}, {1, 1}},
    {{3, 1}, {1, 4}}, {{1, 4}, {3, 4}}, {{1, 1}, {1, 1}}, {{2, 1}, {2, 5}}
  };

  @Test
  void addSubtractMultiplyDivideMatrixMatrix() {
    for (int[][] p : BROADCAST_PAIRS) {
      double[][] a = gaussian(p[0][0], p[0][1]);
      double[][] b = positive(p[1][0], p[1][1]);
      double[][] r = Nd.zerosLike(Nd.add(a, b));
      fill(r);
      checkBinary("add", a, b, r, Nd::add, Nd.unbroadcast(r, a), Nd.unbroadcast(r, b));
      checkBinary(
          "subtract", a, b, r, Nd::subtract, Nd.unbroadcast(r, a), Nd.unbroadcast(Nd.negative(r), b));
      checkBinary(
          "multiply",
          a,
          b,
          r,
          Nd::multiply,
          Nd.unbroadcast(Nd.multiply(r, b), a),
          Nd.unbroadcast(Nd.multiply(r, a), b));
      checkBinary(
          "divide",
          a,
          b,
          r,
          Nd::divide,
          Nd.unbroadcast(Nd.divide(r, b), a),
          Nd.unbroadcast(Nd.negative(Nd.divide(Nd.multiply(r, a), Nd.square(b))), b));
    }
  }

  private void checkBinary(
      String op,
      double[][] a,
      double[][] b,
      double[][] r,
      BinaryOperator<double[][]> f,
      double[][] da,
      double[][] db) {
    GradCheck.Matrix pa = GradCheck.matrix(op + " a" + Shapes.of(a), a, da);
    GradCheck.Matrix pb = GradCheck.matrix(op + " b" + Shapes.of(b), b, db);
    check(() -> GradCheck.project(f.apply(a, b), r), pa, pb);
  }

  @Test
  void matrixPlusVectorAndVectorTimesVector() {
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[] b = vector(s[1]);
      double[][] r = gaussian(s[0], s[1]);
      // out = x + b broadcasts b over the rows: db sums the rows of the upstream gradient.
      GradCheck.Matrix px = GradCheck.matrix("x" + Shapes.of(x), x, Nd.unbroadcast(r, x));
      GradCheck.Vector pb = GradCheck.vector("b", b, Nd.unbroadcast(r, b));
      check(() -> GradCheck.project(Nd.add(x, b), r), px, pb);

      double[] u = vector(s[1]);
      double[] c = vector(s[1]);
      double[] q = vector(s[1]);
      GradCheck.Vector pu = GradCheck.vector("u", u, Nd.unbroadcast(Nd.multiply(q, c), u));
      GradCheck.Vector pc = GradCheck.vector("c", c, Nd.unbroadcast(Nd.multiply(q, u), c));
      check(() -> GradCheck.project(Nd.multiply(u, c), q), pu, pc);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions

  @Test
  void sumAndMeanBackward() {
    double dout = -0.6;
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[] v = vector(s[1]);
      String name = "x" + Shapes.of(x);
      check(() -> dout * Nd.sum(x), GradCheck.matrix(name, x, Nd.sumBackward(dout, x)));
      check(() -> dout * Nd.mean(x), GradCheck.matrix(name, x, Nd.meanBackward(dout, x)));
      check(() -> dout * Nd.sum(v), GradCheck.vector("v", v, Nd.sumBackward(dout, v)));
      check(() -> dout * Nd.mean(v), GradCheck.vector("v", v, Nd.meanBackward(dout, v)));
      for (int axis = 0; axis <= 1; axis++) {
        int a = axis;
        double[] r = vector(axis == 0 ? s[1] : s[0]);
        check(
            () -> GradCheck.project(Nd.sum(x, a), r),
            GradCheck.matrix(name + " axis " + a, x, Nd.sumBackward(r, a, x)));
        check(
            () -> GradCheck.project(Nd.mean(x, a), r),
            GradCheck.matrix(name + " axis " + a, x, Nd.meanBackward(r, a, x)));
      }
    }
  }

  @Test
  void sumOfSquaresAndLogSumExpBackward() {
    double dout = -0.7;
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[] v = x[0];
      String name = "x" + Shapes.of(x);
      check(() -> dout * Nd.sumOfSquares(x),
          GradCheck.matrix(name, x, Nd.sumOfSquaresBackward(dout, x)));
      check(() -> dout * Nd.sumOfSquares(v),
          GradCheck.vector("v", v, Nd.sumOfSquaresBackward(dout, v)));
      check(() -> dout * Nd.logSumExp(v),
          GradCheck.vector("v", v, Nd.logSumExpBackward(dout, v, Nd.logSumExp(v))));
      for (int axis = 0; axis <= 1; axis++) {
        int a = axis;
        double[] r = vector(axis == 0 ? s[1] : s[0]);
        check(
            () -> GradCheck.project(Nd.logSumExp(x, a), r),
            GradCheck.matrix(name + " axis " + a, x,
                Nd.logSumExpBackward(r, x, Nd.logSumExp(x, a), a)));
      }
    }
  }

  @Test
  void maxBackwardRoutesToTheMaximum() {
    double dout = 2.5;
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[] v = vector(s[1]);
      String name = "x" + Shapes.of(x);
      check(() -> dout * Nd.max(x), GradCheck.matrix(name, x, Nd.maxBackward(dout, x)));
      check(() -> dout * Nd.max(v), GradCheck.vector("v", v, Nd.maxBackward(dout, v)));
      for (int axis = 0; axis <= 1; axis++) {
        int a = axis;
        double[] r = vector(axis == 0 ? s[1] : s[0]);
        check(
            () -> GradCheck.project(Nd.max(x, a), r),
            GradCheck.matrix(name + " axis " + a, x, Nd.maxBackward(r, x, a)));
      }
    }
  }

  @Test
  void pickBackward() {
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      int[] y = random.ints(s[0], 0, s[1]).toArray();
      double[] r = vector(s[0]);
      check(
          () -> GradCheck.project(Nd.pick(x, y), r),
          GradCheck.matrix("x" + Shapes.of(x), x, Nd.pickBackward(r, y, x)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Activations

  @Test
  void softmaxAndLogSoftmaxBackward() {
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[][] r = gaussian(s[0], s[1]);
      String name = "x" + Shapes.of(x);
      check(
          () -> GradCheck.project(Nd.softmax(x), r),
          GradCheck.matrix(name, x, Nd.softmaxBackward(r, Nd.softmax(x))));
      check(
          () -> GradCheck.project(Nd.logSoftmax(x), r),
          GradCheck.matrix(name, x, Nd.logSoftmaxBackward(r, Nd.logSoftmax(x))));
      double[] v = x[0];
      double[] q = r[0];
      check(
          () -> GradCheck.project(Nd.softmax(v), q),
          GradCheck.vector("v", v, Nd.softmaxBackward(q, Nd.softmax(v))));
      check(
          () -> GradCheck.project(Nd.logSoftmax(v), q),
          GradCheck.vector("v", v, Nd.logSoftmaxBackward(q, Nd.logSoftmax(v))));
    }
  }

  @Test
  void sigmoidAndTanhBackward() {
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[][] r = gaussian(s[0], s[1]);
      String name = "x" + Shapes.of(x);
      check(
          () -> GradCheck.project(Nd.sigmoid(x), r),
          GradCheck.matrix(name, x, Nd.sigmoidBackward(r, Nd.sigmoid(x))));
      check(
          () -> GradCheck.project(Nd.tanh(x), r),
          GradCheck.matrix(name, x, Nd.tanhBackward(r, Nd.tanh(x))));
      double[] v = x[0];
      double[] q = r[0];
      check(
          () -> GradCheck.project(Nd.sigmoid(v), q),
          GradCheck.vector("v", v, Nd.sigmoidBackward(q, Nd.sigmoid(v))));
      check(
          () -> GradCheck.project(Nd.tanh(v), q),
          GradCheck.vector("v", v, Nd.tanhBackward(q, Nd.tanh(v))));
    }
    GradCheck.Scalar p = GradCheck.scalar("x", 0.3, Nd.sigmoidBackward(1.5, Nd.sigmoid(0.3)));
    check(() -> 1.5 * Nd.sigmoid(p.value()), p);
    GradCheck.Scalar t = GradCheck.scalar("x", -0.8, Nd.tanhBackward(1.5, Math.tanh(-0.8)));
    check(() -> 1.5 * Math.tanh(t.value()), t);
  }

  @Test
  void elementwiseGatesWrittenWithMasks() {
    for (int[] s : SHAPES) {
      double[][] x = gaussian(s[0], s[1]);
      double[][] p = positive(s[0], s[1]);
      double[][] r = gaussian(s[0], s[1]);
      String name = "x" + Shapes.of(x);
      check(
          () -> GradCheck.project(Nd.relu(x), r),
          GradCheck.matrix(name, x, Nd.multiply(r, Nd.greater(x, 0))));
      check(
          () -> GradCheck.project(Nd.exp(x), r),
          GradCheck.matrix(name, x, Nd.multiply(r, Nd.exp(x))));
      check(
          () -> GradCheck.project(Nd.log(p), r),
          GradCheck.matrix("p" + Shapes.of(p), p, Nd.divide(r, p)));
      check(
          () -> GradCheck.project(Nd.sqrt(p), r),
          GradCheck.matrix("p" + Shapes.of(p), p, Nd.divide(r, Nd.multiply(2, Nd.sqrt(p)))));
      check(
          () -> GradCheck.project(Nd.abs(x), r),
          GradCheck.matrix(name, x, Nd.multiply(r, Nd.sign(x))));
      check(
          () -> GradCheck.project(Nd.maximum(x, 0.1), r),
          GradCheck.matrix(name, x, Nd.multiply(r, Nd.greaterEqual(x, 0.1))));
    }
  }

  /** The two-layer net of the exercise, its backward pass written with the helpers. */
  @Test
  void twoLayerNetSoftmaxLoss() {
    int n = 16;
    int d = 40;
    int h = 12;
    int c = 5;
    double[][] x = gaussian(n, d);
    int[] y = random.ints(n, 0, c).toArray();
    double[][] w1 = Nd.multiply(gaussian(d, h), 0.3);
    double[] b1 = vector(h);
    double[][] w2 = Nd.multiply(gaussian(h, c), 0.3);
    double[] b2 = vector(c);

    double[][] hPre = Nd.add(Nd.dot(x, w1), b1);
    double[][] hidden = Nd.relu(hPre);
    double[][] logp = Nd.logSoftmax(Nd.add(Nd.dot(hidden, w2), b2));
    double[] picked = Nd.pick(logp, y);
    // loss = -mean(picked)
    double[] dpicked = Nd.meanBackward(-1, picked);
    double[][] dscores = Nd.logSoftmaxBackward(Nd.pickBackward(dpicked, y, logp), logp);
    double[][] dw2 = Nd.transposeDot(hidden, dscores);
    double[] db2 = Nd.sum(dscores, 0);
    double[][] dh = Nd.multiply(Nd.dotTranspose(dscores, w2), Nd.greater(hPre, 0));
    double[][] dw1 = Nd.transposeDot(x, dh);
    double[] db1 = Nd.unbroadcast(dh, b1);

    GradCheck.Matrix pw1 = GradCheck.matrix("W1", w1, dw1);
    GradCheck.Vector pb1 = GradCheck.vector("b1", b1, db1);
    GradCheck.Matrix pw2 = GradCheck.matrix("W2", w2, dw2);
    GradCheck.Vector pb2 = GradCheck.vector("b2", b2, db2);
    GradCheck.check(
            Options.defaults().withSample(60, 7),
            () -> {
              double[][] hid = Nd.relu(Nd.add(Nd.dot(x, w1), b1));
              double[][] lp = Nd.logSoftmax(Nd.add(Nd.dot(hid, w2), b2));
              return -Nd.mean(Nd.pick(lp, y));
            },
            pw1,
            pb1,
            pw2,
            pb2)
        .assertPassed();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static Report check(GradCheck.Objective f, GradCheck.Param... params) {
    return GradCheck.check(f, params).assertPassed();
  }

  private double[][] gaussian(int rows, int cols) {
    double[][] m = new double[rows][cols];
    fill(m);
    return m;
  }

  private void fill(double[][] m) {
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian();
      }
    }
  }

  /** Entries in [0.5, 2.5): safely inside the domain of log, sqrt and division. */
  private double[][] positive(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = 0.5 + 2 * random.nextDouble();
      }
    }
    return m;
  }

  private double[] vector(int n) {
    return gaussian(1, n)[0];
  }
}
