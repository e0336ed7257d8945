package dev.flatgrad.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.testing.Random2;
import dev.flatgrad.runtime.Nd;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The lecture's vector examples: the notes' numbers, closed forms, numeric checks. */
class VectorsTest {

  @Test
  void squaredNormOfProductAtTheNotesNumbers() {
    double[][] W = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    VectorsGrad.SquaredNormOfProduct g = VectorsGrad.squaredNormOfProduct(W, x);
    assertEquals(0.116, g.value(), 1e-12);
    assertArrayEquals(new double[] {0.088, 0.176}, g.dW()[0], 1e-12);
    assertArrayEquals(new double[] {0.104, 0.208}, g.dW()[1], 1e-12);
    assertArrayEquals(new double[] {-0.112, 0.636}, g.dx(), 1e-12);
    VectorsGrad.checkSquaredNormOfProduct(W, x).assertPassed();
  }

  @Test
  void squaredNormOfProductMatchesTwoQxTransposeOnRandomShapes() {
    Random2 r = new Random2(1);
    for (int[] shape : new int[][] {{1, 1}, {3, 2}, {2, 5}, {7, 4}}) {
      double[][] W = r.normal(shape[0], shape[1], 1);
      double[] x = r.normal(shape[1], 1);
      double[] q = Nd.dot(W, x);
      VectorsGrad.SquaredNormOfProduct g = VectorsGrad.squaredNormOfProduct(W, x);
      assertEquals(0, Random2.maxAbsDiff(Nd.multiply(2, Nd.outer(q, x)), g.dW()), 1e-12);
      assertArrayEquals(Nd.multiply(2, Nd.transposeDot(W, q)), g.dx(), 1e-12);
      VectorsGrad.checkSquaredNormOfProduct(W, x).assertPassed();
    }
  }

  @Test
  void reluBackwardIsAMaskOfTheUpstreamGradient() {
    double[] x = {1, -2, 3, -1};
    double[] upstream = {4, -1, 5, 9};
    VectorsGrad.ReluThenDot g = VectorsGrad.reluThenDot(x, upstream);
    assertEquals(4 * 1 + 5 * 3, g.value(), 0);
    assertArrayEquals(new double[] {4, 0, 5, 0}, g.dx(), 0);
    VectorsGrad.checkReluThenDot(x, upstream).assertPassed();
  }

  @Test
  void reluAtZeroRoutesNothing() {
    VectorsGrad.ReluThenDot g = VectorsGrad.reluThenDot(new double[] {0}, new double[] {7});
    assertArrayEquals(new double[] {0}, g.dx(), 0);
  }

  @Test
  void softmaxCrossEntropyGradientIsSoftmaxMinusOneHot() {
    Random2 r = new Random2(2);
    for (int n : new int[] {1, 2, 5, 10}) {
      double[] s = r.normal(n, 3);
      int y = r.labels(1, n)[0];
      double[] expected = Nd.softmax(s);
      expected[y] -= 1;
      VectorsGrad.SoftmaxCrossEntropy g = VectorsGrad.softmaxCrossEntropy(s, y);
      assertEquals(-Math.log(Nd.softmax(s)[y]), g.value(), 1e-12);
      assertArrayEquals(expected, g.ds(), 1e-12, () -> "n = " + n);
      VectorsGrad.checkSoftmaxCrossEntropy(s, y).assertPassed();
    }
  }

  @Test
  void softmaxCrossEntropyIsStableForHugeScores() {
    double[] s = {1000, 1001, 999};
    VectorsGrad.SoftmaxCrossEntropy g = VectorsGrad.softmaxCrossEntropy(s, 1);
    assertTrue(Double.isFinite(g.value()), "value " + g.value());
    assertTrue(Arrays.stream(g.ds()).allMatch(Double::isFinite), Arrays.toString(g.ds()));
  }

  @Test
  void sigmoidNetMatchesTheNotesBackwardPass() {
    Random2 r = new Random2(3);
    int n = 8;
    int d = 4;
    int hidden = 6;
    int c = 3;
    double[][] x = r.normal(n, d, 1);
    double[][] y = r.normal(n, c, 1);
    double[][] w1 = r.normal(d, hidden, 0.5);
    double[][] w2 = r.normal(hidden, c, 0.5);
    // The notes: h = sigmoid(x w1); yPred = h w2; loss = sum((yPred - y)^2), and by hand
    // grad_y_pred = 2 (y_pred - y); grad_w2 = hT grad_y_pred; grad_h = grad_y_pred w2T;
    // grad_w1 = xT (grad_h * h * (1 - h)).
    double[][] h = Nd.sigmoid(Nd.dot(x, w1));
    double[][] yPred = Nd.dot(h, w2);
    double[][] gradYPred = Nd.multiply(2, Nd.subtract(yPred, y));
    double[][] gradW2 = Nd.transposeDot(h, gradYPred);
    double[][] gradH = Nd.dotTranspose(gradYPred, w2);
    double[][] gradW1 =
        Nd.transposeDot(x, Nd.multiply(gradH, Nd.multiply(h, Nd.subtract(1, h))));

    VectorsGrad.SigmoidNet g = VectorsGrad.sigmoidNet(x, y, w1, w2);
    assertEquals(Nd.sum(Nd.square(Nd.subtract(yPred, y))), g.value(), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(gradW2, g.dw2()), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(gradW1, g.dw1()), 1e-12);
    VectorsGrad.checkSigmoidNet(x, y, w1, w2).assertPassed();
  }

  @Test
  void ndVersionsEqualTheLoopVersions() {
    double[][] W = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    VectorsGrad.SquaredNormOfProductNd q = VectorsGrad.squaredNormOfProductNd(W, x);
    assertEquals(0.116, q.value(), 1e-12);
    assertArrayEquals(new double[] {0.088, 0.176}, q.dW()[0], 1e-12);
    assertArrayEquals(new double[] {0.104, 0.208}, q.dW()[1], 1e-12);
    assertArrayEquals(new double[] {-0.112, 0.636}, q.dx(), 1e-12);

    Random2 r = new Random2(8);
    double[][] xs = r.normal(8, 4, 1);
    double[][] ys = r.normal(8, 3, 1);
    double[][] w1 = r.normal(4, 6, 0.5);
    double[][] w2 = r.normal(6, 3, 0.5);
    VectorsGrad.SigmoidNet loops = VectorsGrad.sigmoidNet(xs, ys, w1, w2);
    VectorsGrad.SigmoidNetNd nd = VectorsGrad.sigmoidNetNd(xs, ys, w1, w2);
    assertEquals(loops.value(), nd.value(), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(loops.dw1(), nd.dw1()), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(loops.dw2(), nd.dw2()), 1e-12);
    VectorsGrad.checkSigmoidNetNd(xs, ys, w1, w2).assertPassed();
  }
}
