package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the user spelled what a rewrite wrote: {@code b.w()} (or {@code b.w}) for the {@code bW}
 * that {@link RecordLocals} splits from record local {@code b}, in the whole method; and, on the
 * lines of a body {@link RecordMethods} writes in place, the body's own names for what it was
 * given ({@code w} for the receiver's {@code p.w()}, {@code q} for the argument {@code p}, {@code
 * mine} for the local renamed {@code mine2}). Messages name what the user wrote on their line,
 * never a local only the generated code has.
 */
public final class SourceSpellings {

  private static final DataKey<Spellings> KEY = new DataKey<>() {};
  private static final Pattern QUOTED = Pattern.compile("`[^`]*`");

  /** What a rewrite wrote, and how the user wrote it on lines {@code first} to {@code last}. */
  private record Scoped(int first, int last, String written, String as) {}

  /** A body written in place on lines {@code first} to {@code last}, for the call {@code call} on line {@code line}. */
  private record Site(int first, int last, String call, int line) {}

  private record Spellings(Map<String, String> everywhere, List<Scoped> scoped, List<Site> sites) {}

  private SourceSpellings() {}

  /**
   * Notes that local {@code name} of {@code m} holds component {@code component} of local {@code
   * of}, read as a field ({@code b.w}) or by its accessor ({@code b.w()}).
   */
  static void component(MethodDeclaration m, String name, String of, String component, boolean asField) {
    Map<String, String> all = spellings(m).everywhere();
    all.put(name, all.getOrDefault(of, of) + "." + component + (asField ? "" : "()"));
  }

  /** Notes that on the lines of {@code body}, written into {@code m}, the user wrote {@code as} where {@code m} has {@code written}. */
  static void within(MethodDeclaration m, Node body, String written, String as) {
    if (!written.equals(as) && body.getRange().isPresent()) {
      spellings(m).scoped().add(new Scoped(body.getRange().get().begin.line, body.getRange().get().end.line, written, as));
    }
  }

  /**
   * Notes that the lines of {@code body} are written into {@code m} where {@code call} is: a message
   * on them says which call it is about.
   */
  static void calledAt(MethodDeclaration m, Node body, Node call) {
    if (body.getRange().isPresent() && call.getRange().isPresent()) {
      spellings(m).sites().add(new Site(body.getRange().get().begin.line, body.getRange().get().end.line,
          call.toString(), call.getRange().get().begin.line));
    }
  }

  /**
   * {@code message}, on line {@code line} of {@code m}, with what each {@code `quote`} names spelled
   * as the user wrote it there; on the lines of a body written in place, with the calls it is
   * written for.
   */
  public static String apply(MethodDeclaration m, int line, String message) {
    Spellings s = spellings(m);
    List<String> calls = s.sites().stream().filter(x -> x.first() <= line && line <= x.last())
        .map(x -> spelled(s, x.line(), "`" + x.call() + "`") + " on line " + x.line()).distinct().toList();
    return spelled(s, line, message) + (calls.isEmpty() ? "" : " (in " + m.getNameAsString() + ", where "
        + String.join(" and ", calls) + (calls.size() == 1 ? " calls" : " call") + " it)");
  }

  private static String spelled(Spellings s, int line, String message) {
    Map<String, String> here = new LinkedHashMap<>();
    s.scoped().stream().filter(x -> x.first() <= line && line <= x.last()).forEach(x -> here.putIfAbsent(x.written(), x.as()));
    Matcher quoted = QUOTED.matcher(message);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      quoted.appendReplacement(out, Matcher.quoteReplacement(replaced(replaced(quoted.group(), s.everywhere()), here)));
    }
    return quoted.appendTail(out).toString();
  }

  /** {@code text} with each whole occurrence of a key of {@code by} (not part of a longer name or path) replaced by its value, all at once. */
  private static String replaced(String text, Map<String, String> by) {
    List<String> keys = by.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    StringBuilder out = new StringBuilder();
    int i = 0;
    next:
    while (i < text.length()) {
      if (i == 0 || !partOfPath(text.charAt(i - 1))) {
        for (String k : keys) {
          int end = i + k.length();
          if (text.startsWith(k, i) && (end == text.length() || !Character.isJavaIdentifierPart(text.charAt(end)))) {
            out.append(by.get(k));
            i = end;
            continue next;
          }
        }
      }
      out.append(text.charAt(i++));
    }
    return out.toString();
  }

  private static boolean partOfPath(char c) {
    return Character.isJavaIdentifierPart(c) || c == '.';
  }

  private static Spellings spellings(MethodDeclaration m) {
    if (!m.containsData(KEY)) {
      m.setData(KEY, new Spellings(new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>()));
    }
    return m.getData(KEY);
  }
}
