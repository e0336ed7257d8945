package dev.flatgrad.maven.check;

import dev.flatgrad.runtime.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The check's result as the lines a user reads: a table, the methods left out, a verdict. */
public final class CheckTable {

  /** How loud a line is. */
  public enum Level {
    INFO,
    WARNING,
    ERROR
  }

  /** One line of the report. */
  public record Line(Level level, String text) {}

  private CheckTable() {}

  /** The report's text, one string per line, without levels. */
  public static List<String> lines(CheckResult result) {
    return report(result).stream().map(Line::text).toList();
  }

  /** The header, the table of checked methods, the unchecked and ignored ones, and the summary. */
  public static List<Line> report(CheckResult result) {
    CheckRequest request = result.request();
    List<Line> out = new ArrayList<>();
    info(out, String.format(Locale.ROOT,
        "Gradient check: generated gradients against 4-point centred differences, tolerance %.1e, %s",
        request.tolerance(),
        request.sample() == 0 ? "every entry" : request.sample() + " random entries per array"));
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"method", "param", "checked", "max rel error", "worst", "analytic", "numeric", "result"});
    for (CheckResult.Checked c : result.checked()) {
      boolean first = true;
      for (GradCheck.Row r : c.rows()) {
        boolean none = r.checked() == 0;
        cells.add(new String[] {
            first ? c.method().id() : "",
            r.name(),
            r.checked() + "/" + r.size(),
            String.format(Locale.ROOT, "%.2e", r.maxError()),
            r.worstIndex(),
            none ? "-" : String.format(Locale.ROOT, "% .6e", r.analytic()),
            none ? "-" : String.format(Locale.ROOT, "% .6e", r.numeric()),
            r.passed() ? "ok" : "FAIL"});
        first = false;
      }
    }
    if (cells.size() > 1) {
      aligned(cells).forEach(line -> info(out, line));
    }
    for (CheckResult.Broken b : result.broken()) {
      for (String problem : b.problems()) {
        out.add(new Line(Level.ERROR, b.location() + " " + b.method().id() + ": " + problem));
      }
    }
    for (CheckResult.Unchecked u : result.unchecked()) {
      out.add(new Line(Level.WARNING, "unchecked " + u.method().id() + ": " + u.reason()
          + (u.reason().equals("no @CheckInputs") ? " (declare example inputs to check it)" : "")));
    }
    for (CheckResult.Ignored i : result.ignored()) {
      out.add(new Line(Level.WARNING, "ignored " + i.method().id()
          + ": @CheckInputs on a method that is neither @Differentiable nor has a @CustomGradient"));
    }
    if (!request.methods().isEmpty() && result.outcomes().size() == result.notSelected().size() + result.ignored().size()) {
      out.add(new Line(Level.WARNING, "no method matches " + String.join(", ", request.methods())
          + "; the methods are " + String.join(", ", result.notSelected().stream().map(n -> n.method().id()).toList())));
    }
    out.add(new Line(result.failedBuild() ? Level.ERROR : Level.INFO, summary(result)));
    return out;
  }

  private static void info(List<Line> out, String text) {
    out.add(new Line(Level.INFO, text));
  }

  /** One line: how many methods passed, failed, could not be checked, were left out. */
  public static String summary(CheckResult result) {
    List<String> parts = new ArrayList<>();
    parts.add(count(result.checked().size() - result.failed().size(), "passed"));
    parts.add(count(result.failed().size(), "failed"));
    if (!result.broken().isEmpty()) {
      parts.add(count(result.broken().size(), "could not be checked"));
    }
    parts.add(count(result.unchecked().size(), "unchecked"));
    if (!result.notSelected().isEmpty()) {
      parts.add(count(result.notSelected().size(), "not selected"));
    }
    int total = result.outcomes().size() - result.ignored().size();
    return (result.failedBuild() ? "FAILED: " : "PASSED: ") + total + (total == 1 ? " method: " : " methods: ")
        + String.join(", ", parts);
  }

  /** Why the build fails, one line per failed method: the worst entry of each failed parameter. */
  public static String failureMessage(CheckResult result) {
    StringBuilder s = new StringBuilder(result.failed().isEmpty()
        ? "Gradient check could not check every method:"
        : String.format(Locale.ROOT, "Gradient check failed (tolerance %.1e):", result.request().tolerance()));
    for (CheckResult.Checked c : result.failed()) {
      for (GradCheck.Row r : c.rows()) {
        if (!r.passed()) {
          s.append(String.format(Locale.ROOT, "%n  %s: %s%s relative error %.2e, analytic %.6e, numeric %.6e",
              c.method().id(), r.name(), "-".equals(r.worstIndex()) ? "" : r.worstIndex(), r.maxError(),
              r.analytic(), r.numeric()));
        }
      }
    }
    for (CheckResult.Broken b : result.broken()) {
      for (String problem : b.problems()) {
        s.append(String.format("%n  %s %s: %s", b.location(), b.method().id(), problem));
      }
    }
    if (result.request().failOnUnchecked()) {
      for (CheckResult.Unchecked u : result.unchecked()) {
        s.append(String.format("%n  %s: unchecked (%s), and failOnUnchecked is set", u.method().id(), u.reason()));
      }
    }
    return s.toString();
  }

  private static String count(int n, String what) {
    return n + " " + what;
  }

  private static List<String> aligned(List<String[]> cells) {
    int[] width = new int[cells.get(0).length];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < line.length; c++) {
        text.append(line[c]).append(" ".repeat(width[c] - line[c].length() + 2));
      }
      out.add(text.toString().stripTrailing());
    }
    return out;
  }
}
