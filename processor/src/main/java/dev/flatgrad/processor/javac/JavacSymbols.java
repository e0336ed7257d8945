package dev.flatgrad.processor.javac;

import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.Elements;

/** Answers the engine's questions about other classes from javac's symbol table. */
final class JavacSymbols implements Symbols {

  private final Elements elements;

  JavacSymbols(Elements elements) {
    this.elements = elements;
  }

  @Override
  public boolean classExists(String qualifiedName) {
    return type(qualifiedName) != null;
  }

  @Override
  public Optional<Field> field(String qualifiedClass, String name) {
    TypeElement t = type(qualifiedClass);
    if (t == null) {
      return Optional.empty();
    }
    for (Element e : t.getEnclosedElements()) {
      boolean field = e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT;
      if (field && e.getSimpleName().contentEquals(name)) {
        VariableElement v = (VariableElement) e;
        boolean isStatic = v.getModifiers().contains(Modifier.STATIC);
        boolean isFinal = v.getModifiers().contains(Modifier.FINAL);
        return typeOf(v.asType())
            .or(() -> Symbols.constantType(v.asType().toString(), isStatic, isFinal))
            .map(type -> new Field(type, isStatic, isFinal, v.getModifiers().contains(Modifier.PRIVATE)));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Object> constantValue(String qualifiedClass, String name) {
    TypeElement t = type(qualifiedClass);
    if (t == null) {
      return Optional.empty();
    }
    return t.getEnclosedElements().stream()
        .filter(e -> e.getKind() == ElementKind.FIELD && e.getSimpleName().contentEquals(name))
        .findFirst()
        .map(e -> ((VariableElement) e).getConstantValue());
  }

  @Override
  public List<Method> methods(String qualifiedClass, String name) {
    TypeElement t = type(qualifiedClass);
    List<Method> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    // Inherited ones too: an enum's ordinal(), a record's equals.
    for (Element e : elements.getAllMembers(t)) {
      if (e.getKind() != ElementKind.METHOD || !e.getSimpleName().contentEquals(name)) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) e;
      List<Type> params = new ArrayList<>();
      List<String> names = new ArrayList<>();
      boolean supported = true;
      for (VariableElement p : m.getParameters()) {
        Optional<Type> pt = typeOf(p.asType());
        supported &= pt.isPresent();
        pt.ifPresent(params::add);
        names.add(p.getSimpleName().toString());
      }
      Optional<Type> result = typeOf(m.getReturnType());
      if (!supported || result.isEmpty()) {
        continue;
      }
      List<String> wrt = new ArrayList<>();
      List<String> modes = new ArrayList<>();
      boolean differentiable = false;
      for (var a : m.getAnnotationMirrors()) {
        if (a.getAnnotationType().toString().equals("dev.flatgrad.annotations.Differentiable")) {
          differentiable = true;
          a.getElementValues().forEach((k, v) -> {
            if (k.getSimpleName().contentEquals("wrt") && v.getValue() instanceof List<?> list) {
              list.forEach(x -> wrt.add(String.valueOf(((javax.lang.model.element.AnnotationValue) x).getValue())));
            } else if (Boolean.TRUE.equals(v.getValue())) {
              modes.add(k.getSimpleName().toString());
            }
          });
        }
      }
      out.add(new Method(name, params, names, result.get(), m.getModifiers().contains(Modifier.STATIC),
          differentiable, wrt, modes));
    }
    return out;
  }

  @Override
  public List<CustomGradientMethod> customGradients(String qualifiedClass) {
    return annotated(qualifiedClass, "dev.flatgrad.annotations.CustomGradient").stream()
        .map(a -> new CustomGradientMethod(a.name(), a.attributes().getOrDefault("of", ""),
            a.attributes().getOrDefault("wrt", ""), a.params(), a.result()))
        .toList();
  }

  @Override
  public List<CustomTangentMethod> customTangents(String qualifiedClass) {
    return annotated(qualifiedClass, "dev.flatgrad.annotations.CustomTangent").stream()
        .map(a -> new CustomTangentMethod(a.name(), a.attributes().getOrDefault("of", ""), a.params(), a.result()))
        .toList();
  }

  /** A method with an annotation: the annotation's attributes as text, its supported types. */
  private record Annotated(String name, Map<String, String> attributes, List<Type> params, Type result) {}

  /** The methods of the class annotated {@code annotation} whose types the engine supports. */
  private List<Annotated> annotated(String qualifiedClass, String annotation) {
    TypeElement t = type(qualifiedClass);
    List<Annotated> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    for (Element e : t.getEnclosedElements()) {
      if (e.getKind() != ElementKind.METHOD) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) e;
      for (var a : m.getAnnotationMirrors()) {
        if (!a.getAnnotationType().toString().equals(annotation)) {
          continue;
        }
        Map<String, String> attributes = new HashMap<>();
        a.getElementValues().forEach((k, v) -> attributes.put(k.getSimpleName().toString(), String.valueOf(v.getValue())));
        List<Type> params = new ArrayList<>();
        for (VariableElement p : m.getParameters()) {
          typeOf(p.asType()).ifPresent(params::add);
        }
        Optional<Type> result = typeOf(m.getReturnType());
        if (params.size() == m.getParameters().size() && result.isPresent()) {
          out.add(new Annotated(m.getSimpleName().toString(), attributes, params, result.get()));
        }
      }
    }
    return out;
  }

  private TypeElement type(String qualified) {
    try {
      return elements.getTypeElement(qualified);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public List<String> typeParameters(String qualifiedClass) {
    TypeElement t = type(qualifiedClass);
    return t == null ? List.of() : t.getTypeParameters().stream().map(p -> p.getSimpleName().toString()).toList();
  }

  private Optional<Type> typeOf(TypeMirror m) {
    if (m instanceof DeclaredType d && d.asElement() instanceof TypeElement t) {
      Optional<Type> unboxed = Symbols.unboxed(t.getQualifiedName().toString());
      return unboxed.isPresent() ? unboxed : classOf(d).map(Type::of);
    }
    if (m instanceof TypeVariable v) {
      return Optional.of(Symbols.typeVariable(v.asElement().getSimpleName().toString()));
    }
    int rank = 0;
    while (m instanceof ArrayType a) {
      rank++;
      m = a.getComponentType();
    }
    Type.Prim prim =
        switch (m.getKind()) {
          case DOUBLE -> Type.Prim.DOUBLE;
          case INT -> Type.Prim.INT;
          case LONG -> Type.Prim.LONG;
          case BOOLEAN -> Type.Prim.BOOLEAN;
          case CHAR -> Type.Prim.CHAR;
          default -> null;
        };
    if (prim == null || rank > 3) {
      return Optional.empty();
    }
    return Optional.of(new Type(prim, rank));
  }

  /** A class, record, interface or enum, with its type arguments if they are classes. */
  private Optional<ClassRef> classOf(DeclaredType d) {
    TypeElement t = (TypeElement) d.asElement();
    String pkg = elements.getPackageOf(t).getQualifiedName().toString();
    String qualified = t.getQualifiedName().toString();
    List<ClassRef> arguments = new ArrayList<>();
    for (TypeMirror a : d.getTypeArguments()) {
      if (!(a instanceof DeclaredType argument)) {
        return Optional.empty();
      }
      Optional<ClassRef> c = classOf(argument);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      arguments.add(c.get());
    }
    return Optional.of(new ClassRef(pkg, pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1), arguments));
  }
}
