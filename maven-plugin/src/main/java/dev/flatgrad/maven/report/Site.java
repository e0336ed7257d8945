package dev.flatgrad.maven.report;

import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.base.Graph;
import dev.flatgrad.processor.naming.GeneratedNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the report's files: {@code index.html}, a page and a {@code .dot} file per method, and
 * the page's assets (its style sheet and script, and Graphviz compiled to WebAssembly, copied from
 * the plugin's own class path so the pages work offline, from {@code file://}). Output is the same
 * byte for byte for the same sources: no dates, stable order.
 */
final class Site {

  static final String ASSETS = "assets";
  static final String GRAPHS = "graphs";
  /** The files the last run wrote, so that pages of methods that are gone can be removed. */
  static final String MANIFEST = ".flatgrad-report";

  /** Where the plugin's dependency {@code org.mvnpm.at.viz-js:viz} keeps its pieces. */
  private static final String VIZ_POM = "META-INF/maven/org.mvnpm.at.viz-js/viz/pom.properties";
  private static final String VIZ_SCRIPT = "META-INF/resources/_static/at/viz-js/viz/%s/dist/viz-global.js";

  private Site() {}

  /**
   * Writes the report.
   *
   * @param files the sources' paths as the engine names them, each to its path under its root, to
   *     show problems by the path a reader knows
   */
  static ReportResult write(Path dir, String title, List<MethodEntry> entries, List<Diagnostic> diagnostics,
      Map<String, String> files) throws IOException {
    Files.createDirectories(dir.resolve(ASSETS));
    Set<String> written = new LinkedHashSet<>();
    copyResource("report.css", dir, ASSETS + "/report.css", written);
    copyResource("report.js", dir, ASSETS + "/report.js", written);
    copyViz(dir, written);

    List<MethodEntry> ordered = entries.stream()
        .sorted(Comparator.comparing((MethodEntry e) -> e.report().owner()))
        .toList();
    List<Path> pages = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      MethodEntry e = ordered.get(i);
      MethodEntry previous = i > 0 ? ordered.get(i - 1) : null;
      MethodEntry next = i + 1 < ordered.size() ? ordered.get(i + 1) : null;
      String dot = GraphDot.of(e.report().owner() + "#" + e.report().method(), e.report().graph());
      write(dir, dotFile(e), dot, written);
      pages.add(write(dir, e.page(), methodPage(title, e, dot, previous, next), written));
    }
    Map<String, List<MethodEntry>> classes = ordered.stream()
        .collect(Collectors.groupingBy(e -> e.report().owner(), LinkedHashMap::new, Collectors.toList()));
    Path index = write(dir, "index.html", indexPage(title, classes, diagnostics, files), written);
    removeStale(dir, written);
    return new ReportResult(index, pages, classes.size(), diagnostics);
  }

  // ---- index.html

  private static String indexPage(String title, Map<String, List<MethodEntry>> classes,
      List<Diagnostic> diagnostics, Map<String, String> files) {
    StringBuilder h = new StringBuilder();
    head(h, "flatgrad report \u00b7 " + title);
    h.append("<header class=\"top\"><span class=\"brand\">flatgrad</span> report</header>\n<main>\n");
    h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
    int methods = classes.values().stream().mapToInt(List::size).sum();
    h.append("<p class=\"summary\">").append(count(methods, "differentiated method")).append(" in ")
        .append(count(classes.size(), "class", "classes"))
        .append(". Each page shows a method as written beside the backward pass flatgrad generates for it,"
            + " and its computational graph.</p>\n");
    List<Diagnostic> problems = diagnostics.stream().filter(d -> d.severity() != Diagnostic.Severity.NOTE).toList();
    if (!problems.isEmpty()) {
      h.append("<section class=\"problems\"><h2>").append(count(problems.size(), "problem"))
          .append("</h2>\n<p>Methods with errors have no page until the code is changed as the message says.</p>\n<ul>\n");
      for (Diagnostic d : problems) {
        h.append("<li class=\"").append(d.severity().name().toLowerCase(java.util.Locale.ROOT)).append("\"><code>")
            .append(Html.escape(files.getOrDefault(d.file(), shortFile(d.file())))).append(":").append(d.pos().line()).append(":")
            .append(d.pos().column()).append("</code> ").append(Html.escape(d.text())).append("</li>\n");
      }
      h.append("</ul></section>\n");
    }
    if (classes.isEmpty()) {
      h.append("<p class=\"empty\">No <code>@Differentiable</code> methods in the sources.</p>\n");
    }
    for (Map.Entry<String, List<MethodEntry>> c : classes.entrySet()) {
      MethodEntry first = c.getValue().get(0);
      String pkg = first.packageName();
      h.append("<section class=\"class\">\n<h2>");
      if (!pkg.isEmpty()) {
        h.append("<span class=\"pkg\">").append(Html.escape(pkg)).append(".</span>");
      }
      h.append(Html.escape(first.simpleOwner())).append("</h2>\n");
      h.append("<p class=\"meta\"><code>").append(Html.escape(first.file().relative())).append("</code> \u2192 <code>")
          .append(Html.escape(first.simpleGenerated())).append("</code></p>\n");
      h.append("<table class=\"methods\"><thead><tr><th>method</th><th>line</th><th>gradient with respect to</th>"
          + "<th>graph</th><th>backward pass</th></tr></thead>\n<tbody>\n");
      for (MethodEntry e : c.getValue()) {
        Graph g = e.report().graph();
        h.append("<tr><td><a href=\"").append(Html.escape(e.page())).append("\">")
            .append(Html.escape(e.report().method())).append("</a></td>");
        h.append("<td class=\"num\">").append(e.report().line()).append("</td><td>");
        List<Graph.Node> wrt = e.differentiated();
        h.append(wrt.isEmpty() ? "\u2014" : wrt.stream()
            .map(n -> "<code>" + Html.escape(n.label()) + "</code>")
            .collect(Collectors.joining(" ")));
        h.append("</td><td>").append(count(g.nodes().size(), "value")).append("</td><td>")
            .append(e.handWritten() ? "hand-written (<code>@CustomGradient</code>)" : "derived").append("</td></tr>\n");
      }
      h.append("</tbody></table>\n</section>\n");
    }
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  // ---- a method's page

  private static String methodPage(String title, MethodEntry e, String dot, MethodEntry previous, MethodEntry next) {
    var r = e.report();
    JavaHtml.Names names = names(r.graph());
    StringBuilder h = new StringBuilder();
    head(h, e.simpleOwner() + "#" + r.method() + " \u00b7 flatgrad report \u00b7 " + title);
    h.append("<header class=\"top\"><a class=\"brand\" href=\"index.html\">flatgrad</a> <a href=\"index.html\">report</a>");
    h.append(" \u203a ").append(Html.escape(e.packageName().isEmpty() ? "(default package)" : e.packageName()));
    h.append("<nav>");
    h.append(previous == null ? "<span class=\"off\">\u2190 previous</span>"
        : "<a href=\"" + Html.escape(previous.page()) + "\" title=\"" + Html.escape(label(previous)) + "\">\u2190 previous</a>");
    h.append(next == null ? "<span class=\"off\">next \u2192</span>"
        : "<a href=\"" + Html.escape(next.page()) + "\" title=\"" + Html.escape(label(next)) + "\">next \u2192</a>");
    h.append("</nav></header>\n<main>\n");
    h.append("<h1><span class=\"owner\">").append(Html.escape(e.simpleOwner())).append("</span>#")
        .append(Html.escape(r.method())).append("</h1>\n");
    h.append("<p class=\"meta\"><code>").append(Html.escape(e.file().relative())).append(":").append(r.line())
        .append("</code> \u00b7 ");
    List<Graph.Node> wrt = e.differentiated();
    if (!wrt.isEmpty()) {
      h.append("gradient with respect to ").append(wrt.stream()
          .map(n -> "<code class=\"var\" data-v=\"" + Html.escape(n.label()) + "\">" + Html.escape(n.label()) + "</code>")
          .collect(Collectors.joining(", "))).append(" \u00b7 ");
    }
    h.append(e.handWritten() ? "backward pass written by hand (<code>@CustomGradient</code>)" : "backward pass derived from the body")
        .append(", generated in <code>").append(Html.escape(r.generatedClass())).append("</code></p>\n");

    h.append("<section class=\"graph-section\">\n<h2>Computational graph</h2>\n");
    h.append("<p class=\"legend\"><span class=\"key input\">input</span> <span class=\"key value\">value = operation</span> "
        + "<span class=\"key output\">result</span> <span class=\"key adjoint\">\u2190 adjoint</span> the backward pass "
        + "computes for it \u00b7 <span class=\"key inactive\">dashed</span>: no adjoint (not differentiated, or does not "
        + "reach the result) \u00b7 \u21bb: inside a loop. Point at a value to find it in the code.</p>\n");
    boolean empty = r.graph().nodes().isEmpty();
    h.append("<div id=\"graph\" class=\"graph\"").append(empty ? " data-empty=\"true\"" : "").append("><p class=\"status\">")
        .append(empty ? "No values of type double to draw." : "Laying out the graph\u2026").append("</p></div>\n");
    h.append("<pre id=\"graph-dot\" class=\"dot\" hidden>").append(Html.escape(dot)).append("</pre>\n");
    h.append("<noscript><p class=\"status\">The picture needs JavaScript; the graph is in <a href=\"")
        .append(Html.escape(dotFile(e))).append("\">").append(Html.escape(dotFile(e)))
        .append("</a> (Graphviz DOT).</p></noscript>\n");
    h.append("<p class=\"dot-link\"><a href=\"").append(Html.escape(dotFile(e))).append("\">DOT source</a></p>\n");
    h.append("</section>\n");
    h.append("<section class=\"sources\">\n");
    h.append("<div class=\"pane\"><h2>Forward <small>as written</small></h2>\n<pre class=\"java\"><code>");
    Set<String> packages = new java.util.HashSet<>(List.of(e.packageName(), packageOf(r.generatedClass())));
    h.append(JavaHtml.render(r.forwardSource(), e.firstLine(), names, packages));
    h.append("</code></pre></div>\n");
    h.append("<div class=\"pane\"><h2>Backward <small>generated: <code>").append(Html.escape(e.simpleGenerated()))
        .append('.').append(Html.escape(r.method()))
        .append("</code>, package names left out</small></h2>\n<pre class=\"java nonum\"><code>");
    h.append(JavaHtml.render(r.gradientSource().stripTrailing(), 1, names, packages));
    h.append("</code></pre></div>\n</section>\n");
    if (r.tangentSource() != null) {
      h.append("<section class=\"sources\">\n");
      generatedPane(h, "Tangent", e.simpleGenerated() + "." + GeneratedNames.tangent(r.method()), r.tangentSource(), names, packages);
      if (r.hvpSource() != null) {
        generatedPane(h, "Hessian-vector product", e.simpleGenerated() + "." + GeneratedNames.hvp(r.method()), r.hvpSource(),
            names, packages);
      }
      h.append("</section>\n");
    }
    h.append("</main>\n");

    if (!empty) {
      h.append("<script src=\"").append(ASSETS).append("/viz-global.js\"></script>\n");
    }
    h.append("<script src=\"").append(ASSETS).append("/report.js\"></script>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** A pane of generated code beside the others: forward mode, or second derivatives. */
  private static void generatedPane(StringBuilder h, String title, String method, String source, JavaHtml.Names names,
      Set<String> packages) {
    h.append("<div class=\"pane\"><h2>").append(Html.escape(title)).append(" <small>generated: <code>")
        .append(Html.escape(method)).append("</code></small></h2>\n<pre class=\"java nonum\"><code>");
    h.append(JavaHtml.render(source.stripTrailing(), 1, names, packages));
    h.append("</code></pre></div>\n");
  }

  /** Which identifiers of the sources are values of the graph, and which are their adjoints. */
  private static JavaHtml.Names names(Graph g) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> adjoints = new LinkedHashMap<>();
    for (Graph.Node n : g.nodes()) {
      values.putIfAbsent(n.label(), n.label());
      if (n.adjoint() != null && !n.adjoint().equals(GraphDot.INLINE)) {
        adjoints.putIfAbsent(n.adjoint(), n.label());
      }
    }
    return new JavaHtml.Names(values, adjoints);
  }

  private static void head(StringBuilder h, String title) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"flatgrad-maven-plugin\">\n")
        .append("<title>").append(Html.escape(title)).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(ASSETS).append("/report.css\">\n")
        .append("</head>\n<body>\n");
  }

  private static String label(MethodEntry e) {
    return e.simpleOwner() + "#" + e.report().method();
  }

  static String dotFile(MethodEntry e) {
    return GRAPHS + "/" + e.page().substring(0, e.page().length() - ".html".length()) + ".dot";
  }

  private static String packageOf(String qualifiedClass) {
    int dot = qualifiedClass.lastIndexOf('.');
    return dot < 0 ? "" : qualifiedClass.substring(0, dot);
  }

  private static String shortFile(String file) {
    int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    return file.substring(slash + 1);
  }

  private static String count(int n, String singular) {
    return count(n, singular, singular + "s");
  }

  private static String count(int n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  // ---- files

  private static Path write(Path dir, String relative, String text, Set<String> written) throws IOException {
    return write(dir, relative, text.getBytes(StandardCharsets.UTF_8), written);
  }

  /** Writes unless the file already holds {@code bytes}, so an unchanged report keeps its dates. */
  private static Path write(Path dir, String relative, byte[] bytes, Set<String> written) throws IOException {
    Path target = dir.resolve(relative);
    written.add(relative);
    if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
      Files.createDirectories(target.getParent());
      Files.write(target, bytes);
    }
    return target;
  }

  private static void copyResource(String name, Path dir, String relative, Set<String> written) throws IOException {
    try (InputStream in = Site.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the plugin jar lacks its resource " + name);
      }
      write(dir, relative, in.readAllBytes(), written);
    }
  }

  /** Graphviz for the page: the one file of viz.js that runs from a plain script tag, WebAssembly inlined. */
  private static void copyViz(Path dir, Set<String> written) throws IOException {
    ClassLoader loader = Site.class.getClassLoader();
    Properties pom = new Properties();
    try (InputStream in = loader.getResourceAsStream(VIZ_POM)) {
      if (in == null) {
        throw new IOException("viz.js (org.mvnpm.at.viz-js:viz) is not on the plugin's class path");
      }
      pom.load(in);
    }
    String script = String.format(VIZ_SCRIPT, pom.getProperty("version"));
    try (InputStream in = loader.getResourceAsStream(script)) {
      if (in == null) {
        throw new IOException("viz.js " + pom.getProperty("version") + " has no " + script);
      }
      write(dir, ASSETS + "/viz-global.js", in.readAllBytes(), written);
    }
  }

  /** Deletes what the last run wrote and this one did not (pages of methods that are gone). */
  private static void removeStale(Path dir, Set<String> written) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (Files.isRegularFile(manifest)) {
      for (String old : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
        if (!old.isBlank() && !written.contains(old) && !old.contains("..")) {
          Files.deleteIfExists(dir.resolve(old));
        }
      }
    }
    write(dir, MANIFEST, String.join("\n", written) + "\n", new LinkedHashSet<>());
  }
}
