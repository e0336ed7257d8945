package dev.flatgrad.runtime;

import java.util.function.BinaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * The loops behind {@link Nd}'s elementwise and row-wise operations, so that each operation is
 * its formula and nothing else, and the 2-D form of an operation is its 1-D form applied to each
 * row. Every result is a fresh array. Large arrays are cut into ranges of rows (or of entries)
 * over {@link Parallel}'s threads; each entry is computed the same way whatever the cut.
 */
final class Elementwise {
  private Elementwise() {}

  /**
   * {@code rowSum(0) + rowSum(1) + …} over the rows of a {@code rows × cols} matrix, added in row
   * order: the order of {@link Nd#sum(double[][])}. A large matrix's rows' sums are computed on the
   * threads first, so the bits are the same whatever their number; its sum was one thread's pass
   * over, say, the two-layer net's 3072×100 weights while the other thread waited.
   */
  static double sumOfRows(int rows, int cols, IntToDoubleFunction rowSum) {
    long work = (long) rows * cols;
    double sum = 0;
    if (Parallel.parts(work, Parallel.ELEMENTWISE_MIN_WORK) <= 1) {
      for (int i = 0; i < rows; i++) {
        sum += rowSum.applyAsDouble(i);
      }
      return sum;
    }
    double[] sums = new double[rows];
    Parallel.forRange(rows, work, Parallel.ELEMENTWISE_MIN_WORK, (from, to) -> {
      for (int i = from; i < to; i++) {
        sums[i] = rowSum.applyAsDouble(i);
      }
    });
    for (double s : sums) {
      sum += s;
    }
    return sum;
  }

  /** {@code f} of every element of {@code x}. */
  static double[] map(String op, double[] x, UnaryOp f) {
    Shapes.nonNull(op, "x", x);
    double[] out = new double[x.length];
    Parallel.forRange(x.length, (long) x.length * f.cost, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> f.apply(x, out, from, to));
    return out;
  }

  /** {@code f} of every element of {@code x}. */
  static double[][] map(String op, double[][] x, UnaryOp f) {
    int cols = Shapes.cols(op, "x", x);
    double[][] out = new double[x.length][]; // rows allocated as they are written: Shapes.matrix
    Parallel.forRange(x.length, (long) x.length * cols * f.cost, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            f.apply(x[i], out[i] = new double[cols], 0, cols);
          }
        });
    return out;
  }

  /** {@code f} of each row of {@code m}, {@code f} returning a fresh row of the same length. */
  static double[][] rows(String op, String arg, double[][] m, UnaryOperator<double[]> f) {
    int cols = Shapes.cols(op, arg, m);
    double[][] out = new double[m.length][];
    Parallel.forRange(m.length, (long) m.length * cols, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            out[i] = f.apply(m[i]);
          }
        });
    return out;
  }

  /** {@code f(a[j], b[j])} for two vectors of the same shape (no broadcasting). */
  static double[] zipSame(String op, String an, double[] a, String bn, double[] b, BinaryOp f) {
    return zipSameInto(op, an, a, bn, b, f, null);
  }

  /**
   * {@code f(a[j], b[j])} written into {@code out} where it has their shape (it may be {@code a}
   * or {@code b}: each entry reads only its own), else into a fresh vector; returns the one written.
   */
  static double[] zipSameInto(String op, String an, double[] a, String bn, double[] b, BinaryOp f, double[] out) {
    sameShape(op, an, a, bn, b);
    double[] o = out != null && out.length == a.length ? out : new double[a.length];
    Parallel.forRange(a.length, a.length, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> f.apply(a, b, o, from, to));
    return o;
  }

  /** {@code f(a[i][j], b[i][j])} for two matrices of the same shape (no broadcasting). */
  static double[][] zipSame(
      String op, String an, double[][] a, String bn, double[][] b, BinaryOp f) {
    return zipSameInto(op, an, a, bn, b, f, null);
  }

  /**
   * {@code f(a[i][j], b[i][j])} written into {@code out} where it has their shape (its rows may be
   * those of {@code a} or {@code b}), else into a fresh matrix; returns the one written.
   */
  static double[][] zipSameInto(
      String op, String an, double[][] a, String bn, double[][] b, BinaryOp f, double[][] out) {
    sameShape(op, an, a, bn, b);
    int cols = a.length == 0 ? 0 : a[0].length;
    boolean fresh = !hasShape(out, a.length, cols);
    // a fresh result's rows are allocated as they are written: Shapes.matrix
    double[][] o = fresh ? new double[a.length][] : out;
    Parallel.forRange(a.length, (long) a.length * cols, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            f.apply(a[i], b[i], fresh ? o[i] = new double[cols] : o[i], 0, cols);
          }
        });
    return o;
  }

  /** Whether {@code m} is a matrix of {@code rows} rows of {@code cols} entries. */
  static boolean hasShape(double[][] m, int rows, int cols) {
    if (m == null || m.length != rows) {
      return false;
    }
    for (double[] row : m) {
      if (row == null || row.length != cols) {
        return false;
      }
    }
    return true;
  }

  /** {@code f} of each pair of rows of two matrices of the same shape. */
  static double[][] rowsSame(
      String op, String an, double[][] a, String bn, double[][] b, BinaryOperator<double[]> f) {
    sameShape(op, an, a, bn, b);
    int cols = a.length == 0 ? 0 : a[0].length;
    double[][] out = new double[a.length][];
    Parallel.forRange(a.length, (long) a.length * cols, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            out[i] = f.apply(a[i], b[i]);
          }
        });
    return out;
  }

  /** Throws unless both vectors are non-null and of the same length. */
  static void sameShape(String op, String an, double[] a, String bn, double[] b) {
    Shapes.nonNull(op, an, a);
    Shapes.nonNull(op, bn, b);
    if (a.length != b.length) {
      throw mismatch(op, an, Shapes.of(a), bn, Shapes.of(b));
    }
  }

  /** Throws unless both matrices are non-null, rectangular and of the same shape. */
  static void sameShape(String op, String an, double[][] a, String bn, double[][] b) {
    int ca = Shapes.cols(op, an, a);
    int cb = Shapes.cols(op, bn, b);
    if (a.length != b.length || ca != cb) {
      throw mismatch(op, an, Shapes.of(a), bn, Shapes.of(b));
    }
  }

  /**
   * Throws unless {@code a} is rectangular with {@code acc}'s rows or one row, and {@code acc}'s
   * columns or one column (broadcast, each dimension of length 1 standing for all of {@code acc}'s).
   */
  static void broadcastsTo(String op, String an, double[][] a, String accName, double[][] acc) {
    int cacc = Shapes.cols(op, accName, acc);
    int ca = Shapes.cols(op, an, a);
    boolean rows = a.length == acc.length || a.length == 1 && acc.length > 0;
    boolean cols = ca == cacc || ca == 1 && cacc > 0;
    if (!rows || !cols) {
      throw notBroadcast(op, an, Shapes.of(a), accName, Shapes.of(acc));
    }
  }

  private static IllegalArgumentException notBroadcast(String op, String an, String as, String accName, String accs) {
    return new IllegalArgumentException(
        op + ": " + an + " has shape " + as + ", which does not broadcast to " + accName + "'s shape " + accs);
  }

  private static IllegalArgumentException mismatch(
      String op, String an, String as, String bn, String bs) {
    return new IllegalArgumentException(
        op + ": " + an + " has shape " + as + " but " + bn + " has shape " + bs);
  }
}
