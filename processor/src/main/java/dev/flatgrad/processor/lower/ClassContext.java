package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.Nodes;
import dev.flatgrad.processor.fence.SupportedTypes;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The class around a {@code @Differentiable} method: its package, imports, fields and methods,
 * and how a name written in its body resolves to a class or a field.
 */
public final class ClassContext {

  /** A field of this class, as declared in the source. */
  public record LocalField(
      String name,
      com.github.javaparser.ast.type.Type declaredType,
      boolean isStatic,
      boolean isFinal,
      boolean isPrivate,
      Expression initializer,
      Pos pos) {}

  private static final String RUNTIME_PACKAGE = "dev.flatgrad.runtime";

  private final ClassRef self;
  private final Symbols symbols;
  private final Map<String, String> singleImports = new HashMap<>();
  private final List<String> onDemandImports = new ArrayList<>();
  private final Map<String, String> staticMemberImports = new HashMap<>();
  private final List<String> staticOnDemandImports = new ArrayList<>();
  private final Map<String, LocalField> fields = new LinkedHashMap<>();
  private final Map<String, List<MethodDeclaration>> methods = new LinkedHashMap<>();
  private final Map<String, String> unitTypes = new HashMap<>();
  private final Map<String, TypeDeclaration<?>> unitDeclarations = new HashMap<>();

  private ClassContext(ClassRef self, Symbols symbols) {
    this.self = self;
    this.symbols = symbols;
  }

  /** The context of {@code type}, a (possibly nested) class of {@code unit}. */
  public static ClassContext of(CompilationUnit unit, TypeDeclaration<?> type, Symbols symbols) {
    String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    ClassContext ctx = new ClassContext(new ClassRef(pkg, nestedName(type)), symbols);
    for (ImportDeclaration imp : unit.getImports()) {
      String name = imp.getNameAsString();
      if (imp.isModule()) {
        continue; // import module m; brings whole packages, none of them flatgrad's own
      }
      if (imp.isStatic()) {
        if (imp.isAsterisk()) {
          ctx.staticOnDemandImports.add(name);
        } else {
          int dot = name.lastIndexOf('.');
          ctx.staticMemberImports.put(name.substring(dot + 1), name.substring(0, dot));
        }
      } else if (imp.isAsterisk()) {
        ctx.onDemandImports.add(name);
      } else {
        ctx.singleImports.put(name.substring(name.lastIndexOf('.') + 1), name);
      }
    }
    for (TypeDeclaration<?> t : classesOf(unit)) {
      String nested = nestedName(t);
      ctx.unitTypes.put(t.getNameAsString(), pkg.isEmpty() ? nested : pkg + "." + nested);
      ctx.unitDeclarations.put(new ClassRef(pkg, nested).qualifiedName(), t);
    }
    for (FieldDeclaration f : type.getFields()) {
      for (VariableDeclarator v : f.getVariables()) {
        ctx.fields.put(
            v.getNameAsString(),
            new LocalField(
                v.getNameAsString(),
                v.getType(),
                f.isStatic(),
                f.isFinal(),
                f.hasModifier(Modifier.Keyword.PRIVATE),
                v.getInitializer().orElse(null),
                Nodes.pos(v)));
      }
    }
    if (type instanceof com.github.javaparser.ast.body.RecordDeclaration record) {
      // A record's components are its private final fields.
      for (var p : record.getParameters()) {
        ctx.fields.put(p.getNameAsString(),
            new LocalField(p.getNameAsString(), p.getType(), false, true, true, null, Nodes.pos(p)));
      }
    }
    for (MethodDeclaration m : type.getMethods()) {
      ctx.methods.computeIfAbsent(m.getNameAsString(), k -> new ArrayList<>()).add(m);
    }
    return ctx;
  }

  /**
   * The top-level and member classes of the unit (records, enums and interfaces too), outermost
   * first; not the local classes of method bodies, which no other code can name.
   */
  public static List<TypeDeclaration<?>> classesOf(CompilationUnit unit) {
    List<TypeDeclaration<?>> out = new ArrayList<>();
    for (TypeDeclaration<?> t : unit.getTypes()) {
      addWithMembers(t, out);
    }
    return out;
  }

  private static void addWithMembers(TypeDeclaration<?> type, List<TypeDeclaration<?>> out) {
    out.add(type);
    for (var member : type.getMembers()) {
      if (member instanceof TypeDeclaration<?> nested) {
        addWithMembers(nested, out);
      }
    }
  }

  /** A context with no class around it: for the rule templates. */
  public static ClassContext detached(ClassRef self) {
    ClassContext ctx = new ClassContext(self, Symbols.NONE);
    ctx.singleImports.put("Nd", RUNTIME_PACKAGE + ".Nd");
    return ctx;
  }

  private static String nestedName(TypeDeclaration<?> type) {
    StringBuilder name = new StringBuilder(type.getNameAsString());
    var parent = type.getParentNode();
    while (parent.isPresent() && parent.get() instanceof TypeDeclaration<?> outer) {
      name.insert(0, outer.getNameAsString() + ".");
      parent = outer.getParentNode();
    }
    return name.toString();
  }

  public ClassRef self() {
    return self;
  }

  public Symbols symbols() {
    return symbols;
  }

  /** The declaration of a class of this compilation unit, if {@code c} is one. */
  public Optional<TypeDeclaration<?>> declarationOf(ClassRef c) {
    return Optional.ofNullable(unitDeclarations.get(c.qualifiedName()));
  }

  /** The record of the user's sources {@code c} names (its type arguments aside), if it is one. */
  public Optional<com.github.javaparser.ast.body.RecordDeclaration> recordOf(ClassRef c) {
    return declarationOf(c.withTypeArguments(List.of()))
        .filter(com.github.javaparser.ast.body.RecordDeclaration.class::isInstance)
        .map(com.github.javaparser.ast.body.RecordDeclaration.class::cast);
  }

  /** The names of this class's methods. */
  public java.util.Set<String> methodNames() {
    return java.util.Set.copyOf(methods.keySet());
  }

  /** The names of this class's fields. */
  public java.util.Set<String> fieldNames() {
    return java.util.Set.copyOf(fields.keySet());
  }

  public Optional<LocalField> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  public List<MethodDeclaration> methods(String name) {
    return methods.getOrDefault(name, List.of());
  }

  /**
   * The class a simple or qualified type name written in this class refers to, or empty if it
   * names no class flatgrad can find.
   */
  public Optional<ClassRef> resolveClass(String name) {
    if (name.equals("Math") || name.equals("java.lang.Math")) {
      return Optional.of(ClassRef.MATH);
    }
    if (name.equals("StrictMath") || name.equals("java.lang.StrictMath")) {
      return Optional.of(ClassRef.STRICT_MATH);
    }
    if (name.equals(RUNTIME_PACKAGE + ".Nd")) {
      return Optional.of(ClassRef.ND);
    }
    if (name.contains(".")) {
      if (exists(name)) {
        return Optional.of(classRef(name));
      }
      // Outer.Inner: the class Outer names, then its member.
      int dot = name.indexOf('.');
      return resolveClass(name.substring(0, dot)).filter(outer -> !outer.equals(ClassRef.MATH))
          .map(outer -> new ClassRef(outer.packageName(), outer.simpleName() + name.substring(dot)))
          .filter(c -> unitDeclarations.containsKey(c.qualifiedName()) || symbols.classExists(c.qualifiedName()));
    }
    if (unitTypes.containsKey(name)) {
      return Optional.of(classRef(unitTypes.get(name)));
    }
    if (singleImports.containsKey(name)) {
      return Optional.of(classRef(singleImports.get(name)));
    }
    String samePackage = self.packageName().isEmpty() ? name : self.packageName() + "." + name;
    if (symbols.classExists(samePackage)) {
      return Optional.of(ClassRef.ofQualified(samePackage));
    }
    for (String pkg : onDemandImports) {
      if (pkg.equals(RUNTIME_PACKAGE) && name.equals("Nd")) {
        return Optional.of(ClassRef.ND);
      }
      if (symbols.classExists(pkg + "." + name)) {
        return Optional.of(ClassRef.ofQualified(pkg + "." + name));
      }
    }
    if (name.equals("Nd")) {
      return Optional.of(ClassRef.ND);
    }
    // java.lang is imported on demand into every compilation unit: Double, Integer, Long...
    if (symbols.classExists("java.lang." + name)) {
      return Optional.of(new ClassRef("java.lang", name));
    }
    return Optional.empty();
  }

  /**
   * A type of the method with its classes found ({@code Hyper} as {@code fit.Fit.Hyper}, {@code
   * List<Double>} as {@code java.util.List<java.lang.Double>}), so that generated code, another
   * class, names them; a class flatgrad cannot find stays as written.
   */
  public Type resolve(Type t) {
    return t.isObject() ? Type.of(resolve(t.object())) : t;
  }

  /**
   * {@link #resolve(Type)} for a type generated code declares (a parameter's, a local's, a new
   * object's), a {@link Problem} at {@code pos} if generated code, another class, cannot name it: a
   * private nested class (javac: "has private access").
   */
  public Type resolveVisible(Type t, Pos pos) {
    Type resolved = resolve(t);
    if (resolved.isObject()) {
      requireVisible(resolved.object(), pos);
    }
    return resolved;
  }

  /**
   * A {@link Problem} at {@code pos} if generated code, another class, cannot name {@code c}: a
   * private nested class or one inside it, whose members it would read or call.
   */
  public void requireVisible(ClassRef c, Pos pos) {
    c.typeArguments().forEach(a -> requireVisible(a, pos));
    Optional<com.github.javaparser.ast.Node> n = declarationOf(c).map(d -> d);
    for (; n.isPresent(); n = n.get().getParentNode()) {
      if (n.get() instanceof TypeDeclaration<?> d && d.hasModifier(Modifier.Keyword.PRIVATE)) {
        throw new Problem(pos, Tag.UNSUPPORTED, "`" + d.getNameAsString() + "` is a private class: the generated"
            + " class, another class, cannot name it; make it package-private (drop `private`)");
      }
    }
  }

  private ClassRef resolve(ClassRef written) {
    List<ClassRef> arguments = written.typeArguments().stream().map(this::resolve).toList();
    if (!written.packageName().isEmpty()) {
      return written.withTypeArguments(arguments);
    }
    return resolveClass(written.simpleName()).orElse(written).withTypeArguments(arguments);
  }

  /** The class a statically imported member (method or field) comes from. */
  public Optional<ClassRef> staticImportOwner(String member, java.util.function.Predicate<ClassRef> has) {
    String single = staticMemberImports.get(member);
    if (single != null) {
      return resolveClass(single);
    }
    for (String owner : staticOnDemandImports) {
      Optional<ClassRef> ref = resolveClass(owner);
      if (ref.isPresent() && has.test(ref.get())) {
        return ref;
      }
    }
    return Optional.empty();
  }

  private boolean exists(String qualified) {
    return unitTypes.containsValue(qualified) || symbols.classExists(qualified);
  }

  /** Splits a qualified name into package and (possibly nested) class name using the unit's types. */
  private ClassRef classRef(String qualified) {
    if (qualified.equals(RUNTIME_PACKAGE + ".Nd")) {
      return ClassRef.ND;
    }
    String pkg = self.packageName();
    if (unitTypes.containsValue(qualified)) {
      // Outer.Inner of the unnamed package is a nested class too, not class Inner of package Outer.
      return pkg.isEmpty() ? new ClassRef("", qualified) : new ClassRef(pkg, qualified.substring(pkg.length() + 1));
    }
    return ClassRef.ofQualified(qualified);
  }

  /**
   * Whether {@code e} is a constant expression (JLS 15.29): literals, operators, casts and {@code
   * ?:} over them, and names of constants (this class's static final fields initialized so, the
   * static final fields of other classes, {@code Math.PI}). Such an initializer can be copied into
   * the generated class; any other is read from the field itself.
   */
  public boolean isConstantExpression(Expression e) {
    return isConstantExpression(e, new java.util.HashSet<>());
  }

  private boolean isConstantExpression(Expression e, java.util.Set<String> visiting) {
    if (e.isLiteralExpr()) {
      return !e.isNullLiteralExpr();
    }
    if (e instanceof com.github.javaparser.ast.expr.EnclosedExpr enclosed) {
      return isConstantExpression(enclosed.getInner(), visiting);
    }
    if (e instanceof com.github.javaparser.ast.expr.UnaryExpr u) {
      return !isIncrement(u) && isConstantExpression(u.getExpression(), visiting);
    }
    if (e instanceof com.github.javaparser.ast.expr.BinaryExpr b) {
      return isConstantExpression(b.getLeft(), visiting) && isConstantExpression(b.getRight(), visiting);
    }
    if (e instanceof com.github.javaparser.ast.expr.ConditionalExpr c) {
      return isConstantExpression(c.getCondition(), visiting) && isConstantExpression(c.getThenExpr(), visiting)
          && isConstantExpression(c.getElseExpr(), visiting);
    }
    if (e instanceof com.github.javaparser.ast.expr.CastExpr c) {
      return c.getType().isPrimitiveType() && isConstantExpression(c.getExpression(), visiting);
    }
    if (e instanceof com.github.javaparser.ast.expr.NameExpr n) {
      String name = n.getNameAsString();
      Optional<LocalField> f = field(name);
      if (f.isPresent()) {
        return f.get().isStatic() && f.get().isFinal() && f.get().initializer() != null
            && visiting.add(name) && isConstantExpression(f.get().initializer(), visiting);
      }
      return staticImportOwner(name, c -> isStaticFinal(c, name)).isPresent();
    }
    if (e instanceof com.github.javaparser.ast.expr.FieldAccessExpr a) {
      String name = a.getNameAsString();
      Optional<ClassRef> owner = resolveClass(a.getScope().toString());
      if (owner.isPresent() && owner.get().equals(self)) {
        return isConstantExpression(new com.github.javaparser.ast.expr.NameExpr(name), visiting);
      }
      return owner.isPresent() && isStaticFinal(owner.get(), name);
    }
    return false;
  }

  private boolean isStaticFinal(ClassRef owner, String field) {
    if (owner.equals(ClassRef.MATH)) {
      return field.equals("PI") || field.equals("E");
    }
    return symbols.field(owner.qualifiedName(), field).map(f -> f.isStatic() && f.isFinal()).orElse(false);
  }

  private static boolean isIncrement(com.github.javaparser.ast.expr.UnaryExpr u) {
    return switch (u.getOperator()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  /** The IR type of a field declared in this class, or empty if it is not a supported type. */
  Optional<Type> typeOf(LocalField f) {
    try {
      return Optional.of(resolve(SupportedTypes.of(f.declaredType(), f.pos())));
    } catch (dev.flatgrad.processor.base.Problem p) {
      return Optional.empty();
    }
  }
}
