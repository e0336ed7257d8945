package dev.flatgrad.spark;

import java.io.Serializable;

/**
 * A named parameter of a model and its shape: a {@link Scalar} {@code double}, a {@link Vector}
 * {@code double[]} or a {@link Matrix} {@code double[][]}. The name is the name of the
 * differentiated parameter of the {@code @Differentiable} method, so the generated record's
 * component {@code d<name>} holds its gradient.
 *
 * <pre>{@code
 * Param.Vector w = Param.vector("w", 784);
 * Param.Scalar b = Param.scalar("b");
 * Layout layout = Layout.of(w, b);
 * }</pre>
 */
public sealed interface Param extends Serializable permits Param.Scalar, Param.Vector, Param.Matrix {

  /** The parameter's name in the {@code @Differentiable} method. */
  String name();

  /** How many doubles it takes in the flat parameter vector. */
  int size();

  /** A {@code double} parameter. */
  static Scalar scalar(String name) {
    return new Scalar(name);
  }

  /** A {@code double[]} parameter of {@code length} elements. */
  static Vector vector(String name, int length) {
    return new Vector(name, length);
  }

  /** A {@code double[][]} parameter of {@code rows x cols} elements. */
  static Matrix matrix(String name, int rows, int cols) {
    return new Matrix(name, rows, cols);
  }

  /** A {@code double}. */
  record Scalar(String name) implements Param {
    public Scalar {
      checkName(name);
    }

    @Override
    public int size() {
      return 1;
    }

    @Override
    public String toString() {
      return "double " + name;
    }
  }

  /** A {@code double[length]}. */
  record Vector(String name, int length) implements Param {
    public Vector {
      checkName(name);
      checkSize(name, "length", length);
    }

    @Override
    public int size() {
      return length;
    }

    @Override
    public String toString() {
      return "double[" + length + "] " + name;
    }
  }

  /** A {@code double[rows][cols]}, stored row by row in the flat vector. */
  record Matrix(String name, int rows, int cols) implements Param {
    public Matrix {
      checkName(name);
      checkSize(name, "rows", rows);
      checkSize(name, "cols", cols);
      if ((long) rows * cols > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "matrix " + name + " (" + rows + " x " + cols + ") has more elements than an array");
      }
    }

    @Override
    public int size() {
      return rows * cols;
    }

    @Override
    public String toString() {
      return "double[" + rows + "][" + cols + "] " + name;
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a parameter needs the name it has in the method");
    }
  }

  private static void checkSize(String name, String what, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(name + ": " + what + " must be at least 1, not " + n);
    }
  }
}
