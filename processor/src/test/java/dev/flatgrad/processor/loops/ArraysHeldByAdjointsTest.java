package dev.flatgrad.processor.loops;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * An adjoint that is a user's array as it is ({@code Nd.dot(sq, x)}'s adjoint of {@code x} is
 * {@code sq}: {@code double[] dx = sq;}) while the backward pass restores that array in place
 * (a loop that wrote {@code sq[i]} puts its old elements back): the adjoint keeps the values it
 * had, in a copy made before the restore, not the restored ones (it was a silently wrong gradient).
 */
class ArraysHeldByAdjointsTest {

  private static final String HELD = """
      package held;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Held {
        /** Squares, a running product in place, then read whole by a dot product with the input. */
        @Differentiable
        public static double products(double[] x, double a) {
          double[] sq = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            sq[i] = x[i] * x[i];
          }
          sq[0] += a;
          for (int i = 1; i < sq.length; i++) {
            sq[i] *= sq[i - 1];
          }
          return Nd.sum(sq) + sq[1] * sq[2] + Nd.dot(sq, x);
        }

        /** A row of a matrix written in place, then read whole. */
        @Differentiable
        public static double row(double[][] W, double[] x) {
          double[][] H = Nd.copy(W);
          for (int j = 1; j < H[0].length; j++) {
            H[0][j] = Math.tanh(H[0][j] + H[0][j - 1]);
          }
          return Nd.dot(H[0], x) + Nd.dot(H[1], x);
        }

        /** A row written in place, then read whole by one product alone. */
        @Differentiable
        public static double rowAlone(double[][] W, double[] x) {
          double[][] H = Nd.copy(W);
          for (int j = 1; j < H[0].length; j++) {
            H[0][j] = Math.tanh(H[0][j] + H[0][j - 1]);
          }
          return Nd.dot(H[0], x);
        }

        /** The in-place loop in one branch only. */
        @Differentiable
        public static double branch(double[] x, double a) {
          double[] h = Nd.multiply(x, a);
          if (a > 0) {
            for (int i = 1; i < h.length; i++) {
              h[i] = Math.sin(h[i] + h[i - 1]);
            }
          } else {
            h[0] = a * a;
          }
          return Nd.dot(h, x);
        }
      }
      """;

  @Test
  void anAdjointHoldingAnArrayKeepsItsValuesWhenTheArrayIsRestored() {
    Loaded l = load(compileOk(source(withSecondOrder(HELD))));
    double[] x = {0.3, -0.7, 1.1};
    for (double a : new double[] {0.4, -0.6}) {
      assertGradient(l, "held.HeldGrad", "products", x, a);
      assertGradient(l, "held.HeldGrad", "branch", x, a);
    }
    double[][] w = {{0.2, -0.4, 0.9}, {-1.3, 0.45, 0.25}};
    assertGradient(l, "held.HeldGrad", "row", w, x);
    assertGradient(l, "held.HeldGrad", "rowAlone", w, x);
  }

  /** The copy is the adjoint's declaration, as a person writes it, not a declaration copied next. */
  @Test
  void theAdjointIsDeclaredAsTheCopy() {
    String code = generated(compileOk(source(HELD)), "held.HeldGrad");
    assertTrue(code.contains("double[] dx = sq.clone();"), code);
    assertTrue(code.contains("double[] dx = H[0].clone();"), code);
    assertFalse(code.contains("dx = dx.clone();"), code);
  }
}
