package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Vectorized (Nd) code: the assignment solutions' backward passes, pinned and checked. */
class VectorizedGoldenTest {

  private static final Random RANDOM = new Random(3);

  static double[][] gaussian(int rows, int cols, double scale) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * RANDOM.nextGaussian();
      }
    }
    return m;
  }

  static int[] labels(int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = RANDOM.nextInt(classes);
    }
    return y;
  }

  @Test
  void lectureQuadraticForm() {
    Compilation c = compileOk(source("""
        package lecture;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Quadratic {
          @Differentiable
          static double f(double[][] W, double[] x) {
            double[] q = Nd.dot(W, x);
            return Nd.sum(Nd.square(q));
          }
        }
        """));
    assertGolden(c, "lecture.QuadraticGrad", "VectorizedGoldenTest/lectureQuadraticForm/QuadraticGrad.java");
    Loaded l = load(c);
    double[][] W = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    Object r = l.call("lecture.QuadraticGrad", "f", W, x);
    assertThat((double) Loaded.component(r, "value")).isWithin(1e-12).of(0.116);
    double[][] dW = (double[][]) Loaded.component(r, "dW");
    assertThat(dW[0][0]).isWithin(1e-12).of(0.088);
    assertThat(dW[0][1]).isWithin(1e-12).of(0.176);
    assertThat(dW[1][0]).isWithin(1e-12).of(0.104);
    assertThat(dW[1][1]).isWithin(1e-12).of(0.208);
    double[] dx = (double[]) Loaded.component(r, "dx");
    assertThat(dx[0]).isWithin(1e-12).of(-0.112);
    assertThat(dx[1]).isWithin(1e-12).of(0.636);
  }

  @Test
  void twoLayerNet() {
    Compilation c = compileOk(source("""
        package nets;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class TwoLayerNet {
          @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
          static double loss(double[][] X, int[] y, double[][] W1, double[] b1, double[][] W2,
              double[] b2, double reg) {
            int n = X.length;
            double[][] h1 = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
            double[][] scores = Nd.add(Nd.dot(h1, W2), b2);
            double[][] logProbs = Nd.logSoftmax(scores);
            double dataLoss = -Nd.sum(Nd.pick(logProbs, y)) / n;
            double regLoss = reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
            return dataLoss + regLoss;
          }
        }
        """));
    assertGolden(c, "nets.TwoLayerNetGrad", "VectorizedGoldenTest/twoLayerNet/TwoLayerNetGrad.java");
    Loaded l = load(c);
    GradCheck.Report report = (GradCheck.Report) l.call("nets.TwoLayerNetGrad", "checkLoss",
        gaussian(7, 5, 1), labels(7, 3), gaussian(5, 6, 0.5), gaussian(1, 6, 0.1)[0],
        gaussian(6, 3, 0.5), gaussian(1, 3, 0.1)[0], 0.05);
    report.assertPassed();
  }

  @Test
  void svmAndSoftmaxVectorized() {
    Compilation c = compileOk(source("""
        package linear;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Linear {
          @Differentiable(wrt = "W")
          static double svm(double[][] W, double[][] X, int[] y, double reg) {
            int n = X.length;
            double[][] scores = Nd.dot(X, W);
            double[] correct = Nd.pick(scores, y);
            double[][] margins = Nd.maximum(0.0, Nd.add(Nd.subtract(scores, Nd.col(correct)), 1.0));
            double loss = (Nd.sum(margins) - n) / n;
            return loss + reg * Nd.sum(Nd.multiply(W, W));
          }

          @Differentiable(wrt = "W")
          static double softmax(double[][] W, double[][] X, int[] y, double reg) {
            int n = X.length;
            double[][] scores = Nd.dot(X, W);
            double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
            double[] logSumExp = Nd.log(Nd.sum(Nd.exp(shifted), 1));
            double loss = Nd.sum(Nd.subtract(logSumExp, Nd.pick(shifted, y))) / n;
            return loss + reg * Nd.sum(Nd.square(W));
          }
        }
        """));
    assertGolden(c, "linear.LinearGrad", "VectorizedGoldenTest/svmAndSoftmaxVectorized/LinearGrad.java");
    Loaded l = load(c);
    double[][] W = gaussian(6, 4, 0.1);
    double[][] X = gaussian(9, 6, 1);
    int[] y = labels(9, 4);
    ((GradCheck.Report) l.call("linear.LinearGrad", "checkSvm", W, X, y, 0.1)).assertPassed();
    ((GradCheck.Report) l.call("linear.LinearGrad", "checkSoftmax", W, X, y, 0.1)).assertPassed();
  }

  @Test
  void anArrayContributionThatSubtractsIsSubtractedInPlace() {
    Compilation c = compileOk(source("""
        package residual;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Residual {
          @Differentiable
          static double f(double[] a, double[] b) {
            double[] r = Nd.subtract(a, b);
            double[] g = Nd.subtract(Nd.multiply(b, b), Nd.multiply(a, b));
            return Nd.sum(Nd.multiply(r, r)) + Nd.sum(g);
          }
        }
        """));
    String code = dev.flatgrad.processor.testing.Flatgrad.generated(c, "residual.ResidualGrad");
    assertThat(code).contains("Nd.subtractInPlace(db, dr);");
    assertThat(code).doesNotContain("Nd.addInPlace(db, Nd.negative(");
    assertThat(code).contains("Nd.multiply(2.0, Nd.multiply(");
    Loaded l = load(c);
    ((GradCheck.Report) l.call("residual.ResidualGrad", "checkF", new double[] {0.5, -1.0, 2.0},
        new double[] {1.5, 0.25, -0.5})).assertPassed();
  }
}
