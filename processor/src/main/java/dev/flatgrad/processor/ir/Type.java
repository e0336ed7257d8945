package dev.flatgrad.processor.ir;

/**
 * A Java type of the supported language: a primitive, an array of rank 1 or 2 of one (rank 3
 * only as a stack of matrices, {@code double[][][]}), or (for
 * generated code only) an object of a class: {@code self}, a gradient record.
 */
public record Type(Prim prim, int rank, ClassRef object) {

  /** The primitive element kinds flatgrad understands. */
  public enum Prim {
    DOUBLE("double"),
    INT("int"),
    LONG("long"),
    BOOLEAN("boolean"),
    /** A character: data, like an int, that Java widens to an int in arithmetic. */
    CHAR("char"),
    /** An object; {@link Type#object()} says of which class. */
    OBJECT("Object");

    private final String keyword;

    Prim(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }

  public static final Type DOUBLE = new Type(Prim.DOUBLE, 0);
  public static final Type INT = new Type(Prim.INT, 0);
  public static final Type LONG = new Type(Prim.LONG, 0);
  public static final Type BOOLEAN = new Type(Prim.BOOLEAN, 0);
  public static final Type CHAR = new Type(Prim.CHAR, 0);
  public static final Type DOUBLE_ARRAY = new Type(Prim.DOUBLE, 1);
  public static final Type DOUBLE_MATRIX = new Type(Prim.DOUBLE, 2);
  public static final Type INT_ARRAY = new Type(Prim.INT, 1);

  public Type {
    if (rank < 0 || rank > 3) {
      throw new IllegalArgumentException("rank " + rank);
    }
    if ((prim == Prim.OBJECT) != (object != null)) {
      throw new IllegalArgumentException("an object type needs its class, and only it");
    }
  }

  public Type(Prim prim, int rank) {
    this(prim, rank, null);
  }

  /** The type of objects of class {@code c}. */
  public static Type of(ClassRef c) {
    return new Type(Prim.OBJECT, 0, c);
  }

  public boolean isObject() {
    return prim == Prim.OBJECT;
  }

  /** Types whose values can carry a gradient: double, double[], double[][]. */
  public boolean isDifferentiable() {
    return prim == Prim.DOUBLE;
  }

  public boolean isArray() {
    return rank > 0;
  }

  /** Arrays and objects: values held by reference, taped on a {@code RefStack<T>}. */
  public boolean isReference() {
    return isArray() || isObject();
  }

  public boolean isScalar() {
    return rank == 0;
  }

  /** int, long and char: the integral scalars. */
  public boolean isIntegral() {
    return rank == 0 && (prim == Prim.INT || prim == Prim.LONG || prim == Prim.CHAR);
  }

  public boolean isNumeric() {
    return rank == 0 && prim != Prim.BOOLEAN && prim != Prim.OBJECT;
  }

  /** Unary numeric promotion (JLS 5.6.1): a char is computed with as an int ({@code -c}, {@code c << 1}). */
  public Type promoted() {
    return equals(CHAR) ? INT : this;
  }

  /** Binary numeric promotion (JLS 5.6.2) of two numeric scalar types. */
  public static Type promote(Type a, Type b) {
    if (a.prim == Prim.DOUBLE || b.prim == Prim.DOUBLE) {
      return DOUBLE;
    }
    if (a.prim == Prim.LONG || b.prim == Prim.LONG) {
      return LONG;
    }
    return INT;
  }

  /** The type of one element of this array type. */
  public Type element() {
    if (rank == 0) {
      throw new IllegalStateException(this + " is not an array");
    }
    return new Type(prim, rank - 1, object);
  }

  /** The array type whose elements are of this type. */
  public Type arrayOf() {
    return new Type(prim, rank + 1, object);
  }

  @Override
  public String toString() {
    return (object != null ? object.simpleName() : prim.keyword()) + "[]".repeat(rank);
  }
}
