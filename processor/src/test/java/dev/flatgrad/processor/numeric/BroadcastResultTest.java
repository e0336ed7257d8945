package dev.flatgrad.processor.numeric;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import org.junit.jupiter.api.Test;

/**
 * A result made by {@code Nd.broadcast} of a local whose entries the backward pass restores: the
 * result must not change with them (found by the random programs, seed 777: {@code broadcast}
 * returned its argument when nothing was stretched, and the restored entries became the value).
 */
class BroadcastResultTest {

  @Test
  void aBroadcastResultKeepsItsValueThroughTheBackwardPass() {
    var c = compileOk(source("""
        package br;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Early {
          @Differentiable
          static double[] f(double[] x) {
            double[] v = new double[] {Nd.sum(x)};
            for (int i = 0; i < v.length; i++) {
              v[i] = 1.5 * x[0];
              if (x.length > 1) {
                return Nd.broadcast(v, new double[1]);
              }
            }
            return Nd.tanh(v);
          }
        }
        """));
    assertGradient(load(c), "br.EarlyGrad", "f", new double[] {0.75, 0.93}, new double[] {0.7});
  }
}
