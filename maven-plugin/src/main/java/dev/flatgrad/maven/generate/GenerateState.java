package dev.flatgrad.maven.generate;

import dev.flatgrad.maven.sources.RecordingSymbols.Query;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the last run of {@link Generator} saw and produced: a digest of every source, and for each
 * source it differentiated, the files it wrote and the questions about other classes it asked.
 * Kept as a small tab-separated text file under {@code target/}.
 *
 * @param fingerprint a digest of the plugin, its configuration and the classpath
 * @param digests every source's path and content digest
 * @param generated every successfully differentiated source's path and what it produced
 */
record GenerateState(String fingerprint, Map<String, String> digests, Map<String, Generated> generated) {

  /**
   * What one source produced.
   *
   * @param outputs generated files, relative to the output directory ({@code p/FooGrad.java})
   * @param queries the questions the engine asked about other classes, with their answers
   */
  record Generated(List<String> outputs, List<Query> queries) {}

  private static final String HEADER = "flatgrad-generate-state\t1";

  static GenerateState empty(String fingerprint) {
    return new GenerateState(fingerprint, new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  /** The state in {@code file}, or empty if there is none or it cannot be read. */
  static Optional<GenerateState> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        return Optional.empty();
      }
      String fingerprint = null;
      Map<String, String> digests = new LinkedHashMap<>();
      Map<String, Generated> generated = new LinkedHashMap<>();
      Generated current = null;
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t", -1);
        switch (f[0]) {
          case "fingerprint" -> fingerprint = f[1];
          case "source" -> {
            digests.put(f[1], f[2]);
            current = null;
          }
          case "generated" -> {
            current = new Generated(new ArrayList<>(), new ArrayList<>());
            generated.put(f[1], current);
          }
          case "output" -> current.outputs().add(f[1]);
          case "query" -> current.queries().add(new Query(f[1], f[2], f[3], f[4]));
          default -> {
            return Optional.empty();
          }
        }
      }
      return fingerprint == null ? Optional.empty() : Optional.of(new GenerateState(fingerprint, digests, generated));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  void save(Path file) throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("fingerprint\t").append(fingerprint).append('\n');
    digests.forEach((path, digest) -> out.append("source\t").append(path).append('\t').append(digest).append('\n'));
    generated.forEach((path, g) -> {
      out.append("generated\t").append(path).append('\n');
      g.outputs().forEach(o -> out.append("output\t").append(o).append('\n'));
      g.queries().forEach(q -> out.append("query\t").append(q.kind()).append('\t').append(q.className())
          .append('\t').append(q.member()).append('\t').append(q.answer()).append('\n'));
    });
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }
}
