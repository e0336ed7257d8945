package dev.flatgrad.examples.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.testing.Random2;
import dev.flatgrad.runtime.Nd;
import org.junit.jupiter.api.Test;

/** Each layer's generated backward pass: the assignment's closed forms and the numeric check. */
class LayersTest {
  private final Random2 random = new Random2(5);
  private final double[][] x = random.normal(6, 4, 1);
  private final double[][] w = random.normal(4, 5, 0.7);
  private final double[] b = random.normal(5, 0.1);
  private final double[][] dout = random.normal(6, 5, 1);
  private final int[] y = random.labels(6, 5);

  @Test
  void affineBackwardIsTheAssignments() {
    LayersGrad.Affine g = LayersGrad.affine(x, w, b, dout);
    assertEquals(0, Random2.maxAbsDiff(Nd.add(Nd.dot(x, w), b), g.value()), 0);
    assertEquals(0, Random2.maxAbsDiff(Nd.dot(dout, Nd.transpose(w)), g.dx()), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(Nd.dot(Nd.transpose(x), dout), g.dw()), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(new double[][] {Nd.sum(dout, 0)},
        new double[][] {g.db()}), 1e-12);
    LayersGrad.checkAffine(x, w, b, dout).assertPassed();
  }

  @Test
  void reluBackwardIsAMask() {
    double[][] r = {{1, -2, 3, -1}};
    LayersGrad.Relu g = LayersGrad.relu(r, new double[][] {{4, -1, 5, 9}});
    assertEquals(0, Random2.maxAbsDiff(new double[][] {{4, 0, 5, 0}}, g.dx()), 0);
    LayersGrad.checkRelu(x, random.normal(6, 4, 1)).assertPassed();
  }

  @Test
  void affineReluIsItsTwoLayers() {
    LayersGrad.AffineRelu g = LayersGrad.affineRelu(x, w, b, dout);
    double[][] a = Layers.affine(x, w, b);
    LayersGrad.Affine viaParts = LayersGrad.affine(x, w, b, LayersGrad.relu(a, dout).dx());
    assertEquals(0, Random2.maxAbsDiff(viaParts.dx(), g.dx()), 0);
    assertEquals(0, Random2.maxAbsDiff(viaParts.dw(), g.dw()), 0);
    LayersGrad.checkAffineRelu(x, w, b, dout).assertPassed();
  }

  @Test
  void softmaxLossGradientIsProbabilitiesMinusOneHot() {
    double[][] scores = random.normal(6, 5, 2);
    LayersGrad.SoftmaxLoss g = LayersGrad.softmaxLoss(scores, y);
    double[][] expected = Nd.divide(Nd.subtract(Nd.softmax(scores), Nd.oneHot(y, 5)), 6);
    assertEquals(0, Random2.maxAbsDiff(expected, g.dx()), 1e-12);
    LayersGrad.checkSoftmaxLoss(scores, y).assertPassed();
    // Uniform scores: loss log(C), the assignment's sanity check.
    assertEquals(Math.log(5), Layers.softmaxLoss(new double[6][5], y), 1e-12);
  }

  @Test
  void svmLossGradientCountsThePositiveMargins() {
    double[][] scores = random.normal(6, 5, 2);
    LayersGrad.SvmLoss g = LayersGrad.svmLoss(scores, y);
    double[][] expected = new double[6][5];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 5; j++) {
        if (j != y[i] && scores[i][j] - scores[i][y[i]] + 1 > 0) {
          expected[i][j] += 1.0 / 6;
          expected[i][y[i]] -= 1.0 / 6;
        }
      }
    }
    assertEquals(0, Random2.maxAbsDiff(expected, g.dx()), 1e-12);
    LayersGrad.checkSvmLoss(scores, y).assertPassed();
    // Equal scores: every wrong class has margin 1, loss C - 1.
    assertEquals(4, Layers.svmLoss(new double[6][5], y), 1e-12);
  }

  @Test
  void softplusHasAHandWrittenGradientThatIsCheckedAndStable() {
    LayersGrad.checkSoftplus(random.normal(6, 4, 3), random.normal(6, 4, 1)).assertPassed();
    LayersGrad.checkAffineSoftplus(x, w, b, dout).assertPassed();
    // Where log(1 + exp(x)) and its derived gradient exp(x) / (1 + exp(x)) overflow to
    // infinity and NaN, the stable form and its hand-written gradient stay exact.
    double[][] extreme = {{800, -800, 0, 40}};
    LayersGrad.Softplus g = LayersGrad.softplus(extreme, new double[][] {{1, 1, 1, 1}});
    assertEquals(800, g.value()[0][0], 0);
    assertEquals(0, g.value()[0][1], 1e-300);
    assertEquals(Math.log(2), g.value()[0][2], 1e-15);
    assertEquals(1, g.dx()[0][0], 0);
    assertEquals(0, g.dx()[0][1], 1e-300);
    assertEquals(0.5, g.dx()[0][2], 0);
    assertTrue(Double.isInfinite(Math.log(1 + Math.exp(800))));
  }
}
