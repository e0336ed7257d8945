package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine does not depend on javac: outside the {@code javac} package no source imports (or
 * names) javax.annotation.processing, javax.lang.model or com.sun.source — except JavaPoet's
 * modifiers enum — and every package says its role in a package-info.
 */
class ArchitectureTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/flatgrad/processor");
  private static final Pattern FORBIDDEN =
      Pattern.compile("(javax\\.annotation\\.processing|javax\\.lang\\.model|com\\.sun\\.source)\\.[\\w.]+");
  private static final String ALLOWED = "javax.lang.model.element.Modifier";

  @Test
  void engineNeverTouchesJavac() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
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
    }
    assertWithMessage("javac types outside the javac package").that(violations).isEmpty();
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
