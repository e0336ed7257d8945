package dev.flatgrad.processor.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's judgement of points where a comparison is a tie decided by rounding: such a value
 * jumps next to every point, and is not judged; a smooth value, however curved, steep or big, and
 * a kink right next to the point never are (a wrong gradient there still fails).
 */
class ValueJumpsTest {

  /** The fuzzer's finding (seed 47, program 313, shrunk): {@code a > mean(copies of a)} in a loop, as the program has it. */
  private static double tie(double a) {
    for (int k = 0; k < 6; k++) {
      double mean = (a + a + a) / 3;
      a = a > mean ? mean : a * Math.tanh(Math.sin(-0.5));
    }
    return a;
  }

  @Test
  void aTieDecidedByRoundingJumpsNextToAlmostEveryPoint() {
    int jumping = 0;
    for (int p = 0; p < 100; p++) {
      double x = 0.27515982181597676 + p * 0.0071;
      jumping += ValueJumps.nextTo(t -> tie(x + 0.6 * t)) ? 1 : 0;
    }
    assertTrue(jumping >= 90, jumping + " of 100 points");
  }

  @Test
  void smoothValuesAndKinksNeverJump() {
    List<DoubleUnaryOperator> smooth = List.of(
        Math::sin,
        t -> Math.exp(3 * t),
        t -> 1e3 * t * t - 2 * t,
        t -> 1e-3 * Math.sin(1e3 * t),
        t -> 1e6 + Math.tanh(Math.tanh(t) * 5),
        t -> Math.log1p(t * t) / (2 + Math.cos(40 * t)),
        t -> 1e-12 * Math.cosh(t),
        t -> Math.abs(t - 3e-9) + t * t,
        t -> Math.max(t, 2e-8));
    for (DoubleUnaryOperator f : smooth) {
      for (int p = 0; p < 200; p++) {
        double x = -1 + p * 0.01003;
        assertFalse(ValueJumps.nextTo(t -> f.applyAsDouble(x + t)), "jumps at " + x);
      }
    }
  }

  @Test
  void aJumpRightNextToThePointIsSeenAndOneFartherOffIsNot() {
    assertTrue(ValueJumps.nextTo(t -> t < 5e-9 ? Math.sin(t) : Math.sin(t) + 1e-3));
    assertTrue(ValueJumps.nextTo(t -> t <= 0 ? t : 2 + t));
    assertFalse(ValueJumps.nextTo(t -> t < 5e-6 ? Math.sin(t) : Math.sin(t) + 1e-3));
  }

  /** The program the fuzzer reported (seed 47, program 313) is no longer a failure. */
  @Test
  void theFuzzersTieIsNotAWrongGradient() {
    List<Integer> recipe = List.of(0, 233, 596, 0, 0, 0, 0, 0, 842, 0, 0, 0, 134, 0, 0, 0, 0, 289, 0, 0, 0, 891, 314,
        853, 0, 611, 0, 0, 0, 0, 0, 0, 285, 336, 713, 116, 0, 0, 0, 0, 639, 759, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 499, 0,
        0, 0, 0, 0, 0, 0, 0, 818, 0, 838, 259, 0, 457, 0, 0, 925, 0, 0, 0, 0, 0, 0, 555, 0, 0, 0, 975, 0, 0, 0, 806, 0,
        339, 0, 0, 0, 926, 0, 0, 0, 0, 0, 0, 0, 682, 437, 0, 0, 0, 0, 483, 0, 0, 0, 0, 557, 0, 0, 0, 0, 0, 0, 706, 739, 0,
        404, 0, 658, 0, 0, 0, 0, 0, 746, 0, 0, 0, 0, 0, 0, 0, 581, 0, 462, 0, 0, 0, 0, 0, 916, 0, 0, 904, 0, 0, 0, 0, 0,
        0, 0, 0, 616, 415, 189, 590, 885, 0, 0, 920, 197, 113, 0, 614, 838, 0, 0, 0, 0, 391, 0, 131);
    String program = ProgramGenerator.program(recipe, 0).source();
    assertTrue(program.contains("a > (Nd.mean(Nd.broadcast(new double[] {a}, v5)))"), program);
    assertEquals(Optional.empty(), RandomProgramsTest.failure(recipe, -831158596603378452L));
  }
}
