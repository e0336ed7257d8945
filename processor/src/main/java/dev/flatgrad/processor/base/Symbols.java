package dev.flatgrad.processor.base;

import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.Optional;

/**
 * What the engine asks about code it cannot see in the compilation unit it is given: classes,
 * fields and methods of other classes of the build. The annotation processor answers from javac's
 * symbol table; the Maven plugin from the sources it scanned. The engine never sees javac types.
 */
public interface Symbols {

  /** A field of another class. */
  record Field(Type type, boolean isStatic, boolean isFinal, boolean isPrivate) {}

  /**
   * A method of another class, with its parameter types and flatgrad annotations: {@code modes}
   * are the forward modes its {@code @Differentiable} asks for, the attributes {@code tangent},
   * {@code hessian} and {@code jacobian} set to true.
   */
  record Method(
      String name,
      List<Type> params,
      List<String> paramNames,
      Type result,
      boolean isStatic,
      boolean isDifferentiable,
      List<String> wrt,
      List<String> modes) {}

  /**
   * A method annotated {@code @CustomGradient}: the gradient of method {@code of} with respect to
   * its parameter {@code wrt} ("" if not given), declared with these parameter types.
   */
  record CustomGradientMethod(String name, String of, String wrt, List<Type> params, Type result) {}

  /**
   * How a field of one of Java's other primitive types is read, if it is {@code static final}
   * (a constant, such as {@code Float.MAX_VALUE} or {@code Short.MIN_VALUE}): byte and short
   * as int, float as double. These are exact widenings, so the value is the one Java uses in
   * arithmetic; generated code reads the field itself. Empty for any other field.
   */
  static Optional<Type> constantType(String primitive, boolean isStatic, boolean isFinal) {
    if (!isStatic || !isFinal) {
      return Optional.empty();
    }
    return switch (primitive) {
      case "byte", "short" -> Optional.of(Type.INT);
      case "float" -> Optional.of(Type.DOUBLE);
      default -> Optional.empty();
    };
  }

  /**
   * The primitive a boxed number of this class is read as ({@code Double} as double: what a
   * method of a settings object or a {@code List<Double>} returns is unboxed where it is used);
   * empty for any other class.
   */
  static Optional<Type> unboxed(String qualifiedClass) {
    return switch (qualifiedClass) {
      case "java.lang.Double" -> Optional.of(Type.DOUBLE);
      case "java.lang.Integer" -> Optional.of(Type.INT);
      case "java.lang.Long" -> Optional.of(Type.LONG);
      case "java.lang.Boolean" -> Optional.of(Type.BOOLEAN);
      case "java.lang.Character" -> Optional.of(Type.CHAR);
      default -> Optional.empty();
    };
  }

  /** The package of {@link #typeVariable}s: no class's. */
  String TYPE_VARIABLES = "<type variables>";

  /**
   * A type variable of a generic class in a method's signature ({@code E} of {@code List.get}):
   * the engine puts the object's type argument in its place.
   */
  static Type typeVariable(String name) {
    return Type.of(new ClassRef(TYPE_VARIABLES, name));
  }

  /** The names of the type parameters of a generic class, in order ({@code E} of {@code List}). */
  default List<String> typeParameters(String qualifiedClass) {
    return List.of();
  }

  /** A method annotated {@code @CustomTangent}: the tangent of method {@code of}. */
  record CustomTangentMethod(String name, String of, List<Type> params, Type result) {}

  /** Whether a class of this qualified name exists. */
  boolean classExists(String qualifiedName);

  /**
   * A field of the class, or empty if either is unknown or the field's type is unsupported (see
   * {@link #constantType} for the constants of other primitive types).
   */
  Optional<Field> field(String qualifiedClass, String name);

  /**
   * The value of a constant variable of the class (a static final field its initializer gives a
   * constant value, JLS 4.12.4): an Integer, Character, Long... Empty if none or unknown.
   */
  default Optional<Object> constantValue(String qualifiedClass, String name) {
    return Optional.empty();
  }

  /** The methods of the class with this name (empty if none or unknown). */
  List<Method> methods(String qualifiedClass, String name);

  /** The methods of the class annotated {@code @CustomGradient}, in declaration order. */
  default List<CustomGradientMethod> customGradients(String qualifiedClass) {
    return List.of();
  }

  /** The methods of the class annotated {@code @CustomTangent}, in declaration order. */
  default List<CustomTangentMethod> customTangents(String qualifiedClass) {
    return List.of();
  }

  /** Knows nothing: for tests and for single files. */
  Symbols NONE =
      new Symbols() {
        @Override
        public boolean classExists(String qualifiedName) {
          return false;
        }

        @Override
        public Optional<Field> field(String qualifiedClass, String name) {
          return Optional.empty();
        }

        @Override
        public List<Method> methods(String qualifiedClass, String name) {
          return List.of();
        }
      };
}
