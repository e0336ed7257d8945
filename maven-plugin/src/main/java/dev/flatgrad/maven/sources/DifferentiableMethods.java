package dev.flatgrad.maven.sources;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.flatgrad.processor.engine.SourceLevel;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Finds the methods of the project's sources that get a generated gradient ({@code
 * @Differentiable} ones, and the targets of {@code @CustomGradient} methods), and methods carrying
 * {@code @CheckInputs} without one, with what the goals need to know about each: the check goal
 * runs them, the report goal will show them.
 */
public final class DifferentiableMethods {

  private static final String CHECK_INPUTS = "dev.flatgrad.annotations.CheckInputs";
  private static final String CUSTOM_GRADIENT = "dev.flatgrad.annotations.CustomGradient";

  private DifferentiableMethods() {}

  /**
   * The methods of {@code files}, parsed at Java {@code release} (0: the newest the parser knows),
   * in file order, then declaration order.
   */
  public static List<DifferentiableMethod> find(List<SourceFile> files, int release) {
    JavaParser parser = new JavaParser(SourceLevel.configuration(release));
    List<DifferentiableMethod> out = new ArrayList<>();
    for (SourceFile file : files) {
      if (!file.mentionsDifferentiable() && !file.text().contains("CheckInputs")) {
        continue;
      }
      ParseResult<CompilationUnit> parsed = parser.parse(file.text());
      if (parsed.getResult().isEmpty()) {
        continue;
      }
      CompilationUnit unit = parsed.getResult().get();
      String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
      for (MethodDeclaration m : unit.findAll(MethodDeclaration.class)) {
        DifferentiableMethod.Gradient gradient =
            m.getAnnotations().stream().anyMatch(SourceSymbols::isDifferentiable)
                ? DifferentiableMethod.Gradient.DERIVED
                : hasCustomGradient(m) ? DifferentiableMethod.Gradient.CUSTOM : DifferentiableMethod.Gradient.NONE;
        Optional<AnnotationExpr> inputs = m.getAnnotations().stream()
            .filter(DifferentiableMethods::isCheckInputs)
            .findFirst();
        if (gradient == DifferentiableMethod.Gradient.NONE && inputs.isEmpty()) {
          continue;
        }
        Optional<TypeDeclaration<?>> owner = ownerOf(m);
        Optional<String> ownerName = owner.flatMap(t -> SourceSymbols.canonicalName(t, pkg));
        if (ownerName.isEmpty()) {
          continue;
        }
        String simple = pkg.isEmpty() ? ownerName.get() : ownerName.get().substring(pkg.length() + 1);
        List<DifferentiableMethod.Param> params = m.getParameters().stream()
            .map(p -> new DifferentiableMethod.Param(p.getNameAsString(), SourceSymbols.typeOf(p.getType()),
                p.getType().asString()))
            .toList();
        out.add(new DifferentiableMethod(file, new ClassRef(pkg, simple), m.getNameAsString(), params,
            SourceSymbols.typeOf(m.getType()), gradient, inputs.map(DifferentiableMethods::inputs), pos(m),
            modes(m)));
      }
    }
    return out;
  }

  /** The attributes of the method's {@code @Differentiable} set to the literal true. */
  private static List<String> modes(MethodDeclaration m) {
    List<String> modes = new ArrayList<>();
    m.getAnnotations().stream().filter(SourceSymbols::isDifferentiable)
        .filter(a -> a instanceof NormalAnnotationExpr).map(a -> (NormalAnnotationExpr) a)
        .flatMap(a -> a.getPairs().stream())
        .filter(pair -> pair.getValue() instanceof BooleanLiteralExpr b && b.getValue())
        .forEach(pair -> modes.add(pair.getNameAsString()));
    return List.copyOf(modes);
  }

  private static boolean isCheckInputs(AnnotationExpr a) {
    String n = a.getNameAsString();
    return n.equals(CHECK_INPUTS) || n.equals("CheckInputs");
  }

  /** The class that declares {@code m}; empty for a method of an anonymous class. */
  private static Optional<TypeDeclaration<?>> ownerOf(MethodDeclaration m) {
    return m.getParentNode().filter(n -> n instanceof TypeDeclaration<?>).map(n -> (TypeDeclaration<?>) n);
  }

  /** Whether a method of the same class is {@code @CustomGradient(of = "<this method's name>")}. */
  private static boolean hasCustomGradient(MethodDeclaration m) {
    Optional<TypeDeclaration<?>> owner = ownerOf(m);
    if (owner.isEmpty()) {
      return false;
    }
    for (MethodDeclaration other : owner.get().getMethods()) {
      for (AnnotationExpr a : other.getAnnotations()) {
        String n = a.getNameAsString();
        if ((n.equals("CustomGradient") || n.equals(CUSTOM_GRADIENT)) && a instanceof NormalAnnotationExpr normal
            && normal.getPairs().stream().anyMatch(p -> p.getNameAsString().equals("of")
                && p.getValue() instanceof StringLiteralExpr s && s.asString().equals(m.getNameAsString()))) {
          return true;
        }
      }
    }
    return false;
  }

  private static DifferentiableMethod.Inputs inputs(AnnotationExpr a) {
    List<String> entries = new ArrayList<>();
    long seed = 1;
    OptionalDouble step = OptionalDouble.empty();
    Optional<String> problem = Optional.empty();
    List<Expression> values = new ArrayList<>();
    if (a instanceof SingleMemberAnnotationExpr single) {
      values.add(single.getMemberValue());
    } else if (a instanceof NormalAnnotationExpr normal) {
      for (var pair : normal.getPairs()) {
        if (pair.getNameAsString().equals("value")) {
          values.add(pair.getValue());
        } else if (pair.getNameAsString().equals("seed")) {
          Optional<Long> s = longValue(pair.getValue());
          if (s.isPresent()) {
            seed = s.get();
          } else {
            problem = Optional.of("the seed must be a number written in place, not " + pair.getValue());
          }
        } else if (pair.getNameAsString().equals("step")) {
          Optional<Double> h = doubleValue(pair.getValue());
          if (h.isEmpty() || !(h.get() >= 0) || h.get() >= 1) {
            problem = Optional.of("the step must be a number in [0, 1) written in place, like 1e-3, not " + pair.getValue());
          } else if (h.get() > 0) {
            step = OptionalDouble.of(h.get());
          }
        }
      }
    }
    for (Expression v : values) {
      List<Expression> items = v instanceof ArrayInitializerExpr array ? array.getValues() : List.of(v);
      for (Expression item : items) {
        if (item instanceof StringLiteralExpr s) {
          entries.add(s.asString());
        } else if (problem.isEmpty()) {
          problem = Optional.of("each entry must be a string written in place, like \"W: 20x10\", not " + item);
        }
      }
    }
    return new DifferentiableMethod.Inputs(List.copyOf(entries), seed, step, pos(a), problem);
  }

  private static Optional<Double> doubleValue(Expression e) {
    if (e instanceof DoubleLiteralExpr d) {
      try {
        return Optional.of(d.asDouble());
      } catch (RuntimeException notANumber) {
        return Optional.empty();
      }
    }
    return longValue(e).map(Long::doubleValue);
  }

  private static Optional<Long> longValue(Expression e) {
    try {
      if (e instanceof IntegerLiteralExpr i) {
        return Optional.of(i.asNumber().longValue());
      }
      if (e instanceof LongLiteralExpr l) {
        return Optional.of(l.asNumber().longValue());
      }
      if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) {
        return longValue(u.getExpression()).map(v -> -v);
      }
    } catch (RuntimeException notANumber) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Pos pos(Node n) {
    return n.getBegin().map(p -> new Pos(p.line, p.column)).orElse(Pos.NONE);
  }
}
