package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Values that are not differentiated but that the backward pass reads (a factor, an index, a
 * condition) are read as they were when the forward pass used them: their overwrites are saved
 * like those of differentiated values. An array a loop writes at an element of its own ({@code
 * tmp[0]}, not {@code tmp[i]}) shares that element between trips.
 */
class InactiveValuesTest {

  @Test
  void anInactiveArrayOverwrittenInALoop() {
    Compilation c = compileOk(source("""
        package inactive;

        import dev.flatgrad.annotations.Differentiable;

        class Cache {
          /** The issue's example: tmp[0] holds i while v[i] is multiplied by it. */
          @Differentiable
          static double cache(double[] v) {
            double ret = 0;
            double[] tmp = new double[1];
            for (int i = 0; i < v.length; i++) {
              tmp[0] = i;
              ret += tmp[0] * v[i];
            }
            return ret;
          }

          /** An index array and a weight matrix written at fixed places, read as index and factor. */
          @Differentiable
          static double lookup(double[] v, double[][] w) {
            double ret = 0;
            int[] at = new int[2];
            double[][] scale = new double[1][2];
            for (int i = 0; i < v.length; i++) {
              at[1] = v.length - 1 - i;
              scale[0][1] = i % 3 + 0.5;
              ret += v[at[1]] * scale[0][1] * w[i][0];
            }
            return ret;
          }

          /** An inactive scalar overwritten in a while loop, read as a factor. */
          @Differentiable
          static double weights(double[] v) {
            double ret = 0;
            double weight = 1;
            int i = 0;
            while (i < v.length) {
              weight = weight * 2 + i;
              ret += Math.sin(v[i]) * weight;
              i++;
            }
            return ret;
          }
        }
        """));
    assertGolden(c, "inactive.CacheGrad", "InactiveValuesTest/anInactiveArrayOverwrittenInALoop/CacheGrad.java");
    Loaded l = load(c);
    Object g = result(l, "inactive.CacheGrad", "cache", (Object) new double[] {1, 1, 1});
    assertThat((double[]) Loaded.component(g, "dv")).usingExactEquality().containsExactly(0.0, 1.0, 2.0).inOrder();
    Random r = new Random(5);
    for (int n : new int[] {0, 1, 2, 5}) {
      assertGradient(l, "inactive.CacheGrad", "cache", (Object) RandomArrays.vector(r, n));
      assertGradient(l, "inactive.CacheGrad", "lookup", RandomArrays.vector(r, n), RandomArrays.matrix(r, n, 2));
      assertGradient(l, "inactive.CacheGrad", "weights", (Object) RandomArrays.vector(r, n));
    }
  }
}
