package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Record parameters that are differentiated, component by component, as a user passes a model's
 * parameters ({@code record Params(double[][] W1, double[] b1) {}}): a record of the parameter's
 * own file with {@code double}, {@code double[]}, {@code double[][]} components or such records in
 * turn; its other components ({@code int[] ids}, {@code int steps}, a {@code String}, an enum, a
 * record without such parts) are passed through, read as settings and carried by the gradient
 * record as they were. One that holds a {@code double} array is differentiated by default, like an
 * array parameter; one with scalars only ({@code Spring(double k, double rest)}, {@code
 * Hyper(double lambda, int epochs)}) is taken for settings unless {@code wrt} names it. A component
 * that can be neither ({@code float}, {@code double[][][]}) keeps the record from being
 * differentiated: naming it in {@code wrt}, or leaving out {@code wrt} where it holds an array, is
 * an error naming that component.
 */
public final class RecordParameters {

  /** Records nested deeper than this are not followed (a record cannot hold itself, but two could). */
  private static final int DEPTH = 8;

  private RecordParameters() {}

  /** The record a parameter's type names, declared in the parameter's file, if it is one. */
  public static Optional<RecordDeclaration> recordOf(Parameter p) {
    return recordNamed(p.getType(), p);
  }

  /** Whether {@code p} is differentiated when {@code wrt} does not name it: a record of parameters holding a double array. */
  public static boolean byDefault(Parameter p) {
    return recordOf(p).filter(r -> differentiable(r, 0) && holdsArray(r, 0)).isPresent();
  }

  /**
   * Whether {@code p} is a record holding a double array that cannot be differentiated, for a
   * component of a type it can neither differentiate nor pass through: an error unless {@code wrt}
   * leaves it out.
   */
  public static boolean heldBack(Parameter p) {
    return recordOf(p).filter(r -> !differentiable(r, 0) && holdsArray(r, 0)).isPresent();
  }

  /** Whether {@code wrt} may name {@code p}: a record with a double part and no component of a type it cannot pass through. */
  public static boolean nameable(Parameter p) {
    return recordOf(p).filter(r -> differentiable(r, 0)).isPresent();
  }

  /**
   * The components of {@code p}'s record that keep it from being differentiated, as declared
   * ({@code float scale}, {@code Hyper.double[][][] T} of a nested record); empty if there are none or
   * it is no record.
   */
  public static List<String> notDifferentiable(Parameter p) {
    List<String> out = new ArrayList<>();
    recordOf(p).ifPresent(r -> collectNot(r, "", out, 0));
    return out;
  }

  /**
   * The record, {@code p}'s or one nested in it, that declares its canonical constructor (compact
   * or in full): the gradient, a record of its type, is built through it, which would check or
   * change the derivatives as it checks or changes the parameters ({@code k = Math.abs(k)}).
   */
  public static Optional<RecordDeclaration> withOwnConstructor(Parameter p) {
    return recordOf(p).flatMap(r -> first(r, RecordParameters::ownConstructor, 0));
  }

  /**
   * An accessor that {@code p}'s record, or one nested in it, writes itself and that does more than
   * return its component ({@code scale()} returning {@code Math.abs(scale)}): generated code reads
   * the components through their accessors, which would differentiate at another point.
   */
  public static Optional<MethodDeclaration> withComputedAccessor(Parameter p) {
    return recordOf(p).flatMap(r -> first(r, RecordParameters::computedAccessor, 0));
  }

  /**
   * Whether {@code r} writes the accessor of component {@code name} itself and it does more than
   * return the field ({@code return w;}, {@code return this.w;}, which are the accessor Java declares).
   */
  public static boolean computesAccessor(RecordDeclaration r, String name) {
    return r.getMethodsBySignature(name).stream().anyMatch(m -> !returnsField(m, name));
  }

  private static boolean returnsField(MethodDeclaration m, String name) {
    List<Statement> body = m.getBody().map(b -> (List<Statement>) b.getStatements()).orElse(List.of());
    return body.size() == 1 && body.get(0) instanceof ReturnStmt r && r.getExpression()
        .filter(e -> e instanceof NameExpr n && n.getNameAsString().equals(name)
            || e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr && f.getNameAsString().equals(name))
        .isPresent();
  }

  private static Optional<MethodDeclaration> computedAccessor(RecordDeclaration r) {
    return r.getParameters().stream().filter(c -> computesAccessor(r, c.getNameAsString()))
        .map(c -> r.getMethodsBySignature(c.getNameAsString()).get(0)).findFirst();
  }

  private static Optional<RecordDeclaration> ownConstructor(RecordDeclaration r) {
    List<String> components = r.getParameters().stream().map(c -> c.getType().asString()).toList();
    return !r.getCompactConstructors().isEmpty() || r.getConstructors().stream()
        .anyMatch(k -> k.getParameters().stream().map(c -> c.getType().asString()).toList().equals(components))
        ? Optional.of(r) : Optional.empty();
  }

  /** What {@code test} finds in {@code r} or, failing that, in the records nested in it that are unpacked. */
  private static <T> Optional<T> first(RecordDeclaration r, Function<RecordDeclaration, Optional<T>> test, int depth) {
    Optional<T> found = test.apply(r);
    for (Parameter c : r.getParameters()) {
      Optional<RecordDeclaration> nested = recordNamed(c.getType(), r).filter(n -> hasDoublePart(n, depth + 1));
      if (found.isEmpty() && nested.isPresent() && depth < DEPTH) {
        found = first(nested.get(), test, depth + 1);
      }
    }
    return found;
  }

  private static void collectNot(RecordDeclaration r, String prefix, List<String> out, int depth) {
    for (Parameter c : r.getParameters()) {
      Optional<RecordDeclaration> nested = recordNamed(c.getType(), r);
      if (nested.isPresent() && depth < DEPTH && hasDoublePart(nested.get(), depth + 1)) {
        collectNot(nested.get(), prefix + c.getNameAsString() + ".", out, depth + 1);
      } else if (nested.isEmpty() && !isDifferentiableLeaf(c) && !passedThrough(c)) {
        out.add(c.getType() + " " + prefix + c.getNameAsString());
      }
    }
  }

  /** Whether {@code r} may be differentiated component by component (see the class's javadoc). */
  static boolean differentiable(RecordDeclaration r) {
    return differentiable(r, 0);
  }

  private static boolean differentiable(RecordDeclaration r, int depth) {
    if (depth > DEPTH || !r.getTypeParameters().isEmpty() || !hasDoublePart(r, depth)) {
      return false;
    }
    for (Parameter c : r.getParameters()) {
      Optional<RecordDeclaration> nested = recordNamed(c.getType(), r);
      boolean fine = nested.isPresent()
          ? !hasDoublePart(nested.get(), depth + 1) || differentiable(nested.get(), depth + 1)
          : isDifferentiableLeaf(c) || passedThrough(c);
      if (!fine) {
        return false;
      }
    }
    return true;
  }

  /**
   * The record of the file component {@code c} of a differentiated record names, unpacked in turn
   * where it has a double part; empty where it is passed through as it is (a record of settings).
   */
  public static Optional<RecordDeclaration> unpackedRecordOf(Parameter c) {
    return recordOf(c).filter(r -> hasDoublePart(r, 0));
  }

  private static boolean hasDoublePart(RecordDeclaration r, int depth) {
    return depth <= DEPTH && r.getParameters().stream().anyMatch(c -> isDifferentiableLeaf(c)
        || recordNamed(c.getType(), r).filter(n -> hasDoublePart(n, depth + 1)).isPresent());
  }

  private static boolean holdsArray(RecordDeclaration r, int depth) {
    for (Parameter c : r.getParameters()) {
      Optional<RecordDeclaration> nested = recordNamed(c.getType(), r);
      if (nested.isPresent() ? depth < DEPTH && holdsArray(nested.get(), depth + 1)
          : isDifferentiableLeaf(c) && GradientMethods.typeOf(c.getType()).filter(Type::isArray).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** double, double[], double[][]: the component types a gradient record can hold as they are. */
  private static boolean isDifferentiableLeaf(Parameter c) {
    return !c.isVarArgs() && GradientMethods.typeOf(c.getType())
        .filter(t -> t.isDifferentiable() && t.rank() <= 2).isPresent();
  }

  /** A component read as a setting and carried by the gradient as it was: int, int[], String, an enum... */
  private static boolean passedThrough(Parameter c) {
    return !c.isVarArgs() && GradientMethods.typeOf(c.getType()).filter(t -> !t.isDifferentiable()).isPresent();
  }

  /**
   * The record {@code type} names among the member records of {@code from}'s file, by its simple
   * name ({@code Params}, {@code Net.Params}); empty if none or more than one has that name.
   */
  static Optional<RecordDeclaration> recordNamed(com.github.javaparser.ast.type.Type type, Node from) {
    if (!(type instanceof ClassOrInterfaceType c) || c.getTypeArguments().isPresent()) {
      return Optional.empty();
    }
    Optional<CompilationUnit> unit = from.findCompilationUnit();
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    List<RecordDeclaration> named = unit.get().findAll(RecordDeclaration.class).stream()
        .filter(r -> r.getNameAsString().equals(c.getNameAsString()))
        .filter(r -> r.getParentNode().filter(n -> n instanceof TypeDeclaration<?> || n instanceof CompilationUnit)
            .isPresent())
        .toList();
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }
}
