package dev.flatgrad.processor.naming;

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
