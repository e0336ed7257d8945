package dev.flatgrad.examples.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.data.Spiral;
import dev.flatgrad.examples.linear.LinearClassifiersGrad;
import dev.flatgrad.examples.optim.Adam;
import dev.flatgrad.examples.optim.Optimizer;
import dev.flatgrad.examples.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * The first piece of the training story without Nd: the naive softmax loss, its generated
 * gradient and an optimizer fit a linear classifier to the spiral, which gets about half of it
 * right (the notes: 49%), as a linear model of a non-linear problem should.
 */
class SpiralLinearTest {

  /** The samples with a constant 1 appended: the bias trick, so W's last row is the bias. */
  private static double[][] withBias(double[][] X) {
    double[][] out = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      out[i] = new double[X[i].length + 1];
      System.arraycopy(X[i], 0, out[i], 0, X[i].length);
      out[i][X[i].length] = 1;
    }
    return out;
  }

  private static double accuracy(double[][] W, double[][] X, int[] y) {
    int correct = 0;
    for (int i = 0; i < X.length; i++) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < W[0].length; c++) {
        double score = 0;
        for (int d = 0; d < W.length; d++) {
          score += X[i][d] * W[d][c];
        }
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      correct += best == y[i] ? 1 : 0;
    }
    return (double) correct / X.length;
  }

  private static void trains(Optimizer optimizer) {
    Spiral.Dataset data = Spiral.generate(100, 0);
    double[][] X = withBias(data.X());
    double[][] W = new double[3][3];
    double reg = 1e-3;
    double first = LinearClassifiersGrad.softmaxLossNaive(W, X, data.y(), reg).value();
    double loss = first;
    for (int step = 0; step < 200; step++) {
      LinearClassifiersGrad.SoftmaxLossNaive g =
          LinearClassifiersGrad.softmaxLossNaive(W, X, data.y(), reg);
      loss = g.value();
      optimizer.update(W, g.dW());
    }
    double acc = accuracy(W, X, data.y());
    String what = optimizer.getClass().getSimpleName() + ": loss " + first + " -> " + loss
        + ", accuracy " + acc;
    assertTrue(Math.abs(first - Math.log(3)) < 1e-12, what);
    assertTrue(loss < 0.8, what);
    assertTrue(acc > 0.45 && acc < 0.65, what);
  }

  @Test
  void adamFitsALinearClassifierToTheSpiral() {
    trains(new Adam(0.05));
  }

  @Test
  void sgdWithMomentumFitsALinearClassifierToTheSpiral() {
    trains(new Sgd(0.5, 0.9));
  }
}
