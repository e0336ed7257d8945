package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Calls between methods, array outputs, custom gradients, instance methods. */
class ModularGoldenTest {

  private static final JavaFileObject LAYERS = source("""
      package layers;

      import dev.flatgrad.annotations.CustomGradient;
      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Layers {
        @Differentiable
        static double[][] affine(double[][] x, double[][] w, double[] b) {
          return Nd.add(Nd.dot(x, w), b);
        }

        @Differentiable
        static double[][] relu(double[][] x) {
          return Nd.maximum(0.0, x);
        }

        @Differentiable
        static double[][] affineRelu(double[][] x, double[][] w, double[] b) {
          double[][] a = affine(x, w, b);
          return relu(a);
        }

        static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        @CustomGradient(of = "softplus")
        static double softplusGrad(double x, double out, double dout) {
          return dout / (1.0 + Math.exp(-x));
        }

        @Differentiable(wrt = {"w", "b"})
        static double loss(double[][] x, double[][] w, double[] b) {
          double[][] h = affineRelu(x, w, b);
          double s = 0.0;
          for (int i = 0; i < h.length; i++) {
            s += softplus(h[i][0]);
          }
          return s;
        }
      }
      """);

  @Test
  void callsMirrorToTheCalleesBackwardMethods() {
    Compilation c = compileOk(LAYERS);
    assertGolden(c, "layers.LayersGrad", "ModularGoldenTest/callsMirrorToTheCalleesBackwardMethods/LayersGrad.java");
    Loaded l = load(c);
    double[][] x = VectorizedGoldenTest.gaussian(4, 3, 1);
    double[][] w = VectorizedGoldenTest.gaussian(3, 2, 1);
    double[] b = VectorizedGoldenTest.gaussian(1, 2, 1)[0];
    double[][] dout = VectorizedGoldenTest.gaussian(4, 2, 1);
    ((GradCheck.Report) l.call("layers.LayersGrad", "checkAffine", x, w, b, dout)).assertPassed();
    ((GradCheck.Report) l.call("layers.LayersGrad", "checkAffineRelu", x, w, b, dout)).assertPassed();
    ((GradCheck.Report) l.call("layers.LayersGrad", "checkLoss", x, w, b)).assertPassed();
    ((GradCheck.Report) l.call("layers.LayersGrad", "checkSoftplus", 0.7)).assertPassed();
    // For large x the hand-written gradient stays finite where exp(x) overflows.
    Object big = l.call("layers.LayersGrad", "softplus", 800.0);
    assertThat((double) Loaded.component(big, "dx")).isEqualTo(1.0);
  }

  @Test
  void wrongCustomGradientFailsItsCheck() {
    Compilation c = compileOk(source("""
        package custom;

        import dev.flatgrad.annotations.CustomGradient;

        class Wrong {
          static double cube(double x) {
            return x * x * x;
          }

          @CustomGradient(of = "cube")
          static double cubeGrad(double x, double out, double dout) {
            return dout * 2 * x * x;
          }
        }
        """));
    GradCheck.Report r = (GradCheck.Report) load(c).call("custom.WrongGrad", "checkCube", 1.3);
    assertThat(r.passed()).isFalse();
    assertThat(r.table()).contains("FAIL");
  }

  @Test
  void instanceMethodsTakeTheObjectFirst() {
    Compilation c = compileOk(source("""
        package model;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Model {
          final double reg;

          public Model(double reg) {
            this.reg = reg;
          }

          @Differentiable
          double penalty(double[][] w) {
            return reg * Nd.sum(Nd.square(w));
          }

          @Differentiable(wrt = "w")
          double loss(double[][] w, double[][] x) {
            return Nd.mean(Nd.tanh(Nd.dot(x, w))) + penalty(w);
          }
        }
        """));
    assertGolden(c, "model.ModelGrad", "ModularGoldenTest/instanceMethodsTakeTheObjectFirst/ModelGrad.java");
    Loaded l = load(c);
    Object model;
    try {
      model = l.loadClass("model.Model").getConstructor(double.class).newInstance(0.1);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    ((GradCheck.Report) l.call("model.ModelGrad", "checkLoss", model,
        VectorizedGoldenTest.gaussian(3, 2, 1), VectorizedGoldenTest.gaussian(5, 3, 1))).assertPassed();
  }

  @Test
  void callsAcrossClassesUseTheOtherClassesGradients() {
    JavaFileObject activations = source("""
        package across;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.Differentiable;

        public class Activations {
          public static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          @CustomGradient(of = "softplus")
          public static double softplusGrad(double x, double out, double dout) {
            return dout / (1.0 + Math.exp(-x));
          }

          @Differentiable
          public static double swish(double x, double beta) {
            return x / (1.0 + Math.exp(-beta * x));
          }
        }
        """);
    JavaFileObject net = source("""
        package across;

        import static across.Activations.swish;

        import dev.flatgrad.annotations.Differentiable;

        class Net {
          @Differentiable(wrt = "w")
          static double loss(double[] w, double[] x) {
            double s = 0.0;
            for (int i = 0; i < w.length; i++) {
              s += Activations.softplus(w[i] * x[i]) + swish(w[i], x[i]);
            }
            return s;
          }
        }
        """);
    Compilation c = compileOk(activations, net);
    Loaded l = load(c);
    ((GradCheck.Report) l.call("across.NetGrad", "checkLoss", new double[] {0.3, -1.2, 2.0},
        new double[] {1.5, 0.4, -0.7})).assertPassed();
    assertThat(Flatgrad.generated(c, "across.NetGrad")).contains("Activations.softplusGrad(");
    assertThat(Flatgrad.generated(c, "across.NetGrad")).contains("ActivationsGrad.swish(");
  }

  @Test
  void callOverwritingItsOwnArgumentInALoop() {
    Compilation c = compileOk(source("""
        package stack;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Deep {
          @Differentiable
          static double[][] layer(double[][] x, double[][] w) {
            return Nd.tanh(Nd.dot(x, w));
          }

          @Differentiable(wrt = "Ws")
          static double f(double[][] X, double[][][] Ws) {
            double[][] h = X;
            for (int l = 0; l < Ws.length; l++) {
              h = layer(h, Ws[l]);
            }
            return Nd.sum(h);
          }
        }
        """));
    // Each layer's saved values are taped, not its forward pass run again in the backward pass.
    assertThat(Flatgrad.generated(c, "stack.DeepGrad")).contains("LayerSaved layer = layerStack.pop();");
    assertThat(Flatgrad.generated(c, "stack.DeepGrad")).contains("h = hStack.pop();\n"
        + "            double[][] dh2 = Nd.zerosLike(h);\n"
        + "            layerPullback(layer, dh, dh2, dWs[l]);");
    double[][][] ws = {VectorizedGoldenTest.gaussian(3, 4, 0.5), VectorizedGoldenTest.gaussian(4, 2, 0.5),
        VectorizedGoldenTest.gaussian(2, 2, 0.5)};
    ((GradCheck.Report) load(c).call("stack.DeepGrad", "checkF", VectorizedGoldenTest.gaussian(5, 3, 1), ws))
        .assertPassed();
  }

  @Test
  void recursionIsAnErrorOnTheCall() {
    JavaFileObject src = source("""
        package errors;

        import dev.flatgrad.annotations.Differentiable;

        class Recursive {
          @Differentiable
          static double even(double x, int n) {
            return n == 0 ? x : odd(x * 0.5, n - 1);
          }

          @Differentiable
          static double odd(double x, int n) {
            return n == 0 ? -x : even(x * 2.0, n - 1);
          }
        }
        """);
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("recursion: `even` calls `odd`, which calls `even` back").inFile(src)
        .onLineContaining("odd(x * 0.5, n - 1)");
    assertThat(c).hadErrorContaining("write the recursion as a loop");
  }

  /** A helper of another file (its body unseen: a helper of this file would be differentiated). */
  @Test
  void helperWithActiveArgumentIsAnErrorSayingTheTwoWaysOut() {
    JavaFileObject clips = source("""
        package errors;

        class Clips {
          static double clip(double x) {
            return x > 1 ? 1 : x;
          }
        }
        """);
    JavaFileObject src = source("""
        package errors;

        import dev.flatgrad.annotations.Differentiable;

        class Helpers {
          static double scale(int n) {
            return 1.0 / n;
          }

          @Differentiable
          static double f(double x, int n) {
            double s = scale(n);
            return s * Clips.clip(x * x);
          }
        }
        """);
    Compilation c = compile(src, clips);
    assertThat(c).hadErrorContaining("`Clips.clip` has no gradient").inFile(src).onLineContaining("clip(x * x)");
    assertThat(c).hadErrorContaining("mark `clip` @Differentiable");
    assertThat(c).hadErrorContaining("@CustomGradient(of = \"clip\")");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void customGradientWithWrongSignatureIsAnErrorOnIt() {
    JavaFileObject src = source("""
        package errors;

        import dev.flatgrad.annotations.CustomGradient;

        class BadCustom {
          static double square(double x) {
            return x * x;
          }

          @CustomGradient(of = "square")
          static double squareGrad(double x, double dout) {
            return 2 * x * dout;
          }
        }
        """);
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("must be declared static double squareGrad(double x, double out, double dout)").inFile(src)
        .onLineContaining("squareGrad(double x, double dout)");
  }
}
