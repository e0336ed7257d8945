package dev.flatgrad.examples.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.examples.testing.Random2;
import dev.flatgrad.runtime.Nd;
import org.junit.jupiter.api.Test;

/**
 * The generated backward passes of the two-layer net, vectorized and loop-written, against the
 * exercise's hand-written backward pass and each other.
 */
class TwoLayerNetTest {

  @Test
  void gradientsEqualTheExercisesBackwardPass() {
    Random2 r = new Random2(11);
    for (int[] shape : new int[][] {{1, 1, 1, 2}, {10, 2, 8, 3}, {7, 5, 4, 4}}) {
      int n = shape[0];
      int d = shape[1];
      int hidden = shape[2];
      int c = shape[3];
      double[][] X = r.normal(n, d, 1);
      int[] y = r.labels(n, c);
      double[][] W1 = r.normal(d, hidden, 1);
      double[] b1 = r.normal(hidden, 0.1);
      double[][] W2 = r.normal(hidden, c, 1);
      double[] b2 = r.normal(c, 0.1);
      double reg = 1e-2;

      // The exercise's vectorized backward pass, by hand.
      double[][] a = Nd.add(Nd.dot(X, W1), b1);
      double[][] h1 = Nd.relu(a);
      double[][] p = Nd.softmax(Nd.add(Nd.dot(h1, W2), b2));
      double loss = 0;
      for (int i = 0; i < n; i++) {
        loss -= Math.log(p[i][y[i]]) / n;
      }
      loss += reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
      double[][] dscores = Nd.divide(Nd.subtract(p, Nd.oneHot(y, c)), n);
      double[][] dW2 = Nd.add(Nd.transposeDot(h1, dscores), Nd.multiply(2 * reg, W2));
      double[] db2 = Nd.sum(dscores, 0);
      double[][] dh1 = Nd.dotTranspose(dscores, W2);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < hidden; k++) {
          if (a[i][k] <= 0) {
            dh1[i][k] = 0;
          }
        }
      }
      double[][] dW1 = Nd.add(Nd.transposeDot(X, dh1), Nd.multiply(2 * reg, W1));
      double[] db1 = Nd.sum(dh1, 0);

      TwoLayerNetGrad.Loss g = TwoLayerNetGrad.loss(X, y, W1, b1, W2, b2, reg);
      assertEquals(loss, g.value(), 1e-12);
      assertEquals(0, Random2.maxAbsDiff(dW1, g.dW1()), 1e-12);
      assertArrayEquals(db1, g.db1(), 1e-12);
      assertEquals(0, Random2.maxAbsDiff(dW2, g.dW2()), 1e-12);
      assertArrayEquals(db2, g.db2(), 1e-12);

      TwoLayerNetGrad.LossLoops loops = TwoLayerNetGrad.lossLoops(X, y, W1, b1, W2, b2, reg);
      assertEquals(TwoLayerNet.lossLoops(X, y, W1, b1, W2, b2, reg), loops.value(), 0);
      assertEquals(loss, loops.value(), 1e-12);
      assertEquals(0, Random2.maxAbsDiff(dW1, loops.dW1()), 1e-12);
      assertArrayEquals(db1, loops.db1(), 1e-12);
      assertEquals(0, Random2.maxAbsDiff(dW2, loops.dW2()), 1e-12);
      assertArrayEquals(db2, loops.db2(), 1e-12);

      double nearestKink = Double.POSITIVE_INFINITY;
      for (double[] row : a) {
        for (double v : row) {
          nearestKink = Math.min(nearestKink, Math.abs(v));
        }
      }
      // The numeric check is only meaningful away from relu's kink.
      if (nearestKink > 1e-3) {
        TwoLayerNetGrad.checkLoss(X, y, W1, b1, W2, b2, reg).assertPassed();
        TwoLayerNetGrad.checkLossLoops(X, y, W1, b1, W2, b2, reg).assertPassed();
      }
    }
  }

  @Test
  void predictTakesTheArgmaxOfTheScores() {
    // Hidden units relu(x) and relu(-x), scoring class 0 and class 1.
    double[][] W1 = {{1, -1}};
    double[] b1 = {0, 0};
    double[][] W2 = {{1, 0}, {0, 1}};
    double[] b2 = {0, 0};
    assertArrayEquals(new int[] {0, 1, 0},
        TwoLayerNet.predict(new double[][] {{2}, {-3}, {0.5}}, W1, b1, W2, b2));
  }
}
