package dev.flatgrad.maven.report;

import dev.flatgrad.maven.sources.ClasspathSymbols;
import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.maven.sources.DifferentiableMethods;
import dev.flatgrad.maven.sources.LayeredSymbols;
import dev.flatgrad.maven.sources.SourceFile;
import dev.flatgrad.maven.sources.SourceSymbols;
import dev.flatgrad.maven.sources.SourceTree;
import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.engine.Engine;
import dev.flatgrad.processor.engine.MethodReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The work of the {@code report} goal, without Maven: reads the sources as {@code generate} does
 * (same source tree, same answers about other classes), runs the engine on every source with
 * {@code @Differentiable} methods, and hands the engine's reports of each method to {@link Site},
 * which writes the pages. Code the engine cannot differentiate does not stop the report: its
 * problems are listed on the index.
 */
public final class Reporter {

  /** Writes the report {@code request} asks for. */
  public ReportResult run(ReportRequest request) throws IOException {
    List<SourceFile> files = SourceTree.scan(request.sourceRoots(), request.excludedRoots(), request.encoding());
    List<SourceFile> candidates = files.stream().filter(SourceFile::mentionsDifferentiable).toList();
    List<DifferentiableMethod> declared = DifferentiableMethods.find(candidates, request.release());
    List<MethodEntry> entries = new ArrayList<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    Set<String> pages = new HashSet<>();
    try (ClasspathSymbols classpath = ClasspathSymbols.of(request.classpath())) {
      Symbols symbols = new LayeredSymbols(SourceSymbols.of(files, request.release()), classpath);
      for (SourceFile file : candidates) {
        Engine engine = new Engine(symbols, Engine.Options.DEFAULT.withRelease(request.release()).withReports(true));
        Engine.Result result = engine.differentiate(file.text(), file.path().toString());
        diagnostics.addAll(result.diagnostics());
        for (MethodReport report : result.reports()) {
          entries.add(new MethodEntry(file, report, match(report, file, declared), page(report, pages)));
        }
      }
    }
    Map<String, String> relative = new HashMap<>();
    files.forEach(f -> relative.put(f.path().toString(), f.relative()));
    return Site.write(request.reportDirectory(), request.title(), entries, diagnostics, relative);
  }

  /**
   * The plugin's own reading of the method: the one of the same class and name whose declaration
   * holds the engine's line (overloads differ there).
   */
  private static Optional<DifferentiableMethod> match(MethodReport report, SourceFile file,
      List<DifferentiableMethod> declared) {
    List<DifferentiableMethod> same = declared.stream()
        .filter(d -> d.file().equals(file) && d.owner().qualifiedName().equals(report.owner())
            && d.name().equals(report.method()))
        .toList();
    return same.stream()
        .filter(d -> d.pos().line() <= report.line())
        .reduce((a, b) -> b)
        .or(() -> same.stream().findFirst());
  }

  /** {@code p.Foo.m.html}; an overload gets {@code p.Foo.m-2.html}. File systems may ignore case. */
  private static String page(MethodReport report, Set<String> taken) {
    String base = (report.owner() + "." + report.method()).replace('$', '_');
    String name = base;
    for (int k = 2; !taken.add(name.toLowerCase(Locale.ROOT)); k++) {
      name = base + "-" + k;
    }
    return name + ".html";
  }
}
