package dev.flatgrad.maven.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.maven.sources.DifferentiableMethods;
import dev.flatgrad.maven.sources.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputPlanTest {

  private static DifferentiableMethod method(String annotation, String params) {
    String source = """
        package nn;
        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.Differentiable;
        class Net {
          @Differentiable
          %s
          static double loss(%s) { return 0; }
        }
        """.formatted(annotation, params);
    return DifferentiableMethods.find(List.of(new SourceFile(Path.of("/src"), Path.of("/src/nn/Net.java"),
        "nn/Net.java", source, "d")), 0).get(0);
  }

  @Test
  void drawsDeclaredShapesAndKinds() throws Exception {
    InputPlan plan = InputPlan.of(method(
        "@CheckInputs({\"W: 20x10\", \"X: 50x20\", \"y: 50 ints in [0, 10)\", \"reg: 0.1\"})",
        "double[][] W, double[][] X, int[] y, double reg"));

    Object[] args = plan.arguments();

    double[][] w = (double[][]) args[0];
    assertEquals(20, w.length);
    assertEquals(10, w[0].length);
    assertEquals(50, ((double[][]) args[1]).length);
    int[] y = (int[]) args[2];
    assertEquals(50, y.length);
    for (int label : y) {
      assertTrue(label >= 0 && label < 10, "label " + label);
    }
    assertEquals(0.1, args[3]);
  }

  @Test
  void theSameSeedGivesTheSameInputsInFreshArrays() throws Exception {
    InputPlan plan = InputPlan.of(method("@CheckInputs(value = {\"v: 5 in [2, 3)\"}, seed = 42)", "double[] v"));
    double[] a = (double[]) plan.arguments()[0];
    double[] b = (double[]) plan.arguments()[0];
    assertNotSame(a, b);
    assertArrayEquals(a, b);
    for (double x : a) {
      assertTrue(x >= 2 && x < 3);
    }
    InputPlan other = InputPlan.of(method("@CheckInputs(value = {\"v: 5 in [2, 3)\"}, seed = 43)", "double[] v"));
    assertTrue(((double[]) other.arguments()[0])[0] != a[0]);
  }

  @Test
  void declaringAnotherParameterLeavesTheOthersAlone() throws Exception {
    double[] alone = (double[]) InputPlan.of(method("@CheckInputs(\"v: 5\")", "double[] v")).arguments()[0];
    double[] withMore = (double[]) InputPlan.of(method("@CheckInputs({\"a: 3\", \"v: 5\"})", "double[] a, double[] v"))
        .arguments()[1];
    assertArrayEquals(alone, withMore);
  }

  @Test
  void literalsAndDefaults() throws Exception {
    Object[] args = InputPlan.of(method("@CheckInputs({\"m: {{1, 2}, {3, 4}}\", \"n: 7\", \"v: 3\"})",
        "double[][] m, int n, double[] v, double x, boolean b")).arguments();
    assertArrayEquals(new double[] {3, 4}, ((double[][]) args[0])[1]);
    assertEquals(7, args[1]);
    assertEquals(3, ((double[]) args[2]).length, "a bare number is the length of an array parameter");
    assertTrue(args[3] instanceof Double, "a double left out is drawn from normal");
    assertTrue(args[4] instanceof Boolean);
  }

  @Test
  void stacksOfMatricesOfOneOrOfTheirOwnShapes() throws Exception {
    Object[] args = InputPlan.of(method("@CheckInputs({\"Ws: [4x5, 5x3]\", \"Vs: 2x3x4\"})",
        "double[][][] Ws, double[][][] Vs")).arguments();
    double[][][] ws = (double[][][]) args[0];
    assertEquals(2, ws.length);
    assertEquals(4, ws[0].length);
    assertEquals(5, ws[0][0].length);
    assertEquals(5, ws[1].length);
    assertEquals(3, ws[1][0].length);
    double[][][] vs = (double[][][]) args[1];
    assertEquals(2, vs.length);
    assertEquals(4, vs[1][2].length);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InputPlan.Invalid e = assertThrows(InputPlan.Invalid.class, () -> InputPlan.of(method(
        "@CheckInputs({\"W: 20\", \"q: 1\", \"y: 50 doubles\", \"reg: 20x\"})",
        "double[][] W, int[] y, double reg, int[] labels")));
    List<String> problems = e.problems();
    assertEquals(5, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("cannot read \"reg: 20x\""), problems::toString);
    assertTrue(problems.get(1).contains("there is no parameter \"q\"; the parameters are W, y, reg, labels"));
    assertTrue(problems.get(2).contains("\"W: 20\": a double[][] takes {{1, 2}, {3, 4}} or a shape like 20x10"),
        problems::toString);
    assertTrue(problems.get(3).contains("\"y: 50 doubles\": y is int[], not doubles"), problems::toString);
    assertTrue(problems.get(4).contains("no input declared for int[] labels; add an entry like \"labels: 50 ints in [0, 10)\""),
        problems::toString);
  }

  @Test
  void integersNeedARange() {
    InputPlan.Invalid e = assertThrows(InputPlan.Invalid.class,
        () -> InputPlan.of(method("@CheckInputs(\"y: 50\")", "int[] y")));
    assertTrue(e.problems().get(0).contains("y holds ints: give a range of whole numbers, like \"in [0, 10)\""),
        e.problems()::toString);
  }

  @Test
  void aSeedThatIsNotALiteralIsAProblem() {
    InputPlan.Invalid e = assertThrows(InputPlan.Invalid.class,
        () -> InputPlan.of(method("@CheckInputs(value = {\"x: 1\"}, seed = SEED)", "double x")));
    assertTrue(e.problems().get(0).contains("the seed must be a number written in place, not SEED"));
  }

  @Test
  void aStepOutsideZeroToOneOrNotALiteralIsAProblem() {
    for (String step : new String[] {"STEP", "-1e-3", "2.0"}) {
      InputPlan.Invalid e = assertThrows(InputPlan.Invalid.class,
          () -> InputPlan.of(method("@CheckInputs(value = {\"x: 1\"}, step = " + step + ")", "double x")));
      assertTrue(e.problems().get(0).contains("the step must be a number in [0, 1) written in place, like 1e-3, not "
          + step), e.problems()::toString);
    }
  }

  @Test
  void doutHasTheShapeOfTheResult() throws Exception {
    InputPlan plan = InputPlan.of(method("@CheckInputs(\"x: 1\")", "double x"));
    double[][] dout = (double[][]) plan.dout(new double[3][4]);
    assertEquals(3, dout.length);
    assertEquals(4, dout[2].length);
  }
}
