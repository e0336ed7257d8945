package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A branch on a value that may differ each time it is asked (a helper drawing from a counter or a
 * random source, {@code System.nanoTime()}) is recorded in the forward pass, never asked again in
 * the backward pass: asked again, the backward pass took other branches than the forward pass
 * (a wrong gradient, or a tape popped empty).
 */
class ImpureConditionsTest {

  @Test
  void aBranchOnADrawIsRecordedNotDrawnAgain() {
    Compilation c = compileOk(source("""
        package imp;

        import dev.flatgrad.annotations.Differentiable;

        public class Coins {
          static int calls;

          /** Heads on every third call: a stand-in for a random draw. */
          static boolean heads() {
            return calls++ % 3 == 0;
          }

          public static void reset() {
            calls = 0;
          }

          @Differentiable
          public static double walk(double[] x) {
            double s = 0.5;
            for (int i = 0; i < x.length; i++) {
              if (heads()) {
                s = s * x[i];
              } else {
                s = Math.sin(s + x[i]);
              }
            }
            return s;
          }
        }
        """));
    assertAgreesFromAReset(load(c), "imp.Coins", "walk");
    assertThat(generated(c, "imp.CoinsGrad")).contains(".record(Coins.heads())");
  }

  /**
   * A counting helper's answer as an index, read and written: the saved old element and the
   * adjoint asked it again and took another slot (a silently wrong value and gradient); and a
   * {@code ?:} deciding on it after a loop, whose derivative asked it again before the loop's.
   */
  @Test
  void anIndexOrATestFromAHelperIsAskedOnce() {
    Compilation c = compileOk(source("""
        package imp;

        import dev.flatgrad.annotations.Differentiable;

        public class Slots {
          static int calls;

          static int slot(int n) {
            calls = calls * 5 + 3;
            return Math.floorMod(calls, n);
          }

          public static void reset() {
            calls = 0;
          }

          @Differentiable
          public static double spread(double[] x) {
            double[] bins = new double[3];
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              bins[slot(3)] += x[i] * x[i];
              s += bins[slot(3)] * x[slot(x.length)];
            }
            return slot(2) == 0 ? s : 2 * s;
          }
        }
        """));
    assertAgreesFromAReset(load(c), "imp.Slots", "spread");
  }

  @Test
  void drawsOfARandomParameterAreTakenOnceAndKept() {
    Compilation c = compileOk(source("""
        package imp;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        public class Noise {
          @Differentiable
          public static double noisy(double[] x, Random rng) {
            double s = 0.5;
            for (int i = 0; i < x.length; i++) {
              double e = rng.nextGaussian();
              if (rng.nextDouble() < 0.5) {
                s = Math.sin(s * e) + x[i];
              } else {
                s = s * x[i] * e;
              }
            }
            return s;
          }
        }
        """));
    Loaded l = load(c);
    double[] x = {0.3, -0.7, 1.1, 0.5, -0.2, 0.9};
    Object grad = l.call("imp.NoiseGrad", "noisy", x.clone(), new java.util.Random(42));
    assertThat(Loaded.component(grad, "value")).isEqualTo(l.call("imp.Noise", "noisy", x.clone(), new java.util.Random(42)));
    double[] dx = (double[]) Loaded.component(grad, "dx");
    assertCentredDifferences(dx, x, 1e-6, 1e-7, v -> (double) l.call("imp.Noise", "noisy", v, new java.util.Random(42)));
  }

  /**
   * A differentiated callee taking an object that may answer differently (a {@code Random}) is run
   * once where it is called, its value and gradient together: its pullback would run it again and
   * draw another mask. One with an array result, whose gradient method runs it again, is an error.
   */
  @Test
  void aCalleeDrawingFromARandomIsRunOnce() {
    Compilation c = compileOk(source("""
        package imp;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        public class Layers {
          @Differentiable
          public static double dropout(double[] h, Random rng) {
            double s = 0.0;
            for (int i = 0; i < h.length; i++) {
              double keep = rng.nextDouble() < 0.5 ? 2.0 : 0.0;
              s += keep * Math.sin(h[i]);
            }
            return s;
          }

          @Differentiable
          public static double net(double[] x, Random rng) {
            double[] h = new double[x.length];
            double s = 0.0;
            for (int t = 0; t < 3; t++) {
              for (int i = 0; i < x.length; i++) {
                h[i] = x[i] * x[i] + t;
              }
              s += dropout(h, rng) * (1.0 + s);
            }
            return s;
          }
        }
        """));
    Loaded l = load(c);
    double[] x = {0.4, -0.8, 0.6, 1.1, 0.3, -0.2};
    Object grad = l.call("imp.LayersGrad", "net", x.clone(), new java.util.Random(7));
    assertThat(Loaded.component(grad, "value")).isEqualTo(l.call("imp.Layers", "net", x.clone(), new java.util.Random(7)));
    double[] dx = (double[]) Loaded.component(grad, "dx");
    assertCentredDifferences(dx, x, 1e-6, 1e-6, v -> (double) l.call("imp.Layers", "net", v, new java.util.Random(7)));
    assertThat(generated(c, "imp.LayersGrad")).contains("= dropout(h, rng);"); // value and gradient at once, not dropoutSaved

    assertErrorsOn(source("""
        package imp;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        public class Masks {
          @Differentiable
          public static double[] dropout(double[] h, Random rng) {
            double[] out = new double[h.length];
            for (int i = 0; i < h.length; i++) {
              out[i] = rng.nextDouble() < 0.5 ? 2.0 * h[i] : 0.0;
            }
            return out;
          }

          @Differentiable
          public static double net(double[] x, Random rng) {
            double[] h = dropout(x, rng);
            return h[0] * h[1];
          }
        }
        """), "double[] h = dropout(x, rng);", "`dropout` returns an array and takes an object", "(Random)",
        "pass what it answered");
  }

  /** Each entry of {@code dx} against centred differences of {@code f} at {@code x}, step {@code h}. */
  private static void assertCentredDifferences(double[] dx, double[] x, double h, double tolerance,
      java.util.function.ToDoubleFunction<double[]> f) {
    for (int i = 0; i < x.length; i++) {
      double[] up = x.clone();
      up[i] += h;
      double[] down = x.clone();
      down[i] -= h;
      assertThat(dx[i]).isWithin(tolerance).of((f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * h));
    }
  }

  /**
   * The gradient of {@code method} of {@code cls} at a fixed point, its value bit for bit and its
   * entries against centred differences, each run from the class's {@code reset()} (its counter at 0).
   */
  private static void assertAgreesFromAReset(Loaded l, String cls, String method) {
    double[] x = {0.3, -0.7, 1.1, 0.5, -0.2, 0.9, 0.4};
    l.call(cls, "reset");
    Object grad = l.call(cls + "Grad", method, (Object) x.clone());
    double[] dx = (double[]) Loaded.component(grad, "dx");
    l.call(cls, "reset");
    assertThat(Loaded.component(grad, "value")).isEqualTo(l.call(cls, method, (Object) x.clone()));
    assertCentredDifferences(dx, x, 1e-5, 1e-8, v -> {
      l.call(cls, "reset");
      return (double) l.call(cls, method, (Object) v);
    });
  }
}
