package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the user spelled what a rewrite made a local of: {@code b.w()} for the {@code bW} that
 * {@link RecordLocals} splits from record local {@code b}. Messages name what the user wrote,
 * never a local only the generated code has.
 */
public final class SourceSpellings {

  private static final DataKey<Map<String, String>> KEY = new DataKey<>() {};

  private SourceSpellings() {}

  /** Notes that local {@code name} of {@code m} holds component {@code component} of local {@code of}. */
  static void component(MethodDeclaration m, String name, String of, String component) {
    Map<String, String> all = spellings(m);
    all.put(name, all.getOrDefault(of, of) + "." + component + "()");
  }

  /** {@code message} with each {@code `local`} a rewrite made spelled as the user wrote it. */
  public static String apply(MethodDeclaration m, String message) {
    String out = message;
    for (Map.Entry<String, String> e : spellings(m).entrySet()) {
      out = out.replace("`" + e.getKey() + "`", "`" + e.getValue() + "`");
    }
    return out;
  }

  private static Map<String, String> spellings(MethodDeclaration m) {
    if (!m.containsData(KEY)) {
      m.setData(KEY, new LinkedHashMap<>());
    }
    return m.getData(KEY);
  }
}
