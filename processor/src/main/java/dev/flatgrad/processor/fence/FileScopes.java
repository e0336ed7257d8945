package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which class of the file a simple name written in it means, as javac resolves it (the innermost
 * class around the name declaring a member of that name), and how code elsewhere in the file names
 * that class: what a method's body written in another class ({@link RecordMethodBodies}) must
 * qualify to mean what it meant.
 */
final class FileScopes {

  private FileScopes() {}

  /** The innermost class around {@code at} declaring a method {@code name}. */
  static Optional<TypeDeclaration<?>> declaringMethod(Node at, String name) {
    return around(at, t -> !t.getMethodsByName(name).isEmpty());
  }

  /** The innermost class around {@code at} declaring a field or an enum constant {@code name}. */
  static Optional<TypeDeclaration<?>> declaringField(Node at, String name) {
    return around(at, t -> t.getFields().stream().anyMatch(f -> f.getVariables().stream()
            .anyMatch(v -> v.getNameAsString().equals(name)))
        || t instanceof EnumDeclaration e && e.getEntries().stream().anyMatch(c -> c.getNameAsString().equals(name)));
  }

  /** The innermost class around {@code at} declaring a member class (or record, enum) {@code name}. */
  static Optional<TypeDeclaration<?>> declaringClass(Node at, String name) {
    return around(at, t -> t.getMembers().stream()
        .anyMatch(m -> m instanceof TypeDeclaration<?> inner && inner.getNameAsString().equals(name)));
  }

  /** The class of the file that {@code name} (simple, or dotted through nested classes) names. */
  static Optional<TypeDeclaration<?>> typeNamed(CompilationUnit unit, String name) {
    for (TypeDeclaration<?> t : unit.findAll(TypeDeclaration.class)) {
      Optional<String> qualified = t.getFullyQualifiedName();
      if (t.getNameAsString().equals(name) || qualified.isPresent()
          && (qualified.get().equals(name) || qualified.get().endsWith("." + name))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code t} as code at {@code from} names it: by its simple name where it is a top-level class or
   * a member of a class around {@code from}, else through the classes around it ({@code Top.Losses}).
   */
  static Expression nameOf(TypeDeclaration<?> t, Node from) {
    Optional<Node> parent = t.getParentNode();
    boolean visible = parent.filter(p -> p instanceof CompilationUnit
        || p instanceof TypeDeclaration<?> outer && (outer == from || outer.isAncestorOf(from))).isPresent();
    if (visible || parent.filter(p -> p instanceof TypeDeclaration<?>).isEmpty()) {
      return new NameExpr(t.getNameAsString());
    }
    return new FieldAccessExpr(nameOf((TypeDeclaration<?>) parent.get(), from), t.getNameAsString());
  }

  private static Optional<TypeDeclaration<?>> around(Node at, Predicate<TypeDeclaration<?>> declares) {
    for (Node n = at; n != null; n = n.getParentNode().orElse(null)) {
      if (n instanceof TypeDeclaration<?> t && declares.test(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
