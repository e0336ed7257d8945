package dev.flatgrad.maven.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.maven.testing.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReporterTest {

  static final String NEURON = """
      package lecture;

      import dev.flatgrad.annotations.Differentiable;

      public class Neuron {
        @Differentiable
        static double neuron(double w0, double x0, double w1, double x1, double w2) {
          return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
        }

        @Differentiable(wrt = {"W"})
        static double ridge(double[][] W, double[][] X, double reg) {
          double[][] scores = Nd.dot(X, W);
          double data = Nd.sum(Nd.square(scores));
          return data + reg * Nd.sum(Nd.square(W));
        }
      }
      """;

  private static final String PICK = """
      package lecture;

      import dev.flatgrad.annotations.Differentiable;

      public final class Pick {
        @Differentiable
        static double square(double x) {
          return x * x;
        }

        @Differentiable
        static double pick(double x, int k) {
          switch (k) {
            case 0:
              x = -x;
            default:
              return 2 * x;
          }
        }
      }
      """;

  @TempDir Path dir;

  private ReportRequest request(Project p) {
    return new ReportRequest(List.of(p.sources()), List.of(), StandardCharsets.UTF_8, Project.userClasspath(),
        dir.resolve("report"), "sample", 0);
  }

  static Project neuronProject(Path dir) throws IOException {
    Project p = new Project(dir);
    p.write("lecture/Neuron.java", NEURON.replace("import dev.flatgrad.annotations.Differentiable;",
        "import dev.flatgrad.annotations.Differentiable;\nimport dev.flatgrad.runtime.Nd;"));
    return p;
  }

  @Test
  void writesAnIndexThatLinksAPagePerMethod() throws IOException {
    ReportResult result = new Reporter().run(request(neuronProject(dir.resolve("p"))));

    Path report = dir.resolve("report");
    assertEquals(report.resolve("index.html"), result.index());
    assertEquals(List.of(report.resolve("lecture.Neuron.neuron.html"), report.resolve("lecture.Neuron.ridge.html")),
        result.pages());
    assertEquals(1, result.classes());
    assertTrue(result.diagnostics().isEmpty(), result.diagnostics()::toString);
    String index = Files.readString(result.index());
    assertTrue(index.contains("<a href=\"lecture.Neuron.neuron.html\">neuron</a>"), index);
    assertTrue(index.contains("<a href=\"lecture.Neuron.ridge.html\">ridge</a>"), index);
    assertTrue(index.contains("2 differentiated methods in 1 class"), index);
  }

  @Test
  void aPageHoldsBothSourcesAndTheGraph() throws IOException {
    new Reporter().run(request(neuronProject(dir.resolve("p"))));

    String page = Files.readString(dir.resolve("report/lecture.Neuron.ridge.html"));
    String text = JavaHtmlTest.text(page);
    assertTrue(text.contains("double[][] scores = Nd.dot(X, W);"), text);
    assertTrue(text.contains("public static NeuronGrad.Ridge ridge(double[][] W, double[][] X, double reg)"), text);
    assertTrue(text.contains("// backward pass"), text);
    assertTrue(page.contains("<span class=\"adj\" data-v=\"scores\">dscores</span>"), page);
    assertTrue(page.contains("<span class=\"line\" data-n=\"12\"><span class=\"an\">@</span>"), page);
    assertTrue(page.contains("<span class=\"line\" data-n=\"13\"><span class=\"kw\">static</span>"), page);
    assertTrue(page.contains("<pre id=\"graph-dot\" class=\"dot\" hidden>digraph &quot;lecture.Neuron#ridge&quot;"), page);
    assertTrue(page.contains("<script src=\"assets/viz-global.js\"></script>"), page);
    String dot = Files.readString(dir.resolve("report/graphs/lecture.Neuron.ridge.dot"));
    assertTrue(dot.contains("\u2190 dW"), dot);
    assertTrue(dot.contains("\"X\" ["), dot);
  }

  @Test
  void aPageShowsTheTangentAndHvpCodeWhereTheyAreAskedFor() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Second.java", """
        package lecture;

        import dev.flatgrad.annotations.Differentiable;

        public class Second {
          @Differentiable(hessian = true)
          static double cube(double x) {
            return x * x * x;
          }

          @Differentiable
          static double square(double x) {
            return x * x;
          }
        }
        """);
    new Reporter().run(request(p));

    String text = JavaHtmlTest.text(Files.readString(dir.resolve("report/lecture.Second.cube.html")));
    assertTrue(text.contains("Tangent generated: SecondGrad.cubeTangent"), text);
    assertTrue(text.contains("public static SecondGrad.CubeTangent cubeTangent(double x, double xDot)"), text);
    assertTrue(text.contains("Hessian-vector product generated: SecondGrad.cubeHvp"), text);
    assertTrue(text.contains("// backward pass: dx is the gradient, dxDot its directional derivative (H\u00b7v)"), text);
    assertFalse(JavaHtmlTest.text(Files.readString(dir.resolve("report/lecture.Second.square.html"))).contains("Tangent"));
  }

  @Test
  void copiesWhatThePagesNeedBesideThem() throws IOException {
    new Reporter().run(request(neuronProject(dir.resolve("p"))));

    Path assets = dir.resolve("report/assets");
    assertTrue(Files.readString(assets.resolve("viz-global.js")).contains("Viz.js"));
    assertTrue(Files.size(assets.resolve("viz-global.js")) > 500_000, "Graphviz compiled to WebAssembly, inlined");
    assertTrue(Files.readString(assets.resolve("report.js")).contains("Viz.instance()"));
    assertTrue(Files.readString(assets.resolve("report.css")).contains(".adj"));
  }

  @Test
  void theSameSourcesGiveTheSameBytes() throws IOException {
    Project p = neuronProject(dir.resolve("p"));
    new Reporter().run(request(p));
    Map<Path, String> first = contents(dir.resolve("report"));

    new Reporter().run(request(p));

    assertEquals(first, contents(dir.resolve("report")));
  }

  @Test
  void removesPagesOfMethodsThatAreGone() throws IOException {
    Project p = neuronProject(dir.resolve("p"));
    new Reporter().run(request(p));
    assertTrue(Files.exists(dir.resolve("report/lecture.Neuron.ridge.html")));
    Path unrelated = Files.writeString(dir.resolve("report/notes.txt"), "mine");

    p.write("lecture/Neuron.java", NEURON.substring(0, NEURON.indexOf("  @Differentiable(wrt")) + "}\n");
    new Reporter().run(request(p));

    assertFalse(Files.exists(dir.resolve("report/lecture.Neuron.ridge.html")));
    assertFalse(Files.exists(dir.resolve("report/graphs/lecture.Neuron.ridge.dot")));
    assertTrue(Files.exists(dir.resolve("report/lecture.Neuron.neuron.html")));
    assertTrue(Files.exists(unrelated), "only what the report wrote is removed");
  }

  @Test
  void listsCodeItCannotDifferentiateAndReportsTheRest() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Pick.java", PICK);

    ReportResult result = new Reporter().run(request(p));

    assertEquals(List.of(dir.resolve("report/lecture.Pick.square.html")), result.pages());
    assertEquals(1, result.errors().size(), result.diagnostics()::toString);
    String index = Files.readString(result.index());
    assertTrue(index.contains("<h2>1 problem</h2>"), index);
    assertTrue(index.contains("<code>lecture/Pick.java:13:5</code> [FlatgradUnsupported]"), index);
  }

  @Test
  void anOverloadGetsAPageOfItsOwn() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Twice.java", """
        package lecture;

        import dev.flatgrad.annotations.Differentiable;

        public final class Twice {
          @Differentiable
          static double f(double x) {
            return x * x;
          }

          @Differentiable
          static double f(double x, double y) {
            return x * y;
          }
        }
        """);

    ReportResult result = new Reporter().run(request(p));

    assertEquals(List.of(dir.resolve("report/lecture.Twice.f.html"), dir.resolve("report/lecture.Twice.f-2.html")),
        result.pages());
    assertTrue(JavaHtmlTest.text(Files.readString(result.pages().get(1))).contains("return x * y;"));
  }

  @Test
  void aMethodWithoutValuesToDrawSaysSo() throws IOException {
    var file = new dev.flatgrad.maven.sources.SourceFile(dir, dir.resolve("p/F.java"), "p/F.java", "", "0");
    var report = new dev.flatgrad.processor.engine.MethodReport("p.F", "f", 3, "p.FGrad", "double f() {\n  return 1;\n}",
        "static double f() {\n  return 1;\n}", new dev.flatgrad.processor.base.Graph(List.of(), List.of()), null, null);

    Site.write(dir.resolve("report"), "t", List.of(new MethodEntry(file, report, java.util.Optional.empty(), "p.F.f.html")),
        List.of(), Map.of());

    String page = Files.readString(dir.resolve("report/p.F.f.html"));
    assertTrue(page.contains("data-empty=\"true\"><p class=\"status\">No values of type double to draw.</p>"), page);
    assertFalse(page.contains("viz-global.js"), page);
  }

  private static Map<Path, String> contents(Path root) throws IOException {
    Map<Path, String> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f), Files.readString(f));
      }
    }
    return out;
  }
}
