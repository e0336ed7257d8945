package dev.flatgrad.runtime;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Binary elementwise operations with numpy broadcasting, for every combination of matrix, vector
 * and scalar. Each overload only wraps its operands as matrices (a vector of length C is the
 * single row (1, C), a scalar is (1, 1)) and hands them to one kernel, which also remembers the
 * operands' ranks so that error messages show the shapes the caller passed.
 */
final class Broadcast {
  private Broadcast() {}

  static double[][] zip(String op, double[][] a, double[][] b, BinaryOp f) {
    if (!Shapes.isRectangular(Shapes.nonNull(op, "a", a)) || !Shapes.isRectangular(Shapes.nonNull(op, "b", b))) {
      Shapes.sameRows(op, "a", a, "b", b); // ragged matrices do not broadcast
      return ragged(a.length, i -> a[i], i -> b[i], f);
    }
    return kernel(op, a, 2, b, 2, f);
  }

  static double[][] zip(String op, double[][] a, double[] b, BinaryOp f) {
    return kernel(op, matrix(op, "a", a), 2, row(op, "b", b), 1, f);
  }

  static double[][] zip(String op, double[] a, double[][] b, BinaryOp f) {
    return kernel(op, row(op, "a", a), 1, matrix(op, "b", b), 2, f);
  }

  static double[] zip(String op, double[] a, double[] b, BinaryOp f) {
    return kernel(op, row(op, "a", a), 1, row(op, "b", b), 1, f)[0];
  }

  static double[][] zip(String op, double[][] a, double b, BinaryOp f) {
    if (!Shapes.isRectangular(Shapes.nonNull(op, "a", a))) {
      return ragged(a.length, i -> Shapes.row(op, "a", a, i), i -> filled(a[i].length, b), f);
    }
    return kernel(op, a, 2, scalar(b), 0, f);
  }

  static double[][] zip(String op, double a, double[][] b, BinaryOp f) {
    if (!Shapes.isRectangular(Shapes.nonNull(op, "b", b))) {
      return ragged(b.length, i -> filled(Shapes.row(op, "b", b, i).length, a), i -> b[i], f);
    }
    return kernel(op, scalar(a), 0, matrix(op, "b", b), 2, f);
  }

  static double[] zip(String op, double[] a, double b, BinaryOp f) {
    return kernel(op, row(op, "a", a), 1, scalar(b), 0, f)[0];
  }

  static double[] zip(String op, double a, double[] b, BinaryOp f) {
    return kernel(op, scalar(a), 0, row(op, "b", b), 1, f)[0];
  }

  private static double[][] matrix(String op, String arg, double[][] m) {
    Shapes.cols(op, arg, m);
    return m;
  }

  private static double[][] row(String op, String arg, double[] v) {
    return new double[][] {Shapes.nonNull(op, arg, v)};
  }

  /**
   * {@code f} of two ragged operands of equal shape (checked), row by row, each row of the result
   * as long as its operands' row: the elementwise sums and scalings generated code applies to the
   * adjoint of a user's ragged matrix.
   */
  private static double[][] ragged(int rows, IntFunction<double[]> a, IntFunction<double[]> b, BinaryOp f) {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) {
      double[] x = a.apply(i);
      out[i] = new double[x.length];
      f.apply(x, b.apply(i), out[i], 0, x.length);
    }
    return out;
  }

  private static double[] filled(int length, double value) {
    double[] row = new double[length];
    Arrays.fill(row, value);
    return row;
  }

  private static double[][] scalar(double s) {
    return new double[][] {{s}};
  }

  /**
   * {@code f(a, b)} over the broadcast shape of two rectangular matrices, each of whose
   * dimensions equals the other's or is 1. The result is always fresh, even when no operand
   * was broadcast.
   */
  private static double[][] kernel(
      String op, double[][] a, int rankA, double[][] b, int rankB, BinaryOp f) {
    int ra = a.length;
    int rb = b.length;
    int ca = ra == 0 ? 0 : a[0].length;
    int cb = rb == 0 ? 0 : b[0].length;
    int rows = broadcast(ra, rb);
    int cols = broadcast(ca, cb);
    if ((rankA == 1 && rankB == 2 || rankA == 2 && rankB == 1) && ca != cb) {
      // A vector broadcasts over the rows of a matrix only when it has one entry per column:
      // numpy would also stretch a length-1 vector or an (N, 1) matrix, which hides mistakes and
      // makes the gradient's shape depend on run-time values. Use a scalar or Nd.col instead.
      throw new IllegalArgumentException(
          op + ": operands could not be broadcast together with shapes " + shape(a, rankA) + " "
              + shape(b, rankB) + ": a vector broadcasts over the rows of a matrix and needs one"
              + " entry per column (for a scalar pass a double, for a column use Nd.col)");
    }
    if (rankA == 1 && rankB == 1 && ca != cb) {
      throw new IllegalArgumentException(
          op + ": operands could not be broadcast together with shapes " + shape(a, rankA) + " "
              + shape(b, rankB) + ": vectors must have the same length (for a scalar pass a double)");
    }
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          op + ": operands could not be broadcast together with shapes "
              + shape(a, rankA) + " " + shape(b, rankB));
    }
    double[][] out = new double[rows][]; // rows allocated as they are written: Shapes.matrix
    Parallel.forRange(rows, (long) rows * cols, Parallel.ELEMENTWISE_MIN_WORK, (from, to) -> {
      // A right operand with one column (a scalar, or an Nd.col) is one value per row, taken by
      // the operation's row-against-a-value loop; a left one is stretched into a row of its
      // value, so that every case runs one of the operation's two loops.
      double[] xs = ca == cols ? null : new double[cols];
      for (int i = from; i < to; i++) {
        double[] x = a[ra == 1 ? 0 : i];
        double[] y = b[rb == 1 ? 0 : i];
        double[] o = out[i] = new double[cols];
        if (cb != cols) {
          f.apply(x, y[0], o, 0, cols);
        } else {
          if (xs != null && (i == from || ra != 1)) {
            Arrays.fill(xs, x[0]);
          }
          f.apply(xs == null ? x : xs, y, o, 0, cols);
        }
      }
    });
    return out;
  }

  /** The broadcast size of two dimensions, or -1 if they are incompatible. */
  private static int broadcast(int m, int n) {
    return m == n || n == 1 ? m : m == 1 ? n : -1;
  }

  /** An operand's shape as the caller passed it. */
  private static String shape(double[][] wrapped, int rank) {
    switch (rank) {
      case 2:
        return Shapes.of(wrapped);
      case 1:
        return Shapes.of(wrapped[0]);
      default:
        return "()";
    }
  }
}
