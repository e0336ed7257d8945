package dev.flatgrad.processor.naming;

import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Variable;
import java.util.Set;

/** Java's rules for names, so that the engine needs nothing of javac's. */
public final class JavaNames {

  /**
   * The keywords and literals, which no variable may be named. Restricted identifiers ({@code
   * var}, {@code yield}, {@code record}, {@code sealed}, {@code permits}) are legal variable
   * names and stay as the user wrote them.
   */
  private static final Set<String> KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
      "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
      "native", "new", "package", "private", "protected", "public", "return", "short", "static",
      "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
      "void", "volatile", "while", "true", "false", "null", "_");

  private JavaNames() {}

  /**
   * The name of the record component holding the gradient of {@code parameter}, one of the
   * method's {@code parameters}: {@code d} and the parameter's name ({@code dx} for {@code x}),
   * with {@code _} appended where that is a keyword ({@code do_} for {@code o}), and again while
   * another parameter's component has that name ({@code do__} if there is an {@code o_}).
   */
  public static String gradientComponent(String parameter, java.util.Collection<String> parameters) {
    String name = "d" + parameter;
    if (!isKeyword(name)) {
      return name;
    }
    do {
      name = name + "_";
    } while (parameters.contains(name.substring(1)));
    return name;
  }

  /** The gradient record's component of parameter {@code p} of {@code method} ({@code dx}, {@code do_} for {@code o}). */
  public static String gradientComponent(IrMethod method, Variable p) {
    return gradientComponent(p.hint(), method.params().stream().map(Variable::hint).toList());
  }

  public static boolean isKeyword(String s) {
    return KEYWORDS.contains(s);
  }

  public static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
