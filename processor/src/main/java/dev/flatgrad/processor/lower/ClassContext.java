package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import dev.flatgrad.processor.engine.Symbols;
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
    for (TypeDeclaration<?> t : unit.findAll(TypeDeclaration.class)) {
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
                Lowering.pos(v)));
      }
    }
    for (MethodDeclaration m : type.getMethods()) {
      ctx.methods.computeIfAbsent(m.getNameAsString(), k -> new ArrayList<>()).add(m);
    }
    return ctx;
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
    if (name.equals("Math") || name.equals("StrictMath") || name.equals("java.lang.Math")
        || name.equals("java.lang.StrictMath")) {
      return Optional.of(ClassRef.MATH);
    }
    if (name.equals(RUNTIME_PACKAGE + ".Nd")) {
      return Optional.of(ClassRef.ND);
    }
    if (name.contains(".")) {
      return exists(name) ? Optional.of(ClassRef.ofQualified(name)) : Optional.empty();
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
    return Optional.empty();
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
    if (!pkg.isEmpty() && qualified.startsWith(pkg + ".") && unitTypes.containsValue(qualified)) {
      return new ClassRef(pkg, qualified.substring(pkg.length() + 1));
    }
    return ClassRef.ofQualified(qualified);
  }

  /** The IR type of a field declared in this class, or empty if it is not a supported type. */
  static Optional<Type> typeOf(LocalField f) {
    try {
      return Optional.of(Types.of(f.declaredType(), f.pos()));
    } catch (dev.flatgrad.processor.engine.Problem p) {
      return Optional.empty();
    }
  }
}
