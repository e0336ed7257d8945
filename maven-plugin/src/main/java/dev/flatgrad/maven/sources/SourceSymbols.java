package dev.flatgrad.maven.sources;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.engine.SourceLevel;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the engine's questions about classes from the project's own sources, parsed with
 * JavaParser: what javac's symbol table tells the annotation processor about the same classes.
 * Classes are known by canonical name ({@code p.Outer.Inner}); only fields and methods whose
 * types the engine supports are reported, as javac's front-end does.
 */
public final class SourceSymbols implements Symbols {

  private record Members(Map<String, Field> fields, Map<String, List<Method>> methods) {}

  private final Map<String, Members> classes = new HashMap<>();

  private SourceSymbols() {}

  /**
   * Indexes every class of {@code files}, parsed at Java {@code release} (0: the newest the parser
   * knows); a file that does not parse is left out.
   */
  public static SourceSymbols of(Collection<SourceFile> files, int release) {
    SourceSymbols symbols = new SourceSymbols();
    JavaParser parser = new JavaParser(SourceLevel.configuration(release));
    for (SourceFile file : files) {
      ParseResult<CompilationUnit> parsed = parser.parse(file.text());
      parsed.getResult().ifPresent(symbols::index);
    }
    return symbols;
  }

  private void index(CompilationUnit unit) {
    String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
      Optional<String> name = canonicalName(type, pkg);
      if (name.isEmpty()) {
        continue;
      }
      boolean isInterface = type.isClassOrInterfaceDeclaration()
          && type.asClassOrInterfaceDeclaration().isInterface();
      Map<String, Field> fields = new LinkedHashMap<>();
      for (FieldDeclaration f : type.getFields()) {
        boolean isStatic = isInterface || f.isStatic();
        boolean isFinal = isInterface || f.isFinal();
        for (VariableDeclarator v : f.getVariables()) {
          typeOf(v.getType())
              .or(() -> Symbols.constantType(v.getType().asString(), isStatic, isFinal))
              .ifPresent(t ->
              fields.putIfAbsent(v.getNameAsString(),
                  new Field(t, isStatic, isFinal, f.hasModifier(Modifier.Keyword.PRIVATE))));
        }
      }
      if (type instanceof RecordDeclaration record) {
        for (Parameter p : record.getParameters()) {
          typeOf(p.getType()).ifPresent(t -> fields.putIfAbsent(p.getNameAsString(), new Field(t, false, true, true)));
        }
      }
      if (type instanceof EnumDeclaration e) {
        // Its constants: settings a method compares (p == Penalty.L2).
        Type constant = Type.of(new ClassRef(pkg, pkg.isEmpty() ? name.get() : name.get().substring(pkg.length() + 1)));
        e.getEntries().forEach(c -> fields.putIfAbsent(c.getNameAsString(), new Field(constant, true, true, false)));
      }
      Map<String, List<Method>> methods = new LinkedHashMap<>();
      for (MethodDeclaration m : type.getMethods()) {
        method(m).ifPresent(info -> methods.computeIfAbsent(info.name(), k -> new ArrayList<>()).add(info));
      }
      if (type instanceof RecordDeclaration record) {
        // Its accessors, which the source does not declare: h.lambda()
        for (Parameter p : record.getParameters()) {
          typeOf(p.getType()).filter(t -> !methods.containsKey(p.getNameAsString())).ifPresent(t -> methods.put(
              p.getNameAsString(), List.of(new Method(p.getNameAsString(), List.of(), List.of(), t, false, false,
                  List.of(), List.of()))));
        }
      }
      classes.putIfAbsent(name.get(), new Members(fields, methods));
    }
  }

  /** {@code p.Outer.Inner}, or empty for local and anonymous classes. */
  static Optional<String> canonicalName(TypeDeclaration<?> type, String pkg) {
    StringBuilder name = new StringBuilder(type.getNameAsString());
    var parent = type.getParentNode();
    while (parent.isPresent() && !(parent.get() instanceof CompilationUnit)) {
      if (!(parent.get() instanceof TypeDeclaration<?> outer)) {
        return Optional.empty();
      }
      name.insert(0, outer.getNameAsString() + ".");
      parent = outer.getParentNode();
    }
    return Optional.of(pkg.isEmpty() ? name.toString() : pkg + "." + name);
  }

  private static Optional<Method> method(MethodDeclaration m) {
    List<Type> params = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      if (p.isVarArgs()) {
        return Optional.empty();
      }
      Optional<Type> t = typeOf(p.getType());
      if (t.isEmpty()) {
        return Optional.empty();
      }
      params.add(t.get());
      names.add(p.getNameAsString());
    }
    Optional<Type> result = typeOf(m.getType());
    if (result.isEmpty()) {
      return Optional.empty();
    }
    Optional<AnnotationExpr> differentiable = m.getAnnotations().stream()
        .filter(SourceSymbols::isDifferentiable)
        .findFirst();
    List<String> wrt = new ArrayList<>();
    List<String> modes = new ArrayList<>();
    if (differentiable.isPresent() && differentiable.get() instanceof NormalAnnotationExpr normal) {
      normal.getPairs().stream()
          .filter(pair -> pair.getNameAsString().equals("wrt"))
          .forEach(pair -> strings(pair.getValue(), wrt));
      normal.getPairs().stream()
          .filter(pair -> pair.getValue() instanceof BooleanLiteralExpr b && b.getValue())
          .forEach(pair -> modes.add(pair.getNameAsString()));
    }
    return Optional.of(new Method(m.getNameAsString(), params, names, result.get(), m.isStatic(),
        differentiable.isPresent(), wrt, modes));
  }

  private static void strings(Expression e, List<String> out) {
    if (e instanceof ArrayInitializerExpr array) {
      array.getValues().forEach(v -> strings(v, out));
    } else if (e instanceof StringLiteralExpr s) {
      out.add(s.asString());
    }
  }

  /** Whether {@code a} is {@code @Differentiable}, by simple or qualified name. */
  public static boolean isDifferentiable(AnnotationExpr a) {
    String n = a.getNameAsString();
    return n.equals("Differentiable") || n.equals("dev.flatgrad.annotations.Differentiable");
  }

  /** The engine's type for a declared type: a primitive it knows, or an array of one. */
  public static Optional<Type> typeOf(com.github.javaparser.ast.type.Type declared) {
    int rank = 0;
    com.github.javaparser.ast.type.Type t = declared;
    while (t.isArrayType()) {
      rank++;
      t = t.asArrayType().getComponentType();
    }
    if (!t.isPrimitiveType()) {
      return Optional.empty();
    }
    Type.Prim prim = switch (t.asPrimitiveType().getType()) {
      case DOUBLE -> Type.Prim.DOUBLE;
      case INT -> Type.Prim.INT;
      case LONG -> Type.Prim.LONG;
      case BOOLEAN -> Type.Prim.BOOLEAN;
      case CHAR -> Type.Prim.CHAR;
      default -> null;
    };
    return EngineTypes.of(prim, rank);
  }

  @Override
  public boolean classExists(String qualifiedName) {
    return classes.containsKey(qualifiedName);
  }

  @Override
  public Optional<Field> field(String qualifiedClass, String name) {
    Members m = classes.get(qualifiedClass);
    return m == null ? Optional.empty() : Optional.ofNullable(m.fields().get(name));
  }

  @Override
  public List<Method> methods(String qualifiedClass, String name) {
    Members m = classes.get(qualifiedClass);
    return m == null ? List.of() : List.copyOf(m.methods().getOrDefault(name, List.of()));
  }
}
