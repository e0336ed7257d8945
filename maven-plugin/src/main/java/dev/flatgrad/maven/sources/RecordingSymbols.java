package dev.flatgrad.maven.sources;

import dev.flatgrad.processor.base.Symbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Remembers every question the engine asked while differentiating one file, with the answer.
 * The generated code of a file depends on its own text and on these answers only, so a file whose
 * text is unchanged is up to date as long as the same questions get the same answers.
 */
public final class RecordingSymbols implements Symbols {

  /**
   * One question and a digest of its answer.
   *
   * @param kind {@code class}, {@code field}, {@code methods} or {@code typeParameters}
   * @param className the class asked about
   * @param member the field's or methods' name; empty for {@code class}
   * @param answer a digest of the answer's text
   */
  public record Query(String kind, String className, String member, String answer) {

    /** The digest of the answer {@code symbols} gives today. */
    public String askAgain(Symbols symbols) {
      return digest(switch (kind) {
        case "class" -> symbols.classExists(className);
        case "field" -> symbols.field(className, member);
        case "methods" -> symbols.methods(className, member);
        case "typeParameters" -> symbols.typeParameters(className);
        default -> throw new IllegalArgumentException("unknown query kind " + kind);
      });
    }

    /** Whether {@code symbols} still gives the recorded answer. */
    public boolean holds(Symbols symbols) {
      return answer.equals(askAgain(symbols));
    }
  }

  private final Symbols delegate;
  private final List<Query> queries = new ArrayList<>();

  public RecordingSymbols(Symbols delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean classExists(String qualifiedName) {
    boolean answer = delegate.classExists(qualifiedName);
    record("class", qualifiedName, "", answer);
    return answer;
  }

  @Override
  public Optional<Field> field(String qualifiedClass, String name) {
    Optional<Field> answer = delegate.field(qualifiedClass, name);
    record("field", qualifiedClass, name, answer);
    return answer;
  }

  @Override
  public List<Method> methods(String qualifiedClass, String name) {
    List<Method> answer = delegate.methods(qualifiedClass, name);
    record("methods", qualifiedClass, name, answer);
    return answer;
  }

  @Override
  public List<String> typeParameters(String qualifiedClass) {
    List<String> answer = delegate.typeParameters(qualifiedClass);
    record("typeParameters", qualifiedClass, "", answer);
    return answer;
  }

  private void record(String kind, String className, String member, Object answer) {
    Query q = new Query(kind, className, member, digest(answer));
    if (!queries.contains(q)) {
      queries.add(q);
    }
  }

  /** Answers are records and lists of records, whose text says everything they hold. */
  private static String digest(Object answer) {
    return SourceTree.sha256(String.valueOf(answer)).substring(0, 16);
  }

  /** The distinct questions asked so far, in the order first asked. */
  public List<Query> queries() {
    return List.copyOf(queries);
  }
}
