package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A class by package and simple (possibly nested, dot-separated) name, with the type arguments a
 * parameterized type of the user's gives it ({@code List<Double>}; none for every other class).
 */
public record ClassRef(String packageName, String simpleName, List<ClassRef> typeArguments) {

  public ClassRef {
    typeArguments = List.copyOf(typeArguments);
  }

  public ClassRef(String packageName, String simpleName) {
    this(packageName, simpleName, List.of());
  }

  /** The same class with other type arguments. */
  public ClassRef withTypeArguments(List<ClassRef> arguments) {
    return new ClassRef(packageName, simpleName, arguments);
  }

  public static final ClassRef MATH = new ClassRef("java.lang", "Math");
  /**
   * StrictMath's functions take Math's rules, but a call of one stays StrictMath's: its values may
   * differ from Math's in the last bit, and generated code computes the method's own values.
   */
  public static final ClassRef STRICT_MATH = new ClassRef("java.lang", "StrictMath");
  public static final ClassRef ND = new ClassRef("dev.flatgrad.runtime", "Nd");
  /** Whose {@code requireNonNull} a switch expression's {@code ?:} chain tests its selector with. */
  public static final ClassRef OBJECTS = new ClassRef("java.util", "Objects");

  /** Parses {@code a.b.C} (the last segment is the class; nested classes are not split). */
  public static ClassRef ofQualified(String qualified) {
    int dot = qualified.lastIndexOf('.');
    return dot < 0
        ? new ClassRef("", qualified)
        : new ClassRef(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  public String qualifiedName() {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
