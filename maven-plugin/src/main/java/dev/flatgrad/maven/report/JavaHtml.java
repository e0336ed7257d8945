package dev.flatgrad.maven.report;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.body.BodyDeclaration;
import dev.flatgrad.processor.engine.SourceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Java source as highlighted HTML, one {@code <span class="line">} per line, from JavaParser's own
 * tokens (the parser the plugin already runs): no highlighter in the page, and no guessing at what
 * is a keyword. Identifiers that name a value of the computational graph, or its adjoint, carry
 * {@code data-v="<value>"}, so the page can light up a value in both sources and in the graph.
 *
 * <p>For display, package prefixes of qualified names ({@code dev.flatgrad.runtime.Nd}) are cut to
 * the class ({@code Nd}), in code as the generated file's imports do, and in the comments that quote
 * forward statements: the gradient method alone carries them in full.
 */
final class JavaHtml {

  /** What an identifier is for the graph: a forward value, or the adjoint of one. */
  record Names(Map<String, String> values, Map<String, String> adjoints) {
    static final Names NONE = new Names(Map.of(), Map.of());
  }

  private record Segment(String css, String text, String value) {}

  /** A package prefix in a comment (which quotes a forward statement): {@code dev.flatgrad.runtime.}. */
  private static Pattern commentPrefix(Set<String> packages) {
    String known = packages.stream().filter(p -> !p.isEmpty()).sorted()
        .map(p -> "|" + Pattern.quote(p + ".")).collect(Collectors.joining());
    return Pattern.compile("(?<![\\w.$])(?:(?:[a-z_][\\w$]*\\.){2,}" + known + ")(?=[A-Z])");
  }

  private JavaHtml() {}

  /**
   * {@code source} (a method declaration) as HTML lines, numbered from {@code firstLine}; plain
   * escaped text if JavaParser cannot read it.
   */
  static String render(String source, int firstLine, Names names) {
    return render(source, firstLine, names, Set.of());
  }

  /**
   * As {@link #render(String, int, Names)}, also leaving out the one-name packages in {@code
   * packages} (the user's own: {@code lecture.NeuronGrad} → {@code NeuronGrad}); longer package
   * names are left out wherever they stand before a class.
   */
  static String render(String source, int firstLine, Names names, Set<String> packages) {
    List<List<Segment>> lines = new ArrayList<>();
    lines.add(new ArrayList<>());
    Optional<List<JavaToken>> tokens = tokens(source);
    if (tokens.isEmpty()) {
      add(lines, new Segment(null, source, null));
    } else {
      segments(tokens.get(), names, packages).forEach(s -> add(lines, s));
    }
    if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      html.append("<span class=\"line\" data-n=\"").append(firstLine + i).append("\">");
      for (Segment s : lines.get(i)) {
        if (s.css() == null) {
          html.append(Html.escape(s.text()));
          continue;
        }
        html.append("<span class=\"").append(s.css()).append('"');
        if (s.value() != null) {
          html.append(" data-v=\"").append(Html.escape(s.value())).append('"');
        }
        html.append('>').append(Html.escape(s.text())).append("</span>");
      }
      html.append("</span>");
    }
    return html.toString();
  }

  /** Every token of {@code source}, whitespace and comments included, if it parses as a member. */
  static Optional<List<JavaToken>> tokens(String source) {
    // A differentiated method and generated code: flatgrad's language, which every level reads.
    JavaParser parser = new JavaParser(SourceLevel.configuration(SourceLevel.NEWEST));
    ParseResult<BodyDeclaration<?>> parsed;
    try {
      parsed = parser.parseBodyDeclaration(source);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Optional<JavaToken> some = parsed.getResult().flatMap(BodyDeclaration::getTokenRange).map(r -> r.getBegin());
    if (!parsed.isSuccessful() || some.isEmpty()) {
      return Optional.empty();
    }
    JavaToken first = some.get();
    while (first.getPreviousToken().isPresent()) {
      first = first.getPreviousToken().get();
    }
    List<JavaToken> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Optional<JavaToken> t = Optional.of(first); t.isPresent(); t = t.get().getNextToken()) {
      out.add(t.get());
      text.append(t.get().getText());
    }
    // Rendering must lose nothing: only use the tokens if they give back the source exactly.
    return text.toString().equals(source) ? Optional.of(out) : Optional.empty();
  }

  private static List<Segment> segments(List<JavaToken> tokens, Names names, Set<String> packages) {
    List<Segment> out = new ArrayList<>();
    Pattern inComments = commentPrefix(packages);
    for (int i = 0; i < tokens.size(); i++) {
      JavaToken t = tokens.get(i);
      JavaToken.Category c = t.getCategory();
      String text = t.getText();
      if (c.isIdentifier()) {
        int skip = packagePrefix(tokens, i, packages);
        if (skip > 0) {
          i += skip - 1;
          continue;
        }
        boolean annotation = i > 0 && tokens.get(i - 1).getText().equals("@");
        boolean member = i > 0 && tokens.get(i - 1).getText().equals(".");
        if (annotation) {
          out.add(new Segment("an", text, null));
        } else if (!member && names.adjoints().containsKey(text)) {
          out.add(new Segment("adj", text, names.adjoints().get(text)));
        } else if (!member && names.values().containsKey(text)) {
          out.add(new Segment("var", text, names.values().get(text)));
        } else if (Character.isUpperCase(text.charAt(0))) {
          out.add(new Segment("ty", text, null));
        } else {
          out.add(new Segment(null, text, null));
        }
      } else if (c.isKeyword()) {
        out.add(new Segment(text.equals("true") || text.equals("false") || text.equals("null") ? "lit" : "kw",
            text, null));
      } else if (c.isLiteral()) {
        out.add(new Segment("lit", text, null));
      } else if (c.isComment()) {
        out.add(new Segment("com", inComments.matcher(text).replaceAll(""), null));
      } else if (text.equals("@") && i + 1 < tokens.size() && tokens.get(i + 1).getCategory().isIdentifier()) {
        out.add(new Segment("an", text, null));
      } else {
        out.add(new Segment(null, text, null));
      }
    }
    return out;
  }

  /**
   * How many tokens from {@code i} spell a package prefix ({@code dev . flatgrad . runtime .}
   * before {@code Nd}): two or more lower-case names joined by dots, then a dot and a capitalised
   * name. One lower-case name ({@code self.reg}, {@code x.length}) is a variable, unless it is one of
   * {@code packages}.
   */
  private static int packagePrefix(List<JavaToken> tokens, int i, Set<String> packages) {
    if (i > 0 && tokens.get(i - 1).getText().equals(".")) {
      return 0;
    }
    int j = i;
    int names = 0;
    StringBuilder pkg = new StringBuilder();
    while (j + 2 < tokens.size() && isLowerName(tokens.get(j)) && tokens.get(j + 1).getText().equals(".")) {
      names++;
      pkg.append(pkg.length() == 0 ? "" : ".").append(tokens.get(j).getText());
      j += 2;
    }
    JavaToken next = tokens.get(j);
    if ((names >= 2 || names == 1 && packages.contains(pkg.toString()))
        && next.getCategory().isIdentifier() && Character.isUpperCase(next.getText().charAt(0))) {
      return j - i;
    }
    return 0;
  }

  private static boolean isLowerName(JavaToken t) {
    return t.getCategory().isIdentifier() && Character.isLowerCase(t.getText().charAt(0));
  }

  /** Appends {@code s}, starting a new line at each line break (a block comment spans several). */
  private static void add(List<List<Segment>> lines, Segment s) {
    String[] parts = s.text().split("\r\n|\r|\n", -1);
    for (int k = 0; k < parts.length; k++) {
      if (k > 0) {
        lines.add(new ArrayList<>());
      }
      if (!parts[k].isEmpty()) {
        lines.get(lines.size() - 1).add(new Segment(s.css(), parts[k], s.value()));
      }
    }
  }
}
