package dev.flatgrad.maven.report;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.maven.sources.SourceFile;
import dev.flatgrad.processor.base.Graph;
import dev.flatgrad.processor.engine.MethodReport;
import java.util.Optional;

/**
 * One method of the report: what the engine made of it, where it is, and its page.
 *
 * @param file the source it is declared in
 * @param report the engine's report: the sources and the graph
 * @param declared what the plugin's reading of the sources knows of it (whether its gradient is
 *     hand-written), if it found it
 * @param page the file name of its page, unique in the report
 */
record MethodEntry(SourceFile file, MethodReport report, Optional<DifferentiableMethod> declared, String page) {

  /** The owner's simple (possibly nested) name: {@code Foo}, {@code Outer.Inner}. */
  String simpleOwner() {
    String pkg = packageName();
    return pkg.isEmpty() ? report.owner() : report.owner().substring(pkg.length() + 1);
  }

  String packageName() {
    return declared.map(d -> d.owner().packageName()).orElseGet(() -> {
      String owner = report.owner();
      int dot = owner.lastIndexOf('.');
      return dot < 0 ? "" : owner.substring(0, dot);
    });
  }

  /** The generated class's simple name. */
  String simpleGenerated() {
    String g = report.generatedClass();
    return g.substring(g.lastIndexOf('.') + 1);
  }

  boolean handWritten() {
    return declared.map(d -> d.gradient() == DifferentiableMethod.Gradient.CUSTOM).orElse(false);
  }

  /** The parameters the gradient is taken with respect to: inputs of the graph with an adjoint. */
  java.util.List<Graph.Node> differentiated() {
    return report.graph().nodes().stream()
        .filter(n -> n.kind() == Graph.Kind.INPUT && n.adjoint() != null)
        .toList();
  }

  /** The line the method's text starts on (its annotations), for numbering the forward source. */
  int firstLine() {
    String[] lines = report.forwardSource().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches(".*\\b" + java.util.regex.Pattern.quote(report.method()) + "\\s*\\(.*")) {
        return Math.max(1, report.line() - i);
      }
    }
    return report.line();
  }
}
