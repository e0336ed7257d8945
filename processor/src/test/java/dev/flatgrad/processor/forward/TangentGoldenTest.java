package dev.flatgrad.processor.forward;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertTangent;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The style of generated tangent code ({@code tangent = true}) and Hessian-vector products
 * ({@code hessian = true}) per construct, pinned as golden files and checked numerically: each
 * statement followed by its tangent, loops and branches as written; H·v as the tangent code's
 * backward pass, {@code dx} the gradient and {@code dxDot} its directional derivative.
 */
class TangentGoldenTest {

  @Test
  void straightLine() {
    Compilation c = compileOk(source("""
        package fwd;

        import dev.flatgrad.annotations.Differentiable;

        class Line {
          @Differentiable(tangent = true)
          static double neuron(double w0, double x0, double w1, double x1, double w2) {
            return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
          }

          @Differentiable(tangent = true, wrt = {"x"})
          static double wave(double x, double y) {
            double a = Math.exp(x) * Math.sin(y * x);
            a = a * a;
            return a / (1.0 + x * x);
          }
        }
        """));
    assertGolden(c, "fwd.LineGrad", "TangentGoldenTest/straightLine/LineGrad.java");
    Loaded l = load(c);
    Random r = new Random(1);
    assertTangent(l, "fwd.LineGrad", "neuron", r, 2.0, -1.0, -3.0, -2.0, -3.0);
    assertTangent(l, "fwd.LineGrad", "wave", r, 0.3, -0.7);
    Object t = l.call("fwd.LineGrad", "neuronTangent", 2.0, -1.0, -3.0, -2.0, -3.0, 1.0, 0.0, 0.0, 0.0, 0.0);
    Object g = l.call("fwd.LineGrad", "neuron", 2.0, -1.0, -3.0, -2.0, -3.0);
    assertThat((double) Loaded.component(t, "valueDot")).isWithin(1e-15).of((double) Loaded.component(g, "dw0"));
  }

  @Test
  void loopsAndBranches() {
    Compilation c = compileOk(source("""
        package fwd;

        import dev.flatgrad.annotations.Differentiable;

        class Loops {
          @Differentiable(hessian = true, wrt = {"w"})
          static double hinge(double[] w, double[][] X, double[] y) {
            double loss = 0.0;
            for (int i = 0; i < X.length; i++) {
              double score = 0.0;
              for (int j = 0; j < w.length; j++) {
                score += w[j] * X[i][j];
              }
              double margin = 1.0 - y[i] * score;
              if (margin > 0) {
                loss += margin * margin;
              }
            }
            return loss;
          }

          @Differentiable(hessian = true)
          static double[] rnn(double[] x, double w, double u) {
            double[] h = new double[x.length];
            double prev = 0.0;
            for (int t = 0; t < x.length; t++) {
              prev = Math.tanh(w * prev + u * x[t]);
              h[t] = prev;
            }
            return h;
          }

          @Differentiable(tangent = true)
          static double piecewise(double x, double y) {
            double z = x > y ? Math.log(x) : Math.exp(y);
            double s;
            if (z > 1.0) {
              s = z * x;
            } else {
              s = y;
            }
            return s + Math.max(x, y);
          }
        }
        """));
    assertGolden(c, "fwd.LoopsGrad", "TangentGoldenTest/loopsAndBranches/LoopsGrad.java");
    Loaded l = load(c);
    Random r = new Random(2);
    double[][] x = {{1, 2, -3}, {-1, 0.5, 2}, {0.3, -0.2, 0.1}};
    assertSecondOrder(l, "fwd.LoopsGrad", "hinge", r, new double[] {0.5, -1, 0.2}, x, new double[] {1, -1, 1});
    assertSecondOrder(l, "fwd.LoopsGrad", "rnn", r, new double[] {0.5, -1, 2}, 0.7, -0.3);
    for (double[] p : new double[][] {{2.0, 1.0}, {0.5, 0.2}, {0.2, 0.5}, {-1.0, -2.0}}) {
      assertTangent(l, "fwd.LoopsGrad", "piecewise", r, p[0], p[1]);
    }
  }

  @Test
  void vectorizedTwoLayerNet() {
    Compilation c = compileOk(source("""
        package fwd;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Net {
          @Differentiable(hessian = true, wrt = {"W1", "b1", "W2", "b2"})
          static double loss(double[][] X, int[] y, double[][] W1, double[] b1, double[][] W2, double[] b2, double reg) {
            double[][] h1 = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
            double[][] scores = Nd.add(Nd.dot(h1, W2), b2);
            double[][] logProbs = Nd.logSoftmax(scores);
            double dataLoss = -Nd.sum(Nd.pick(logProbs, y)) / X.length;
            double regLoss = reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
            return dataLoss + regLoss;
          }
        }
        """));
    assertGolden(c, "fwd.NetGrad", "TangentGoldenTest/vectorizedTwoLayerNet/NetGrad.java");
    Loaded l = load(c);
    Random r = new Random(3);
    double[][] x = {{1, 2, 3}, {-1, 0.5, 2}, {0.2, -0.4, 1.1}, {0.7, 0.1, -0.6}};
    double[][] w1 = {{0.1, 0.2, -0.3, 0.4}, {0.3, -0.4, 0.2, 0.1}, {0.5, -0.1, 0.3, -0.2}};
    double[][] w2 = {{0.5, -0.5}, {0.2, 0.1}, {-0.3, 0.4}, {0.6, -0.2}};
    assertSecondOrder(l, "fwd.NetGrad", "loss", r, x, new int[] {1, 0, 1, 1}, w1,
        new double[] {0.1, -0.2, 0.05, 0.3}, w2, new double[] {0.05, -0.1}, 0.1);
  }

  @Test
  void callsGoThroughTheCalleesGeneratedMethods() {
    Compilation c = compileOk(source("""
        package fwd;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Calls {
          @Differentiable(hessian = true)
          static double cube(double x) {
            return x * x * x;
          }

          @Differentiable(hessian = true)
          static double[] affine(double[][] W, double[] x, double[] b) {
            return Nd.add(Nd.dot(W, x), b);
          }

          @Differentiable(hessian = true, wrt = {"W", "b", "a"})
          static double model(double[][] W, double[] x, double[] b, double a) {
            double[] h = affine(W, x, b);
            return cube(a * Nd.sum(Nd.tanh(h))) + Math.sin(a);
          }
        }
        """));
    assertGolden(c, "fwd.CallsGrad", "TangentGoldenTest/callsGoThroughTheCalleesGeneratedMethods/CallsGrad.java");
    Loaded l = load(c);
    Random r = new Random(4);
    assertSecondOrder(l, "fwd.CallsGrad", "cube", r, 0.7);
    double[][] w = {{0.1, 0.2, -0.3}, {0.3, -0.4, 0.2}};
    assertSecondOrder(l, "fwd.CallsGrad", "affine", r, w, new double[] {0.5, -1, 2}, new double[] {0.1, 0.2});
    assertSecondOrder(l, "fwd.CallsGrad", "model", r, w, new double[] {0.5, -1, 2}, new double[] {0.1, 0.2}, 0.8);
  }

  @Test
  void callsOfOtherClassesAndHandWrittenTangents() {
    Compilation c = compileOk(source("""
        package fwd.lib;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.CustomTangent;
        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Lib {
          @Differentiable(hessian = true)
          public static double[] layer(double[][] W, double[] x) {
            return Nd.tanh(Nd.dot(W, x));
          }

          public static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          @CustomGradient(of = "softplus")
          public static double softplusGrad(double x, double out, double dout) {
            return dout / (1.0 + Math.exp(-x));
          }

          @Differentiable
          @CustomTangent(of = "softplus")
          public static double softplusTangent(double x, double xDot, double out) {
            return xDot / (1.0 + Math.exp(-x));
          }
        }
        """), source("""
        package fwd;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;
        import fwd.lib.Lib;

        class Uses {
          @Differentiable(hessian = true, wrt = {"W", "b"})
          static double loss(double[][] W, double[] x, double b) {
            double[] h = Lib.layer(W, x);
            return Lib.softplus(Nd.sum(h) + b);
          }
        }
        """));
    assertGolden(c, "fwd.UsesGrad", "TangentGoldenTest/callsOfOtherClassesAndHandWrittenTangents/UsesGrad.java");
    Loaded l = load(c);
    Random r = new Random(5);
    double[][] w = {{0.1, 0.2, -0.3}, {0.3, -0.4, 0.2}};
    assertSecondOrder(l, "fwd.UsesGrad", "loss", r, w, new double[] {0.5, -1, 2}, 0.3);
  }

  /**
   * Buffers swapped through a temporary: the tangent keeps nothing for later, so it swaps the
   * buffers and their tangents as written ({@code next = tmp}), with no copy a step; the H·v's
   * forward pass copies as the gradient's does, for its backward pass.
   */
  @Test
  void swappedBuffersAsWritten() {
    Compilation c = compileOk(source("""
        package fwd;

        import dev.flatgrad.annotations.Differentiable;

        class Heat {
          @Differentiable(tangent = true)
          static double[] heat(double[] u0, double alpha, int steps) {
            double[] u = u0.clone();
            double[] next = new double[u.length];
            for (int s = 0; s < steps; s++) {
              next[0] = u[0];
              next[u.length - 1] = u[u.length - 1];
              for (int i = 1; i < u.length - 1; i++) {
                next[i] = u[i] + alpha * (u[i - 1] - 2 * u[i] + u[i + 1]) - 0.1 * u[i] * u[i] * u[i];
              }
              double[] tmp = u;
              u = next;
              next = tmp;
            }
            return u;
          }
        }
        """));
    assertGolden(c, "fwd.HeatGrad", "TangentGoldenTest/swappedBuffersAsWritten/HeatGrad.java");
    Loaded l = load(c);
    assertTangent(l, "fwd.HeatGrad", "heat", new Random(6), new double[] {0.0, 0.5, 0.9, 0.4, 0.1}, 0.2, 4);
  }
}
