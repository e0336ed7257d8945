package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.List;
import java.util.Optional;

/**
 * The record of the file an expression of a method holds, read from the source as far as records
 * of parameters are read: a parameter or local declared with the record's type ({@code var} from
 * its value), and a component of one read through its accessor or field ({@code net.first()},
 * {@code net.first}).
 */
final class RecordTypes {

  private static final int DEPTH = 8;

  private RecordTypes() {}

  static Optional<RecordDeclaration> of(Expression e, MethodDeclaration in) {
    return of(e, in, 0);
  }

  /**
   * The parameter of {@code in} that {@code e} reads a record of: {@code p} of {@code p}, {@code
   * p.layer()}, or of a local {@code a} holding {@code p.layer()}; empty if it reads none.
   */
  static Optional<String> rootParameter(Expression e, MethodDeclaration in) {
    for (int depth = 0; depth <= DEPTH; depth++) {
      if (e instanceof EnclosedExpr x) {
        e = x.getInner();
      } else if (e instanceof MethodCallExpr c && c.getArguments().isEmpty() && c.getScope().isPresent()) {
        e = c.getScope().get();
      } else if (e instanceof FieldAccessExpr f) {
        e = f.getScope();
      } else if (e instanceof NameExpr n && in.getParameterByName(n.getNameAsString()).isPresent()) {
        return Optional.of(n.getNameAsString());
      } else if (e instanceof NameExpr n) {
        List<VariableDeclarator> locals = in.findAll(VariableDeclarator.class,
            v -> v.getNameAsString().equals(n.getNameAsString()));
        if (locals.size() != 1 || locals.get(0).getInitializer().isEmpty()) {
          return Optional.empty();
        }
        e = locals.get(0).getInitializer().get();
      } else {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The component {@code name} of {@code r}, if it has one. */
  static Optional<Parameter> component(RecordDeclaration r, String name) {
    return r.getParameters().stream().filter(p -> p.getNameAsString().equals(name)).findFirst();
  }

  private static Optional<RecordDeclaration> of(Expression e, MethodDeclaration in, int depth) {
    if (depth > DEPTH) {
      return Optional.empty();
    }
    if (e instanceof EnclosedExpr x) {
      return of(x.getInner(), in, depth + 1);
    }
    if (e instanceof NameExpr n) {
      Optional<Parameter> p = in.getParameterByName(n.getNameAsString());
      if (p.isPresent()) {
        return RecordParameters.recordNamed(p.get().getType(), p.get());
      }
      List<VariableDeclarator> locals = in.findAll(VariableDeclarator.class,
          v -> v.getNameAsString().equals(n.getNameAsString()));
      if (locals.size() != 1) {
        return Optional.empty();
      }
      VariableDeclarator v = locals.get(0);
      return v.getType().isVarType() ? v.getInitializer().flatMap(i -> of(i, in, depth + 1))
          : RecordParameters.recordNamed(v.getType(), v);
    }
    String name;
    Expression scope;
    if (e instanceof MethodCallExpr c && c.getArguments().isEmpty() && c.getScope().isPresent()) {
      name = c.getNameAsString();
      scope = c.getScope().get();
    } else if (e instanceof FieldAccessExpr f) {
      name = f.getNameAsString();
      scope = f.getScope();
    } else {
      return Optional.empty();
    }
    return of(scope, in, depth + 1).flatMap(r -> component(r, name))
        .flatMap(c -> RecordParameters.recordNamed(c.getType(), c));
  }
}
