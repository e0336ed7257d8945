package dev.flatgrad.maven.generate;

import dev.flatgrad.processor.base.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * What one run of {@link Generator} did.
 *
 * @param upToDate true when nothing had to be regenerated
 * @param reasons why sources were regenerated, one line each ({@code p/Foo.java changed})
 * @param sources how many sources have gradients generated from them ({@code @Differentiable}
 *     methods, or methods with a {@code @CustomGradient})
 * @param regenerated how many of them were differentiated in this run
 * @param written generated files whose content was written (new or changed)
 * @param deleted generated files removed because their source no longer produces them
 * @param diagnostics the engine's diagnostics for the sources differentiated in this run
 * @param dumps IR printouts, when asked for
 */
public record GenerateResult(
    boolean upToDate,
    List<String> reasons,
    int sources,
    int regenerated,
    List<Path> written,
    List<Path> deleted,
    List<Diagnostic> diagnostics,
    List<String> dumps) {

  public GenerateResult {
    reasons = List.copyOf(reasons);
    written = List.copyOf(written);
    deleted = List.copyOf(deleted);
    diagnostics = List.copyOf(diagnostics);
    dumps = List.copyOf(dumps);
  }

  /** Whether any source could not be differentiated. */
  public boolean hasErrors() {
    return errors().size() > 0;
  }

  /** The error diagnostics. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
  }
}
