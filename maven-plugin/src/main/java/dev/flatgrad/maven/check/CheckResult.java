package dev.flatgrad.maven.check;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.runtime.GradCheck;
import java.util.List;

/**
 * What the check found, one outcome per {@code @Differentiable} method of the sources.
 *
 * @param request what was asked
 * @param outcomes one per method, in source order
 */
public record CheckResult(CheckRequest request, List<Outcome> outcomes) {

  public CheckResult {
    outcomes = List.copyOf(outcomes);
  }

  /** What happened to one method. */
  public sealed interface Outcome permits Checked, Unchecked, NotSelected, Broken, Ignored {
    DifferentiableMethod method();
  }

  /**
   * The gradient was checked; one row per differentiated parameter.
   *
   * @param inputs the parameters the inputs were made for, for the reader ({@code double[][] W,
   *     ...})
   */
  public record Checked(DifferentiableMethod method, List<GradCheck.Row> rows, String inputs) implements Outcome {
    public Checked {
      rows = List.copyOf(rows);
    }

    public boolean passed() {
      return rows.stream().allMatch(GradCheck.Row::passed);
    }
  }

  /** The method declares no example inputs (or nothing in it can be checked): said, not hidden. */
  public record Unchecked(DifferentiableMethod method, String reason) implements Outcome {}

  /** The method is left out by the {@code methods} patterns. */
  public record NotSelected(DifferentiableMethod method) implements Outcome {}

  /**
   * The method could not be checked because of a problem to fix: inputs that do not fit, a
   * generated class that is missing, a method that throws.
   *
   * @param location {@code /path/Foo.java:[line,col]}, where the problem is
   * @param problems what is wrong, one line each
   */
  public record Broken(DifferentiableMethod method, String location, List<String> problems) implements Outcome {
    public Broken {
      problems = List.copyOf(problems);
    }
  }

  /** {@code @CheckInputs} on a method that is not {@code @Differentiable}: ignored, with a warning. */
  public record Ignored(DifferentiableMethod method) implements Outcome {}

  public List<Checked> checked() {
    return of(Checked.class);
  }

  public List<Checked> failed() {
    return checked().stream().filter(c -> !c.passed()).toList();
  }

  public List<Unchecked> unchecked() {
    return of(Unchecked.class);
  }

  public List<Broken> broken() {
    return of(Broken.class);
  }

  public List<NotSelected> notSelected() {
    return of(NotSelected.class);
  }

  public List<Ignored> ignored() {
    return of(Ignored.class);
  }

  /** Whether the build should fail: a failed check, a broken method, or (if asked) an unchecked one. */
  public boolean failedBuild() {
    return !failed().isEmpty() || !broken().isEmpty() || (request.failOnUnchecked() && !unchecked().isEmpty());
  }

  private <T extends Outcome> List<T> of(Class<T> kind) {
    return outcomes.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
