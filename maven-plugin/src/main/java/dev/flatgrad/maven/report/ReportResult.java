package dev.flatgrad.maven.report;

import dev.flatgrad.processor.base.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Reporter} wrote.
 *
 * @param index the report's front page
 * @param pages one page per method, in the index's order
 * @param classes how many classes the methods belong to
 * @param diagnostics the engine's problems with the sources: their methods have no page, and the
 *     index lists them
 */
public record ReportResult(Path index, List<Path> pages, int classes, List<Diagnostic> diagnostics) {

  public ReportResult {
    pages = List.copyOf(pages);
    diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
  }
}
