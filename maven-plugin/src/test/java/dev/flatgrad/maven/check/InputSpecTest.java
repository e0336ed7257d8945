package dev.flatgrad.maven.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputSpecTest {

  private static InputSpec.Spec spec(String entry) throws InputSpec.SyntaxError {
    return InputSpec.parse(entry).spec();
  }

  @Test
  void shapes() throws Exception {
    assertEquals(new InputSpec.Draw(List.of(20, 10), List.of(), Optional.empty(), Optional.empty()), spec("W: 20x10"));
    assertEquals(new InputSpec.Draw(List.of(20, 10), List.of(), Optional.empty(), Optional.empty()), spec("W:20 x 10"));
    assertEquals(new InputSpec.Draw(List.of(50), List.of(), Optional.of("ints"), Optional.of(new InputSpec.Uniform(0, 10, true))),
        spec("y: 50 ints in [0, 10)"));
    assertEquals(new InputSpec.Draw(List.of(3), List.of(), Optional.empty(), Optional.of(new InputSpec.Normal(1, 0.5))),
        spec("b: 3 normal(1, 0.5)"));
  }

  @Test
  void stacksOfMatrices() throws Exception {
    assertEquals(new InputSpec.Draw(List.of(3, 4, 5), List.of(), Optional.empty(), Optional.empty()), spec("Ws: 3x4x5"));
    assertEquals(new InputSpec.Draw(List.of(), List.of(List.of(4, 5), List.of(5, 3)), Optional.empty(),
        Optional.of(new InputSpec.Normal(0, 0.1))), spec("Ws: [4x5, 5x3] normal(0, 0.1)"));
  }

  @Test
  void scalars() throws Exception {
    assertEquals(new InputSpec.Literal(0.1, false), spec("reg: 0.1"));
    assertEquals(new InputSpec.Literal(-3.0, true), spec("k: -3"));
    assertEquals(new InputSpec.Literal(2e-3, false), spec("eps: 2e-3"));
    assertEquals(new InputSpec.Literal(true, false), spec("flag: true"));
    assertEquals(new InputSpec.Draw(List.of(), List.of(), Optional.empty(), Optional.of(new InputSpec.Normal(0, 1))),
        spec("x: normal"));
    assertEquals(new InputSpec.Draw(List.of(), List.of(), Optional.empty(), Optional.of(new InputSpec.Uniform(-1, 1.5, false))),
        spec("x: in [-1, 1.5)"));
    assertEquals(new InputSpec.Draw(List.of(), List.of(), Optional.empty(), Optional.of(new InputSpec.Coin())), spec("b: random"));
  }

  @Test
  void arrays() throws Exception {
    InputSpec.Literal v = (InputSpec.Literal) spec("v: {1, 2.5, -1}");
    assertEquals(List.of(new InputSpec.Literal(1.0, true), new InputSpec.Literal(2.5, false),
        new InputSpec.Literal(-1.0, true)), v.value());
    InputSpec.Literal m = (InputSpec.Literal) spec("m: {{1, 2}, {3, 4}}");
    assertEquals(2, ((List<?>) m.value()).size());
  }

  @Test
  void errorsSayWhatWasExpectedAndWhere() {
    assertMessage("W 20x10", "expected ':' after the parameter name at column 3");
    assertMessage("W: 20x", "expected a number after 'x' at column 7, found the end");
    assertMessage("y: 50 ints in [0, 10]", "expected ')' to close the range");
    assertMessage("x: normal(0, -1)", "expected a standard deviation > 0");
    assertMessage("x: in [3, 1)", "a range whose lower bound is below its upper bound");
    assertMessage("W: 20x10 gaussian", "expected a distribution: 'normal', 'normal(mean, sd)', 'in [lo, hi)' or 'random'");
    assertMessage("W: 2.5x3", "expected a shape like 50 or 20x10");
    assertMessage(": 3", "expected a parameter name at column 1");
    assertMessage("Ws: 2x3x4x5", "expected at most three dimensions");
    assertMessage("Ws: [4x5, 5]", "expected a matrix shape rows x columns, like 4x5, in the stack");
    assertMessage("Ws: [4x5 5x3]", "expected ',' or ']' in the stack of matrix shapes");
  }

  private static void assertMessage(String entry, String expected) {
    InputSpec.SyntaxError e = assertThrows(InputSpec.SyntaxError.class, () -> InputSpec.parse(entry));
    assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + "\n  does not contain: " + expected);
    assertTrue(e.getMessage().startsWith("cannot read \"" + entry + "\""), e::getMessage);
  }
}
