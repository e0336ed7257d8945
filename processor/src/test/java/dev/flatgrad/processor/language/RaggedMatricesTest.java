package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * Ragged matrices (rows of different lengths, which loops over {@code W[i].length} say a user
 * means) whose adjoints come back from differentiated helpers: the generated code copies, sums and
 * scales them with Nd calls, which once rejected them ({@code Nd.copy: x is ragged} where the
 * method itself ran). Gradients, tangents and H·v against centred differences, values bit for bit.
 */
class RaggedMatricesTest {

  private static final String PENALTY = """
      package rg;

      import dev.flatgrad.annotations.Differentiable;

      public class Penalty {
        @Differentiable
        static double penalty(double[][] W, double lambda) {
          double s = 0.0;
          for (int i = 0; i < W.length; i++) {
            for (int j = 0; j < W[i].length; j++) {
              s += W[i][j] * W[i][j];
            }
          }
          return lambda * s;
        }

        @Differentiable
        public static double f(double[][] W, double lambda) {
          double s = 0.0;
          for (int i = 0; i < W.length; i++) {
            s += W[i][0];
          }
          return s + penalty(W, lambda);
        }

        @Differentiable
        public static double twice(double[][] W, double lambda) {
          return penalty(W, lambda) * W[1][0] + 3.0 * penalty(W, 2.0 * lambda);
        }

        @Differentiable
        static double rowsScaled(double[][] W, double a) {
          double s = 0.0;
          for (int i = 0; i < W.length; i++) {
            for (int j = 0; j < W[i].length; j++) {
              s += Math.sin(a * W[i][j]) * (i + 1);
            }
          }
          return s;
        }

        @Differentiable
        public static double loopOfCalls(double[][] W, double a) {
          double s = 0.0;
          for (int t = 1; t <= 3; t++) {
            s += rowsScaled(W, a * t) * s + penalty(W, a);
          }
          return s;
        }

        /** The helper's adjoint subtracted, then the caller's own adjoint rows written over the ragged rows. */
        @Differentiable
        public static double minusThenRows(double[][] W, double a) {
          double s = 1.0 - penalty(W, a) / 4.0;
          for (int i = 0; i < W.length; i++) {
            for (int j = W[i].length - 1; j >= 0; j--) {
              s += Math.cos(W[i][j]) * s;
            }
          }
          return s - rowsScaled(W, a);
        }

        public record Layer(double[][] W, double[] b) {}

        @Differentiable
        static double layerCost(Layer l, double x) {
          double s = 0.0;
          for (int i = 0; i < l.W().length; i++) {
            double z = l.b()[i];
            for (int j = 0; j < l.W()[i].length; j++) {
              z += l.W()[i][j] * Math.pow(x, j);
            }
            s += Math.tanh(z);
          }
          return s;
        }

        @Differentiable
        public static double throughRecord(Layer l, double x) {
          return layerCost(l, x) * penalty(l.W(), x) - penalty(l.W(), 0.5) + l.W()[2][1];
        }
      }
      """;

  private static final double[][] RAGGED = {{0.3, -1.2, 0.7}, {0.5}, {2.0, -0.4}};
  private static final double[][] TRIANGLE = {{0.9}, {-0.6, 0.2}, {1.1, 0.4, -0.8}, {0.3, -0.2, 0.6, 1.5}};
  private static final double[][] SQUARE = {{0.3, -1.2}, {0.5, 0.8}};

  @Test
  void adjointsOfRaggedMatricesFromHelpersAreCopiedSummedAndScaled() {
    Loaded l = load(compileOk(source(withSecondOrder(PENALTY))));
    for (double[][] W : new double[][][] {RAGGED, TRIANGLE, SQUARE}) {
      assertGradient(l, "rg.PenaltyGrad", "f", W, 0.1);
      assertGradient(l, "rg.PenaltyGrad", "twice", W, 0.1);
      assertGradient(l, "rg.PenaltyGrad", "loopOfCalls", W, 0.3);
      assertGradient(l, "rg.PenaltyGrad", "minusThenRows", W, 0.3);
    }
  }

  @Test
  void aRaggedMatrixOfARecordIsDifferentiated() throws ReflectiveOperationException {
    Loaded l = load(compileOk(source(withSecondOrder(PENALTY))));
    Class<?> layer = l.loadClass("rg.Penalty$Layer");
    for (double[][] W : new double[][][] {RAGGED, TRIANGLE}) {
      Object record = layer.getDeclaredConstructors()[0].newInstance(W, new double[] {0.1, -0.2, 0.3, 0.05});
      assertGradient(l, "rg.PenaltyGrad", "throughRecord", record, 0.7);
    }
  }
}
