package dev.flatgrad.processor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JDK other than the one running the tests, to compile with the processor at a newer release
 * (javac 21 or 25 reads records, sealed types and pattern switches javac 17 cannot). Found by the
 * system property {@code flatgrad.jdk} (a JDK's home), else among the JDKs installed beside the one
 * running the tests (the directory holding {@code java.home}, /usr/lib/jvm on Debian).
 */
public record ExternalJdk(Path home, int feature) {

  /** The newest JDK of at least this feature release, if one is installed. */
  public static Optional<ExternalJdk> atLeast(int feature) {
    List<Path> candidates = new ArrayList<>();
    String given = System.getProperty("flatgrad.jdk");
    if (given != null && !given.isBlank()) {
      candidates.add(Path.of(given));
    }
    Path siblings = Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
    if (siblings != null && Files.isDirectory(siblings)) {
      try (Stream<Path> dirs = Files.list(siblings)) {
        dirs.sorted().forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return candidates.stream()
        .map(ExternalJdk::of)
        .flatMap(Optional::stream)
        .filter(j -> j.feature() >= feature)
        .max(Comparator.comparingInt(ExternalJdk::feature));
  }

  /** The JDK at {@code home}: it has javac, and its {@code release} file says which version. */
  private static Optional<ExternalJdk> of(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(home.resolve("bin/javac")) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      Path real = home.toRealPath();
      return Files.readAllLines(release).stream()
          .filter(l -> l.startsWith("JAVA_VERSION="))
          .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
          .map(v -> v.startsWith("1.") ? v.substring(2) : v)
          .map(v -> Integer.parseInt(v.split("[.+-]")[0]))
          .findFirst()
          .map(f -> new ExternalJdk(real, f));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Short runs on a busy machine: the C1 compiler only, the smallest collector. */
  private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

  /** What a tool of this JDK printed, and how it ended. */
  public record Run(int exitCode, String output) {}

  /**
   * Compiles {@code sources} at {@code --release release} with the flatgrad processor (from this
   * build) on the processor path, as strictly as users are told they can: -Xlint:all -Werror.
   */
  public Run javac(int release, Path out, List<Path> sources) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/javac").toString(),
        "-J" + QUICK_START[0], "-J" + QUICK_START[1],
        "--release", Integer.toString(release),
        "-Xlint:all", "-Xlint:-processing", "-Werror",
        "-processorpath", path(FlatgradClasses.PROCESSOR_PATH),
        "-cp", path(FlatgradClasses.USER_CLASSPATH),
        "-d", out.toString(), "-s", out.toString()));
    sources.forEach(s -> command.add(s.toString()));
    return run(command);
  }

  /** Runs {@code mainClass} from {@code classes} (and the runtime) on this JDK. */
  public Run java(Path classes, String mainClass) {
    return run(List.of(home.resolve("bin/java").toString(), QUICK_START[0], QUICK_START[1], "-cp",
        classes + java.io.File.pathSeparator + path(FlatgradClasses.USER_CLASSPATH), mainClass));
  }

  private static Run run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Run(p.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String path(List<Class<?>> classes) {
    return String.join(java.io.File.pathSeparator, classes.stream().map(ExternalJdk::location).distinct().toList());
  }

  /** The jar or class directory a class was loaded from. */
  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Classes whose jars (or directories) make up the processor path and the user's classpath. */
  private static final class FlatgradClasses {
    static final List<Class<?>> PROCESSOR_PATH = List.of(
        dev.flatgrad.processor.javac.FlatgradProcessor.class,
        com.github.javaparser.JavaParser.class,
        com.palantir.javapoet.JavaFile.class,
        dev.flatgrad.annotations.Differentiable.class);
    static final List<Class<?>> USER_CLASSPATH = List.of(
        dev.flatgrad.annotations.Differentiable.class,
        dev.flatgrad.runtime.GradCheck.class);
  }
}
