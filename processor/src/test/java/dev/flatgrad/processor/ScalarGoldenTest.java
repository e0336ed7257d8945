package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad;
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

  @Test
  void temporariesNeverLookLikeTheAdjointOfAnotherValue() {
    Compilation c = compileOk(source("""
        package vol;

        import dev.flatgrad.annotations.Differentiable;

        class Sabr {
          /** Hagan's SABR implied volatility. */
          @Differentiable
          static double vol(double f, double k, double t, double alpha, double beta, double rho, double nu) {
            double logFk = Math.log(f / k);
            double oneMinusBeta = 1.0 - beta;
            double fkBeta = Math.pow(f * k, oneMinusBeta / 2.0);
            double z = nu / alpha * fkBeta * logFk;
            double x = Math.log((Math.sqrt(1.0 - 2.0 * rho * z + z * z) + z - rho) / (1.0 - rho));
            double b2 = oneMinusBeta * oneMinusBeta;
            double sum = 1.0 + b2 / 24.0 * logFk * logFk + b2 * b2 / 1920.0 * Math.pow(logFk, 4);
            double prod1 = b2 / 24.0 * alpha * alpha / (fkBeta * fkBeta);
            double prod2 = 0.25 * rho * beta * nu * alpha / fkBeta;
            double prod3 = (2.0 - 3.0 * rho * rho) / 24.0 * nu * nu;
            return alpha / (fkBeta * sum) * (z / x) * (1.0 + (prod1 + prod2 + prod3) * t);
          }
        }
        """));
    assertGolden(c, "vol.SabrGrad", "ScalarGoldenTest/temporariesNeverLookLikeTheAdjointOfAnotherValue/SabrGrad.java");
    String code = Flatgrad.generated(c, "vol.SabrGrad");
    // The user's names are kept; dsum and dprod3 are the adjoints of sum and prod3, declared where
    // the backward pass reaches their first use.
    assertThat(code).contains("double sum = ");
    assertThat(code).contains("double prod3 = ");
    assertThat(code).contains("double dprod3 = ");
    assertThat(code).contains("double dsum = ");
    Loaded l = load(c);
    ((GradCheck.Report) l.call("vol.SabrGrad", "checkVol", 0.03, 0.035, 2.0, 0.2, 0.5, -0.3, 0.4)).assertPassed();
    ((GradCheck.Report) l.call("vol.SabrGrad", "checkVol", 0.05, 0.04, 0.5, 0.3, 0.7, 0.2, 0.6)).assertPassed();
  }

  @Test
  void likeTermsMergeAndForwardValuesAreReadNotRecomputed() {
    Compilation c = compileOk(source("""
        package gates;

        import dev.flatgrad.annotations.Differentiable;

        class Circle {
          @Differentiable
          static double f(double z, double angle, double r) {
            double sin = Math.sin(angle);
            double area = Math.PI * z * z;
            return area + r * Math.cos(angle) * sin - z * r;
          }

          @Differentiable
          static double residuals(double[] a, double[] b, double w) {
            double[] c = new double[a.length];
            double loss = 0.0;
            for (int i = 0; i < a.length; i++) {
              c[i] = a[i] - w * b[i];
              c[i] -= a[i] * b[i];
              loss += c[i] * c[i];
              loss -= b[i];
            }
            return loss;
          }
        }
        """));
    assertGolden(c, "gates.CircleGrad", "ScalarGoldenTest/likeTermsMergeAndForwardValuesAreReadNotRecomputed/CircleGrad.java");
    String code = Flatgrad.generated(c, "gates.CircleGrad");
    String backward = code.substring(code.indexOf("// backward pass"));
    assertThat(code).contains("dz += 2.0 * Math.PI * z;");
    assertThat(code).contains("db[i] -= 1.0;");
    assertThat(backward.substring(0, backward.indexOf("return new F(")).lines()
        .filter(line -> !line.strip().startsWith("//")).toList().toString()).doesNotContain("Math.sin(angle)");
    assertThat(code).doesNotContain("+= -");
    assertThat(code).doesNotContain("+ -");
    Loaded l = load(c);
    ((GradCheck.Report) l.call("gates.CircleGrad", "checkF", 0.7, 1.1, -0.4)).assertPassed();
    ((GradCheck.Report) l.call("gates.CircleGrad", "checkResiduals", new double[] {0.5, -1.0, 2.0},
        new double[] {1.5, 0.25, -0.5}, 0.3)).assertPassed();
  }

  @Test
  void anIfOutsideALoopKeepsWhatItOverwritesInALocal() {
    Compilation c = compileOk(source("""
        package gates;

        import dev.flatgrad.annotations.Differentiable;

        class Clip {
          @Differentiable
          static double f(double x, double y) {
            double s = x * y;
            if (s > 1.0) {
              s = Math.sqrt(s) * s;
            }
            return s * x;
          }
        }
        """));
    assertGolden(c, "gates.ClipGrad", "ScalarGoldenTest/anIfOutsideALoopKeepsWhatItOverwritesInALocal/ClipGrad.java");
    String code = Flatgrad.generated(c, "gates.ClipGrad");
    assertThat(code).doesNotContain("Stack");
    assertThat(code).contains("sSaved = s;");
    Loaded l = load(c);
    ((GradCheck.Report) l.call("gates.ClipGrad", "checkF", 1.5, 0.9)).assertPassed();
    ((GradCheck.Report) l.call("gates.ClipGrad", "checkF", 0.5, 0.9)).assertPassed();
  }
}
