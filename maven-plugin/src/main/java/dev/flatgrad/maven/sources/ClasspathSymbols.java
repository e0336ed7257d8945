package dev.flatgrad.maven.sources;

import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the engine's questions about classes the project compiles against but does not hold in
 * its sources (its dependencies, and the JDK), by reflection over the compiled classes in an
 * isolated class loader. Classes are looked up without being initialised, so none of their code
 * runs.
 */
public final class ClasspathSymbols implements Symbols, AutoCloseable {

  private final URLClassLoader loader;
  private final Map<String, Optional<Class<?>>> cache = new HashMap<>();

  private ClasspathSymbols(URLClassLoader loader) {
    this.loader = loader;
  }

  /** Symbols of {@code classpath} (jars and class directories) and of the Java platform. */
  public static ClasspathSymbols of(List<Path> classpath) {
    return new ClasspathSymbols(new URLClassLoader("flatgrad-symbols", urls(classpath),
        ClassLoader.getPlatformClassLoader()));
  }

  /** The URLs of {@code classpath}, for a class loader. */
  public static URL[] urls(List<Path> classpath) {
    URL[] urls = new URL[classpath.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = classpath.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("not a classpath element: " + classpath.get(i), e);
      }
    }
    return urls;
  }

  @Override
  public boolean classExists(String qualifiedName) {
    return load(qualifiedName).isPresent();
  }

  @Override
  public Optional<Field> field(String qualifiedClass, String name) {
    Optional<Class<?>> c = load(qualifiedClass);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    try {
      for (java.lang.reflect.Field f : c.get().getDeclaredFields()) {
        if (f.getName().equals(name) && !f.isSynthetic()) {
          int mods = f.getModifiers();
          return engineType(f.getGenericType())
              .or(() -> Symbols.constantType(f.getType().getName(), Modifier.isStatic(mods), Modifier.isFinal(mods)))
              .map(t -> new Field(t, Modifier.isStatic(mods), Modifier.isFinal(mods), Modifier.isPrivate(mods)));
        }
      }
    } catch (LinkageError incomplete) {
      // A field's type is missing from the classpath: javac could not see this class either.
    }
    return Optional.empty();
  }

  @Override
  public List<Method> methods(String qualifiedClass, String name) {
    Optional<Class<?>> c = load(qualifiedClass);
    List<Method> out = new ArrayList<>();
    if (c.isEmpty()) {
      return out;
    }
    try {
      // Its own, and the public ones it inherits: an enum's ordinal(), a record's equals.
      java.util.Set<java.lang.reflect.Method> all = new java.util.LinkedHashSet<>(List.of(c.get().getDeclaredMethods()));
      all.addAll(List.of(c.get().getMethods()));
      for (java.lang.reflect.Method m : all) {
        if (!m.getName().equals(name) || m.isSynthetic() || m.isBridge() || m.isVarArgs()) {
          continue;
        }
        List<Type> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean supported = true;
        for (java.lang.reflect.Parameter p : m.getParameters()) {
          Optional<Type> t = engineType(p.getParameterizedType());
          supported &= t.isPresent();
          t.ifPresent(params::add);
          names.add(p.getName());
        }
        Optional<Type> result = engineType(m.getGenericReturnType());
        if (!supported || result.isEmpty()) {
          continue;
        }
        boolean differentiable = false;
        List<String> wrt = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        for (Annotation a : m.getAnnotations()) {
          if (a.annotationType().getName().equals("dev.flatgrad.annotations.Differentiable")) {
            differentiable = true;
            wrt.addAll(wrtOf(a));
            modes.addAll(modesOf(a));
          }
        }
        out.add(new Method(name, params, names, result.get(), Modifier.isStatic(m.getModifiers()),
            differentiable, wrt, modes));
      }
    } catch (LinkageError incomplete) {
      return List.of();
    }
    return out;
  }

  private static List<String> wrtOf(Annotation a) {
    try {
      Object v = a.annotationType().getMethod("wrt").invoke(a);
      return v instanceof String[] names ? List.of(names) : List.of();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return List.of();
    }
  }

  /** The forward modes a {@code @Differentiable} asks for: its boolean attributes set to true. */
  private static List<String> modesOf(Annotation a) {
    List<String> modes = new ArrayList<>();
    for (java.lang.reflect.Method attribute : a.annotationType().getDeclaredMethods()) {
      try {
        if (attribute.getReturnType() == boolean.class && Boolean.TRUE.equals(attribute.invoke(a))) {
          modes.add(attribute.getName());
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // an attribute this version of the annotation does not have
      }
    }
    modes.sort(null);
    return modes;
  }

  /** The class of canonical name {@code p.Outer.Inner}, trying binary names {@code p.Outer$Inner}. */
  private Optional<Class<?>> load(String canonical) {
    return cache.computeIfAbsent(canonical, this::find);
  }

  private Optional<Class<?>> find(String canonical) {
    String name = canonical;
    while (true) {
      try {
        return Optional.of(Class.forName(name, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
          return Optional.empty();
        }
        name = name.substring(0, dot) + "$" + name.substring(dot + 1);
      }
    }
  }

  @Override
  public List<String> typeParameters(String qualifiedClass) {
    return load(qualifiedClass).map(c -> java.util.Arrays.stream(c.getTypeParameters())
        .map(java.lang.reflect.TypeVariable::getName).toList()).orElse(List.of());
  }

  /**
   * The engine's type for a type of a signature: a number or an array of them, or an object of
   * a class (a boxed number read as its primitive, a type variable as {@link Symbols#typeVariable}).
   */
  private static Optional<Type> engineType(java.lang.reflect.Type t) {
    if (t instanceof Class<?> c && !c.isArray() && !c.isPrimitive()) {
      return Symbols.unboxed(c.getName()).or(() -> classOf(c, List.of()).map(Type::of));
    }
    if (t instanceof Class<?> c) {
      return typeOf(c);
    }
    if (t instanceof java.lang.reflect.TypeVariable<?> v) {
      return Optional.of(Symbols.typeVariable(v.getName()));
    }
    if (t instanceof java.lang.reflect.ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      List<ClassRef> arguments = new ArrayList<>();
      for (java.lang.reflect.Type a : p.getActualTypeArguments()) {
        Optional<ClassRef> argument = a instanceof Class<?> c && !c.isArray() && !c.isPrimitive()
            ? classOf(c, List.of()) : Optional.empty();
        if (argument.isEmpty()) {
          return Optional.empty();
        }
        arguments.add(argument.get());
      }
      return classOf(raw, arguments).map(Type::of);
    }
    return Optional.empty();
  }

  private static Optional<ClassRef> classOf(Class<?> c, List<ClassRef> arguments) {
    String canonical = c.getCanonicalName();
    if (canonical == null) {
      return Optional.empty();
    }
    String pkg = c.getPackageName();
    return Optional.of(new ClassRef(pkg, pkg.isEmpty() ? canonical : canonical.substring(pkg.length() + 1), arguments));
  }

  /** The engine's type for a Java class: double, int, long, boolean, char, or an array of them. */
  public static Optional<Type> typeOf(Class<?> c) {
    int rank = 0;
    while (c.isArray()) {
      rank++;
      c = c.getComponentType();
    }
    Type.Prim prim = c == double.class ? Type.Prim.DOUBLE
        : c == int.class ? Type.Prim.INT
        : c == long.class ? Type.Prim.LONG
        : c == boolean.class ? Type.Prim.BOOLEAN
        : c == char.class ? Type.Prim.CHAR
        : null;
    return EngineTypes.of(prim, rank);
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
