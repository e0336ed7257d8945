package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.ImplicitHelpers;
import dev.flatgrad.processor.fence.Modes;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.naming.GeneratedNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves calls in a {@code @Differentiable} method: to the user's own methods (this class,
 * other classes of the compilation unit from their source, other classes of the build through
 * {@link Symbols}), and to Math and Nd functions through the {@link Library} of functions with
 * rules. Remembers every user method it resolved, so that differentiation knows what was
 * generated for it.
 */
public final class UserMethods implements CallResolver {

  private static final ClassRef BOXED_DOUBLE = new ClassRef("java.lang", "Double");
  private static final ClassRef OBJECT = new ClassRef("java.lang", "Object");
  /** Double's functions that are Math's (its javadoc: "as if by calling Math.max"). */
  private static final Set<String> MATH_ALIASES = Set.of("max", "min");
  private static final Set<String> STREAMS = Set.of("Stream", "DoubleStream", "IntStream", "LongStream");

  private final ClassContext cls;
  private final Library library;
  private final Map<String, UserMethod> byKey = new HashMap<>();

  public UserMethods(ClassContext cls, Library library) {
    this.cls = cls;
    this.library = library;
  }

  /**
   * Whether running {@code m} a second time with the same arguments gives what the first run gave,
   * as far as its parameters tell: none is an object that may answer differently as it is asked (a
   * {@code Random}, a list, an object of a class or interface); a {@code String}, a boxed number,
   * an enum or a record of the user's sources may not change. The backward pass of a call runs a
   * callee's forward pass again (its pullback, an array result's gradient method); a callee taking
   * such an object is instead run once, its value and gradient together, where the call is.
   */
  public boolean runsAgainAlike(UserMethod m) {
    return m.params().stream().allMatch(t -> !t.isObject() || unchanging(t.object()));
  }

  private boolean unchanging(ClassRef c) {
    ClassRef raw = c.withTypeArguments(List.of());
    if (raw.packageName().equals("java.lang") && Symbols.unboxed(raw.qualifiedName()).isPresent()
        || raw.qualifiedName().equals("java.lang.String")) {
      return true;
    }
    return cls.recordOf(raw).isPresent()
        || cls.declarationOf(raw).filter(com.github.javaparser.ast.body.EnumDeclaration.class::isInstance).isPresent();
  }

  /** The user method a callee stands for. */
  public Optional<UserMethod> of(Callee callee) {
    return Optional.ofNullable(byKey.get(key(callee)));
  }

  private static String key(Callee callee) {
    return callee.owner().qualifiedName() + (callee.kind() == Callee.Kind.TANGENT ? "#tangent#" : "#") + callee.key();
  }

  @Override
  public Callee resolve(ClassRef owner, String name, List<Type> argTypes, Pos pos) {
    if (BOXED_DOUBLE.equals(owner) && MATH_ALIASES.contains(name) && argTypes.contains(Type.DOUBLE)) {
      return library.resolve(ClassRef.MATH, name, argTypes, pos); // specified as Math's: same values
    }
    if (ClassRef.STRICT_MATH.equals(owner) && !withoutRule(owner, name, argTypes)) {
      Callee math = library.resolve(ClassRef.MATH, name, argTypes, pos);
      return new Callee(owner, math.name(), math.params(), math.result(), math.kind());
    }
    if (owner != null && (owner.equals(ClassRef.ND) || owner.equals(ClassRef.MATH) && !withoutRule(owner, name, argTypes))) {
      return library.resolve(owner, name, argTypes, pos);
    }
    ClassRef target = owner != null ? owner : cls.self();
    List<UserMethod> candidates = named(target, name);
    while (owner == null && candidates.isEmpty() && target.simpleName().contains(".")) {
      // An unqualified call in a nested class may name a method of a class around it, as in javac.
      target = new ClassRef(target.packageName(), target.simpleName().substring(0, target.simpleName().lastIndexOf('.')));
      candidates = named(target, name);
    }
    if (candidates.isEmpty()) {
      // Not a method of the user's own (a class of theirs named Arrays may have a stream): the JDK's.
      if (name.equals("stream") || owner != null && STREAMS.contains(owner.simpleName())) {
        throw streams(pos);
      }
      if (owner == null && library.hasMethod(ClassRef.MATH, name)) {
        throw new Problem(pos, Tag.UNKNOWN_CALL,
            "unknown method `" + name + "`: did you mean Math." + name + "? (or import static java.lang.Math.*)");
      }
      throw new Problem(pos, Tag.UNKNOWN_CALL,
          "cannot find method `" + (owner == null ? "" : owner.simpleName() + ".") + name + "`: flatgrad"
              + " calls Math and Nd functions and methods of your own classes with parameters and"
              + " results of types double, int, long, boolean and their arrays");
    }
    List<Callee> callees = candidates.stream().map(UserMethod::callee).toList();
    Callee chosen = CallResolver.mostSpecific(callees, argTypes).orElseThrow(() -> new Problem(pos,
        Tag.UNKNOWN_CALL, "no " + name + " takes " + CallResolver.signature(argTypes) + ": it takes "
            + callees.stream().map(c -> CallResolver.signature(c.params())).distinct()
                .collect(java.util.stream.Collectors.joining(" or "))));
    UserMethod m = candidates.get(callees.indexOf(chosen));
    if (m.hasGradient() && !m.result().isScalar() && !runsAgainAlike(m)) {
      throw new Problem(pos, Tag.UNSUPPORTED, "`" + name + "` returns an array and takes an object that may answer"
          + " differently each time it is asked (" + m.params().stream().filter(Type::isObject)
              .map(t -> t.object().simpleName()).distinct().collect(java.util.stream.Collectors.joining(", "))
          + "): the backward pass of this call runs `" + name + "` again, which would see other answers;"
          + " ask the object here and pass what it answered (a mask, a draw) to `" + name + "` instead");
    }
    if (!m.isStatic() && !target.equals(cls.self())) {
      throw new Problem(pos, Tag.UNSUPPORTED,
          "`" + name + "` is an instance method of another class: flatgrad calls static methods of"
              + " other classes; make it static");
    }
    byKey.put(key(chosen), m);
    return chosen;
  }

  private static Problem streams(Pos pos) {
    return new Problem(pos, Tag.UNKNOWN_CALL, "streams are not supported in a @Differentiable method: write a"
        + " for loop over the array");
  }

  @Override
  public Callee resolveOn(ClassRef owner, String name, List<Type> argTypes, Pos pos) {
    if (name.equals("stream") || STREAMS.contains(owner.simpleName())) {
      throw streams(pos);
    }
    ClassRef raw = owner.withTypeArguments(List.of());
    List<UserMethod> candidates = onObject(raw, name);
    if (candidates.isEmpty()) {
      throw new Problem(pos, Tag.UNKNOWN_CALL, "cannot find method `" + name + "` of " + owner.simpleName()
          + ": flatgrad calls an object's methods whose parameters and results are objects or of types double,"
          + " int, long, boolean and their arrays");
    }
    List<Callee> callees = candidates.stream().map(m -> new Callee(raw, name,
        m.params().stream().map(t -> actual(t, owner)).toList(), actual(m.result(), owner), Callee.Kind.HELPER)).toList();
    Callee chosen = CallResolver.mostSpecific(callees, argTypes).orElseThrow(() -> new Problem(pos,
        Tag.UNKNOWN_CALL, "no " + owner.simpleName() + "." + name + " takes " + CallResolver.signature(argTypes)
            + ": it takes " + callees.stream().map(c -> CallResolver.signature(c.params())).distinct()
                .collect(java.util.stream.Collectors.joining(" or "))));
    if (candidates.get(callees.indexOf(chosen)).isPrivate()) {
      throw new Problem(pos, Tag.UNSUPPORTED, "`" + name + "` is a private method of " + owner.simpleName()
          + ": generated code (another class) cannot call it; make it package-private");
    }
    return chosen;
  }

  /**
   * A type of a method of {@code owner} with its class's type variables replaced by the object's
   * type arguments ({@code E} of {@code List<Double>.get} is a double, unboxed); another type
   * variable, or one of a raw type, is an {@code Object}.
   */
  private Type actual(Type t, ClassRef owner) {
    if (!t.isObject() || !t.object().packageName().equals(Symbols.TYPE_VARIABLES)) {
      return t;
    }
    int i = cls.symbols().typeParameters(owner.withTypeArguments(List.of()).qualifiedName())
        .indexOf(t.object().simpleName());
    if (i < 0 || i >= owner.typeArguments().size()) {
      return Type.of(OBJECT);
    }
    ClassRef argument = owner.typeArguments().get(i);
    return Symbols.unboxed(argument.qualifiedName()).orElse(Type.of(argument));
  }

  /**
   * The methods an object of class {@code owner} answers to by this name: those its source
   * declares (a record's accessors too), else what {@link Symbols} knows, inherited ones included
   * ({@code equals}, an enum's {@code ordinal}).
   */
  private List<UserMethod> onObject(ClassRef owner, String name) {
    List<UserMethod> out = new ArrayList<>();
    Optional<TypeDeclaration<?>> source = cls.declarationOf(owner);
    if (source.isPresent()) {
      out.addAll(fromSource(cls, owner, source.get(), name));
      if (out.isEmpty() && source.get() instanceof RecordDeclaration record) {
        record.getParameters().stream().filter(p -> p.getNameAsString().equals(name)).findFirst()
            .flatMap(p -> GradientMethods.typeOf(p.getType())).map(cls::resolve)
            .ifPresent(t -> out.add(new UserMethod(owner, name, List.of(), List.of(), t, false, List.of(), "",
                List.of(), Modes.NONE, "", false, "")));
      }
    }
    if (out.isEmpty()) {
      out.addAll(fromSymbols(owner, name));
    }
    return out;
  }

  /**
   * Whether a call of {@code Math.name} (or {@code StrictMath.name}) is to a JDK function flatgrad
   * has no rule for, at these arguments ({@code Math.toIntExact(long)}, {@code Math.IEEEremainder}):
   * it is then called as it is, like any other JDK method, and {@link dev.flatgrad.processor.analyse.Checks} says if a gradient
   * would be lost through it. Math.random stays an error: it is not a function.
   */
  private boolean withoutRule(ClassRef owner, String name, List<Type> argTypes) {
    return !name.equals("random") && !named(owner, name).isEmpty()
        && CallResolver.mostSpecific(library.overloads(ClassRef.MATH, name), argTypes).isEmpty();
  }

  /**
   * The directional derivative of {@code m} as a callee of kind {@link Callee.Kind#TANGENT}: its
   * parameters are the method's, then one direction per gradient parameter. {@link #of} knows it
   * from now on.
   */
  public Callee tangentOf(UserMethod m) {
    List<Type> params = new ArrayList<>(m.params());
    for (String p : m.gradientParams()) {
      params.add(m.params().get(m.paramNames().indexOf(p)));
    }
    Callee tangent = new Callee(m.owner(), m.name(), params, m.result(), Callee.Kind.TANGENT);
    byKey.put(key(tangent), m);
    return tangent;
  }

  @Override
  public boolean isInstanceMethod(Callee callee) {
    return of(callee).map(m -> !m.isStatic()).orElse(false);
  }

  @Override
  public boolean hasMethod(ClassRef owner, String name) {
    if (owner.equals(ClassRef.ND)) {
      return library.hasMethod(owner, name);
    }
    if ((owner.equals(ClassRef.MATH) || owner.equals(ClassRef.STRICT_MATH)) && library.hasMethod(ClassRef.MATH, name)) {
      return true;
    }
    return !named(owner, name).isEmpty();
  }

  /** The methods of that name of a class, with what flatgrad generated for them. */
  /**
   * The parameter names of {@code callee} if it is a private method of a class of the source file,
   * which generated code (another class) calls through a method handle; empty otherwise.
   */
  public static Optional<List<String>> privateParameterNames(ClassContext cls, Callee callee) {
    return cls.declarationOf(callee.owner()).stream()
        .flatMap(type -> fromSource(cls, callee.owner(), type, callee.name()).stream())
        .filter(m -> m.isPrivate() && m.params().equals(callee.params()))
        .map(UserMethod::paramNames)
        .findFirst();
  }

  /**
   * Whether {@code callee} is a method of the source file that returns, at every return, an array
   * it made itself ({@link NewArrayResults}): what a call of it returns shares nothing with its
   * arguments.
   */
  public boolean returnsNewArray(Callee callee) {
    return cls.declarationOf(callee.owner()).stream()
        .flatMap(type -> type.getMethodsByName(callee.name()).stream())
        .filter(m -> parameterTypes(cls, m).equals(callee.params()))
        .anyMatch(NewArrayResults::of);
  }

  /** The parameter types of a method of the source, a varargs one as its array; fewer if one is not supported. */
  private static List<Type> parameterTypes(ClassContext cls, MethodDeclaration m) {
    List<Type> params = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      // double... xs is a double[] (a call passing values one by one is made one with an array, VarargsHelpers)
      GradientMethods.typeOf(p.getType()).map(cls::resolve).map(t -> p.isVarArgs() ? t.arrayOf() : t)
          .ifPresent(params::add);
    }
    return params;
  }

  List<UserMethod> named(ClassRef owner, String name) {
    Optional<TypeDeclaration<?>> declaration = cls.declarationOf(owner);
    return declaration.isPresent() ? fromSource(cls, owner, declaration.get(), name) : fromSymbols(owner, name);
  }

  private static List<UserMethod> fromSource(ClassContext cls, ClassRef owner, TypeDeclaration<?> type, String name) {
    Map<MethodDeclaration, GradientMethods.Entry> gradients = new HashMap<>();
    for (GradientMethods.Entry e : GradientMethods.of(type)) {
      gradients.put(e.method(), e);
    }
    List<UserMethod> out = new ArrayList<>();
    for (MethodDeclaration m : type.getMethodsByName(name)) {
      Optional<Type> result = GradientMethods.typeOf(m.getType()).map(cls::resolve);
      List<Type> params = parameterTypes(cls, m);
      if (result.isEmpty() || params.size() != m.getParameters().size()) {
        continue;
      }
      GradientMethods.Entry g = gradients.get(m);
      out.add(new UserMethod(owner, name,
          m.getParameters().stream().map(Parameter::getNameAsString).toList(), params, result.get(),
          m.isStatic(),
          g == null ? List.of() : g.gradientParams(),
          g == null ? "" : g.recordName(),
          g == null ? List.of() : g.customAdjoints().stream().map(MethodDeclaration::getNameAsString).toList(),
          g == null ? Modes.NONE : g.modes(),
          g == null || g.customTangent() == null ? "" : g.customTangent().getNameAsString(),
          m.isPrivate(), m.findData(ImplicitHelpers.NOT_DIFFERENTIATED).orElse("")));
    }
    return out;
  }

  private List<UserMethod> fromSymbols(ClassRef owner, String name) {
    Symbols symbols = cls.symbols();
    List<Symbols.CustomGradientMethod> custom = symbols.customGradients(owner.qualifiedName()).stream()
        .filter(c -> c.of().equals(name)).toList();
    List<UserMethod> out = new ArrayList<>();
    int withGradient = 0;
    for (Symbols.Method m : symbols.methods(owner.qualifiedName(), name)) {
      List<String> gradientParams = new ArrayList<>();
      List<String> adjoints = new ArrayList<>();
      for (Symbols.CustomGradientMethod c : custom) {
        if (c.params().size() == m.params().size() + 2 && c.params().subList(0, m.params().size()).equals(m.params())) {
          String wrt = c.wrt().isEmpty() ? onlyDifferentiable(m) : c.wrt();
          if (wrt != null && m.paramNames().contains(wrt) && !gradientParams.contains(wrt)) {
            gradientParams.add(wrt);
            adjoints.add(c.name());
          }
        }
      }
      if (gradientParams.isEmpty() && m.isDifferentiable()) {
        for (int i = 0; i < m.params().size(); i++) {
          String p = m.paramNames().get(i);
          if (m.params().get(i).isDifferentiable() && (m.wrt().isEmpty() || m.wrt().contains(p))) {
            gradientParams.add(p);
          }
        }
      }
      String recordName = "";
      if (!gradientParams.isEmpty()) {
        withGradient++;
        recordName = GeneratedNames.gradientRecord(name, withGradient);
      }
      Modes modes = new Modes(m.modes().contains("tangent"), m.modes().contains("hessian"),
          m.modes().contains("jacobian"));
      out.add(new UserMethod(owner, name, m.paramNames(), m.params(), m.result(), m.isStatic(),
          gradientParams, recordName, adjoints, adjoints.isEmpty() ? modes : Modes.NONE,
          adjoints.isEmpty() ? "" : customTangent(symbols, owner, m, gradientParams), false, ""));
    }
    return out;
  }

  /**
   * The {@code @CustomTangent} of a method with hand-written gradients for {@code params}: its
   * parameters are the method's, the tangent of each of {@code params}, and {@code out}.
   */
  private static String customTangent(Symbols symbols, ClassRef owner, Symbols.Method m, List<String> params) {
    List<Type> expected = new ArrayList<>(m.params());
    for (String p : params) {
      expected.add(m.params().get(m.paramNames().indexOf(p)));
    }
    expected.add(m.result());
    return symbols.customTangents(owner.qualifiedName()).stream()
        .filter(t -> t.of().equals(m.name()) && t.params().equals(expected))
        .map(Symbols.CustomTangentMethod::name)
        .findFirst().orElse("");
  }

  private static String onlyDifferentiable(Symbols.Method m) {
    String only = null;
    for (int i = 0; i < m.params().size(); i++) {
      if (m.params().get(i).isDifferentiable()) {
        if (only != null) {
          return null;
        }
        only = m.paramNames().get(i);
      }
    }
    return only;
  }
}
