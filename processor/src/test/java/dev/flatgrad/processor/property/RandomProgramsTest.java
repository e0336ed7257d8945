package dev.flatgrad.processor.property;

import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.property.ProgramGenerator.Input;
import dev.flatgrad.processor.property.ProgramGenerator.Program;
import dev.flatgrad.processor.testing.Flatgrad;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Random programs in the whole supported language (see {@link ProgramGenerator}), each compiled
 * with the processor and checked at random inputs for three things: the generated method's value
 * equals the original method's bit for bit; neither the generated method nor its check modifies
 * an input; every gradient entry agrees with centred differences of the original method (through
 * the generated {@code checkF}); for a program that asks for forward mode, the same of {@code
 * fTangent} (its value bit for bit, its {@code valueDot} against centred differences along random
 * directions, through {@code checkFTangent}). On failure the program is shrunk (choices dropped and lowered
 * while it still fails the same way) and the smallest failing program, its inputs and what went
 * wrong are printed; once fixed, it is kept as a named test in {@link GeneratorFindingsTest}.
 *
 * <p>The build runs a fixed-seed sample. Many more, over other seeds:
 *
 * <pre>
 * mvn -B -pl processor -am test -Dtest=RandomProgramsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dflatgrad.randomPrograms.count=10000 -Dflatgrad.randomPrograms.seed=1
 * </pre>
 *
 * <p>Programs contain kinks (abs, max, min, branches on doubles, floor, round, %). A failure at a
 * point within the stencil's reach of a kink is not a bug, so a point whose gradient fails is
 * checked along two random directions at finer steps (1e-6 to 1e-10: a value doubled in a loop
 * before a {@code %} puts jumps within the check's own step), then again at two points about 1e-2
 * away (far beyond the stencil's span, near enough to take the same branches): a wrong gradient
 * fails at all of them, a kink almost never at more than one. The value and the inputs are exact
 * checks: one failure is a bug.
 */
class RandomProgramsTest {

  private static final int POINTS = 3;
  /**
   * Looser than the 1e-7 of hand-picked tests: random loop-carried products can be badly
   * conditioned (derivatives in the hundreds), where the centred difference itself is off by a
   * few 1e-7. A wrong adjoint is off by far more.
   */
  private static final double TOLERANCE = 1e-5;
  /** How many units in the last place a value computed by a random program may be off (its rounding). */
  private static final double ROUNDING_ULPS = 8;
  /** Points with a partial derivative above this are not checked against differences (see {@link #steep}). */
  private static final double STEEP = 1e2;

  private static final long SEED = Long.getLong("flatgrad.randomPrograms.seed", 20261123L);
  /**
   * {@code -Dflatgrad.randomPrograms.only=1864,2011} checks only those programs of the seed (the
   * others are drawn, not checked): re-runs failures found in a long run on their own.
   */
  private static final List<Integer> ONLY = Arrays.stream(System.getProperty("flatgrad.randomPrograms.only", "")
      .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
  private static final int COUNT = Math.max(Integer.getInteger("flatgrad.randomPrograms.count", ONLY.isEmpty() ? 80 : 0),
      ONLY.stream().mapToInt(n -> n + 1).max().orElse(0));
  /** Programs compiled together: one javac run for many programs. */
  private static final int BATCH = 20;
  /** Stop after this many distinct failures (each is shrunk, which takes a while). */
  private static final int MAX_FAILURES = Integer.getInteger("flatgrad.randomPrograms.maxFailures", 3);
  /** {@code -Dflatgrad.randomPrograms.shrink=false} reports failures as found, without shrinking them. */
  private static final boolean SHRINK = !"false".equals(System.getProperty("flatgrad.randomPrograms.shrink"));
  private static final int MAX_CHOICES = 400;

  /** How a program failed; a shrunk program must fail the same way. */
  enum Verdict {
    /** The generator wrote Java javac rejects: a bug of the generator, not of flatgrad. */
    INVALID_PROGRAM,
    /** flatgrad rejected the program or generated code javac rejects. */
    NOT_COMPILED,
    /** The original method threw: a bug of the generator. */
    ORIGINAL_THREW,
    GENERATED_THREW,
    VALUE_DIFFERS,
    INPUT_MODIFIED,
    WRONG_GRADIENT,
    WRONG_TANGENT,
    WRONG_HVP,
    /** {@code fHessian} or {@code fJacobian} disagrees with the H.v or tangent it is made of. */
    WRONG_MATRIX
  }

  record Failure(Verdict verdict, String message) {}

  private record Case(List<Integer> recipe, long inputSeed, Program program) {}

  /** How many points were checked how far, for the closing line. */
  private static final int[] POINTS_CHECKED = new int[6];
  private static final int VALUE_ONLY = 0;
  private static final int GRADIENT = 1;
  private static final int NOT_FINITE = 2;
  private static final int TANGENT = 3;
  private static final int HVP = 4;
  /** Points not judged: the value jumps right next to them along a probe ({@link ValueJumps}). */
  private static final int JUMPING = 5;

  @Test
  void generatedCodeMatchesTheOriginalMethodAndItsCentredDifferences() {
    Random programs = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int run = 0;
    while (run < COUNT && failures.size() < MAX_FAILURES) {
      List<Case> batch = new ArrayList<>();
      List<Integer> numbers = new ArrayList<>();
      // Programs checked by number are compiled each alone, with the name it has in its batch.
      for (; batch.size() < (ONLY.isEmpty() ? BATCH : 1) && run < COUNT; run++) {
        List<Integer> recipe = recipe(programs);
        long inputSeed = programs.nextLong();
        if (ONLY.isEmpty() || ONLY.contains(run)) {
          numbers.add(run);
          batch.add(new Case(recipe, inputSeed, ProgramGenerator.program(recipe, run % BATCH)));
        }
      }
      List<Optional<Failure>> results = check(batch);
      if (run % 1000 < BATCH && run >= 1000 && ONLY.isEmpty()) {
        // A long run says how far it got.
        System.out.printf(Locale.ROOT, "random programs: %d of seed %d checked, %d failing%n", run, SEED,
            failures.size());
      }
      for (int k = 0; k < batch.size() && failures.size() < MAX_FAILURES; k++) {
        if (results.get(k).isPresent()) {
          Case c = batch.get(k);
          Failure first = results.get(k).get();
          System.out.printf(Locale.ROOT, "random programs: program %d of seed %d: %s%s%n", numbers.get(k), SEED,
              first.verdict(), SHRINK ? ", shrinking" : "");
          List<Integer> smallest = SHRINK ? shrunk(c.recipe(), c.inputSeed(), first.verdict()) : c.recipe();
          failures.add("program " + numbers.get(k) + " of seed " + SEED + ": " + first.verdict()
              + " (shrunk from " + c.recipe().size() + " to " + smallest.size() + " choices: " + smallest
              + ", inputs from seed " + c.inputSeed() + "L):\n"
              + (SHRINK ? failure(smallest, c.inputSeed()).map(Failure::message).orElse(first.message())
                  : first.message()));
        }
      }
    }
    System.out.printf(Locale.ROOT, "random programs: %d of seed %d%s; points: %d with gradients checked (%d with"
        + " tangents too, %d H.v), %d with value and inputs only (steep), %d not finite, %d with a value jumping next to"
        + " them (not judged); %d failing%n", run, SEED,
        ONLY.isEmpty() ? "" : " (checked only " + ONLY + ")",
        POINTS_CHECKED[GRADIENT], POINTS_CHECKED[TANGENT], POINTS_CHECKED[HVP], POINTS_CHECKED[VALUE_ONLY],
        POINTS_CHECKED[NOT_FINITE], POINTS_CHECKED[JUMPING], failures.size());
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " failing programs in the first " + run + ":\n\n"
          + String.join("\n\n", failures));
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
   * Compiles the programs together (those cut into parts apart from the others; each alone if
   * that fails) and checks each.
   */
  private static List<Optional<Failure>> check(List<Case> batch) {
    List<Optional<Failure>> results = new ArrayList<>(Collections.nCopies(batch.size(), Optional.empty()));
    for (boolean cut : new boolean[] {false, true}) {
      List<Integer> group = new ArrayList<>();
      for (int k = 0; k < batch.size(); k++) {
        if (batch.get(k).program().cut() == cut) {
          group.add(k);
        }
      }
      if (group.isEmpty()) {
        continue;
      }
      Compilation c = compile(cut, group.stream().map(k -> source(batch.get(k).program().source()))
          .toArray(JavaFileObject[]::new));
      Loaded l = c.status() == Compilation.Status.SUCCESS ? load(c) : null;
      for (int k : group) {
        Case one = batch.get(k);
        results.set(k, l == null ? check(one.program(), one.inputSeed()) : check(one.program(), l, one.inputSeed()));
      }
    }
    return results;
  }

  /**
   * Compiles with the processor; {@code cut}: with a limit so small that every generated method
   * is cut into parts (as {@code SplitEverythingTest} does).
   */
  private static Compilation compile(boolean cut, JavaFileObject... sources) {
    if (!cut) {
      return Flatgrad.compile(sources);
    }
    System.setProperty("flatgrad.splitLimit", "60");
    try {
      return Flatgrad.compile(sources);
    } finally {
      System.clearProperty("flatgrad.splitLimit");
    }
  }

  /**
   * A smaller recipe that fails the same way: drops halves, quarters, ... down to single choices,
   * then lowers each choice to 0, keeping every change after which the program still fails so.
   * Fewer and smaller choices decode to a simpler program (see {@link ProgramGenerator}).
   */
  static List<Integer> shrunk(List<Integer> recipe, long inputSeed, Verdict verdict) {
    List<Integer> best = new ArrayList<>(recipe);
    for (int chunk = Math.max(1, best.size() / 2); chunk >= 1; chunk /= 2) {
      for (int from = 0; from + chunk <= best.size(); ) {
        List<Integer> fewer = new ArrayList<>(best.subList(0, from));
        fewer.addAll(best.subList(from + chunk, best.size()));
        if (failsSo(fewer, inputSeed, verdict)) {
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
        if (failsSo(lower, inputSeed, verdict)) {
          best = lower;
        }
      }
    }
    return best;
  }

  private static boolean failsSo(List<Integer> recipe, long inputSeed, Verdict verdict) {
    return failure(recipe, inputSeed).filter(f -> f.verdict() == verdict).isPresent();
  }

  /** How the program of {@code recipe} fails at inputs drawn from {@code inputSeed}, if it does. */
  static Optional<Failure> failure(List<Integer> recipe, long inputSeed) {
    return check(ProgramGenerator.program(recipe, 0), inputSeed);
  }

  /** Compiles one program alone and checks it. */
  static Optional<Failure> check(Program program, long inputSeed) {
    Compilation c = compile(program.cut(), source(program.source()));
    if (c.status() != Compilation.Status.SUCCESS) {
      boolean flatgrad = c.diagnostics().stream().noneMatch(RandomProgramsTest::isTheProgramsOwn);
      return Optional.of(new Failure(flatgrad ? Verdict.NOT_COMPILED : Verdict.INVALID_PROGRAM,
          "the program does not compile" + (flatgrad ? " with flatgrad" : " (a bug of the generator)") + ":\n"
              + numbered(program.source()) + "\n" + c.diagnostics()));
    }
    return check(program, load(c), inputSeed);
  }

  /**
   * A problem javac finds in the program itself (not one flatgrad reports, nor one in the code it
   * generated): the program is not valid Java with -Xlint:all -Werror, a bug of the generator.
   */
  private static boolean isTheProgramsOwn(Diagnostic<? extends JavaFileObject> d) {
    return d.getKind() != Diagnostic.Kind.NOTE && d.getSource() != null
        && !d.getSource().getName().endsWith("Grad.java") && !d.getMessage(Locale.ROOT).contains("[Flatgrad");
  }

  /** The program being checked: the classes of its settings objects ({@code P7$Hyper}, {@code P7$Mode}). */
  private static Loaded loaded;
  private static Program checked;

  private static Class<?> settingsClass(Input in) {
    try {
      return loaded.loadClass("rp." + checked.className() + switch (in.kind()) {
        case HYPER -> "$Hyper";
        case PARAMS -> "$Params";
        default -> "$Mode";
      });
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** Checks a compiled program at {@link #POINTS} random inputs. */
  static Optional<Failure> check(Program program, Loaded l, long inputSeed) {
    Random random = new Random(inputSeed);
    loaded = l;
    checked = program;
    try {
      Methods m = new Methods(l, program);
      for (int p = 0; p < POINTS; p++) {
        Object[] args = inputs(program, random);
        Optional<Failure> f = checkAt(program, m, args, random);
        if (f.isPresent()) {
          return f;
        }
      }
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call the methods of\n" + numbered(program.source()), e);
    }
  }

  /**
   * The original method, the generated one and its check, the tangent and its check (if the
   * program asks for them), and the object of an instance method.
   */
  private static final class Methods {
    final Method original;
    final Method generated;
    final Method check;
    final Method tangent;
    final Method checkTangent;
    final Method hvp;
    final Method checkHvp;
    final Method hessian;
    final Method jacobian;
    final Object self;

    Methods(Loaded l, Program p) throws ReflectiveOperationException {
      Class<?> cls = l.loadClass("rp." + p.className());
      Class<?> grad = l.loadClass("rp." + p.className() + "Grad");
      List<Class<?>> params = new ArrayList<>();
      for (Input in : p.inputs()) {
        params.add(javaClass(in));
      }
      original = cls.getDeclaredMethod("f", params.toArray(Class<?>[]::new));
      original.setAccessible(true);
      if (p.instance()) {
        params.add(0, cls);
        Constructor<?> make = cls.getDeclaredConstructor();
        make.setAccessible(true);
        self = make.newInstance();
      } else {
        self = null;
      }
      List<Class<?>> tangentParams = new ArrayList<>(params);
      for (Input in : directions(p)) {
        tangentParams.add(javaClass(in));
      }
      boolean scalar = p.result().kind() == ProgramGenerator.Kind.DOUBLE;
      hessian = p.hessian() && scalar ? grad.getMethod("fHessian", params.toArray(Class<?>[]::new)) : null;
      jacobian = p.jacobian() ? grad.getMethod("fJacobian", params.toArray(Class<?>[]::new)) : null;
      if (!scalar) {
        params.add(javaClass(p.result()));
      }
      generated = grad.getMethod("f", params.toArray(Class<?>[]::new));
      check = grad.getMethod("checkF", params.toArray(Class<?>[]::new));
      tangent = p.tangent() ? grad.getMethod("fTangent", tangentParams.toArray(Class<?>[]::new)) : null;
      checkTangent = p.tangent() ? grad.getMethod("checkFTangent", tangentParams.toArray(Class<?>[]::new)) : null;
      if (p.result().kind() != ProgramGenerator.Kind.DOUBLE) {
        tangentParams.add(javaClass(p.result())); // an H.v takes dout last, as the gradient does
      }
      hvp = p.hessian() ? grad.getMethod("fHvp", tangentParams.toArray(Class<?>[]::new)) : null;
      checkHvp = p.hessian() ? grad.getMethod("checkFHvp", tangentParams.toArray(Class<?>[]::new)) : null;
    }
  }

  /** The differentiated parameters, in order: a tangent takes one direction of each's shape. */
  private static List<Input> directions(Program p) {
    return p.inputs().stream().filter(in -> p.differentiated().contains(in.name())).toList();
  }

  private static Class<?> javaClass(Input in) {
    return switch (in.kind()) {
      case DOUBLE -> double.class;
      case INT -> int.class;
      case LONG -> long.class;
      case BOOLEAN -> boolean.class;
      case VECTOR -> double[].class;
      case MATRIX -> double[][].class;
      case MATRICES -> double[][][].class;
      case INT_VECTOR -> int[].class;
      case MASK -> boolean[].class;
      case STRING -> String.class;
      case HYPER, MODE, PARAMS -> settingsClass(in);
    };
  }

  private static Optional<Failure> checkAt(Program program, Methods m, Object[] args, Random random)
      throws ReflectiveOperationException {
    Object[] generatedArgs = generatedArgs(program, m, args, random);
    String at = describe(generatedArgs);
    Object expected;
    try {
      expected = m.original.invoke(m.self, deepCopy(args));
    } catch (InvocationTargetException e) {
      return fail(Verdict.ORIGINAL_THREW, program, at, "the original method threw " + e.getCause()
          + " (a bug of the generator)");
    }
    if (!finite(expected)) {
      POINTS_CHECKED[NOT_FINITE]++;
      return Optional.empty();
    }
    Object record;
    try {
      record = m.generated.invoke(null, generatedArgs);
    } catch (InvocationTargetException e) {
      return fail(Verdict.GENERATED_THREW, program, at, "the generated method threw " + trace(e.getCause()));
    }
    if (!at.equals(describe(generatedArgs))) {
      return fail(Verdict.INPUT_MODIFIED, program, at, "the generated method changed its inputs to\n"
          + describe(generatedArgs));
    }
    Object value = component(record, "value");
    if (!sameBits(expected, value)) {
      return fail(Verdict.VALUE_DIFFERS, program, at, "the generated value differs from the original's:\n"
          + "generated " + text(value) + "\noriginal  " + text(expected));
    }
    boolean steep = steep(record);
    if (m.tangent != null) {
      Optional<Failure> f = checkTangentAt(program, m, args, generatedArgs, expected, steep, random);
      if (f.isPresent()) {
        return f;
      }
    }
    if (steep) {
      POINTS_CHECKED[VALUE_ONLY]++;
      return Optional.empty();
    }
    POINTS_CHECKED[GRADIENT]++;
    GradCheck.Report report;
    try {
      report = (GradCheck.Report) m.check.invoke(null, generatedArgs);
    } catch (InvocationTargetException e) {
      return fail(Verdict.GENERATED_THREW, program, at, "the generated check threw " + trace(e.getCause()));
    }
    if (!at.equals(describe(generatedArgs))) {
      return fail(Verdict.INPUT_MODIFIED, program, at, "the generated check changed its inputs to\n"
          + describe(generatedArgs));
    }
    if (!report.rows().get(0).passed()) {
      return fail(Verdict.VALUE_DIFFERS, program, at, "the check's value row failed:\n" + report.table());
    }
    if (gradientError(report) <= TOLERANCE || agreesWithFineDifferences(program, m, generatedArgs, record, random)) {
      return Optional.empty();
    }
    // Twice again, nearby: a kink within the stencil's reach fails at one point, a wrong gradient at all.
    for (int again = 0; again < 2; again++) {
      Object[] nearby = nudged(generatedArgs, random);
      try {
        if (!finite(m.original.invoke(m.self, deepCopy(project(nearby, program))))
            || gradientError((GradCheck.Report) m.check.invoke(null, nearby)) <= TOLERANCE) {
          return Optional.empty();
        }
      } catch (InvocationTargetException e) {
        return fail(Verdict.GENERATED_THREW, program, describe(nearby), "threw " + trace(e.getCause()));
      }
    }
    return fail(Verdict.WRONG_GRADIENT, program, at, report.table());
  }

  /**
   * Forward mode at the same point along random directions: {@code fTangent}'s value equals the
   * original's bit for bit, it and its check leave their inputs alone, and its {@code valueDot}
   * agrees with centred differences along the directions ({@code checkFTangent}), checked again
   * nearby as the gradient is.
   */
  private static Optional<Failure> checkTangentAt(Program program, Methods m, Object[] args, Object[] generatedArgs,
      Object expected, boolean steep, Random random) throws ReflectiveOperationException {
    List<Object> list = new ArrayList<>();
    if (program.instance()) {
      list.add(m.self);
    }
    list.addAll(Arrays.asList(args));
    for (Input in : directions(program)) {
      list.add(draw(in, random));
    }
    Object[] tangentArgs = list.toArray();
    String at = describe(tangentArgs);
    Object record;
    try {
      record = m.tangent.invoke(null, tangentArgs);
    } catch (InvocationTargetException e) {
      return fail(Verdict.GENERATED_THREW, program, at, "the generated tangent threw " + trace(e.getCause()));
    }
    if (!at.equals(describe(tangentArgs))) {
      return fail(Verdict.INPUT_MODIFIED, program, at, "the generated tangent changed its inputs to\n"
          + describe(tangentArgs));
    }
    Object value = component(record, "value");
    if (!sameBits(expected, value)) {
      return fail(Verdict.VALUE_DIFFERS, program, at, "the tangent's value differs from the original's:\n"
          + "tangent  " + text(value) + "\noriginal " + text(expected));
    }
    if (m.hvp != null) {
      Optional<Failure> f = checkHvpAt(program, m, tangentArgs, generatedArgs, expected, random);
      if (f.isPresent()) {
        return f;
      }
    }
    Optional<Failure> matrices = checkMatricesAt(program, m, tangentArgs, expected, record);
    if (matrices.isPresent()) {
      return matrices;
    }
    if (steep || largest(component(record, "valueDot")) > STEEP) {
      return Optional.empty();
    }
    POINTS_CHECKED[TANGENT]++;
    GradCheck.Report report;
    try {
      report = (GradCheck.Report) m.checkTangent.invoke(null, tangentArgs);
    } catch (InvocationTargetException e) {
      return fail(Verdict.GENERATED_THREW, program, at, "the tangent's check threw " + trace(e.getCause()));
    }
    if (!at.equals(describe(tangentArgs))) {
      return fail(Verdict.INPUT_MODIFIED, program, at, "the tangent's check changed its inputs to\n"
          + describe(tangentArgs));
    }
    if (gradientError(report) <= TOLERANCE || tangentAgreesWithFineDifferences(program, m, tangentArgs, record, random)) {
      return Optional.empty();
    }
    for (int again = 0; again < 2; again++) {
      Object[] nearby = nudged(tangentArgs, random);
      try {
        if (!finite(m.original.invoke(m.self, deepCopy(project(nearby, program))))
            || gradientError((GradCheck.Report) m.checkTangent.invoke(null, nearby)) <= TOLERANCE) {
          return Optional.empty();
        }
      } catch (InvocationTargetException e) {
        return fail(Verdict.GENERATED_THREW, program, describe(nearby), "threw " + trace(e.getCause()));
      }
    }
    return fail(Verdict.WRONG_TANGENT, program, at, report.table());
  }

  /**
   * Hessian-vector products at the tangent's point and directions (and the gradient's dout): the
   * value bit for bit, the inputs left alone, and {@code checkFHvp} (the directional derivative
   * of the gradient against centred differences of the generated gradient), checked again nearby.
   */
  private static Optional<Failure> checkHvpAt(Program program, Methods m, Object[] tangentArgs, Object[] generatedArgs,
      Object expected, Random random) throws ReflectiveOperationException {
    List<Object> list = new ArrayList<>(Arrays.asList(tangentArgs));
    if (program.result().kind() != ProgramGenerator.Kind.DOUBLE) {
      list.add(generatedArgs[generatedArgs.length - 1]);
    }
    Object[] args = list.toArray();
    String at = describe(args);
    Object record;
    try {
      record = m.hvp.invoke(null, args);
    } catch (InvocationTargetException e) {
      return fail(Verdict.GENERATED_THREW, program, at, "the generated H.v threw " + trace(e.getCause()));
    }
    if (!at.equals(describe(args))) {
      return fail(Verdict.INPUT_MODIFIED, program, at, "the generated H.v changed its inputs to\n" + describe(args));
    }
    if (!sameBits(expected, component(record, "value"))) {
      return fail(Verdict.VALUE_DIFFERS, program, at, "the H.v's value differs from the original's:\n"
          + "H.v      " + text(component(record, "value")) + "\noriginal " + text(expected));
    }
    if (steep(record)) {
      return Optional.empty();
    }
    POINTS_CHECKED[HVP]++;
    GradCheck.Report report;
    try {
      report = (GradCheck.Report) m.checkHvp.invoke(null, args);
    } catch (InvocationTargetException e) {
      return fail(Verdict.GENERATED_THREW, program, at, "the H.v's check threw " + trace(e.getCause()));
    }
    if (!at.equals(describe(args))) {
      return fail(Verdict.INPUT_MODIFIED, program, at, "the H.v's check changed its inputs to\n" + describe(args));
    }
    if (gradientError(report) <= TOLERANCE) {
      return Optional.empty();
    }
    for (int again = 0; again < 2; again++) {
      Object[] nearby = nudged(args, random);
      try {
        if (!finite(m.original.invoke(m.self, deepCopy(project(nearby, program))))
            || gradientError((GradCheck.Report) m.checkHvp.invoke(null, nearby)) <= TOLERANCE) {
          return Optional.empty();
        }
      } catch (InvocationTargetException e) {
        return fail(Verdict.GENERATED_THREW, program, describe(nearby), "threw " + trace(e.getCause()));
      }
    }
    return fail(Verdict.WRONG_HVP, program, at, report.table());
  }

  /**
   * {@code fHessian} and {@code fJacobian} at the tangent's point: the value bit for bit, the
   * inputs left alone, and the matrix times the tangent's directions equal to what the H.v (its
   * products) or the tangent ({@code valueDot}) gives along them, up to rounding: rows of the
   * Hessian are H.v products along unit vectors, columns of the Jacobian tangents (or its rows
   * gradients), so this checks how they are put together; the products themselves are checked
   * against differences.
   */
  private static Optional<Failure> checkMatricesAt(Program program, Methods m, Object[] tangentArgs, Object expected,
      Object tangent) throws ReflectiveOperationException {
    int from = program.instance() ? 1 : 0;
    int count = program.inputs().size();
    Object[] args = Arrays.copyOfRange(tangentArgs, 0, from + count);
    double[] direction = flatten(Arrays.asList(tangentArgs).subList(from + count, tangentArgs.length).toArray());
    String at = describe(tangentArgs);
    for (Method method : new Method[] {m.hessian, m.jacobian}) {
      if (method == null) {
        continue;
      }
      Object record;
      try {
        record = method.invoke(null, args);
      } catch (InvocationTargetException e) {
        return fail(Verdict.GENERATED_THREW, program, at, "the generated " + method.getName() + " threw "
            + trace(e.getCause()));
      }
      if (!at.equals(describe(tangentArgs))) {
        return fail(Verdict.INPUT_MODIFIED, program, at, "the generated " + method.getName() + " changed its inputs");
      }
      if (!sameBits(expected, component(record, "value"))) {
        return fail(Verdict.VALUE_DIFFERS, program, at, method.getName() + "'s value differs from the original's:\n"
            + text(component(record, "value")) + "\noriginal " + text(expected));
      }
      boolean isHessian = method == m.hessian;
      double[][] matrix = (double[][]) component(record, isHessian ? "hessian" : "jacobian");
      double[] along;
      if (isHessian) {
        Object hvp = m.hvp.invoke(null, tangentArgs);
        var components = hvp.getClass().getRecordComponents();
        int w = directions(program).size();
        List<Object> products = new ArrayList<>();
        for (int k = 2 + w; k < 2 + 2 * w; k++) {
          products.add(component(hvp, components[k].getName()));
        }
        along = flatten(products.toArray());
      } else {
        along = flatten(new Object[] {component(tangent, "valueDot")});
      }
      for (int i = 0; i < along.length; i++) {
        double sum = 0;
        double scale = 1;
        for (int k = 0; k < direction.length; k++) {
          double entry = isHessian ? matrix[k][i] : matrix[i][k];
          sum += entry * direction[k];
          scale += Math.abs(entry * direction[k]);
        }
        if (Double.isFinite(scale) && Double.isFinite(along[i]) && !(Math.abs(sum - along[i]) <= 1e-9 * scale)) {
          return fail(Verdict.WRONG_MATRIX, program, at, method.getName() + " times the directions differs from "
              + (isHessian ? "the H.v" : "the tangent") + " at entry " + i + ": " + sum + " against " + along[i]
              + "\n" + Arrays.deepToString(matrix));
        }
      }
    }
    return Optional.empty();
  }

  /** The entries of values (doubles, arrays of any rank) in order, arrays row by row. */
  private static double[] flatten(Object[] values) {
    List<Double> out = new ArrayList<>();
    for (Object v : values) {
      flattenInto(v, out);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flattenInto(Object v, List<Double> out) {
    if (v instanceof Record record) {
      for (Object c : components(record)) {
        flattenInto(c, out);
      }
    } else if (v instanceof Double d) {
      out.add(d);
    } else if (v instanceof double[] a) {
      Arrays.stream(a).forEach(out::add);
    } else {
      for (Object row : (Object[]) v) {
        flattenInto(row, out);
      }
    }
  }

  /**
   * Whether the gradient, projected on two random directions, agrees with centred differences of
   * the original method along them at a step of 1e-6 down to 1e-10: a loop that doubles a value
   * before a {@code %} or a {@code floor} makes the intermediate derivatives so large that the
   * check's step (1e-4) crosses a jump, though the gradient (which is all the check looks at for
   * steepness) is small. A wrong gradient disagrees at every step.
   */
  private static boolean agreesWithFineDifferences(Program p, Methods m, Object[] generatedArgs, Object record,
      Random random) throws ReflectiveOperationException {
    Object[] at = project(generatedArgs, p);
    Object dout = p.result().kind() == ProgramGenerator.Kind.DOUBLE ? null : generatedArgs[generatedArgs.length - 1];
    List<Input> wrt = directions(p);
    var components = record.getClass().getRecordComponents();
    for (int d = 0; d < 2; d++) {
      Object[] direction = new Object[at.length];
      double analytic = 0;
      for (int k = 0, w = 0; k < at.length; k++) {
        if (wrt.contains(p.inputs().get(k))) {
          direction[k] = draw(p.inputs().get(k), random);
          analytic += dot(component(record, components[1 + w++].getName()), direction[k]);
        }
      }
      if (!agreesAlong(m, at, direction, analytic, dout)) {
        return false;
      }
    }
    return true;
  }

  /** The same for a tangent: its {@code valueDot} (projected on random weights) along its own directions. */
  private static boolean tangentAgreesWithFineDifferences(Program p, Methods m, Object[] tangentArgs, Object record,
      Random random) throws ReflectiveOperationException {
    int from = p.instance() ? 1 : 0;
    int count = p.inputs().size();
    Object[] at = Arrays.copyOfRange(tangentArgs, from, from + count);
    Object[] direction = new Object[count];
    List<Input> wrt = directions(p);
    for (int k = 0, w = 0; k < count; k++) {
      if (wrt.contains(p.inputs().get(k))) {
        direction[k] = tangentArgs[from + count + w++];
      }
    }
    Object weights = p.result().kind() == ProgramGenerator.Kind.DOUBLE ? null : draw(p.result(), random);
    return agreesAlong(m, at, direction, projected(component(record, "valueDot"), weights), weights);
  }

  /**
   * Whether {@code analytic} agrees with a centred difference of the original method (its result
   * projected on {@code weights}, if an array) along {@code direction} at a step of 1e-6 down to
   * 1e-10. A jump can sit within 1e-8 of the point (a {@code Double.compare} of two nearly equal
   * values); at the finest steps the difference carries the rounding of the two values, up to
   * {@link #ROUNDING_ULPS} units in their last place over the step, which the tolerance allows.
   * Where the value jumps right next to the point (a tie decided by rounding: {@link ValueJumps}),
   * no step can judge the gradient: the point is counted, not failed.
   */
  private static boolean agreesAlong(Methods m, Object[] at, Object[] direction, double analytic, Object weights) {
    DoubleUnaryOperator f = t -> {
      try {
        return projected(m.original.invoke(m.self, moved(at, direction, t)), weights);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("the original method failed along a probe", e);
      }
    };
    for (double h = 1e-6; h >= 1e-10; h /= 10) {
      double up = f.applyAsDouble(h);
      double down = f.applyAsDouble(-h);
      double rounding = ROUNDING_ULPS * Math.ulp(Math.max(Math.abs(up), Math.abs(down))) / h;
      if (Math.abs((up - down) / (2 * h) - analytic) <= TOLERANCE * Math.max(1, Math.abs(analytic)) + rounding) {
        return true;
      }
    }
    if (ValueJumps.nextTo(f)) {
      POINTS_CHECKED[JUMPING]++;
      return true;
    }
    return false;
  }

  /** A copy of the arguments, each with a direction moved by {@code t} along it. */
  private static Object[] moved(Object[] args, Object[] direction, double t) {
    Object[] out = deepCopy(args);
    for (int k = 0; k < out.length; k++) {
      if (direction[k] != null) {
        out[k] = movedAlong(out[k], direction[k], t);
      }
    }
    return out;
  }

  private static Object movedAlong(Object x, Object d, double t) {
    if (x instanceof Record record) {
      Object[] xs = components(record);
      Object[] ds = components((Record) d);
      for (int i = 0; i < xs.length; i++) {
        xs[i] = movedAlong(xs[i], ds[i], t);
      }
      return record(record.getClass(), xs);
    }
    if (x instanceof Double v) {
      return v + t * (Double) d;
    }
    Object[] rows = x instanceof double[] v ? null : (Object[]) x;
    if (rows == null) {
      double[] v = (double[]) x;
      for (int i = 0; i < v.length; i++) {
        v[i] += t * ((double[]) d)[i];
      }
      return v;
    }
    for (int i = 0; i < rows.length; i++) {
      rows[i] = movedAlong(rows[i], ((Object[]) d)[i], t);
    }
    return rows;
  }

  /** The sum of the products of entries of two values of one shape (a double, or arrays of any rank). */
  private static double dot(Object a, Object b) {
    if (a instanceof Record x) {
      return dot(components(x), components((Record) b));
    }
    if (a instanceof Double x) {
      return x * (Double) b;
    }
    if (a instanceof double[] x) {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        s += x[i] * ((double[]) b)[i];
      }
      return s;
    }
    double s = 0;
    for (int i = 0; i < ((Object[]) a).length; i++) {
      s += dot(((Object[]) a)[i], ((Object[]) b)[i]);
    }
    return s;
  }

  /** A scalar result, or an array result projected on {@code dout}: what the gradient is the gradient of. */
  private static double projected(Object value, Object dout) {
    return dout == null ? (Double) value : dot(value, dout);
  }

  /** The largest relative error of the gradient rows (the value's row is judged on its own). */
  private static double gradientError(GradCheck.Report r) {
    double worst = 0;
    for (GradCheck.Row row : r.rows()) {
      if (!row.name().equals(GradCheck.VALUE_ROW)) {
        worst = Double.isNaN(row.maxError()) ? Double.POSITIVE_INFINITY : Math.max(worst, row.maxError());
      }
    }
    return worst;
  }

  /** The generated method's arguments: the object first for an instance method, a random dout last for an array result. */
  private static Object[] generatedArgs(Program p, Methods m, Object[] args, Random random) {
    List<Object> out = new ArrayList<>();
    if (p.instance()) {
      out.add(m.self);
    }
    out.addAll(Arrays.asList(args));
    if (p.result().kind() != ProgramGenerator.Kind.DOUBLE) {
      out.add(draw(p.result(), random));
    }
    return out.toArray();
  }

  /** The original method's arguments among the generated method's. */
  private static Object[] project(Object[] generatedArgs, Program p) {
    int from = p.instance() ? 1 : 0;
    return Arrays.copyOfRange(generatedArgs, from, from + p.inputs().size());
  }

  private static Optional<Failure> fail(Verdict v, Program p, String at, String what) {
    return Optional.of(new Failure(v, numbered(p.source()) + "\nat " + at + "\n" + what));
  }

  /** Whether a gradient entry at these inputs is above {@link #STEEP}: centred differences are meaningless there. */
  private static boolean steep(Object record) {
    for (var c : record.getClass().getRecordComponents()) {
      if (!c.getName().equals("value") && largest(component(record, c.getName())) > STEEP) {
        return true;
      }
    }
    return false;
  }

  private static double largest(Object x) {
    if (x instanceof Record r) {
      return Arrays.stream(components(r)).mapToDouble(RandomProgramsTest::largest).max().orElse(0);
    }
    if (x instanceof double[][][] t) {
      return Arrays.stream(t).mapToDouble(RandomProgramsTest::largest).max().orElse(0);
    }
    if (x instanceof double[][] m) {
      return Arrays.stream(m).mapToDouble(RandomProgramsTest::largest).max().orElse(0);
    }
    if (x instanceof double[] v) {
      return Arrays.stream(v).map(Math::abs).max().orElse(0);
    }
    return Math.abs((double) x);
  }

  private static Object component(Object record, String name) {
    return Loaded.component(record, name);
  }

  private static boolean finite(Object value) {
    return Double.isFinite(largest(value));
  }

  private static boolean sameBits(Object a, Object b) {
    if (a instanceof double[][] x && b instanceof double[][] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (!sameBits(x[i], y[i])) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof double[] x && b instanceof double[] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) {
          return false;
        }
      }
      return true;
    }
    return a instanceof Double x && b instanceof Double y && Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
  }

  private static String trace(Throwable t) {
    StringBuilder s = new StringBuilder(t.toString());
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith("rp.")) {
        s.append("\n  at ").append(e);
      }
    }
    return s.toString();
  }

  // ---- inputs ----

  /** Inputs as the program's parameters describe them: doubles in [-1, 1], shapes as given. */
  private static Object[] inputs(Program p, Random r) {
    return p.inputs().stream().map(in -> draw(in, r)).toArray();
  }

  private static Object draw(Input in, Random r) {
    int[] d = in.dims();
    return switch (in.kind()) {
      case DOUBLE -> uniform(r);
      case INT -> d[0] + r.nextInt(d[1] - d[0] + 1);
      case LONG -> (long) (d[0] + r.nextInt(d[1] - d[0] + 1));
      case BOOLEAN -> r.nextBoolean();
      case VECTOR -> vector(r, d[0]);
      case MATRIX -> matrix(r, d[0], d[1]);
      case MATRICES -> {
        double[][][] t = new double[d.length / 2][][];
        for (int l = 0; l < t.length; l++) {
          t[l] = matrix(r, d[2 * l], d[2 * l + 1]);
        }
        yield t;
      }
      case INT_VECTOR -> r.ints(d[0], 0, d[1]).toArray();
      case MASK -> {
        boolean[] mask = new boolean[d[0]];
        for (int i = 0; i < mask.length; i++) {
          mask[i] = r.nextBoolean();
        }
        yield mask;
      }
      case HYPER -> {
        try {
          var make = settingsClass(in).getDeclaredConstructor(double.class, int.class);
          make.setAccessible(true);
          yield make.newInstance(uniform(r), r.nextInt(4));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      case MODE -> settingsClass(in).getEnumConstants()[r.nextInt(3)];
      case STRING -> ProgramGenerator.STRINGS.get(r.nextInt(ProgramGenerator.STRINGS.size()));
      case PARAMS -> record(settingsClass(in), vector(r, d[0]), matrix(r, d[1], d[2]));
    };
  }

  private static double[] vector(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = uniform(r);
    }
    return v;
  }

  private static double[][] matrix(Random r, int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(r, cols);
    }
    return m;
  }

  private static double uniform(Random r) {
    return -1 + 2 * r.nextDouble();
  }

  /** The same point, every double moved by about 1e-2 at most (dout too). */
  private static Object[] nudged(Object[] args, Random r) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = nudge(args[i], r);
    }
    return out;
  }

  private static Object nudge(Object x, Random r) {
    if (x instanceof Record record) {
      return record(record.getClass(), Arrays.stream(components(record)).map(c -> nudge(c, r)).toArray());
    }
    if (x instanceof Double v) {
      return v * (1 + 1e-2 * uniform(r)) + 1e-2 * uniform(r);
    }
    if (x instanceof double[] v) {
      double[] out = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = (double) nudge(v[i], r);
      }
      return out;
    }
    if (x instanceof double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = (double[]) nudge(m[i], r);
      }
      return out;
    }
    if (x instanceof double[][][] t) {
      double[][][] out = new double[t.length][][];
      for (int i = 0; i < t.length; i++) {
        out[i] = (double[][]) nudge(t[i], r);
      }
      return out;
    }
    return x;
  }

  private static Object[] deepCopy(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = copy(args[i]);
    }
    return out;
  }

  private static Object copy(Object x) {
    if (x instanceof Record record) {
      return record(record.getClass(), Arrays.stream(components(record)).map(RandomProgramsTest::copy).toArray());
    }
    if (x instanceof double[] v) {
      return v.clone();
    }
    if (x instanceof int[] v) {
      return v.clone();
    }
    if (x instanceof double[][] m) {
      return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }
    if (x instanceof double[][][] t) {
      return Arrays.stream(t).map(m -> (double[][]) copy(m)).toArray(double[][][]::new);
    }
    return x;
  }

  /** A record's components, in order. */
  private static Object[] components(Record r) {
    return Arrays.stream(r.getClass().getRecordComponents()).map(c -> component(r, c.getName())).toArray();
  }

  /** A record of this class made of these components (a record of parameters, a direction). */
  private static Object record(Class<?> type, Object... components) {
    try {
      var make = type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new));
      make.setAccessible(true);
      return make.newInstance(components);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The arguments exactly (17 digits): equal text, equal values. */
  static String describe(Object[] args) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < args.length; i++) {
      s.append(i > 0 ? ", " : "").append(text(args[i]));
    }
    return s.append(")").toString();
  }

  private static String text(Object x) {
    if (x instanceof Record r && x.getClass().getSimpleName().equals("Params")) {
      return "Params" + describe(components(r));
    }
    if (x instanceof double[][][] t) {
      return Arrays.deepToString(t);
    }
    if (x instanceof double[][] m) {
      return Arrays.deepToString(m);
    }
    if (x instanceof double[] v) {
      return Arrays.toString(v);
    }
    if (x instanceof int[] v) {
      return Arrays.toString(v);
    }
    if (x != null && x.getClass().getName().startsWith("rp.") && !(x instanceof Record) && !(x instanceof Enum)) {
      return "self";
    }
    return String.valueOf(x);
  }

  static String numbered(String program) {
    List<String> lines = Arrays.asList(program.split("\n"));
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      s.append(String.format(Locale.ROOT, "%3d  %s%n", i + 1, lines.get(i)));
    }
    return s.toString();
  }
}
