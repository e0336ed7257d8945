package dev.flatgrad.processor.engine;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The language level sources are parsed at: the Java release they are compiled for (javac's
 * {@code --release} or {@code -source}, the build's {@code maven.compiler.release}), so that
 * whatever javac accepts in a file parses, whether or not flatgrad differentiates it. Only the
 * bodies of differentiated methods are held to flatgrad's language (the lowering's fence).
 */
public final class SourceLevel {

  /** The newest release this JavaParser knows, used when the release is unknown or newer. */
  public static final int NEWEST = Arrays.stream(LanguageLevel.values())
      .mapToInt(SourceLevel::release)
      .max()
      .orElseThrow();

  private SourceLevel() {}

  /** The parser's level for a release (8, 17, 21, 25...); 0 or below, or newer than known: the newest. */
  public static LanguageLevel of(int release) {
    int wanted = release <= 0 || release > NEWEST ? NEWEST : release;
    return Arrays.stream(LanguageLevel.values())
        .filter(l -> release(l) > 0 && release(l) <= wanted)
        .max(Comparator.comparingInt(SourceLevel::release))
        .orElse(LanguageLevel.JAVA_8);
  }

  /** A parser configuration for sources of that release (tabs count as one column, as javac's do). */
  public static ParserConfiguration configuration(int release) {
    return new ParserConfiguration().setLanguageLevel(of(release)).setTabSize(1);
  }

  /** {@code JAVA_21} is 21, {@code JAVA_1_4} is 4; preview levels and the aliases are not releases (-1). */
  private static int release(LanguageLevel level) {
    String name = level.name();
    if (!name.matches("JAVA_(1_)?\\d+")) {
      return -1;
    }
    return Integer.parseInt(name.substring(name.lastIndexOf('_') + 1));
  }

  /** A release from how builds write it: {@code "21"}, {@code "1.8"}; 0 if it is not one. */
  public static int parse(String release) {
    if (release == null) {
      return 0;
    }
    String r = release.strip();
    if (r.startsWith("1.")) {
      r = r.substring(2);
    }
    try {
      return Integer.parseInt(r);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
