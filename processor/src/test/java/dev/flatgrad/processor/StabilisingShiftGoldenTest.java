package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The max of a stabilising shift gets no gradient where the result provably does not move with
 * the shift (a log-sum-exp loss, softmax probabilities), and keeps it where the result does.
 */
class StabilisingShiftGoldenTest {

  private static final JavaFileObject LOSSES = source("""
      package shifts;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Losses {
        @Differentiable(wrt = "W")
        static double crossEntropy(double[][] W, double[][] X, int[] y) {
          double[][] scores = Nd.dot(X, W);
          double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
          double[] logSumExp = Nd.log(Nd.sum(Nd.exp(shifted), 1));
          return Nd.sum(Nd.subtract(logSumExp, Nd.pick(shifted, y))) / X.length;
        }

        @Differentiable(wrt = "W")
        static double probabilities(double[][] W, double[][] X, int[] y) {
          double[][] scores = Nd.dot(X, W);
          double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
          double[][] exp = Nd.exp(shifted);
          double[][] probs = Nd.divide(exp, Nd.col(Nd.sum(exp, 1)));
          return -Nd.sum(Nd.log(Nd.pick(probs, y)));
        }

        @Differentiable(wrt = "W")
        static double movesWithTheShift(double[][] W, double[][] X) {
          double[][] scores = Nd.dot(X, W);
          double[][] shifted = Nd.subtract(scores, Nd.col(Nd.max(scores, 1)));
          return Nd.sum(Nd.exp(shifted));
        }
      }
      """);

  private static final JavaFileObject LOOPS = source("""
      package shifts;

      import dev.flatgrad.annotations.Differentiable;

      class Loops {
        /** Cross-entropy of each row, its max found by comparison from the row's first element. */
        @Differentiable(wrt = "z")
        static double crossEntropy(double[][] z, int[] y) {
          double loss = 0.0;
          for (int r = 0; r < z.length; r++) {
            double m = z[r][0];
            for (int j = 1; j < z[r].length; j++) {
              if (z[r][j] > m) {
                m = z[r][j];
              }
            }
            double s = 0.0;
            for (int j = 0; j < z[r].length; j++) {
              s += Math.exp(z[r][j] - m);
            }
            loss += m + Math.log(s) - z[r][y[r]];
          }
          return loss / z.length;
        }
      }
      """);

  /** The loops' max, as people write it, is computed in the forward pass only: no branch taped, no dm. */
  @Test
  void aMaxFoundByComparisonIsForwardCodeOnly() {
    Compilation c = compileOk(LOOPS);
    assertGolden(c, "shifts.LoopsGrad", "StabilisingShiftGoldenTest/aMaxFoundByComparisonIsForwardCodeOnly/LoopsGrad.java");
    String code = generated(c, "shifts.LoopsGrad");
    assertThat(code).doesNotContain("dm");
    assertThat(code).doesNotContain("branchStack");
    double[][] z = VectorizedGoldenTest.gaussian(4, 5, 3);
    ((GradCheck.Report) Flatgrad.load(c).call("shifts.LoopsGrad", "checkCrossEntropy", z, new int[] {4, 0, 2, 1}))
        .assertPassed();
  }

  @Test
  void theShiftsMaxGetsNoGradientWhereTheResultCannotMove() {
    Compilation c = compileOk(LOSSES);
    assertGolden(c, "shifts.LossesGrad", "StabilisingShiftGoldenTest/theShiftsMaxGetsNoGradientWhereTheResultCannotMove/LossesGrad.java");
    String code = generated(c, "shifts.LossesGrad");
    // Only the method whose result moves with the shift differentiates the max.
    assertThat(generatedMethod(code, "CrossEntropy crossEntropy(")).doesNotContain("maxBackward");
    assertThat(generatedMethod(code, "void crossEntropyPullback(")).doesNotContain("maxBackward");
    assertThat(generatedMethod(code, "Probabilities probabilities(")).doesNotContain("maxBackward");
    assertThat(generatedMethod(code, "MovesWithTheShift movesWithTheShift(")).contains("maxBackward");
    Loaded l = Flatgrad.load(c);
    double[][] w = VectorizedGoldenTest.gaussian(3, 4, 7);
    double[][] x = VectorizedGoldenTest.gaussian(5, 3, 8);
    int[] y = {0, 3, 1, 2, 3};
    ((GradCheck.Report) l.call("shifts.LossesGrad", "checkCrossEntropy", w, x, y)).assertPassed();
    ((GradCheck.Report) l.call("shifts.LossesGrad", "checkProbabilities", w, x, y)).assertPassed();
    ((GradCheck.Report) l.call("shifts.LossesGrad", "checkMovesWithTheShift", w, x)).assertPassed();
  }
}
