package dev.flatgrad.maven.generate;

import com.palantir.javapoet.JavaFile;
import dev.flatgrad.maven.sources.ClasspathSymbols;
import dev.flatgrad.maven.sources.LayeredSymbols;
import dev.flatgrad.maven.sources.RecordingSymbols;
import dev.flatgrad.maven.sources.SourceFile;
import dev.flatgrad.maven.sources.SourceSymbols;
import dev.flatgrad.maven.sources.SourceTree;
import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.engine.Engine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The work of the {@code generate} goal, without Maven: reads the sources, runs the engine on
 * every one that holds {@code @Differentiable} methods and is out of date, writes the generated
 * classes, and removes generated classes whose source no longer produces them.
 *
 * <p>A source is up to date when its content digest is the one of the last run, its generated
 * files are still there, and every question the engine asked about other classes while
 * differentiating it (does class {@code p.Consts} exist, what is the type of its field {@code
 * SCALE}) still gets the same answer. When no source changed at all, nothing is parsed. Anything
 * that can change every answer — the plugin's version, its configuration, the classpath —
 * regenerates everything.
 */
public final class Generator {

  /** Runs the generation {@code request} asks for. */
  public GenerateResult run(GenerateRequest request) throws IOException {
    Path outDir = request.outputDirectory().toAbsolutePath().normalize();
    List<SourceFile> files = SourceTree.scan(request.sourceRoots(), List.of(outDir), request.encoding());
    String fingerprint = fingerprint(request);
    Optional<GenerateState> loaded = GenerateState.load(request.stateFile());
    GenerateState old = loaded.filter(s -> s.fingerprint().equals(fingerprint)).orElse(null);
    List<String> reasons = new ArrayList<>();
    if (loaded.isPresent() && old == null) {
      reasons.add("the plugin, its configuration or the classpath changed: regenerating everything");
    }

    Map<String, String> digests = new LinkedHashMap<>();
    files.forEach(f -> digests.put(f.path().toString(), f.digest()));
    List<SourceFile> candidates = files.stream().filter(SourceFile::mentionsDifferentiable).toList();
    if (old != null && old.digests().equals(digests) && allGenerated(old, candidates, outDir)) {
      int sources = (int) candidates.stream().filter(f -> !old.generated().get(key(f)).outputs().isEmpty()).count();
      return new GenerateResult(true, List.of(), sources, 0, List.of(), List.of(), List.of(), List.of());
    }

    GenerateState next = GenerateState.empty(fingerprint);
    next.digests().putAll(digests);
    List<Path> written = new ArrayList<>();
    List<Path> deleted = new ArrayList<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<String> dumps = new ArrayList<>();
    int sources = 0;
    int regenerated = 0;
    Engine.Options options = Engine.Options.DEFAULT.withDumpIr(request.dumpIr())
        .withMarkGenerated(ModuleInfo.readsJavaCompiler(request.sourceRoots()))
        .withRelease(request.release());
    try (ClasspathSymbols classpath = ClasspathSymbols.of(request.classpath())) {
      Symbols symbols = new LayeredSymbols(SourceSymbols.of(files, request.release()), classpath);
      for (SourceFile file : candidates) {
        GenerateState.Generated before = old == null ? null : old.generated().get(key(file));
        Optional<String> stale = old == null
            ? Optional.of("")
            : staleness(file, old.digests().get(key(file)), before, symbols, outDir);
        if (stale.isEmpty()) {
          next.generated().put(key(file), before);
          sources += before.outputs().isEmpty() ? 0 : 1;
          continue;
        }
        if (!stale.get().isEmpty()) {
          reasons.add(stale.get());
        }
        RecordingSymbols recording = new RecordingSymbols(symbols);
        Engine.Result result = new Engine(recording, options).differentiate(file.text(), file.path().toString());
        diagnostics.addAll(result.diagnostics());
        dumps.addAll(result.dumps());
        List<String> outputs = new ArrayList<>();
        if (!result.hasErrors()) {
          for (JavaFile generated : result.files()) {
            String relative = relativePath(generated);
            outputs.add(relative);
            if (write(outDir.resolve(relative), generated.toString(), request)) {
              written.add(outDir.resolve(relative));
            }
          }
          next.generated().put(key(file), new GenerateState.Generated(outputs, recording.queries()));
          sources += outputs.isEmpty() ? 0 : 1;
          regenerated += outputs.isEmpty() ? 0 : 1;
        }
        if (before != null) {
          for (String output : before.outputs()) {
            if (!outputs.contains(output) && Files.deleteIfExists(outDir.resolve(output))) {
              deleted.add(outDir.resolve(output));
            }
          }
        }
      }
    }
    if (old != null) {
      for (Map.Entry<String, GenerateState.Generated> e : old.generated().entrySet()) {
        if (next.generated().containsKey(e.getKey()) || candidates.stream().anyMatch(f -> key(f).equals(e.getKey()))) {
          continue;
        }
        reasons.add(display(e.getKey(), request.sourceRoots()) + (digests.containsKey(e.getKey())
            ? " has no @Differentiable methods any more" : " was removed"));
        for (String output : e.getValue().outputs()) {
          if (Files.deleteIfExists(outDir.resolve(output))) {
            deleted.add(outDir.resolve(output));
          }
        }
      }
    }
    next.save(request.stateFile());
    return new GenerateResult(false, reasons, sources, regenerated, written, deleted, diagnostics, dumps);
  }

  private static boolean allGenerated(GenerateState old, List<SourceFile> candidates, Path outDir) {
    for (SourceFile f : candidates) {
      GenerateState.Generated g = old.generated().get(key(f));
      if (g == null || g.outputs().stream().anyMatch(o -> !Files.isRegularFile(outDir.resolve(o)))) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code file} must be differentiated again ({@code ""} for no reason worth a line), or empty. */
  private static Optional<String> staleness(SourceFile file, String oldDigest, GenerateState.Generated before,
      Symbols symbols, Path outDir) {
    if (oldDigest == null) {
      return Optional.of(file.relative() + " is new");
    }
    if (!oldDigest.equals(file.digest())) {
      return Optional.of(file.relative() + " changed");
    }
    if (before == null) {
      // Unchanged, but it failed last time (or was not differentiable): try again, quietly.
      return Optional.of(file.relative() + " had errors");
    }
    for (String output : before.outputs()) {
      if (!Files.isRegularFile(outDir.resolve(output))) {
        return Optional.of(output + " was deleted");
      }
    }
    for (RecordingSymbols.Query q : before.queries()) {
      if (!q.holds(symbols)) {
        return Optional.of(file.relative() + " uses " + q.className() + ", which changed");
      }
    }
    return Optional.empty();
  }

  private static String key(SourceFile f) {
    return f.path().toString();
  }

  /** A source's path under its root, {@code p/Foo.java}, also for a source that is gone. */
  private static String display(String key, List<Path> roots) {
    Path file = Path.of(key);
    return roots.stream()
        .map(r -> r.toAbsolutePath().normalize())
        .filter(file::startsWith)
        .map(r -> r.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
        .findFirst()
        .orElse(file.getFileName().toString());
  }

  /** {@code p/q/FooGrad.java}. */
  static String relativePath(JavaFile file) {
    String pkg = file.packageName();
    return (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + file.typeSpec().name() + ".java";
  }

  /** Writes {@code text} unless the file already holds it; true if it wrote. */
  private static boolean write(Path target, String text, GenerateRequest request) throws IOException {
    byte[] bytes = text.getBytes(request.encoding());
    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Files.write(target, bytes);
    return true;
  }

  /**
   * A digest of what can change every file's output: the plugin's version and configuration, the
   * engine's own jar (which changes between snapshot builds of one version), and the classpath.
   */
  static String fingerprint(GenerateRequest request) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("version=").append(request.toolVersion()).append('\n');
    s.append("dumpIr=").append(request.dumpIr()).append('\n');
    s.append("release=").append(request.release()).append('\n');
    s.append("markGenerated=").append(ModuleInfo.readsJavaCompiler(request.sourceRoots())).append('\n');
    s.append("encoding=").append(request.encoding().name()).append('\n');
    s.append("output=").append(request.outputDirectory().toAbsolutePath().normalize()).append('\n');
    engineLocation().ifPresent(engine -> stamp(s.append("engine="), engine));
    for (Path element : request.classpath()) {
      s.append("classpath=");
      if (Files.isDirectory(element)) {
        s.append(element).append('\n');
        try (Stream<Path> walk = Files.walk(element)) {
          walk.filter(Files::isRegularFile).sorted().forEach(f -> stamp(s.append("  "), f));
        }
      } else {
        stamp(s, element);
      }
    }
    return SourceTree.sha256(s.toString());
  }

  private static void stamp(StringBuilder s, Path file) {
    s.append(file);
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      s.append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toMillis());
    } catch (IOException missing) {
      s.append(" missing");
    }
    s.append('\n');
  }

  private static Optional<Path> engineLocation() {
    try {
      var source = Engine.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
