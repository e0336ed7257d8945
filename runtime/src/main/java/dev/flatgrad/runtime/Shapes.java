package dev.flatgrad.runtime;

/**
 * Argument checks and numpy-style shape strings shared by {@link Nd} and {@link GradCheck}, so
 * that every error message in the runtime names shapes the same way: {@code (3, 4)} for a
 * matrix, {@code (5)} for a vector; and the allocation of the matrices the runtime returns.
 */
final class Shapes {
  private Shapes() {}

  /** Throws a NullPointerException naming the operation and the argument. */
  static <T> T nonNull(String op, String arg, T x) {
    if (x == null) {
      throw new NullPointerException(op + ": " + arg + " is null");
    }
    return x;
  }

  /**
   * The column count of {@code m}, after checking that it is non-null and rectangular. An empty
   * matrix has zero columns: a {@code double[0][]} carries no column count.
   */
  static int cols(String op, String arg, double[][] m) {
    nonNull(op, arg, m);
    if (m.length == 0) {
      return 0;
    }
    int cols = row(op, arg, m, 0).length;
    for (int i = 1; i < m.length; i++) {
      double[] row = row(op, arg, m, i);
      if (row.length != cols) {
        throw new IllegalArgumentException(
            op + ": " + arg + " is ragged: row " + i + " has length " + row.length
                + ", row 0 has length " + cols);
      }
    }
    return cols;
  }

  /**
   * A {@code (rows, cols)} matrix of zeros, {@code new double[rows][cols]} allocated row by row:
   * the JIT compiles {@code new double[rows][cols]} with non-constant sizes into a call to the VM
   * that allocates each row in C++, three times slower for the small matrices of a softmax
   * classifier (256 rows of 10: 13 against 4.6 µs) than a loop of one-dimensional allocations,
   * which it inlines.
   *
   * <p>An operation that writes every entry of its result does not call this: it allocates each
   * row in the loop that writes it ({@code new double[rows][]}, then {@code out[i] = new
   * double[cols]} just before row {@code i} is computed), so that a row is written while its
   * freshly allocated cache lines are in L1. Filling 256 rows of 10 so took 0.5 µs more than the
   * allocation alone, allocating the matrix first and then filling it 1 µs more.
   */
  static double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = new double[cols];
    }
    return m;
  }

  /**
   * Row {@code i} of {@code m}, after checking that it is non-null. The message is built only
   * when it is: every operation checks every row, and building "m[17]" for each was a tenth of
   * the time of a softmax classifier's gradient at 256×10.
   */
  static double[] row(String op, String arg, double[][] m, int i) {
    double[] row = m[i];
    if (row == null) {
      throw new NullPointerException(op + ": " + arg + "[" + i + "] is null");
    }
    return row;
  }

  /**
   * Row {@code i} of {@code m}, after checking that it is non-null and has {@code cols} entries,
   * the length of row 0 (checked first by the caller): {@link #cols}'s check of one row, for an
   * operation that checks each row as it reaches it.
   */
  static double[] row(String op, String arg, double[][] m, int i, int cols) {
    double[] row = row(op, arg, m, i);
    if (row.length != cols) {
      throw new IllegalArgumentException(
          op + ": " + arg + " is ragged: row " + i + " has length " + row.length + ", row 0 has length " + cols);
    }
    return row;
  }

  /** The shape of a vector, numpy-style. */
  static String of(double[] v) {
    return "(" + v.length + ")";
  }

  /**
   * The shape of a matrix, numpy-style if it is rectangular, else its row lengths: {@code (3 rows
   * of lengths 3, 1, 2)}, a null row's length written {@code null}.
   */
  static String of(double[][] m) {
    if (isRectangular(m)) {
      return of(m.length, m.length == 0 ? 0 : m[0].length);
    }
    StringBuilder lengths = new StringBuilder("(" + m.length + " rows of lengths ");
    for (int i = 0; i < m.length; i++) {
      lengths.append(i == 0 ? "" : ", ").append(m[i] == null ? "null" : String.valueOf(m[i].length));
    }
    return lengths.append(")").toString();
  }

  /**
   * Whether the non-null {@code m} has non-null rows all of one length: an operation that also
   * takes ragged matrices asks this to keep its rectangular loops for rectangular ones.
   */
  static boolean isRectangular(double[][] m) {
    if (m.length == 0) {
      return true;
    }
    double[] first = m[0];
    if (first == null) {
      return false;
    }
    for (double[] row : m) {
      if (row == null || row.length != first.length) {
        return false;
      }
    }
    return true;
  }

  /**
   * Throws unless {@code a} and {@code b} are non-null, with non-null rows of equal lengths row by
   * row (either may be ragged), naming both shapes when they differ: the check of the elementwise
   * operations generated code applies to adjoints, which have the shape of the user's matrix, and
   * a user's matrix may be ragged (a triangle, a list of rows of different lengths).
   */
  static void sameRows(String op, String an, double[][] a, String bn, double[][] b) {
    nonNull(op, an, a);
    nonNull(op, bn, b);
    boolean same = a.length == b.length;
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int la = i < a.length ? row(op, an, a, i).length : -1;
      int lb = i < b.length ? row(op, bn, b, i).length : -1;
      same &= la == lb;
    }
    if (!same) {
      throw new IllegalArgumentException(op + ": " + an + " has shape " + of(a) + " but " + bn + " has shape " + of(b));
    }
  }

  /** A matrix shape from its dimensions. */
  static String of(int rows, int cols) {
    return "(" + rows + ", " + cols + ")";
  }
}
