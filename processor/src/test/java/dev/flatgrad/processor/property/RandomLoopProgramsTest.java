package dev.flatgrad.processor.property;

import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.numeric.GradAsserts;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;

/**
 * Random loop programs within the supported language (see {@link ProgramGenerator}): each is
 * compiled with the processor, and its generated gradient checked numerically against the
 * original method at a few random inputs of several sizes. On failure the program, the inputs
 * and the check's table are printed; jqwik shrinks the program first.
 *
 * <p>Programs contain kinks (abs, max, min, branches on doubles). A failure at a point within the
 * stencil's reach of a kink is not a bug, so a failing point is checked again at two points about
 * 1e-2 away (far beyond the stencil's 2e-4, near enough to take the same branches): a wrong
 * gradient fails at all three, a kink almost never at more than one.
 */
class RandomLoopProgramsTest {

  /** Set to generate the constructs of the known engine bugs too (see the test report). */
  private static final boolean KNOWN_BUGS = Boolean.getBoolean("flatgrad.randomPrograms.knownBugs");
  private static final int POINTS = 3;

  @Provide
  Arbitrary<List<Integer>> recipes() {
    return Arbitraries.integers().between(0, 999).list().ofMaxSize(160);
  }

  @Property(tries = 50, shrinking = ShrinkingMode.BOUNDED)
  void generatedGradientsMatchCentredDifferences(
      @ForAll("recipes") List<Integer> recipe, @ForAll @LongRange(min = 0, max = 1_000_000) long inputSeed) {
    String program = ProgramGenerator.program(recipe, KNOWN_BUGS);
    Compilation c = compile(source(program));
    if (c.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("the program does not compile with flatgrad:\n" + numbered(program)
          + "\n" + c.diagnostics());
    }
    Loaded l = load(c);
    Random random = new Random(inputSeed);
    for (int p = 0; p < POINTS; p++) {
      Object[] args = inputs(random);
      if (!Double.isFinite(value(l, program, args))) {
        continue;
      }
      GradCheck.Report report = checkUnchanged(l, program, args);
      if (report.passed()) {
        continue;
      }
      int failures = 1;
      for (int again = 0; again < 2; again++) {
        Object[] nearby = nudged(args, random);
        if (Double.isFinite(value(l, program, nearby)) && !checkUnchanged(l, program, nearby).passed()) {
          failures++;
        }
      }
      if (failures == 3) {
        throw new AssertionError("wrong gradient for the program\n" + numbered(program)
            + "\nat " + GradAsserts.describe(args) + "\n" + report.table());
      }
    }
  }

  /** The value as the generated method computes it (the original method is not public). */
  private static double value(Loaded l, String program, Object[] args) {
    try {
      return (double) Loaded.component(l.call("rp.ProgGrad", "f", args), "value");
    } catch (RuntimeException | Error e) {
      throw new AssertionError("the generated code threw for the program\n" + numbered(program)
          + "\nat " + GradAsserts.describe(args), e);
    }
  }

  /** The check at {@code args}, failing if the generated code or the check changed an input. */
  private static GradCheck.Report checkUnchanged(Loaded l, String program, Object[] args) {
    String before = GradAsserts.describe(args);
    GradCheck.Report report;
    try {
      l.call("rp.ProgGrad", "f", args);
      report = GradAsserts.check(l, "rp.ProgGrad", "f", args);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("the generated code threw for the program\n" + numbered(program)
          + "\nat " + before, e);
    }
    if (!before.equals(GradAsserts.describe(args))) {
      throw new AssertionError("the generated code changed its inputs for the program\n" + numbered(program)
          + "\nat " + before + "\nafter " + GradAsserts.describe(args));
    }
    return report;
  }

  /** a, b in [-1, 1]; x of length 0 to 4; M of 0 to 3 rows of 0 to 3 columns; k in 0..3. */
  private static Object[] inputs(Random r) {
    double[] x = new double[r.nextInt(5)];
    for (int i = 0; i < x.length; i++) {
      x[i] = uniform(r);
    }
    int cols = r.nextInt(4);
    double[][] m = new double[r.nextInt(4)][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = uniform(r);
      }
    }
    return new Object[] {uniform(r), uniform(r), x, m, r.nextInt(4)};
  }

  private static double uniform(Random r) {
    return -1 + 2 * r.nextDouble();
  }

  /** The same point, every double moved by about 1e-2 at most. */
  private static Object[] nudged(Object[] args, Random r) {
    Object[] out = args.clone();
    out[0] = nudge((double) args[0], r);
    out[1] = nudge((double) args[1], r);
    double[] x = ((double[]) args[2]).clone();
    for (int i = 0; i < x.length; i++) {
      x[i] = nudge(x[i], r);
    }
    out[2] = x;
    double[][] m = ((double[][]) args[3]).clone();
    for (int i = 0; i < m.length; i++) {
      m[i] = m[i].clone();
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = nudge(m[i][j], r);
      }
    }
    out[3] = m;
    return out;
  }

  private static double nudge(double v, Random r) {
    return v * (1 + 1e-2 * uniform(r)) + 1e-2 * uniform(r);
  }

  private static String numbered(String program) {
    List<String> lines = new ArrayList<>(Arrays.asList(program.split("\n")));
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      s.append(String.format("%3d  %s%n", i + 1, lines.get(i)));
    }
    return s.toString();
  }
}
