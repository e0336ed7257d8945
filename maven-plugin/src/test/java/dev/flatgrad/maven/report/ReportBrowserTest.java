package dev.flatgrad.maven.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flatgrad.maven.testing.Project;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium opens a method page from {@code file://}, runs
 * Graphviz (WebAssembly) and the page's script, and the graph must be in the DOM as SVG. Skipped,
 * with a message, where there is no Chromium ({@code apt-get install chromium} on Debian, or point
 * {@code -Dflatgrad.chromium=/path/to/chrome} at one), except under CI ({@code CI=true}, whose
 * {@code .ci/run} installs it): there a missing browser fails the test. Also leaves a screenshot
 * in {@code target/report-browser/} to look at.
 */
class ReportBrowserTest {

  @TempDir Path dir;

  @Test
  void theGraphIsDrawnOfflineFromFileUrls() throws Exception {
    Optional<Path> chromium = chromium();
    required(chromium.isPresent(), "no chromium on the PATH");
    Project p = ReporterTest.neuronProject(dir.resolve("p"));
    new Reporter().run(new ReportRequest(List.of(p.sources()), List.of(), StandardCharsets.UTF_8,
        Project.userClasspath(), dir.resolve("report"), "sample", 0));
    Path page = dir.resolve("report/lecture.Neuron.ridge.html");

    // Graphviz compiles its WebAssembly before it draws: on a loaded machine that can outlast the
    // page's virtual time, so a page not yet drawn is loaded again with more time.
    String html = "";
    for (int budget : new int[] {10_000, 30_000, 90_000}) {
      Optional<String> dom = run(chromium.get(), budget, "--dump-dom", page);
      required(dom.isPresent(), "chromium did not run here");
      html = dom.get();
      if (html.contains("data-rendered=\"true\"")) {
        break;
      }
    }
    String drawn = html;
    assertTrue(drawn.contains("data-rendered=\"true\""), () -> "the graph was not drawn:\n" + drawn);
    String graph = html.substring(html.indexOf("id=\"graph\""));
    assertTrue(graph.contains("<svg"), graph);
    assertTrue(graph.contains("class=\"node fg-input\""), graph);
    assertTrue(graph.contains(">← dW<"), graph);
    assertTrue(graph.contains(">scores<"), graph);

    Path shots = Path.of("target", "report-browser");
    Files.createDirectories(shots);
    run(chromium.get(), 10_000, "--screenshot=" + shots.resolve("ridge.png").toAbsolutePath(), page);
  }

  /** Skips the test where {@code ok} is false, but fails it under CI, which must run it. */
  private static void required(boolean ok, String why) {
    if (Boolean.parseBoolean(System.getenv("CI"))) {
      assertTrue(ok, why + " (CI=true: .ci/run installs chromium)");
    }
    assumeTrue(ok, why + ": the browser check is skipped");
  }

  private static Optional<String> run(Path chromium, int virtualTimeMillis, String what, Path page) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--hide-scrollbars", "--window-size=1400,1000",
        "--virtual-time-budget=" + virtualTimeMillis, what, page.toUri().toString()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return Optional.empty();
    }
    return process.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
  }

  private static Optional<Path> chromium() {
    String given = System.getProperty("flatgrad.chromium");
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given)).filter(Files::isExecutable);
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .flatMap(d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(d, n)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
