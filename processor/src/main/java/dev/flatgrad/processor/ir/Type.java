package dev.flatgrad.processor.ir;

/** A Java type of the supported language: a primitive, or an array of rank 1 or 2 of one. */
public record Type(Prim prim, int rank) {

  /** The primitive element kinds flatgrad understands. */
  public enum Prim {
    DOUBLE("double"),
    INT("int"),
    LONG("long"),
    BOOLEAN("boolean");

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
  public static final Type DOUBLE_ARRAY = new Type(Prim.DOUBLE, 1);
  public static final Type DOUBLE_MATRIX = new Type(Prim.DOUBLE, 2);
  public static final Type INT_ARRAY = new Type(Prim.INT, 1);

  public Type {
    if (rank < 0 || rank > 2) {
      throw new IllegalArgumentException("rank " + rank);
    }
  }

  /** Types whose values can carry a gradient: double, double[], double[][]. */
  public boolean isDifferentiable() {
    return prim == Prim.DOUBLE;
  }

  public boolean isArray() {
    return rank > 0;
  }

  public boolean isScalar() {
    return rank == 0;
  }

  /** int and long: the integral scalars. */
  public boolean isIntegral() {
    return rank == 0 && (prim == Prim.INT || prim == Prim.LONG);
  }

  public boolean isNumeric() {
    return rank == 0 && prim != Prim.BOOLEAN;
  }

  /** The type of one element of this array type. */
  public Type element() {
    if (rank == 0) {
      throw new IllegalStateException(this + " is not an array");
    }
    return new Type(prim, rank - 1);
  }

  /** The array type whose elements are of this type. */
  public Type arrayOf() {
    return new Type(prim, rank + 1);
  }

  @Override
  public String toString() {
    return prim.keyword() + "[]".repeat(rank);
  }
}
