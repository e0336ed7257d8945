package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;

/**
 * Whether a class name as written in a file is a JDK class flatgrad rewrites calls of ({@code
 * Arrays}, {@code DoubleStream}): written fully qualified, or imported by name, or by its package's
 * {@code *} where the file declares no class of that name (a user's own {@code Arrays} is not the JDK's).
 */
final class Imports {

  private Imports() {}

  /** Whether {@code written} (a call's scope) at {@code at} names the class {@code qualified}. */
  static boolean names(Node at, String written, String qualified) {
    if (written.equals(qualified)) {
      return true;
    }
    String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
    String pkg = qualified.substring(0, qualified.lastIndexOf('.'));
    if (!written.equals(simple)) {
      return false;
    }
    CompilationUnit file = at.findCompilationUnit().orElse(null);
    if (file == null) {
      return false;
    }
    boolean ownClass = !file.findAll(TypeDeclaration.class, t -> t.getNameAsString().equals(simple)).isEmpty();
    return file.getImports().stream().filter(i -> !i.isStatic()).anyMatch(i -> i.isAsterisk()
        ? i.getNameAsString().equals(pkg) && !ownClass : i.getNameAsString().equals(qualified));
  }
}
