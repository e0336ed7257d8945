package dev.flatgrad.maven.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flatgrad.maven.testing.Project;
import dev.flatgrad.runtime.GradCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRunnerTest {

  @TempDir Path dir;

  private CheckResult check(Project p, List<String> methods, boolean failOnUnchecked) throws IOException {
    return check(p, GradCheck.DEFAULT_STEP, methods, failOnUnchecked);
  }

  private CheckResult check(Project p, double step, List<String> methods, boolean failOnUnchecked) throws IOException {
    Path classes = p.compile(true);
    List<Path> classpath = new ArrayList<>(List.of(classes));
    classpath.addAll(Project.userClasspath());
    return new CheckRunner().run(new CheckRequest(List.of(p.sources()), StandardCharsets.UTF_8, classpath,
        GradCheck.DEFAULT_TOLERANCE, step, 0, methods, failOnUnchecked, 0));
  }

  @Test
  void theStepOfCheckInputsWinsOverTheGoalsStep() throws IOException {
    // The four-point stencil's truncation error on x^5 at 1 is about 4 h^4 / 5 relative: 1e-4 of
    // it at h = 0.1 (fails), 1e-16 at h = 1e-4 (passes). Which step ran shows in the verdict.
    Project p = new Project(dir);
    p.write("nn/Quintic.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        public class Quintic {
          @Differentiable
          @CheckInputs("x: 1")
          static double byGoal(double x) {
            return x * x * x * x * x;
          }

          @Differentiable
          @CheckInputs(value = "x: 1", step = 1e-4)
          static double smallStep(double x) {
            return x * x * x * x * x;
          }

          @Differentiable
          @CheckInputs(value = "x: 1", step = 0.1)
          static double largeStep(double x) {
            return x * x * x * x * x;
          }
        }
        """);

    CheckResult byDefault = check(p, GradCheck.DEFAULT_STEP, List.of(), false);
    assertEquals(List.of("nn.Quintic#largeStep"), byDefault.failed().stream().map(c -> c.method().id()).toList(),
        () -> String.join("\n", CheckTable.lines(byDefault)));

    CheckResult coarse = check(p, 0.1, List.of(), false);
    assertEquals(List.of("nn.Quintic#byGoal", "nn.Quintic#largeStep"),
        coarse.failed().stream().map(c -> c.method().id()).toList(), () -> String.join("\n", CheckTable.lines(coarse)));
  }

  @Test
  void aMethodTakingASettingsObjectIsUncheckedSayingWhatToCall() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Fit.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        public class Fit {
          public record Hyper(double lambda) {}

          @Differentiable
          @CheckInputs("w: 3")
          static double loss(double[] w, Hyper h) {
            return h.lambda() * w[0] * w[0];
          }
        }
        """);

    CheckResult result = check(p, List.of(), false);
    assertEquals(List.of("nn.Fit#loss"), result.unchecked().stream().map(u -> u.method().id()).toList(),
        () -> String.join("\n", CheckTable.lines(result)));
    assertEquals("parameter h is an object (Hyper), which the check cannot make: call nn.FitGrad.checkLoss with one"
        + " in a test", result.unchecked().get(0).reason());
    assertFalse(result.failedBuild());
  }

  @Test
  void aMethodTakingCharactersIsUncheckedSayingWhatToCall() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Letters.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        public class Letters {
          @Differentiable
          @CheckInputs("w: 26")
          static double score(double[] w, char[] text) {
            double s = 0;
            for (char c : text) {
              s += w[(c - 'a') % 26];
            }
            return s * s;
          }
        }
        """);

    CheckResult result = check(p, List.of(), false);
    assertEquals(List.of("nn.Letters#score"), result.unchecked().stream().map(u -> u.method().id()).toList(),
        () -> String.join("\n", CheckTable.lines(result)));
    assertEquals("parameter text is a char[], which @CheckInputs cannot declare: call nn.LettersGrad.checkScore with"
        + " one in a test", result.unchecked().get(0).reason());
    assertFalse(result.failedBuild());
  }

  @Test
  void checksTangentsAndHessianVectorProductsWhereTheyAreAskedFor() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Second.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Second {
          @Differentiable(hessian = true, wrt = {"W"})
          @CheckInputs({"W: 4x3", "X: 5x4"})
          static double loss(double[][] W, double[][] X) {
            double[][] scores = Nd.tanh(Nd.dot(X, W));
            return Nd.sum(Nd.multiply(scores, scores));
          }

          @Differentiable(tangent = true)
          @CheckInputs({"x: 3"})
          static double[] squares(double[] x) {
            return Nd.multiply(x, x);
          }
        }
        """);

    CheckResult result = check(p, List.of("Second#loss", "Second#squares"), false);

    assertTrue(result.checked().stream().allMatch(CheckResult.Checked::passed), () -> String.join("\n", CheckTable.lines(result)));
    assertEquals(List.of("(value)", "W", "valueDot", "dWDot"), result.checked().get(0).rows().stream().map(GradCheck.Row::name).toList());
    assertEquals(12, result.checked().get(0).rows().get(3).checked());
    assertEquals(List.of("(value)", "x", "valueDot"), result.checked().get(1).rows().stream().map(GradCheck.Row::name).toList());
    assertEquals(3, result.checked().get(1).rows().get(1).checked(), "every entry of an array result's tangent");
  }

  @Test
  void checksEveryMethodWithInputsAndListsTheOthers() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Net.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Net {
          @Differentiable
          @CheckInputs({"W: 4x3", "X: 5x4", "reg: 0.1"})
          static double loss(double[][] W, double[][] X, double reg) {
            double[][] scores = Nd.dot(X, W);
            return Nd.sum(Nd.multiply(scores, scores)) + reg * Nd.sum(Nd.multiply(W, W));
          }

          @Differentiable
          static double unchecked(double x) {
            return x * x;
          }
        }
        """);

    CheckResult result = check(p, List.of(), false);

    assertEquals(List.of("nn.Net#loss"), result.checked().stream().map(c -> c.method().id()).toList());
    assertTrue(result.checked().stream().allMatch(CheckResult.Checked::passed), () -> String.join("\n", CheckTable.lines(result)));
    // The value first, compared bit for bit with the method's own, then one row per parameter.
    assertEquals(List.of(GradCheck.VALUE_ROW, "W", "X", "reg"),
        result.checked().get(0).rows().stream().map(GradCheck.Row::name).toList());
    assertEquals(12, result.checked().get(0).rows().get(1).checked());
    assertEquals(List.of("nn.Net#unchecked"), result.unchecked().stream().map(u -> u.method().id()).toList());
    assertFalse(result.failedBuild());
    List<String> lines = CheckTable.lines(result);
    assertTrue(lines.get(1).matches("method\\s+param\\s+checked\\s+max rel error\\s+worst\\s+analytic\\s+numeric\\s+result"),
        lines::toString);
    assertTrue(lines.get(2).matches("nn\\.Net#loss\\s+\\(value\\)\\s+1/1\\s+0\\.00e\\+00.*ok"), lines::toString);
    assertTrue(lines.get(3).matches("\\s+W\\s+12/12\\s+\\S+e-\\d\\d.*ok"), lines::toString);
    assertTrue(lines.contains("unchecked nn.Net#unchecked: no @CheckInputs (declare example inputs to check it)"),
        lines::toString);
    assertEquals("PASSED: 2 methods: 1 passed, 0 failed, 1 unchecked", lines.get(lines.size() - 1));

    assertEquals(1, check(p, List.of("Net#loss"), true).notSelected().size());
    assertTrue(check(p, List.of(), true).failedBuild(), "failOnUnchecked");
  }

  @Test
  void anArrayResultIsCheckedThroughARandomUpstreamGradient() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Layer.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Layer {
          @Differentiable
          @CheckInputs({"x: 4x3", "W: 3x2"})
          static double[][] affine(double[][] x, double[][] W) {
            return Nd.dot(x, W);
          }
        }
        """);
    String errors = p.tryCompile(true);
    assumeTrue(errors.isEmpty(), () -> "the engine does not differentiate array results yet:\n" + errors);
    List<Path> classpath = new ArrayList<>(List.of(dir.resolve("classes")));
    classpath.addAll(Project.userClasspath());

    CheckResult result = new CheckRunner().run(new CheckRequest(List.of(p.sources()), StandardCharsets.UTF_8,
        classpath, GradCheck.DEFAULT_TOLERANCE, GradCheck.DEFAULT_STEP, 0, List.of(), false, 0));

    assertEquals(1, result.checked().size(), () -> String.join("\n", CheckTable.lines(result)));
    assertTrue(result.checked().get(0).passed(), () -> String.join("\n", CheckTable.lines(result)));
    assertEquals(List.of(GradCheck.VALUE_ROW, "x", "W"),
        result.checked().get(0).rows().stream().map(GradCheck.Row::name).toList());
    assertEquals(8, result.checked().get(0).rows().get(0).checked());
  }

  @Test
  void aWrongCustomGradientFails() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Soft.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.CustomGradient;

        public class Soft {
          @CheckInputs("x: in [-2, 2)")
          static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          // Wrong: the derivative of softplus is the sigmoid 1 / (1 + exp(-x)).
          @CustomGradient(of = "softplus")
          static double softplusGrad(double x, double out, double dout) {
            return dout / (1.0 + Math.exp(x));
          }
        }
        """);
    String errors = p.tryCompile(true);
    assumeTrue(errors.isEmpty(), () -> "the engine does not take custom gradients yet:\n" + errors);
    List<Path> classpath = new ArrayList<>(List.of(dir.resolve("classes")));
    classpath.addAll(Project.userClasspath());

    CheckResult result = new CheckRunner().run(new CheckRequest(List.of(p.sources()), StandardCharsets.UTF_8,
        classpath, GradCheck.DEFAULT_TOLERANCE, GradCheck.DEFAULT_STEP, 0, List.of(), false, 0));

    assertEquals(1, result.failed().size(), () -> String.join("\n", CheckTable.lines(result)));
    assertEquals("nn.Soft#softplus", result.failed().get(0).method().id());
  }

  @Test
  void aGradientThatDisagreesWithTheNumericDerivativeFails() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Kink.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        public class Kink {
          // At x = 0 the step jumps: the branch's derivative (2) is not the slope across the jump.
          @Differentiable
          @CheckInputs("x: 0")
          static double step(double x) {
            if (x > 0) {
              return 2 * x + 1;
            }
            return 2 * x;
          }
        }
        """);

    CheckResult result = check(p, List.of(), false);

    assertTrue(result.failedBuild());
    assertEquals(1, result.failed().size());
    String message = CheckTable.failureMessage(result);
    assertTrue(message.startsWith("Gradient check failed (tolerance 1.0e-07):"), message);
    assertTrue(message.contains("nn.Kink#step: x relative error"), message);
    assertTrue(message.contains("analytic 2.000000e+00"), message);
    List<String> lines = CheckTable.lines(result);
    assertTrue(lines.get(2).endsWith("ok"), lines::toString);
    assertTrue(lines.get(3).endsWith("FAIL"), lines::toString);
    assertEquals("FAILED: 1 method: 0 passed, 1 failed, 0 unchecked", lines.get(lines.size() - 1));
  }

  @Test
  void inputsThatDoNotFitAndMethodsThatThrowAreReportedWithTheirPlace() throws IOException {
    Project p = new Project(dir);
    Path file = p.write("nn/Bad.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Bad {
          @Differentiable
          @CheckInputs({"W: 4x3", "X: 5x5"})
          static double shapes(double[][] W, double[][] X) {
            return Nd.sum(Nd.dot(X, W));
          }

          @Differentiable
          @CheckInputs({"W: 4"})
          static double typo(double[][] W) {
            return Nd.sum(W);
          }
        }
        """);

    CheckResult result = check(p, List.of(), false);

    assertEquals(2, result.broken().size());
    CheckResult.Broken shapes = result.broken().get(0);
    assertEquals(file + ":[8,3]", shapes.location());
    assertTrue(shapes.problems().get(0).startsWith("threw java.lang.IllegalArgumentException"), shapes.problems()::toString);
    assertTrue(shapes.problems().get(0).endsWith("do the declared shapes fit together?"));
    CheckResult.Broken typo = result.broken().get(1);
    assertEquals(file + ":[15,3]", typo.location());
    assertTrue(typo.problems().get(0).startsWith("@CheckInputs: \"W: 4\": a double[][] takes"), typo.problems()::toString);
    assertTrue(result.failedBuild());
  }

  @Test
  void aMissingGeneratedClassSaysHowToGetIt() throws IOException {
    Project p = new Project(dir);
    p.write("nn/Plain.java", """
        package nn;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;

        public class Plain {
          @Differentiable
          @CheckInputs("x: 1")
          static double sq(double x) {
            return x * x;
          }
        }
        """);
    Path classes = p.compile(false);
    List<Path> classpath = new ArrayList<>(List.of(classes));
    classpath.addAll(Project.userClasspath());

    CheckResult result = new CheckRunner().run(new CheckRequest(List.of(p.sources()), StandardCharsets.UTF_8,
        classpath, 1e-7, GradCheck.DEFAULT_STEP, 0, List.of(), false, 0));

    assertTrue(result.broken().get(0).problems().get(0).startsWith(
        "the generated class nn.PlainGrad is not in the build's output: add flatgrad-processor"));
  }
}
