package dev.flatgrad.examples.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.testing.Random2;
import dev.flatgrad.runtime.GradCheck;
import dev.flatgrad.runtime.Nd;
import org.junit.jupiter.api.Test;

/**
 * The generated gradients of the naive and the vectorized losses equal each other and the closed
 * forms of the exercise's vectorized solutions, written here independently, and pass the numeric
 * check.
 */
class LinearClassifiersTest {
  private static final int N = 50;
  private static final int D = 20;
  private static final int C = 5;
  private static final double REG = 0.1;

  private final Random2 random = new Random2(231);
  // W at 0.3 scale: scores spread enough that many SVM margins are positive and many are not.
  private final double[][] W = random.normal(D, C, 0.3);
  private final double[][] X = random.normal(N, D, 1);
  private final int[] y = random.labels(N, C);

  /**
   * The SVM gradient as the exercise's solutions write it: each positive margin adds {@code
   * X[i]} to column {@code j} of dW and subtracts it from column {@code y[i]}; averaged, plus
   * {@code 2 reg W}. Also counts the positive margins into {@code counts[0]}.
   */
  private static double[][] svmGradient(double[][] W, double[][] X, int[] y, double reg,
      int[] counts) {
    double[][] scores = Nd.dot(X, W);
    double[][] dW = new double[W.length][W[0].length];
    for (int i = 0; i < X.length; i++) {
      for (int j = 0; j < W[0].length; j++) {
        if (j != y[i] && scores[i][j] - scores[i][y[i]] + 1 > 0) {
          counts[0]++;
          for (int d = 0; d < W.length; d++) {
            dW[d][j] += X[i][d];
            dW[d][y[i]] -= X[i][d];
          }
        }
      }
    }
    return Nd.add(Nd.divide(dW, X.length), Nd.multiply(2 * reg, W));
  }

  /** {@code dW = Xᵀ (P − Y) / N + 2 reg W}, P the softmax probabilities, Y the one-hot labels. */
  private static double[][] softmaxGradient(double[][] W, double[][] X, int[] y, double reg) {
    double[][] p = Nd.softmax(Nd.dot(X, W));
    double[][] oneHot = Nd.oneHot(y, W[0].length);
    return Nd.add(
        Nd.divide(Nd.transposeDot(X, Nd.subtract(p, oneHot)), X.length), Nd.multiply(2 * reg, W));
  }

  @Test
  void svmGradientEqualsTheClosedForm() {
    int[] positive = new int[1];
    double[][] expected = svmGradient(W, X, y, REG, positive);
    assertTrue(
        positive[0] > N * (C - 1) / 5 && positive[0] < N * (C - 1) * 4 / 5,
        "want both active and inactive margins, got " + positive[0] + " positive");
    LinearClassifiersGrad.SvmLossNaive g = LinearClassifiersGrad.svmLossNaive(W, X, y, REG);
    assertEquals(0, Random2.maxAbsDiff(expected, g.dW()), 1e-12);
    assertEquals(LinearClassifiers.svmLossNaive(W, X, y, REG), g.value(), 0);
  }

  @Test
  void svmGradientPassesTheNumericCheck() {
    LinearClassifiersGrad.checkSvmLossNaive(W, X, y, REG).assertPassed();
  }

  @Test
  void svmLossAtZeroWeightsIsCMinusOne() {
    // Every score is 0, so every margin is 1: the sanity check of the exercise.
    double[][] zero = new double[D][C];
    LinearClassifiersGrad.SvmLossNaive g = LinearClassifiersGrad.svmLossNaive(zero, X, y, REG);
    assertEquals(C - 1, g.value(), 1e-12);
    int[] positive = new int[1];
    assertEquals(0, Random2.maxAbsDiff(svmGradient(zero, X, y, REG, positive), g.dW()), 1e-12);
  }

  @Test
  void softmaxGradientEqualsTheClosedForm() {
    LinearClassifiersGrad.SoftmaxLossNaive g =
        LinearClassifiersGrad.softmaxLossNaive(W, X, y, REG);
    assertEquals(0, Random2.maxAbsDiff(softmaxGradient(W, X, y, REG), g.dW()), 1e-12);
    assertEquals(LinearClassifiers.softmaxLossNaive(W, X, y, REG), g.value(), 0);
  }

  @Test
  void softmaxGradientPassesTheNumericCheck() {
    LinearClassifiersGrad.checkSoftmaxLossNaive(W, X, y, REG).assertPassed();
  }

  @Test
  void softmaxLossAtZeroWeightsIsLogC() {
    // Uniform probabilities: the exercise's sanity check, loss = -log(1/C).
    double[][] zero = new double[D][C];
    LinearClassifiersGrad.SoftmaxLossNaive g =
        LinearClassifiersGrad.softmaxLossNaive(zero, X, y, REG);
    assertEquals(Math.log(C), g.value(), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(softmaxGradient(zero, X, y, REG), g.dW()), 1e-12);
  }

  @Test
  void softmaxIsStableForHugeScores() {
    double[][] big = Nd.multiply(1000, W);
    LinearClassifiersGrad.SoftmaxLossNaive g =
        LinearClassifiersGrad.softmaxLossNaive(big, X, y, 0);
    assertTrue(Double.isFinite(g.value()), "loss " + g.value());
    assertEquals(0, Random2.maxAbsDiff(softmaxGradient(big, X, y, 0), g.dW()), 1e-9);
  }

  @Test
  void inputsAreNotModified() {
    double[][] w = Nd.copy(W);
    double[][] x = Nd.copy(X);
    int[] labels = y.clone();
    LinearClassifiersGrad.svmLossNaive(W, X, y, REG);
    LinearClassifiersGrad.softmaxLossNaive(W, X, y, REG);
    assertEquals(0, Random2.maxAbsDiff(w, W), 0);
    assertEquals(0, Random2.maxAbsDiff(x, X), 0);
    assertArrayEquals(labels, y);
  }

  @Test
  void oneSampleOneClassEdgeCases() {
    // N = 1 and C = 2: the smallest problem with a margin.
    double[][] w = random.normal(3, 2, 1);
    double[][] x = random.normal(1, 3, 1);
    int[] label = {1};
    LinearClassifiersGrad.checkSvmLossNaive(w, x, label, REG).assertPassed();
    LinearClassifiersGrad.checkSoftmaxLossNaive(w, x, label, REG).assertPassed();
    GradCheck.Report r = LinearClassifiersGrad.checkSoftmaxLossNaive(w, x, label, 0);
    assertTrue(r.passed(), r::table);
  }

  @Test
  void svmVectorizedEqualsNaive() {
    LinearClassifiersGrad.SvmLossNaive naive = LinearClassifiersGrad.svmLossNaive(W, X, y, REG);
    LinearClassifiersGrad.SvmLossVectorized vectorized =
        LinearClassifiersGrad.svmLossVectorized(W, X, y, REG);
    assertEquals(LinearClassifiers.svmLossNaive(W, X, y, REG),
        LinearClassifiers.svmLossVectorized(W, X, y, REG), 1e-12);
    assertEquals(LinearClassifiers.svmLossVectorized(W, X, y, REG), vectorized.value(), 0);
    assertEquals(naive.value(), vectorized.value(), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(naive.dW(), vectorized.dW()), 1e-12);
    int[] positive = new int[1];
    assertEquals(0,
        Random2.maxAbsDiff(svmGradient(W, X, y, REG, positive), vectorized.dW()), 1e-12);
    LinearClassifiersGrad.checkSvmLossVectorized(W, X, y, REG).assertPassed();
  }

  @Test
  void softmaxVectorizedEqualsNaive() {
    LinearClassifiersGrad.SoftmaxLossNaive naive =
        LinearClassifiersGrad.softmaxLossNaive(W, X, y, REG);
    LinearClassifiersGrad.SoftmaxLossVectorized vectorized =
        LinearClassifiersGrad.softmaxLossVectorized(W, X, y, REG);
    assertEquals(LinearClassifiers.softmaxLossNaive(W, X, y, REG),
        LinearClassifiers.softmaxLossVectorized(W, X, y, REG), 1e-12);
    assertEquals(LinearClassifiers.softmaxLossVectorized(W, X, y, REG), vectorized.value(), 0);
    assertEquals(naive.value(), vectorized.value(), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(naive.dW(), vectorized.dW()), 1e-12);
    assertEquals(0, Random2.maxAbsDiff(softmaxGradient(W, X, y, REG), vectorized.dW()), 1e-12);
    LinearClassifiersGrad.checkSoftmaxLossVectorized(W, X, y, REG).assertPassed();
  }

  @Test
  void vectorizedSanityChecksAndStability() {
    double[][] zero = new double[D][C];
    assertEquals(C - 1, LinearClassifiersGrad.svmLossVectorized(zero, X, y, REG).value(), 1e-12);
    assertEquals(Math.log(C),
        LinearClassifiersGrad.softmaxLossVectorized(zero, X, y, REG).value(), 1e-12);
    double[][] big = Nd.multiply(1000, W);
    LinearClassifiersGrad.SoftmaxLossVectorized g =
        LinearClassifiersGrad.softmaxLossVectorized(big, X, y, 0);
    assertTrue(Double.isFinite(g.value()), "loss " + g.value());
    assertEquals(LinearClassifiers.softmaxLossNaive(big, X, y, 0), g.value(), 1e-9 * g.value());
    assertEquals(0, Random2.maxAbsDiff(softmaxGradient(big, X, y, 0), g.dW()), 1e-9);
  }

  @Test
  void vectorizedOnOneSample() {
    double[][] w = random.normal(3, 2, 1);
    double[][] x = random.normal(1, 3, 1);
    int[] label = {1};
    LinearClassifiersGrad.checkSvmLossVectorized(w, x, label, REG).assertPassed();
    LinearClassifiersGrad.checkSoftmaxLossVectorized(w, x, label, REG).assertPassed();
  }
}
