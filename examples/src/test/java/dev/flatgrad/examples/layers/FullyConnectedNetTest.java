package dev.flatgrad.examples.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.examples.net.TwoLayerNet;
import dev.flatgrad.examples.net.TwoLayerNetGrad;
import dev.flatgrad.examples.testing.Random2;
import dev.flatgrad.runtime.Nd;
import org.junit.jupiter.api.Test;

/** The net of any depth built from layers: its generated gradient against the flat net's. */
class FullyConnectedNetTest {
  private static final double REG = 0.05;
  private final Random2 random = new Random2(7);

  @Test
  void oneHiddenLayerIsTheFlatTwoLayerNet() {
    int n = 12;
    int d = 6;
    int hidden = 9;
    int c = 4;
    double[][] X = random.normal(n, d, 1);
    int[] y = random.labels(n, c);
    double[][] W1 = random.normal(d, hidden, 0.5);
    double[] b1 = random.normal(hidden, 0.1);
    double[][] W2 = random.normal(hidden, c, 0.5);
    double[] b2 = random.normal(c, 0.1);
    double[][][] Ws = {W1, W2};
    double[][] bs = {b1, b2};

    FullyConnectedNetGrad.Loss g =
        FullyConnectedNetGrad.loss(new FullyConnectedNet(REG), X, y, Ws, bs);
    TwoLayerNetGrad.Loss flat = TwoLayerNetGrad.loss(X, y, W1, b1, W2, b2, REG);

    assertEquals(TwoLayerNet.loss(X, y, W1, b1, W2, b2, REG), g.value(), 1e-12);
    assertEquals(flat.value(), g.value(), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(flat.dW1(), g.dWs()[0]), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(flat.dW2(), g.dWs()[1]), 1e-12);
    assertArrayEquals(flat.db1(), g.dbs()[0], 1e-12);
    assertArrayEquals(flat.db2(), g.dbs()[1], 1e-12);
  }

  @Test
  void deeperNetsPassTheNumericCheck() {
    // Layers of different widths: Ws of three shapes, bs of three lengths.
    for (int[] dims : new int[][] {{5, 7, 3}, {5, 8, 6, 3}, {4, 6, 5, 7, 2}}) {
      double[][] X = random.normal(10, dims[0], 1);
      int[] y = random.labels(10, dims[dims.length - 1]);
      double[][][] Ws = FullyConnectedNet.initWeights(dims, 0.7, dims.length);
      double[][] bs = FullyConnectedNet.zeroBiases(dims);
      for (double[] b : bs) {
        System.arraycopy(random.normal(b.length, 0.1), 0, b, 0, b.length);
      }
      FullyConnectedNetGrad.checkLoss(new FullyConnectedNet(REG), X, y, Ws, bs).assertPassed();
    }
  }

  @Test
  void noHiddenLayerIsSoftmaxRegression() {
    double[][] X = random.normal(8, 5, 1);
    int[] y = random.labels(8, 3);
    double[][] W = random.normal(5, 3, 0.5);
    double[] b = new double[3];
    FullyConnectedNetGrad.Loss g =
        FullyConnectedNetGrad.loss(new FullyConnectedNet(REG), X, y, new double[][][] {W},
            new double[][] {b});
    double[][] dscores = Nd.divide(Nd.subtract(Nd.softmax(Nd.dot(X, W)), Nd.oneHot(y, 3)), 8);
    double[][] dW = Nd.add(Nd.transposeDot(X, dscores), Nd.multiply(2 * REG, W));
    assertEquals(0, Random2.maxAbsDiff(dW, g.dWs()[0]), 1e-12);
    assertArrayEquals(Nd.sum(dscores, 0), g.dbs()[0], 1e-12);
  }

  @Test
  void predictTakesTheArgmaxOfTheScores() {
    double[][][] Ws = {{{1, -1}}, {{1, 0}, {0, 1}}};
    double[][] bs = {{0, 0}, {0, 0}};
    assertArrayEquals(new int[] {0, 1, 0},
        FullyConnectedNet.predict(new double[][] {{2}, {-3}, {0.5}}, Ws, bs));
  }
}
