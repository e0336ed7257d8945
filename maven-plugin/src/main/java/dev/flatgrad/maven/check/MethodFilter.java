package dev.flatgrad.maven.check;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which methods to check: patterns over {@code package.Class#method}, where {@code *} matches any
 * run of characters; a pattern without {@code #} selects every method of the classes it matches,
 * and a pattern may leave out the package ({@code Net#loss}). No patterns select every method.
 */
record MethodFilter(List<String> patterns) {

  MethodFilter {
    patterns = patterns.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
  }

  boolean selects(DifferentiableMethod m) {
    if (patterns.isEmpty()) {
      return true;
    }
    String full = m.id();
    String simple = m.owner().simpleName() + "#" + m.name();
    return patterns.stream().map(MethodFilter::regex).anyMatch(r -> r.matcher(full).matches()
        || r.matcher(simple).matches());
  }

  private static Pattern regex(String pattern) {
    String p = pattern.contains("#") ? pattern : pattern + "#*";
    return Pattern.compile(java.util.Arrays.stream(p.split("\\*", -1))
        .map(Pattern::quote)
        .collect(java.util.stream.Collectors.joining(".*")));
  }
}
