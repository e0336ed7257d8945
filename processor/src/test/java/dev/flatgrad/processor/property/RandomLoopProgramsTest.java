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
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random loop programs within the supported language (see {@link ProgramGenerator}): each is
 * compiled with the processor, and its generated gradient checked numerically against the
 * original method at a few random inputs of several sizes. On failure the program is shrunk
 * (choices dropped while it still fails) and the smallest failing program, its inputs and the
 * check's table are printed. {@code -Dflatgrad.randomPrograms.seed=N} and {@code
 * -Dflatgrad.randomPrograms.count=N} pick other and more programs.
 *
 * <p>Programs contain kinks (abs, max, min, branches on doubles). A failure at a point within the
 * stencil's reach of a kink is not a bug, so a failing point is checked again at two points about
 * 1e-2 away (far beyond the stencil's 2e-4, near enough to take the same branches): a wrong
 * gradient fails at all three, a kink almost never at more than one.
 */
class RandomLoopProgramsTest {

  private static final int POINTS = 3;
  /**
   * Looser than the 1e-7 of hand-picked tests: random loop-carried products can be badly
   * conditioned (derivatives in the hundreds), where the centred difference itself is off by a
   * few 1e-7. A wrong adjoint is off by far more.
   */
  private static final double TOLERANCE = 1e-5;
  /** Points with a partial derivative above this are not checked (see {@link #steep}). */
  private static final double STEEP = 1e2;

  private static final long SEED = Long.getLong("flatgrad.randomPrograms.seed", 20261123L);
  private static final int COUNT = Integer.getInteger("flatgrad.randomPrograms.count", 50);
  private static final int MAX_CHOICES = 160;

  @Test
  void generatedGradientsMatchCentredDifferences() {
    Random programs = new Random(SEED);
    for (int n = 0; n < COUNT; n++) {
      List<Integer> recipe = recipe(programs);
      long inputSeed = programs.nextLong();
      if (failure(recipe, inputSeed).isPresent()) {
        List<Integer> smallest = shrunk(recipe, inputSeed);
        throw new AssertionError("program " + n + " of seed " + SEED + " (shrunk from " + recipe.size()
            + " to " + smallest.size() + " choices: " + smallest + "):\n"
            + failure(smallest, inputSeed).orElseThrow());
      }
    }
  }

  private static List<Integer> recipe(Random r) {
    List<Integer> recipe = new ArrayList<>();
    for (int i = r.nextInt(MAX_CHOICES + 1); i > 0; i--) {
      recipe.add(r.nextInt(1000));
    }
    return recipe;
  }

  /**
   * A smaller recipe that still fails: drops halves, quarters, ... down to single choices, then
   * lowers each choice to 0, keeping every change after which the program still fails. Fewer
   * and smaller choices decode to a simpler program (see {@link ProgramGenerator}).
   */
  private static List<Integer> shrunk(List<Integer> recipe, long inputSeed) {
    List<Integer> best = new ArrayList<>(recipe);
    for (int chunk = Math.max(1, best.size() / 2); chunk >= 1; chunk /= 2) {
      for (int from = 0; from + chunk <= best.size(); ) {
        List<Integer> fewer = new ArrayList<>(best.subList(0, from));
        fewer.addAll(best.subList(from + chunk, best.size()));
        if (failure(fewer, inputSeed).isPresent()) {
          best = fewer;
        } else {
          from += chunk;
        }
      }
    }
    for (int i = 0; i < best.size(); i++) {
      if (best.get(i) != 0) {
        List<Integer> lower = new ArrayList<>(best);
        lower.set(i, 0);
        if (failure(lower, inputSeed).isPresent()) {
          best = lower;
        }
      }
    }
    return best;
  }

  /** Why the program of {@code recipe} fails at inputs drawn from {@code inputSeed}, if it does. */
  private static Optional<String> failure(List<Integer> recipe, long inputSeed) {
    try {
      check(recipe, inputSeed);
      return Optional.empty();
    } catch (AssertionError e) {
      return Optional.of(e.getMessage() + (e.getCause() == null ? "" : "\ncaused by " + e.getCause()));
    }
  }

  private static void check(List<Integer> recipe, long inputSeed) {
    String program = ProgramGenerator.program(recipe);
    Compilation c = compile(source(program));
    if (c.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("the program does not compile with flatgrad:\n" + numbered(program)
          + "\n" + c.diagnostics());
    }
    Loaded l = load(c);
    Random random = new Random(inputSeed);
    for (int p = 0; p < POINTS; p++) {
      Object[] args = inputs(random);
      if (!Double.isFinite(value(l, program, args)) || steep(l, args)) {
        continue;
      }
      GradCheck.Report report = checkUnchanged(l, program, args);
      if (report.maxError() <= TOLERANCE) {
        continue;
      }
      int failures = 1;
      for (int again = 0; again < 2; again++) {
        Object[] nearby = nudged(args, random);
        if (Double.isFinite(value(l, program, nearby)) && checkUnchanged(l, program, nearby).maxError() > TOLERANCE) {
          failures++;
        }
      }
      if (failures == 3) {
        throw new AssertionError("wrong gradient for the program\n" + numbered(program)
            + "\nat " + GradAsserts.describe(args) + "\n" + report.table());
      }
    }
  }

  /**
   * Whether some partial derivative at {@code args} exceeds {@link #STEEP}: loop-carried products
   * can make a program far from tame there, and its centred differences meaningless (their error
   * grows with the third derivative), so such points are not checked.
   */
  private static boolean steep(Loaded l, Object[] args) {
    Object result = l.call("rp.ProgGrad", "f", args);
    for (String d : List.of("da", "db", "dx", "dM")) {
      if (largest(Loaded.component(result, d)) > STEEP) {
        return true;
      }
    }
    return false;
  }

  private static double largest(Object gradient) {
    if (gradient instanceof double[][] m) {
      return Arrays.stream(m).mapToDouble(RandomLoopProgramsTest::largest).max().orElse(0);
    }
    if (gradient instanceof double[] v) {
      return Arrays.stream(v).map(Math::abs).max().orElse(0);
    }
    return Math.abs((double) gradient);
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
