package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import org.junit.jupiter.api.Test;

/** The flat style of generated scalar code, pinned, and checked numerically. */
class ScalarGoldenTest {

  private static double d(Object record, String component) {
    return (double) Loaded.component(record, component);
  }

  @Test
  void lectureExample() {
    Compilation c = compileOk(source("""
        package lecture;

        import dev.flatgrad.annotations.Differentiable;

        class Circuit {
          @Differentiable
          static double f(double x, double y, double z) {
            double q = x + y;
            return q * z;
          }
        }
        """));
    assertGolden(c, "lecture.CircuitGrad", "ScalarGoldenTest/lectureExample/CircuitGrad.java");
    Loaded l = load(c);
    Object r = l.call("lecture.CircuitGrad", "f", -2.0, 5.0, -4.0);
    assertThat(d(r, "value")).isEqualTo(-12.0);
    assertThat(d(r, "dx")).isEqualTo(-4.0);
    assertThat(d(r, "dy")).isEqualTo(-4.0);
    assertThat(d(r, "dz")).isEqualTo(3.0);
  }

  @Test
  void sigmoidNeuron() {
    Compilation c = compileOk(source("""
        package lecture;

        import dev.flatgrad.annotations.Differentiable;

        class Neuron {
          @Differentiable
          static double neuron(double w0, double x0, double w1, double x1, double w2) {
            return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
          }
        }
        """));
    assertGolden(c, "lecture.NeuronGrad", "ScalarGoldenTest/sigmoidNeuron/NeuronGrad.java");
    Loaded l = load(c);
    Object r = l.call("lecture.NeuronGrad", "neuron", 2.0, -1.0, -3.0, -2.0, -3.0);
    assertThat(d(r, "value")).isWithin(0.005).of(0.73);
    assertThat(d(r, "dw0")).isWithin(0.005).of(-0.20);
    assertThat(d(r, "dx0")).isWithin(0.005).of(0.39);
    assertThat(d(r, "dw1")).isWithin(0.005).of(-0.39);
    assertThat(d(r, "dx1")).isWithin(0.005).of(-0.59);
    assertThat(d(r, "dw2")).isWithin(0.005).of(0.20);
    ((GradCheck.Report) l.call("lecture.NeuronGrad", "checkNeuron", 2.0, -1.0, -3.0, -2.0, -3.0)).assertPassed();
  }

  @Test
  void reusedVariableSumsItsGradients() {
    Compilation c = compileOk(source("""
        package gates;

        import dev.flatgrad.annotations.Differentiable;

        class Reuse {
          @Differentiable
          static double f(double x, double y) {
            double a = x * y;
            double b = a + x;
            return a * b;
          }
        }
        """));
    assertGolden(c, "gates.ReuseGrad", "ScalarGoldenTest/reusedVariableSumsItsGradients/ReuseGrad.java");
    Loaded l = load(c);
    Object r = l.call("gates.ReuseGrad", "f", 1.5, -0.5);
    // f = x y (x y + x) = x²y² + x²y: df/dx = 2xy² + 2xy, df/dy = 2x²y + x²
    assertThat(d(r, "dx")).isWithin(1e-12).of(2 * 1.5 * 0.25 + 2 * 1.5 * -0.5);
    assertThat(d(r, "dy")).isWithin(1e-12).of(2 * 2.25 * -0.5 + 2.25);
    ((GradCheck.Report) l.call("gates.ReuseGrad", "checkF", 1.5, -0.5)).assertPassed();
  }

  @Test
  void maxRoutesToTheLargerInput() {
    Compilation c = compileOk(source("""
        package gates;

        import dev.flatgrad.annotations.Differentiable;

        class Route {
          @Differentiable
          static double f(double x, double y) {
            return Math.max(x, y) * 3.0;
          }
        }
        """));
    assertGolden(c, "gates.RouteGrad", "ScalarGoldenTest/maxRoutesToTheLargerInput/RouteGrad.java");
    Loaded l = load(c);
    Object r = l.call("gates.RouteGrad", "f", 2.0, 1.0);
    assertThat(d(r, "dx")).isEqualTo(3.0);
    assertThat(d(r, "dy")).isEqualTo(0.0);
    Object tie = l.call("gates.RouteGrad", "f", 1.0, 1.0);
    assertThat(d(tie, "dx")).isEqualTo(3.0);
    assertThat(d(tie, "dy")).isEqualTo(0.0);
  }

  @Test
  void anAdjointBothBranchesWriteIsAssignedInEach() {
    Compilation c = compileOk(source("""
        package gates;

        import dev.flatgrad.annotations.Differentiable;

        class Cdf {
          @Differentiable
          static double normCdf(double x) {
            double k = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
            double poly = k * (0.319381530 + k * (-0.356563782 + k * 1.781477937));
            double tail = 0.3989422804014327 * Math.exp(-0.5 * x * x) * poly;
            if (x >= 0) {
              return 1.0 - tail;
            }
            return tail;
          }
        }
        """));
    assertGolden(c, "gates.CdfGrad", "ScalarGoldenTest/anAdjointBothBranchesWriteIsAssignedInEach/CdfGrad.java");
    Loaded l = load(c);
    ((GradCheck.Report) l.call("gates.CdfGrad", "checkNormCdf", 0.7)).assertPassed();
    ((GradCheck.Report) l.call("gates.CdfGrad", "checkNormCdf", -1.3)).assertPassed();
  }

  @Test
  void branchReplaysTheDirectionTaken() {
    Compilation c = compileOk(source("""
        package gates;

        import dev.flatgrad.annotations.Differentiable;

        class Branch {
          @Differentiable
          static double huber(double r, double delta) {
            double a = Math.abs(r);
            if (a <= delta) {
              return 0.5 * r * r;
            } else {
              return delta * (a - 0.5 * delta);
            }
          }
        }
        """));
    assertGolden(c, "gates.BranchGrad", "ScalarGoldenTest/branchReplaysTheDirectionTaken/BranchGrad.java");
    Loaded l = load(c);
    ((GradCheck.Report) l.call("gates.BranchGrad", "checkHuber", 0.3, 1.0)).assertPassed();
    ((GradCheck.Report) l.call("gates.BranchGrad", "checkHuber", -2.5, 1.0)).assertPassed();
  }
}
