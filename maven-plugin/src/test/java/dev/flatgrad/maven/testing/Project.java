package dev.flatgrad.maven.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.processor.javac.FlatgradProcessor;
import dev.flatgrad.runtime.GradCheck;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A small project on disk for tests: sources under {@code src}, compiled with javac. */
public final class Project {

  private final Path dir;

  public Project(Path dir) {
    this.dir = dir;
  }

  public Path sources() {
    return dir.resolve("src");
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code text} to {@code src/<relative>}. */
  public Path write(String relative, String text) throws IOException {
    Path file = sources().resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The jar (or class directory) that holds {@code c}. */
  public static Path locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The annotations and the runtime: what a user's project compiles against. */
  public static List<Path> userClasspath() {
    return List.of(locationOf(Differentiable.class), locationOf(GradCheck.class));
  }

  /** The processor and what it needs, as a user's annotationProcessorPaths gives them. */
  private static List<String> processorPath() {
    return Stream.of(FlatgradProcessor.class, com.github.javaparser.JavaParser.class,
            com.palantir.javapoet.JavaFile.class, Differentiable.class, GradCheck.class)
        .map(c -> locationOf(c).toString())
        .distinct()
        .toList();
  }

  /**
   * Compiles {@code src} (and {@code extraRoots}) to {@code classes}, with flatgrad's annotation
   * processor writing to {@code processor-out} if {@code withProcessor}.
   */
  public Path compile(boolean withProcessor, Path... extraRoots) throws IOException {
    String errors = tryCompile(withProcessor, extraRoots);
    assertTrue(errors.isEmpty(), () -> "javac failed:\n" + errors);
    return dir.resolve("classes");
  }

  /** Compiles with {@code extraClasspath} (class directories or jars) on the classpath too. */
  public Path compileAgainst(boolean withProcessor, Path... extraClasspath) throws IOException {
    String errors = run(withProcessor, List.of(extraClasspath));
    assertTrue(errors.isEmpty(), () -> "javac failed:\n" + errors);
    return dir.resolve("classes");
  }

  /** Like {@link #compile}, but returns javac's errors (empty if it succeeded) instead of failing. */
  public String tryCompile(boolean withProcessor, Path... extraRoots) throws IOException {
    return run(withProcessor, List.of(), extraRoots);
  }

  private String run(boolean withProcessor, List<Path> extraClasspath, Path... extraRoots) throws IOException {
    Path classes = dir.resolve("classes");
    Path generated = dir.resolve("processor-out");
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-s", generated.toString(),
        "-classpath", String.join(java.io.File.pathSeparator,
            Stream.concat(userClasspath().stream(), extraClasspath.stream()).map(Path::toString).toList())));
    if (withProcessor) {
      args.addAll(List.of("-processor", FlatgradProcessor.class.getName(),
          "-processorpath", String.join(java.io.File.pathSeparator, processorPath())));
    } else {
      args.add("-proc:none");
    }
    List<Path> roots = new ArrayList<>(List.of(sources()));
    roots.addAll(List.of(extraRoots));
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int status = javac.run(null, out, out, args.toArray(String[]::new));
    return status == 0 ? "" : out.toString(StandardCharsets.UTF_8);
  }

  /** Where the processor wrote its sources in {@link #compile}. */
  public Path processorOutput() {
    return dir.resolve("processor-out");
  }
}
