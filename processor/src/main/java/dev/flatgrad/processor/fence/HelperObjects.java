package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.type.Type;
import java.util.List;
import java.util.Optional;

/**
 * A helper object of a class of the file that a method is called on with a record of parameters
 * ({@code model.predict(p, x)}, where {@code final Model model = new Model();} is a field, or
 * {@code Model m = new Model();} a local): the variable holding it, its class, and whether the
 * method its class declares is the one that runs, so that {@link RecordMethods} may write its
 * body where it is called.
 */
final class HelperObjects {

  private HelperObjects() {}

  /** What {@code receiver} names: its declaration's type and value, if it is a local, a parameter or a field. */
  private record Held(Type type, Optional<Expression> value, boolean fixed) {}

  /** The class (not a record, not an interface) of the file the variable {@code receiver} names holds. */
  static Optional<ClassOrInterfaceDeclaration> classOf(Expression receiver, MethodDeclaration caller) {
    return held(receiver, caller).flatMap(h -> caller.findCompilationUnit()
            .flatMap(u -> FileScopes.typeNamed(u, h.type().isVarType()
                ? h.value().filter(v -> v instanceof ObjectCreationExpr).map(v -> ((ObjectCreationExpr) v).getType().asString()).orElse("")
                : h.type().asString())))
        .filter(t -> t instanceof ClassOrInterfaceDeclaration c && !c.isInterface())
        .map(t -> (ClassOrInterfaceDeclaration) t);
  }

  /**
   * Why {@code method} of {@code cls} may not be the method that runs on {@code receiver}, if it may
   * not: a subclass's object could override it, unless the class or method is final or private, the
   * class private and extended by none of the file's, or the variable is never reassigned from a
   * {@code new} of exactly that class.
   */
  static Optional<String> whyNotExact(Expression receiver, ClassOrInterfaceDeclaration cls, MethodDeclaration method,
      MethodDeclaration caller) {
    if (cls.isFinal() || method.isFinal() || method.isPrivate() || cls.isPrivate() && unextended(cls)) {
      return Optional.empty();
    }
    Optional<Held> h = held(receiver, caller);
    boolean made = h.filter(x -> x.fixed() && x.value().filter(v -> v instanceof ObjectCreationExpr o
        && o.getAnonymousClassBody().isEmpty() && o.getType().getNameAsString().equals(cls.getNameAsString())).isPresent())
        .isPresent();
    return made ? Optional.empty() : Optional.of("`" + receiver + "` may hold a subclass's object, whose `"
        + method.getNameAsString() + "` could be another; make " + cls.getNameAsString() + " or `"
        + method.getNameAsString() + "` final, or give `" + receiver + "` a new " + cls.getNameAsString() + " it keeps");
  }

  /** Whether no class of {@code cls}'s file extends it (a private class can be extended only there). */
  private static boolean unextended(ClassOrInterfaceDeclaration cls) {
    return cls.findCompilationUnit().map(u -> u.findAll(ClassOrInterfaceDeclaration.class, c -> c.getExtendedTypes().stream()
        .anyMatch(t -> t.getNameAsString().equals(cls.getNameAsString()))).isEmpty()).orElse(false);
  }

  private static Optional<Held> held(Expression receiver, MethodDeclaration caller) {
    if (receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
      return field(f.getNameAsString(), caller);
    }
    if (!(receiver instanceof NameExpr n)) {
      return Optional.empty();
    }
    String name = n.getNameAsString();
    if (caller.getParameterByName(name).isPresent()) {
      return Optional.of(new Held(caller.getParameterByName(name).get().getType(), Optional.empty(), false));
    }
    List<VariableDeclarator> locals = caller.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(name));
    if (locals.size() == 1) {
      VariableDeclarator v = locals.get(0);
      return Optional.of(new Held(v.getType(), v.getInitializer(), !Nodes.assignedNames(caller).contains(name)));
    }
    return locals.isEmpty() ? field(name, caller) : Optional.empty();
  }

  private static Optional<Held> field(String name, MethodDeclaration caller) {
    Optional<TypeDeclaration<?>> owner = FileScopes.declaringField(caller, name);
    return owner.flatMap(t -> t.getFields().stream().filter(f -> f.getVariables().stream()
            .anyMatch(v -> v.getNameAsString().equals(name))).findFirst())
        .map(f -> {
          VariableDeclarator v = f.getVariables().stream().filter(x -> x.getNameAsString().equals(name)).findFirst().orElseThrow();
          return new Held(v.getType(), v.getInitializer(), f.hasModifier(Modifier.Keyword.FINAL));
        });
  }
}
