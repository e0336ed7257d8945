package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages are the pipeline: each imports (or names) only packages of earlier stages, in the
 * order of {@link #STAGES} (a total order, so no two packages can need each other). The engine
 * does not depend on javac: outside the {@code javac} package no source imports (or names)
 * javax.annotation.processing, javax.lang.model or com.sun.source — except JavaPoet's modifiers
 * enum — and every package says its role in a package-info. docs/architecture.md draws the same
 * order.
 */
class ArchitectureTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/flatgrad/processor");

  /**
   * The processor's packages, lowest first: the IR and the vocabulary, the libraries on them,
   * then the stages in the order a method goes through them, the driver and the javac front-end.
   */
  private static final List<String> STAGES = List.of(
      "ir", "base", "naming", "fence", "simplify", "lower", "rules.templates", "rules", "chain", "analyse", "forward",
      "reverse", "emit", "engine", "javac");

  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.flatgrad\\.processor\\.([a-z][\\w.]*?)\\.[A-Z]");
  private static final Pattern NOT_CODE =
      Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"(\\\\.|[^\"\\\\\\n])*\"|'(\\\\.|[^'\\\\\\n])*'");
  private static final Pattern FORBIDDEN =
      Pattern.compile("(javax\\.annotation\\.processing|javax\\.lang\\.model|com\\.sun\\.source)\\.[\\w.]+");
  private static final String ALLOWED = "javax.lang.model.element.Modifier";

  @Test
  void engineNeverTouchesJavac() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path f : sources()) {
      if (SOURCES.relativize(f).startsWith("javac")) {
        continue;
      }
      String text = Files.readString(f).replaceAll("\"[^\"]*\"", "\"\"");
      Matcher m = FORBIDDEN.matcher(text);
      while (m.find()) {
        if (!m.group().equals(ALLOWED)) {
          violations.add(SOURCES.relativize(f) + ": " + m.group());
        }
      }
    }
    assertWithMessage("javac types outside the javac package").that(violations).isEmpty();
  }

  @Test
  void everyPackageHasItsPlaceInTheStageOrder() throws IOException {
    Set<String> unplaced = new TreeSet<>();
    for (Path f : sources()) {
      String pkg = packageOf(f);
      if (!STAGES.contains(pkg)) {
        unplaced.add(pkg);
      }
    }
    assertWithMessage("packages missing from ArchitectureTest.STAGES").that(unplaced).isEmpty();
  }

  @Test
  void noPackageUsesALaterStage() throws IOException {
    Set<String> violations = new TreeSet<>();
    for (Path f : sources()) {
      String pkg = packageOf(f);
      Matcher m = REFERENCE.matcher(code(f));
      while (m.find()) {
        String used = m.group(1);
        if (STAGES.indexOf(used) > STAGES.indexOf(pkg)) {
          violations.add(SOURCES.relativize(f) + " uses " + used);
        }
      }
    }
    assertWithMessage("uses of a later stage (order: " + STAGES + ")").that(violations).isEmpty();
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  /** {@code rules.templates} for a file in src/main/java/dev/flatgrad/processor/rules/templates. */
  private static String packageOf(Path file) {
    return SOURCES.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
  }

  /** The file's code: comments (where a link to a later stage is fine) and string literals blanked. */
  private static String code(Path file) throws IOException {
    return NOT_CODE.matcher(Files.readString(file)).replaceAll(m -> m.group().startsWith("\"") ? "\"\"" : " ");
  }

  @Test
  void everyPackageSaysItsRole() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> dirs = Files.walk(SOURCES)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        boolean hasSources;
        try (Stream<Path> files = Files.list(d)) {
          hasSources = files.anyMatch(p -> p.toString().endsWith(".java"));
        }
        if (hasSources && !Files.exists(d.resolve("package-info.java"))) {
          missing.add(SOURCES.relativize(d).toString());
        }
      }
    }
    assertWithMessage("packages without package-info.java").that(missing).isEmpty();
  }
}
