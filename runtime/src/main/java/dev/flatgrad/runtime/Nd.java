package dev.flatgrad.runtime;

import static dev.flatgrad.runtime.BinaryOp.ADD;
import static dev.flatgrad.runtime.BinaryOp.DIVIDE;
import static dev.flatgrad.runtime.BinaryOp.GREATER;
import static dev.flatgrad.runtime.BinaryOp.GREATER_EQUAL;
import static dev.flatgrad.runtime.BinaryOp.LESS;
import static dev.flatgrad.runtime.BinaryOp.LESS_EQUAL;
import static dev.flatgrad.runtime.BinaryOp.MAXIMUM;
import static dev.flatgrad.runtime.BinaryOp.MINIMUM;
import static dev.flatgrad.runtime.BinaryOp.MULTIPLY;
import static dev.flatgrad.runtime.BinaryOp.SUBTRACT;

import java.util.Arrays;
import java.util.Locale;

/**
 * Numpy-like operations on {@code double} (scalar), {@code double[]} (1-D, shape {@code (n)}) and
 * rectangular {@code double[][]} (2-D, an array of rows, shape {@code (rows, cols)}), named as in
 * numpy so that numpy code ports line by line, and the backward helpers that generated adjoint
 * code (and hand-written backward passes) call.
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>Operations never modify their arguments and always return a fresh array, never one of
 *       their arguments. The exceptions say so: {@link #unbroadcast} returns its argument when
 *       there is nothing to reduce, and {@link #addInPlace} writes into its first argument.
 *   <li>Broadcasting follows numpy. A vector of length C acts as the row (1, C). Two shapes are
 *       compatible when, in each dimension, they are equal or one of them is 1; the 1 is
 *       stretched. So an (N, C) matrix combines with a length-C vector (each row), an (N, 1)
 *       column (each column), a (1, C) row, a (1, 1) matrix, a scalar, or a length-1 vector; and
 *       (N, 1) with (1, C) gives (N, C).
 *   <li>Errors: shapes that do not fit throw {@link IllegalArgumentException} naming the operation
 *       and both shapes, numpy-style ({@code Nd.add: operands could not be broadcast together
 *       with shapes (3, 4) (5)}); a ragged 2-D array, an axis other than 0 or 1, or a label out of
 *       range throws {@link IllegalArgumentException} saying so; a null argument (or null row)
 *       throws {@link NullPointerException} naming the operation and the argument.
 *   <li>Non-smooth points have the usual subgradients: {@code max} routes the gradient to the
 *       first maximum; {@code relu'(0) = 0} (use {@code greater(x, 0)} as the mask).
 *   <li>NaN propagates as in numpy: {@code maximum}, {@code minimum} and {@code max} return NaN
 *       when an operand is NaN, and comparisons with NaN are 0.
 * </ul>
 *
 * <p>A 2-D array with no rows has no column count; it is taken to have shape {@code (0, 0)}.
 */
public final class Nd {
  private Nd() {}

  // ---------------------------------------------------------------------------------------------
  // Threads

  /**
   * The number of threads large operations use, the calling thread included: matrix products
   * of about four million multiply-adds and more, and elementwise work on large arrays. Results are
   * bit for bit the same whatever the count. It is {@link Runtime#availableProcessors()} unless
   * set by {@link #setThreads} or, at start-up, by the system property {@code flatgrad.threads}
   * ({@code java -Dflatgrad.threads=1 ...} runs everything on the calling thread).
   */
  public static int threads() {
    return Parallel.threads();
  }

  /**
   * Sets the number of threads large operations use (see {@link #threads()}), for example 1 when
   * the caller already runs one model per core.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static void setThreads(int n) {
    Parallel.setThreads(n);
  }

  // ---------------------------------------------------------------------------------------------
  // Creation

  /** A vector of {@code n} zeros. */
  public static double[] zeros(int n) {
    return new double[dimension("Nd.zeros", n)];
  }

  /** A {@code (rows, cols)} matrix of zeros. */
  public static double[][] zeros(int rows, int cols) {
    return Shapes.matrix(dimension("Nd.zeros", rows), dimension("Nd.zeros", cols));
  }

  /** A vector of {@code n} ones. */
  public static double[] ones(int n) {
    return filled(new double[dimension("Nd.ones", n)], 1);
  }

  /** A {@code (rows, cols)} matrix of ones. */
  public static double[][] ones(int rows, int cols) {
    return full(dimension("Nd.ones", rows), dimension("Nd.ones", cols), 1);
  }

  /** Zeros shaped like {@code x}. */
  public static double[] zerosLike(double[] x) {
    return new double[Shapes.nonNull("Nd.zerosLike", "x", x).length];
  }

  /**
   * Zeros shaped like {@code x}, row by row; a row that is null is null here too (generated code
   * makes the adjoint of a matrix whose rows a loop assigns, which a return may have left early).
   */
  public static double[][] zerosLike(double[][] x) {
    Shapes.nonNull("Nd.zerosLike", "x", x);
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      // Rows may differ in length (a list of bias vectors): each zero row mirrors its own.
      out[i] = zerosLikeRow(x[i]);
    }
    return out;
  }

  /**
   * Zeros shaped like a row of a matrix, null for a null row: the adjoint of a row the backward
   * pass restored, which may be one {@code new double[n][]} never allocated.
   */
  public static double[] zerosLikeRow(double[] row) {
    return row == null ? null : new double[row.length];
  }

  /** A copy of {@code x}. */
  public static double[] copy(double[] x) {
    return Shapes.nonNull("Nd.copy", "x", x).clone();
  }

  /**
   * {@code Arrays.copyOf(x, length)}: the first {@code length} entries of {@code x}, padded with
   * zeros past its end (what generated code calls for the user's {@code Arrays.copyOf}, so that
   * the call has a gradient).
   */
  public static double[] copyOf(double[] x, int length) {
    Shapes.nonNull("Nd.copyOf", "x", x);
    if (length < 0) {
      throw new NegativeArraySizeException("Nd.copyOf: length " + length + " of a copy of x " + Shapes.of(x));
    }
    return Arrays.copyOf(x, length);
  }

  /**
   * {@code Arrays.copyOfRange(x, from, to)}: entries {@code from} to {@code to - 1} of {@code x},
   * padded with zeros past its end.
   */
  public static double[] copyOfRange(double[] x, int from, int to) {
    Shapes.nonNull("Nd.copyOfRange", "x", x);
    // The exceptions Arrays.copyOfRange throws, saying which entries of which shape were asked for.
    if (from < 0 || from > x.length) {
      throw new ArrayIndexOutOfBoundsException("Nd.copyOfRange: entries from " + from + " of x " + Shapes.of(x));
    }
    if (from > to) {
      throw new IllegalArgumentException("Nd.copyOfRange: entries from " + from + " to " + to + " of x " + Shapes.of(x));
    }
    return Arrays.copyOfRange(x, from, to);
  }

  /**
   * The backward of {@link #copyOfRange}: {@code dout} placed at entry {@code from} of an array
   * shaped like {@code x}, the entries past {@code x}'s end (the padding) dropped.
   */
  public static double[] copyOfRangeBackward(double[] dout, int from, double[] x) {
    Shapes.nonNull("Nd.copyOfRangeBackward", "dout", dout);
    double[] out = new double[Shapes.nonNull("Nd.copyOfRangeBackward", "x", x).length];
    int n = Math.max(0, Math.min(dout.length, out.length - from));
    System.arraycopy(dout, 0, out, from, n);
    return out;
  }

  /**
   * A deep copy of {@code x}: new rows too, unlike {@code x.clone()}, each of its own row's length
   * (a ragged matrix is copied as it is), a null row copied as null: generated code copies an
   * adjoint matrix with it, whose rows mirror the method's own, among them a row of {@code new
   * double[n][]} that the backward pass restored before it was ever allocated ({@link #zerosLikeRow}).
   */
  public static double[][] copy(double[][] x) {
    Shapes.nonNull("Nd.copy", "x", x);
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] == null ? null : x[i].clone();
    }
    return out;
  }

  /** {@code v} laid out in the shape of {@code like}, row by row: the inverse of {@link #flatten}. */
  public static double[][] unflatten(double[] v, double[][] like) {
    int cols = Shapes.cols("Nd.unflatten", "like", like);
    Shapes.nonNull("Nd.unflatten", "v", v);
    if (v.length != like.length * cols) {
      throw new IllegalArgumentException("Nd.unflatten: cannot lay out " + v.length + " values as shape ("
          + like.length + ", " + cols + ")");
    }
    double[][] out = new double[like.length][];
    for (int i = 0; i < like.length; i++) {
      out[i] = Arrays.copyOfRange(v, i * cols, (i + 1) * cols);
    }
    return out;
  }

  /** Zeros shaped like each matrix of {@code x} (matrices of a stack may differ in shape). */
  public static double[][][] zerosLike(double[][][] x) {
    Shapes.nonNull("Nd.zerosLike", "x", x);
    double[][][] out = new double[x.length][][];
    for (int m = 0; m < x.length; m++) {
      out[m] = zerosLike(x[m]);
    }
    return out;
  }

  /** Ones shaped like {@code x}. */
  public static double[] onesLike(double[] x) {
    return filled(new double[Shapes.nonNull("Nd.onesLike", "x", x).length], 1);
  }

  /** Ones shaped like {@code x}. */
  public static double[][] onesLike(double[][] x) {
    return full(x.length, Shapes.cols("Nd.onesLike", "x", x), 1);
  }

  /** {@code value} in every entry of an array shaped like {@code x}. */
  public static double[] fullLike(double[] x, double value) {
    return filled(new double[Shapes.nonNull("Nd.fullLike", "x", x).length], value);
  }

  /** {@code value} in every entry of an array shaped like {@code x}. */
  public static double[][] fullLike(double[][] x, double value) {
    return full(x.length, Shapes.cols("Nd.fullLike", "x", x), value);
  }

  private static int dimension(String op, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(op + ": negative dimensions are not allowed: " + n);
    }
    return n;
  }

  private static double[] filled(double[] x, double value) {
    Arrays.fill(x, value);
    return x;
  }

  /** A {@code (rows, cols)} matrix of {@code value}, each row filled as it is allocated (see {@link Shapes#matrix}). */
  private static double[][] full(int rows, int cols, double value) {
    double[][] out = new double[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = filled(new double[cols], value);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Shape

  /** The transpose: {@code (rows, cols)} becomes {@code (cols, rows)}. */
  public static double[][] transpose(double[][] m) {
    int cols = Shapes.cols("Nd.transpose", "m", m);
    double[][] out = Shapes.matrix(cols, m.length);
    for (int i = 0; i < m.length; i++) {
      double[] row = m[i];
      for (int j = 0; j < cols; j++) {
        out[j][i] = row[j];
      }
    }
    return out;
  }

  /** The vector as an {@code (n, 1)} column, numpy's {@code v[:, None]}. */
  public static double[][] col(double[] v) {
    Shapes.nonNull("Nd.col", "v", v);
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = new double[] {v[i]};
    }
    return out;
  }

  /** The entries of {@code m} in row-major order, numpy's {@code m.flatten()}. */
  public static double[] flatten(double[][] m) {
    int cols = Shapes.cols("Nd.flatten", "m", m);
    double[] out = new double[m.length * cols];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * cols, cols);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Products

  /**
   * The matrix product {@code a · b}: {@code (n, k) · (k, m) -> (n, m)}. Cache-blocked; large
   * products run on {@link #threads()} threads.
   */
  public static double[][] dot(double[][] a, double[][] b) {
    return product("Nd.dot", null, a, false, b, false);
  }

  /** The matrix-vector product {@code m · v}: {@code (n, k) · (k) -> (n)}. */
  public static double[] dot(double[][] m, double[] v) {
    String op = "Nd.dot";
    int k = Shapes.cols(op, "a", m);
    Shapes.nonNull(op, "b", v);
    if (k != v.length) {
      throw notAligned(op, Shapes.of(m), Shapes.of(v), k, 1, v.length, 0);
    }
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = MatMul.dot(m[i], v);
    }
    return out;
  }

  /** The vector-matrix product {@code v · m}: {@code (k) · (k, n) -> (n)}. */
  public static double[] dot(double[] v, double[][] m) {
    return vectorTimesMatrix("Nd.dot", v, m, 0);
  }

  /** The inner product {@code sum(u * v)} of two vectors of the same length. */
  public static double dot(double[] u, double[] v) {
    String op = "Nd.dot";
    Shapes.nonNull(op, "a", u);
    Shapes.nonNull(op, "b", v);
    if (u.length != v.length) {
      throw notAligned(op, Shapes.of(u), Shapes.of(v), u.length, 0, v.length, 0);
    }
    return MatMul.dot(u, v);
  }

  /**
   * {@code aᵀ · b}, without forming the transpose: {@code (k, n), (k, m) -> (n, m)}. The
   * backward of {@code y = x · w} for {@code w}: {@code dw = transposeDot(x, dy)}.
   */
  public static double[][] transposeDot(double[][] a, double[][] b) {
    return product("Nd.transposeDot", null, a, true, b, false);
  }

  /**
   * {@code aᵀ · v}, without forming the transpose: {@code (k, n), (k) -> (n)}. The backward of
   * {@code y = w · x} for {@code x}: {@code dx = transposeDot(w, dy)}.
   */
  public static double[] transposeDot(double[][] a, double[] v) {
    return vectorTimesMatrix("Nd.transposeDot", v, a, 1);
  }

  /**
   * {@link #transposeDot(double[][], double[]) transposeDot(a, v)} written into {@code out} where
   * it is a vector of the result's length other than {@code v}, else into a fresh one; returns the
   * one written, equal bit for bit to {@code transposeDot(a, v)}. For an adjoint replaced on every
   * trip of a loop ({@code dh = transposeDot(W, dz)}): its previous array, which nothing else
   * holds, is reused.
   */
  public static double[] transposeDotInto(double[] out, double[][] a, double[] v) {
    if (out == null || out == v || v == null || a == null || a.length != v.length
        || out.length != Shapes.cols("Nd.transposeDot", "a", a)) {
      return transposeDot(a, v); // a new array, or the shapes' error
    }
    Arrays.fill(out, 0.0);
    for (int k = 0; k < a.length; k++) {
      MatMul.axpy(out, v[k], a[k]);
    }
    return out;
  }

  /**
   * {@code a · bᵀ}, without forming the transpose: {@code (n, k), (m, k) -> (n, m)}. The backward
   * of {@code y = x · w} for {@code x}: {@code dx = dotTranspose(dy, w)}.
   */
  public static double[][] dotTranspose(double[][] a, double[][] b) {
    return product("Nd.dotTranspose", null, a, false, b, true);
  }

  /**
   * {@code op(a) · op(b)} added into {@code acc}, or into a new matrix if {@code acc} is null,
   * after checking the shapes as numpy would for the product.
   */
  private static double[][] product(
      String op, double[][] acc, double[][] a, boolean ta, double[][] b, boolean tb) {
    int colsA = Shapes.cols(op, "a", a);
    int colsB = Shapes.cols(op, "b", b);
    int k = ta ? a.length : colsA;
    int kb = tb ? colsB : b.length;
    if (k != kb) {
      throw notAligned(op, Shapes.of(a), Shapes.of(b), k, ta ? 0 : 1, kb, tb ? 1 : 0);
    }
    int n = ta ? colsA : a.length;
    int m = tb ? b.length : colsB;
    if (acc == null) {
      return MatMul.product(a, ta, b, tb, n, m, k);
    } else if (acc.length != n || Shapes.cols(op, "acc", acc) != m) {
      throw new IllegalArgumentException(
          op + ": acc has shape " + Shapes.of(acc) + " but the product has shape "
              + Shapes.of(n, m));
    }
    MatMul.accumulate(acc, a, ta, b, tb, k);
    return acc;
  }

  /**
   * The outer product {@code u vᵀ}: {@code (n), (m) -> (n, m)}. The backward of {@code y = w · x}
   * for {@code w}: {@code dw = outer(dy, x)}.
   */
  public static double[][] outer(double[] u, double[] v) {
    Shapes.nonNull("Nd.outer", "u", u);
    Shapes.nonNull("Nd.outer", "v", v);
    double[][] out = new double[u.length][];
    for (int i = 0; i < u.length; i++) {
      MatMul.axpy(out[i] = new double[v.length], u[i], v);
    }
    return out;
  }

  /** {@code sum_k v[k] m[k]}; {@code vectorArg} is the position of v in the caller's call. */
  private static double[] vectorTimesMatrix(String op, double[] v, double[][] m, int vectorArg) {
    String vn = vectorArg == 0 ? "a" : "b";
    String mn = vectorArg == 0 ? "b" : "a";
    int n = Shapes.cols(op, mn, m);
    Shapes.nonNull(op, vn, v);
    if (v.length != m.length) {
      throw vectorArg == 0
          ? notAligned(op, Shapes.of(v), Shapes.of(m), v.length, 0, m.length, 0)
          : notAligned(op, Shapes.of(m), Shapes.of(v), m.length, 0, v.length, 0);
    }
    double[] out = new double[n];
    for (int k = 0; k < m.length; k++) {
      MatMul.axpy(out, v[k], m[k]);
    }
    return out;
  }

  private static IllegalArgumentException notAligned(
      String op, String sa, String sb, int na, int da, int nb, int db) {
    return new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "%s: shapes %s and %s not aligned: %d (dim %d) != %d (dim %d)",
            op, sa, sb, na, da, nb, db));
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic and comparisons, with broadcasting. The comparisons return 1.0 where true and 0.0
  // where false: numpy's boolean masks used as numbers, e.g. dx = dout * greater(x, 0).

  /** Elementwise {@code a + b} of two matrices, broadcast. */
  public static double[][] add(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of a matrix and a vector (broadcast over the rows). */
  public static double[][] add(double[][] a, double[] b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] add(double[] a, double[][] b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of two vectors (or one of length 1). */
  public static double[] add(double[] a, double[] b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of a matrix and a scalar. */
  public static double[][] add(double[][] a, double b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of a scalar and a matrix. */
  public static double[][] add(double a, double[][] b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of a vector and a scalar. */
  public static double[] add(double[] a, double b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a + b} of a scalar and a vector. */
  public static double[] add(double a, double[] b) {
    return Broadcast.zip("Nd.add", a, b, ADD);
  }

  /** Elementwise {@code a - b} of two matrices, broadcast. */
  public static double[][] subtract(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of a matrix and a vector (broadcast over the rows). */
  public static double[][] subtract(double[][] a, double[] b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] subtract(double[] a, double[][] b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of two vectors (or one of length 1). */
  public static double[] subtract(double[] a, double[] b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of a matrix and a scalar. */
  public static double[][] subtract(double[][] a, double b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of a scalar and a matrix. */
  public static double[][] subtract(double a, double[][] b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of a vector and a scalar. */
  public static double[] subtract(double[] a, double b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a - b} of a scalar and a vector. */
  public static double[] subtract(double a, double[] b) {
    return Broadcast.zip("Nd.subtract", a, b, SUBTRACT);
  }

  /** Elementwise {@code a * b} of two matrices, broadcast. */
  public static double[][] multiply(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of a matrix and a vector (broadcast over the rows). */
  public static double[][] multiply(double[][] a, double[] b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] multiply(double[] a, double[][] b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of two vectors (or one of length 1). */
  public static double[] multiply(double[] a, double[] b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of a matrix and a scalar. */
  public static double[][] multiply(double[][] a, double b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of a scalar and a matrix. */
  public static double[][] multiply(double a, double[][] b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of a vector and a scalar. */
  public static double[] multiply(double[] a, double b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a * b} of a scalar and a vector. */
  public static double[] multiply(double a, double[] b) {
    return Broadcast.zip("Nd.multiply", a, b, MULTIPLY);
  }

  /** Elementwise {@code a / b} of two matrices, broadcast. */
  public static double[][] divide(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of a matrix and a vector (broadcast over the rows). */
  public static double[][] divide(double[][] a, double[] b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] divide(double[] a, double[][] b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of two vectors (or one of length 1). */
  public static double[] divide(double[] a, double[] b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of a matrix and a scalar. */
  public static double[][] divide(double[][] a, double b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of a scalar and a matrix. */
  public static double[][] divide(double a, double[][] b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of a vector and a scalar. */
  public static double[] divide(double[] a, double b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code a / b} of a scalar and a vector. */
  public static double[] divide(double a, double[] b) {
    return Broadcast.zip("Nd.divide", a, b, DIVIDE);
  }

  /** Elementwise {@code max(a, b)} of two matrices, broadcast. */
  public static double[][] maximum(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of a matrix and a vector (broadcast over the rows). */
  public static double[][] maximum(double[][] a, double[] b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] maximum(double[] a, double[][] b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of two vectors (or one of length 1). */
  public static double[] maximum(double[] a, double[] b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of a matrix and a scalar. */
  public static double[][] maximum(double[][] a, double b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of a scalar and a matrix. */
  public static double[][] maximum(double a, double[][] b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of a vector and a scalar. */
  public static double[] maximum(double[] a, double b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code max(a, b)} of a scalar and a vector. */
  public static double[] maximum(double a, double[] b) {
    return Broadcast.zip("Nd.maximum", a, b, MAXIMUM);
  }

  /** Elementwise {@code min(a, b)} of two matrices, broadcast. */
  public static double[][] minimum(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of a matrix and a vector (broadcast over the rows). */
  public static double[][] minimum(double[][] a, double[] b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] minimum(double[] a, double[][] b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of two vectors (or one of length 1). */
  public static double[] minimum(double[] a, double[] b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of a matrix and a scalar. */
  public static double[][] minimum(double[][] a, double b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of a scalar and a matrix. */
  public static double[][] minimum(double a, double[][] b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of a vector and a scalar. */
  public static double[] minimum(double[] a, double b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code min(a, b)} of a scalar and a vector. */
  public static double[] minimum(double a, double[] b) {
    return Broadcast.zip("Nd.minimum", a, b, MINIMUM);
  }

  /** Elementwise {@code a > b ? 1 : 0} of two matrices, broadcast. */
  public static double[][] greater(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of a matrix and a vector (broadcast over the rows). */
  public static double[][] greater(double[][] a, double[] b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] greater(double[] a, double[][] b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of two vectors (or one of length 1). */
  public static double[] greater(double[] a, double[] b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of a matrix and a scalar. */
  public static double[][] greater(double[][] a, double b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of a scalar and a matrix. */
  public static double[][] greater(double a, double[][] b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of a vector and a scalar. */
  public static double[] greater(double[] a, double b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a > b ? 1 : 0} of a scalar and a vector. */
  public static double[] greater(double a, double[] b) {
    return Broadcast.zip("Nd.greater", a, b, GREATER);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of two matrices, broadcast. */
  public static double[][] greaterEqual(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of a matrix and a vector (broadcast over the rows). */
  public static double[][] greaterEqual(double[][] a, double[] b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] greaterEqual(double[] a, double[][] b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of two vectors (or one of length 1). */
  public static double[] greaterEqual(double[] a, double[] b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of a matrix and a scalar. */
  public static double[][] greaterEqual(double[][] a, double b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of a scalar and a matrix. */
  public static double[][] greaterEqual(double a, double[][] b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of a vector and a scalar. */
  public static double[] greaterEqual(double[] a, double b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a >= b ? 1 : 0} of a scalar and a vector. */
  public static double[] greaterEqual(double a, double[] b) {
    return Broadcast.zip("Nd.greaterEqual", a, b, GREATER_EQUAL);
  }

  /** Elementwise {@code a < b ? 1 : 0} of two matrices, broadcast. */
  public static double[][] less(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of a matrix and a vector (broadcast over the rows). */
  public static double[][] less(double[][] a, double[] b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] less(double[] a, double[][] b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of two vectors (or one of length 1). */
  public static double[] less(double[] a, double[] b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of a matrix and a scalar. */
  public static double[][] less(double[][] a, double b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of a scalar and a matrix. */
  public static double[][] less(double a, double[][] b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of a vector and a scalar. */
  public static double[] less(double[] a, double b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a < b ? 1 : 0} of a scalar and a vector. */
  public static double[] less(double a, double[] b) {
    return Broadcast.zip("Nd.less", a, b, LESS);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of two matrices, broadcast. */
  public static double[][] lessEqual(double[][] a, double[][] b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of a matrix and a vector (broadcast over the rows). */
  public static double[][] lessEqual(double[][] a, double[] b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of a vector (broadcast over the rows) and a matrix. */
  public static double[][] lessEqual(double[] a, double[][] b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of two vectors (or one of length 1). */
  public static double[] lessEqual(double[] a, double[] b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of a matrix and a scalar. */
  public static double[][] lessEqual(double[][] a, double b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of a scalar and a matrix. */
  public static double[][] lessEqual(double a, double[][] b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of a vector and a scalar. */
  public static double[] lessEqual(double[] a, double b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }

  /** Elementwise {@code a <= b ? 1 : 0} of a scalar and a vector. */
  public static double[] lessEqual(double a, double[] b) {
    return Broadcast.zip("Nd.lessEqual", a, b, LESS_EQUAL);
  }
  // ---------------------------------------------------------------------------------------------
  // Elementwise functions

  /** Elementwise {@code e^x}. */
  public static double[] exp(double[] x) {
    return Elementwise.map("Nd.exp", x, UnaryOp.EXP);
  }

  /** Elementwise {@code e^x}. */
  public static double[][] exp(double[][] x) {
    return Elementwise.map("Nd.exp", x, UnaryOp.EXP);
  }

  /** Elementwise the natural logarithm. */
  public static double[] log(double[] x) {
    return Elementwise.map("Nd.log", x, UnaryOp.LOG);
  }

  /** Elementwise the natural logarithm. */
  public static double[][] log(double[][] x) {
    return Elementwise.map("Nd.log", x, UnaryOp.LOG);
  }

  /** Elementwise the square root. */
  public static double[] sqrt(double[] x) {
    return Elementwise.map("Nd.sqrt", x, UnaryOp.SQRT);
  }

  /** Elementwise the square root. */
  public static double[][] sqrt(double[][] x) {
    return Elementwise.map("Nd.sqrt", x, UnaryOp.SQRT);
  }

  /** Elementwise {@code x * x}. */
  public static double[] square(double[] x) {
    return Elementwise.map("Nd.square", x, UnaryOp.SQUARE);
  }

  /** Elementwise {@code x * x}. */
  public static double[][] square(double[][] x) {
    return Elementwise.map("Nd.square", x, UnaryOp.SQUARE);
  }

  /** Elementwise the absolute value. */
  public static double[] abs(double[] x) {
    return Elementwise.map("Nd.abs", x, UnaryOp.ABS);
  }

  /** Elementwise the absolute value. */
  public static double[][] abs(double[][] x) {
    return Elementwise.map("Nd.abs", x, UnaryOp.ABS);
  }

  /** Elementwise {@code -x}. */
  public static double[] negative(double[] x) {
    return Elementwise.map("Nd.negative", x, UnaryOp.NEGATIVE);
  }

  /** Elementwise {@code -x}. */
  public static double[][] negative(double[][] x) {
    return Elementwise.map("Nd.negative", x, UnaryOp.NEGATIVE);
  }

  /** Elementwise the hyperbolic tangent. */
  public static double[] tanh(double[] x) {
    return Elementwise.map("Nd.tanh", x, UnaryOp.TANH);
  }

  /** Elementwise the hyperbolic tangent. */
  public static double[][] tanh(double[][] x) {
    return Elementwise.map("Nd.tanh", x, UnaryOp.TANH);
  }

  /** Elementwise the sign: -1, 0 or 1 (NaN for NaN). */
  public static double[] sign(double[] x) {
    return Elementwise.map("Nd.sign", x, UnaryOp.SIGN);
  }

  /** Elementwise the sign: -1, 0 or 1 (NaN for NaN). */
  public static double[][] sign(double[][] x) {
    return Elementwise.map("Nd.sign", x, UnaryOp.SIGN);
  }

  /** Elementwise the logistic function {@link #sigmoid(double)}. */
  public static double[] sigmoid(double[] x) {
    return Elementwise.map("Nd.sigmoid", x, UnaryOp.SIGMOID);
  }

  /** Elementwise the logistic function {@link #sigmoid(double)}. */
  public static double[][] sigmoid(double[][] x) {
    return Elementwise.map("Nd.sigmoid", x, UnaryOp.SIGMOID);
  }

  /** Elementwise {@code max(0, x)}. */
  public static double[] relu(double[] x) {
    return Elementwise.map("Nd.relu", x, UnaryOp.RELU);
  }

  /** Elementwise {@code max(0, x)}. */
  public static double[][] relu(double[][] x) {
    return Elementwise.map("Nd.relu", x, UnaryOp.RELU);
  }
  /** The logistic function {@code 1 / (1 + exp(-x))}, computed without overflow. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  /** {@code max(0, x)}; NaN stays NaN. */
  public static double relu(double x) {
    return Math.max(0, x);
  }

  // ---------------------------------------------------------------------------------------------
  // Softmax

  /** {@code exp(x) / sum(exp(x))}, computed stably by subtracting the maximum first. */
  public static double[] softmax(double[] x) {
    Shapes.nonNull("Nd.softmax", "x", x);
    double[] out = new double[x.length];
    if (x.length == 0) {
      return out;
    }
    double max = x[argmax(x)];
    double sum = 0;
    for (int j = 0; j < x.length; j++) {
      out[j] = Math.exp(x[j] - max);
      sum += out[j];
    }
    for (int j = 0; j < out.length; j++) {
      out[j] /= sum;
    }
    return out;
  }

  /** {@link #softmax(double[])} of each row. */
  public static double[][] softmax(double[][] x) {
    return Elementwise.rows("Nd.softmax", "x", x, Nd::softmax);
  }

  /** {@code x - log(sum(exp(x)))}, computed stably by subtracting the maximum first. */
  public static double[] logSoftmax(double[] x) {
    Shapes.nonNull("Nd.logSoftmax", "x", x);
    double[] out = new double[x.length];
    if (x.length == 0) {
      return out;
    }
    double max = x[argmax(x)];
    double sum = 0;
    for (int j = 0; j < x.length; j++) {
      out[j] = x[j] - max;
      sum += Math.exp(out[j]);
    }
    // (x - max) - logSum, not x - (max + logSum): adding max first would round logSum to the
    // precision of max.
    double logSum = Math.log(sum);
    for (int j = 0; j < out.length; j++) {
      out[j] -= logSum;
    }
    return out;
  }

  /** {@link #logSoftmax(double[])} of each row. */
  public static double[][] logSoftmax(double[][] x) {
    return Elementwise.rows("Nd.logSoftmax", "x", x, Nd::logSoftmax);
  }

  // ---------------------------------------------------------------------------------------------
  // Reductions

  /**
   * The sum of the entries; 0 for an empty vector. Summed in the fixed order of every reduction
   * of the runtime ({@link #dot(double[], double[])}'s): four partial sums, entry {@code 4g + j}
   * added to the {@code j}-th, the last {@code n % 4} entries to the first, then {@code (s0 + s1)
   * + (s2 + s3)}. Four chains of additions instead of one run four times as fast and round less,
   * and the bits depend on neither the thread count nor the JIT.
   */
  public static double sum(double[] x) {
    Shapes.nonNull("Nd.sum", "x", x);
    int n = x.length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (; i < n; i++) {
      s0 += x[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The sum of all entries: the rows' sums added in row order. */
  public static double sum(double[][] x) {
    int cols = Shapes.cols("Nd.sum", "x", x);
    return Elementwise.sumOfRows(x.length, cols, i -> sum(x[i]));
  }

  /**
   * Sums along an axis, numpy's {@code m.sum(axis)}: axis 0 sums each column (over the rows) to
   * a vector of length cols, axis 1 sums each row to a vector of length rows.
   */
  public static double[] sum(double[][] m, int axis) {
    return sum("Nd.sum", m, axis);
  }

  private static double[] sum(String op, double[][] m, int axis) {
    int cols = Shapes.cols(op, "m", m);
    checkAxis(op, axis);
    if (axis == 1) {
      double[] out = new double[m.length];
      for (int i = 0; i < m.length; i++) {
        out[i] = sum(m[i]);
      }
      return out;
    }
    double[] out = new double[cols];
    for (double[] row : m) {
      MatMul.axpy(out, 1, row);
    }
    return out;
  }

  /**
   * {@code sum(x * x)} in one pass, without the temporary of {@code sum(square(x))}, and bit for
   * bit equal to it (each {@code x * x} added in {@link #sum(double[])}'s order, which is also
   * {@code dot(x, x)}'s): the L2 regularisation term. Its backward is
   * {@link #sumOfSquaresBackward(double, double[])}.
   */
  public static double sumOfSquares(double[] x) {
    return MatMul.dot(Shapes.nonNull("Nd.sumOfSquares", "x", x), x);
  }

  /** {@code sum(x * x)} of all entries in one pass (row by row, as {@link #sum(double[][])}). */
  public static double sumOfSquares(double[][] x) {
    int cols = Shapes.cols("Nd.sumOfSquares", "x", x);
    return Elementwise.sumOfRows(x.length, cols, i -> sumOfSquares(x[i]));
  }

  /**
   * {@code log(sum(exp(x)))}, computed stably (by subtracting the maximum first) in two passes
   * and no temporary; {@code -Infinity} for an empty vector. Its gradient does not depend on the
   * shift: see {@link #logSumExpBackward(double, double[], double)}.
   */
  public static double logSumExp(double[] x) {
    Shapes.nonNull("Nd.logSumExp", "x", x);
    if (x.length == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double max = x[argmax(x)];
    if (Double.isInfinite(max)) {
      return max; // all -Infinity, or an Infinity: exp(x - max) would be NaN
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /**
   * {@link #logSumExp(double[])} along an axis: of each row for axis 1 (the normaliser of a
   * softmax classifier's scores), of each column for axis 0.
   */
  public static double[] logSumExp(double[][] m, int axis) {
    String op = "Nd.logSumExp";
    Shapes.cols(op, "m", m);
    checkAxis(op, axis);
    double[][] lines = axis == 1 ? m : transpose(m);
    double[] out = new double[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = logSumExp(lines[i]);
    }
    return out;
  }

  /** The mean of the entries; NaN for an empty vector, as in numpy. */
  public static double mean(double[] x) {
    return sum(Shapes.nonNull("Nd.mean", "x", x)) / x.length;
  }

  /** The mean of all entries; NaN for an empty matrix, as in numpy. */
  public static double mean(double[][] x) {
    int cols = Shapes.cols("Nd.mean", "x", x);
    return sum(x) / ((double) x.length * cols);
  }

  /** Means along an axis; see {@link #sum(double[][], int)}. */
  public static double[] mean(double[][] m, int axis) {
    double[] out = sum("Nd.mean", m, axis);
    double count = axis == 0 ? m.length : m.length == 0 ? 0 : m[0].length;
    for (int j = 0; j < out.length; j++) {
      out[j] /= count;
    }
    return out;
  }

  /**
   * The largest entry (NaN if any entry is NaN).
   *
   * @throws IllegalArgumentException if {@code x} is empty
   */
  public static double max(double[] x) {
    return max("Nd.max", Shapes.nonNull("Nd.max", "x", x));
  }

  /**
   * The largest entry (NaN if any entry is NaN).
   *
   * @throws IllegalArgumentException if {@code x} is empty
   */
  public static double max(double[][] x) {
    int[] at = argmaxFlat("Nd.max", x);
    return x[at[0]][at[1]];
  }

  /**
   * Maxima along an axis, numpy's {@code m.max(axis)}: axis 0 gives each column's maximum,
   * axis 1 each row's.
   *
   * @throws IllegalArgumentException if an axis to reduce is empty
   */
  public static double[] max(double[][] m, int axis) {
    if (axis == 1) {
      Shapes.cols("Nd.max", "m", m);
      double[] out = new double[m.length];
      for (int i = 0; i < m.length; i++) {
        out[i] = max("Nd.max", m[i]);
      }
      return out;
    }
    int[] at = argmax("Nd.max", m, axis);
    double[] out = new double[at.length];
    for (int t = 0; t < at.length; t++) {
      out[t] = axis == 0 ? m[at[t]][t] : m[t][at[t]];
    }
    return out;
  }

  /**
   * The index of the first largest entry (of the first NaN, if any), numpy's {@code argmax}.
   *
   * @throws IllegalArgumentException if {@code x} is empty
   */
  public static int argmax(double[] x) {
    return argmax("Nd.argmax", x);
  }

  /**
   * Indices of the first maxima along an axis, numpy's {@code m.argmax(axis)}: axis 1 gives, for
   * each row, the column of its largest entry (the predicted class of each row of scores).
   *
   * @throws IllegalArgumentException if an axis to reduce is empty
   */
  public static int[] argmax(double[][] m, int axis) {
    return argmax("Nd.argmax", m, axis);
  }

  private static int argmax(String op, double[] x) {
    Shapes.nonNull(op, "x", x);
    if (x.length == 0) {
      throw emptyReduction(op);
    }
    int best = 0;
    double bestValue = x[0];
    for (int j = 1; j < x.length; j++) {
      double v = x[j];
      if (better(v, bestValue)) {
        best = j;
        bestValue = v;
      }
    }
    return best;
  }

  /**
   * {@code x[argmax(x)]}: the first largest entry, or the first NaN. Without a NaN the loop keeps
   * the first largest with a select the JIT compiles without a branch (the branch of {@link
   * #better} mispredicts on unordered rows: 25% of {@code max(m, 1)} of 256 rows of 10).
   */
  private static double max(String op, double[] x) {
    if (x.length == 0) {
      throw emptyReduction(op);
    }
    double best = x[0]; // a NaN here stays: nothing compares greater
    boolean nan = false;
    for (int j = 1; j < x.length; j++) {
      double v = x[j];
      best = v > best ? v : best;
      nan |= v != v;
    }
    return nan ? x[argmax(op, x)] : best;
  }

  private static int[] argmax(String op, double[][] m, int axis) {
    int cols = Shapes.cols(op, "m", m);
    checkAxis(op, axis);
    if (axis == 1) {
      int[] out = new int[m.length];
      for (int i = 0; i < m.length; i++) {
        out[i] = argmax(op, m[i]);
      }
      return out;
    }
    if (m.length == 0 && cols > 0) {
      throw emptyReduction(op);
    }
    int[] out = new int[cols];
    for (int i = 1; i < m.length; i++) {
      for (int j = 0; j < cols; j++) {
        if (better(m[i][j], m[out[j]][j])) {
          out[j] = i;
        }
      }
    }
    return out;
  }

  /** The (row, column) of the first largest entry in row-major order. */
  private static int[] argmaxFlat(String op, double[][] x) {
    int cols = Shapes.cols(op, "x", x);
    if (x.length == 0 || cols == 0) {
      throw emptyReduction(op);
    }
    int bi = 0;
    int bj = argmax(op, x[0]);
    for (int i = 1; i < x.length; i++) {
      int j = argmax(op, x[i]);
      if (better(x[i][j], x[bi][bj])) {
        bi = i;
        bj = j;
      }
    }
    return new int[] {bi, bj};
  }

  /** Whether {@code x} replaces {@code best} as the maximum: strictly larger, or the first NaN. */
  private static boolean better(double x, double best) {
    return x > best || (Double.isNaN(x) && !Double.isNaN(best));
  }

  private static IllegalArgumentException emptyReduction(String op) {
    return new IllegalArgumentException(
        op + ": zero-size array to reduction operation maximum which has no identity");
  }

  private static void checkAxis(String op, int axis) {
    if (axis != 0 && axis != 1) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " is out of bounds for array of dimension 2 (use 0 or 1)");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Labels

  /**
   * {@code m[i][y[i]]} for each row i, numpy's {@code m[np.arange(N), y]}: the score of each
   * row's correct class.
   */
  public static double[] pick(double[][] m, int[] y) {
    checkLabels("Nd.pick", m, y);
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = m[i][y[i]];
    }
    return out;
  }

  /** An {@code (N, classes)} matrix with a 1 at {@code [i][y[i]]} and 0 elsewhere. */
  public static double[][] oneHot(int[] y, int classes) {
    String op = "Nd.oneHot";
    Shapes.nonNull(op, "y", y);
    double[][] out = Shapes.matrix(y.length, dimension(op, classes));
    for (int i = 0; i < y.length; i++) {
      out[i][label(op, y, i, classes)] = 1;
    }
    return out;
  }

  /** Checks that y has one label per row of m, each a column of m; returns m's column count. */
  private static int checkLabels(String op, double[][] m, int[] y) {
    int cols = Shapes.cols(op, "m", m);
    Shapes.nonNull(op, "y", y);
    if (y.length != m.length) {
      throw new IllegalArgumentException(
          op + ": y has shape " + "(" + y.length + ") but m has shape " + Shapes.of(m)
              + ": one label per row is needed");
    }
    for (int i = 0; i < y.length; i++) {
      label(op, y, i, cols);
    }
    return cols;
  }

  private static int label(String op, int[] y, int i, int classes) {
    if (y[i] < 0 || y[i] >= classes) {
      throw new IllegalArgumentException(
          op + ": label y[" + i + "] = " + y[i] + " is out of range for " + classes + " classes");
    }
    return y[i];
  }

  // ---------------------------------------------------------------------------------------------
  // In place: forms that write into their first argument, {@code acc}, and return it, for
  // backward passes that add contributions into an adjoint allocated once (numpy's {@code acc +=
  // ...}) instead of allocating each contribution and then adding it. The shapes must be equal
  // (no broadcasting): an adjoint has the shape of its value.

  /**
   * {@code acc += scale * x} (an axpy), in place: {@code dW += 2 * reg * W} for a regularisation
   * term without the temporary {@code multiply(2 * reg, W)}.
   */
  public static double[] addInPlace(double[] acc, double scale, double[] x) {
    Elementwise.sameShape("Nd.addInPlace", "acc", acc, "x", x);
    Parallel.forRange(acc.length, acc.length, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> axpy(acc, scale, x, from, to));
    return acc;
  }

  /** {@code acc += scale * x} (an axpy), in place; the two may be equally ragged. */
  public static double[][] addInPlace(double[][] acc, double scale, double[][] x) {
    Shapes.sameRows("Nd.addInPlace", "acc", acc, "x", x);
    forRows(acc, (from, to) -> {
      for (int i = from; i < to; i++) {
        axpy(acc[i], scale, x[i], 0, acc[i].length);
      }
    });
    return acc;
  }

  /**
   * {@code acc += a * b} elementwise, in place: a product-rule contribution ({@code dx += dout *
   * y}) without the temporary {@code multiply(dout, y)}.
   */
  public static double[] addMultiplyInPlace(double[] acc, double[] a, double[] b) {
    String op = "Nd.addMultiplyInPlace";
    Elementwise.sameShape(op, "acc", acc, "a", a);
    Elementwise.sameShape(op, "acc", acc, "b", b);
    Parallel.forRange(acc.length, acc.length, Parallel.ELEMENTWISE_MIN_WORK,
        (from, to) -> addProduct(acc, a, b, from, to));
    return acc;
  }

  /**
   * {@code acc += a * b} elementwise, in place; {@code a} and {@code b} have {@code acc}'s shape,
   * or one row or one column of it (broadcast, as {@link #multiply} broadcasts them).
   */
  public static double[][] addMultiplyInPlace(double[][] acc, double[][] a, double[][] b) {
    String op = "Nd.addMultiplyInPlace";
    Elementwise.broadcastsTo(op, "a", a, "acc", acc);
    Elementwise.broadcastsTo(op, "b", b, "acc", acc);
    forRows(acc, (from, to) -> {
      for (int i = from; i < to; i++) {
        addProduct(acc[i], a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i], 0, acc[i].length);
      }
    });
    return acc;
  }

  /** {@code acc *= scale}, in place: numpy's {@code dscores /= n} is {@code multiplyInPlace(dscores, 1.0 / n)}. */
  public static double[] multiplyInPlace(double[] acc, double scale) {
    Shapes.nonNull("Nd.multiplyInPlace", "acc", acc);
    for (int j = 0; j < acc.length; j++) {
      acc[j] *= scale;
    }
    return acc;
  }

  /** {@code acc *= scale}, in place; {@code acc} may be ragged. */
  public static double[][] multiplyInPlace(double[][] acc, double scale) {
    Shapes.nonNull("Nd.multiplyInPlace", "acc", acc);
    forRows(acc, (from, to) -> {
      for (int i = from; i < to; i++) {
        multiplyInPlace(Shapes.row("Nd.multiplyInPlace", "acc", acc, i), scale);
      }
    });
    return acc;
  }

  /** {@code acc += a · b}, in place: {@code (n, k) · (k, m)} into an {@code (n, m)} {@code acc}. */
  public static double[][] addDotInPlace(double[][] acc, double[][] a, double[][] b) {
    return product("Nd.addDotInPlace", Shapes.nonNull("Nd.addDotInPlace", "acc", acc), a, false,
        b, false);
  }

  /**
   * {@code acc += aᵀ · b}, in place: the weight gradient {@code dW += transposeDot(X, dy)}
   * without the product's temporary.
   */
  public static double[][] addTransposeDotInPlace(double[][] acc, double[][] a, double[][] b) {
    return product("Nd.addTransposeDotInPlace",
        Shapes.nonNull("Nd.addTransposeDotInPlace", "acc", acc), a, true, b, false);
  }

  /**
   * {@code acc += a · bᵀ}, in place: the input gradient {@code dX += dotTranspose(dy, W)} of a
   * value used more than once, without the product's temporary.
   */
  public static double[][] addDotTransposeInPlace(double[][] acc, double[][] a, double[][] b) {
    return product("Nd.addDotTransposeInPlace",
        Shapes.nonNull("Nd.addDotTransposeInPlace", "acc", acc), a, false, b, true);
  }

  /**
   * {@code acc += u vᵀ}, in place: the weight gradient of {@code y = w · x} on each trip of a
   * loop, {@code dw += outer(dy, x)}, without the {@code (n, m)} temporary.
   */
  public static double[][] addOuterInPlace(double[][] acc, double[] u, double[] v) {
    String op = "Nd.addOuterInPlace";
    checkOuter(op, acc, "u", u, "v", v);
    for (int i = 0; i < u.length; i++) {
      MatMul.axpy(Shapes.row(op, "acc", acc, i, v.length), u[i], v);
    }
    return acc;
  }

  /**
   * The backward pass of {@code y = m · x} for both operands, in one pass over the rows of {@code
   * m}: {@code acc += dy xᵀ} in place (as {@link #addOuterInPlace}) and {@code mᵀ · dy} written into
   * {@code out} (as {@link #transposeDotInto}, a fresh vector where {@code out} does not fit or is
   * {@code x} or {@code dy}); returns the one written. Equal bit for bit to those two calls: each
   * element sums the same products in the same order. For a matrix-vector product on every trip of
   * a loop ({@code h = tanh(W·h + ...)}), where the two calls read each row of {@code m} and {@code
   * acc} in separate passes.
   */
  public static double[] addOuterTransposeDotInto(double[] out, double[][] acc, double[][] m, double[] dy, double[] x) {
    String op = "Nd.addOuterTransposeDotInto";
    checkOuter(op, acc, "dy", dy, "x", x);
    if (Shapes.nonNull("Nd.transposeDot", "a", m).length != dy.length) {
      return transposeDot(m, dy); // the shapes' error
    }
    int cols = m.length == 0 ? 0 : Shapes.row(op, "m", m, 0).length;
    double[] into = out == null || out == x || out == dy || out.length != cols ? new double[cols] : out;
    if (into == out) {
      Arrays.fill(into, 0.0);
    }
    if (x.length == cols) { // y = m · x: one loop per row
      for (int i = 0; i < dy.length; i++) {
        addOuterTransposeDotRow(Shapes.row(op, "acc", acc, i, cols), into, dy[i], x, Shapes.row(op, "m", m, i, cols));
      }
    } else { // the two halves of different products (y = m · g + w · x)
      for (int i = 0; i < dy.length; i++) {
        MatMul.axpy(Shapes.row(op, "acc", acc, i, x.length), dy[i], x);
        MatMul.axpy(into, dy[i], Shapes.row(op, "m", m, i, cols));
      }
    }
    return into;
  }

  /**
   * Row {@code i} of {@link #addOuterTransposeDotInto} for {@code y = m · x}, {@code accRow += d x}
   * and {@code into += d mRow}, all four of one length: in one loop, since at the short rows of a
   * loop's state (32 entries) a second loop's set-up costs as much as its arithmetic.
   */
  private static void addOuterTransposeDotRow(double[] accRow, double[] into, double d, double[] x, double[] mRow) {
    for (int j = 0; j < into.length; j++) {
      accRow[j] += d * x[j];
      into[j] += d * mRow[j];
    }
  }

  /**
   * That {@code acc} has the rows of the outer product {@code u vᵀ} and its first row the
   * columns, all three non-null. The other rows are checked as the operation reaches them ({@link
   * Shapes#row(String, String, double[][], int, int)}), not in a pass of their own: on the short
   * rows of a loop's state that pass cost a tenth of the operation. So a ragged {@code acc} is
   * reported after the rows above the ragged one were updated.
   */
  private static void checkOuter(String op, double[][] acc, String un, double[] u, String vn, double[] v) {
    Shapes.nonNull(op, un, u);
    Shapes.nonNull(op, vn, v);
    if (Shapes.nonNull(op, "acc", acc).length != u.length
        || acc.length > 0 && Shapes.row(op, "acc", acc, 0).length != v.length) {
      throw new IllegalArgumentException(op + ": acc has shape " + Shapes.of(acc)
          + " but the outer product has shape " + Shapes.of(u.length, v.length));
    }
  }

  /** Runs {@code body} over the rows of {@code m}, on several threads if {@code m} is large. */
  private static void forRows(double[][] m, Parallel.Range body) {
    long size = m.length == 0 ? 0 : (long) m.length * m[0].length;
    Parallel.forRange(m.length, size, Parallel.ELEMENTWISE_MIN_WORK, body);
  }

  private static void axpy(double[] acc, double scale, double[] x, int from, int to) {
    for (int j = from; j < to; j++) {
      acc[j] += scale * x[j];
    }
  }

  /** {@code acc += a * b} over {@code [from, to)}, an operand of length 1 (a column) standing for all. */
  private static void addProduct(double[] acc, double[] a, double[] b, int from, int to) {
    if (a.length == acc.length && b.length == acc.length) {
      for (int j = from; j < to; j++) {
        acc[j] += a[j] * b[j];
      }
    } else if (a.length == 1 && b.length == acc.length) { // an entry of a column times a row: an axpy
      axpy(acc, a[0], b, from, to);
    } else if (b.length == 1 && a.length == acc.length) {
      axpy(acc, b[0], a, from, to);
    } else {
      for (int j = from; j < to; j++) {
        acc[j] += a[a.length == 1 ? 0 : j] * b[b.length == 1 ? 0 : j];
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Backward helpers: what the adjoint rules of generated code call.

  /**
   * The gradient {@code g} of a broadcast result, summed back to the shape {@code like} of the
   * operand that was broadcast: over the rows if {@code like} has one row, over the columns if it
   * has one column. When the shapes are equal nothing was broadcast, and {@code g} itself is
   * returned (not a copy).
   *
   * @throws IllegalArgumentException if {@code like} does not broadcast to {@code g}'s shape
   */
  public static double[][] unbroadcast(double[][] g, double[][] like) {
    String op = "Nd.unbroadcast";
    int gc = Shapes.cols(op, "g", g);
    int lc = Shapes.cols(op, "like", like);
    int lr = like.length;
    if (lr == g.length && lc == gc) {
      return g;
    }
    if ((lr != g.length && lr != 1) || (lc != gc && lc != 1)) {
      throw notBroadcastable(op, Shapes.of(like), Shapes.of(g));
    }
    double[][] out = Shapes.matrix(lr, lc);
    for (int i = 0; i < g.length; i++) {
      double[] o = out[lr == 1 ? 0 : i];
      if (lc == gc) {
        MatMul.axpy(o, 1, g[i]);
      } else {
        o[0] += sum(g[i]);
      }
    }
    return out;
  }

  /**
   * The gradient {@code g} of a result in which the vector {@code like} was broadcast over the
   * rows: {@code sum(g, 0)}, or {@code [sum(g)]} if {@code like} has length 1 and {@code g} more
   * columns. The backward of {@code scores = add(xw, b)} for {@code b}.
   *
   * @throws IllegalArgumentException if {@code like} does not broadcast to {@code g}'s shape
   */
  public static double[] unbroadcast(double[][] g, double[] like) {
    String op = "Nd.unbroadcast";
    int gc = Shapes.cols(op, "g", g);
    Shapes.nonNull(op, "like", like);
    if (like.length != gc && like.length != 1) {
      throw notBroadcastable(op, Shapes.of(like), Shapes.of(g));
    }
    return like.length == gc ? sum(g, 0) : new double[] {sum(g)};
  }

  /**
   * The gradient {@code g} of a vector result, summed back to {@code like}: {@code g} itself (not
   * a copy) when the lengths are equal, {@code [sum(g)]} when {@code like} has length 1.
   *
   * @throws IllegalArgumentException if {@code like} does not broadcast to {@code g}'s shape
   */
  public static double[] unbroadcast(double[] g, double[] like) {
    String op = "Nd.unbroadcast";
    Shapes.nonNull(op, "g", g);
    Shapes.nonNull(op, "like", like);
    if (like.length == g.length) {
      return g;
    }
    if (like.length != 1) {
      throw notBroadcastable(op, Shapes.of(like), Shapes.of(g));
    }
    return new double[] {sum(g)};
  }

  private static IllegalArgumentException notBroadcastable(String op, String like, String g) {
    return new IllegalArgumentException(
        op + ": shape " + like + " does not broadcast to the gradient's shape " + g);
  }

  /**
   * {@code Arrays.stream(terms, 0, count).sum()}: what generated code calls for the user's {@code
   * DoubleStream.sum()}, whose terms it gathers into an array. The JDK's own compensated
   * (Kahan) sum, whatever version runs, so that the value is the stream's bit for bit.
   */
  public static double streamSum(double[] terms, int count) {
    return Arrays.stream(Shapes.nonNull("Nd.streamSum", "terms", terms), 0, count).sum();
  }

  /**
   * {@code Arrays.stream(terms, 0, count).average().getAsDouble()}: the user's {@code
   * DoubleStream.average()} of the gathered terms (generated code tests {@code count == 0} first,
   * as the stream's {@code OptionalDouble} would).
   */
  public static double streamAverage(double[] terms, int count) {
    return Arrays.stream(Shapes.nonNull("Nd.streamAverage", "terms", terms), 0, count).average().getAsDouble();
  }

  /** The backward of {@code streamSum(terms, count)}: {@code dout} in the first {@code count} entries. */
  public static double[] streamSumBackward(double dout, int count, double[] terms) {
    double[] out = new double[Shapes.nonNull("Nd.streamSumBackward", "terms", terms).length];
    Arrays.fill(out, 0, count, dout);
    return out;
  }

  /** The backward of {@code streamAverage(terms, count)}: {@code dout / count} in the first {@code count} entries. */
  public static double[] streamAverageBackward(double dout, int count, double[] terms) {
    return streamSumBackward(dout / count, count, terms);
  }

  /** The backward of {@code sum(like)}: {@code dout} in every entry of an array shaped like it. */
  public static double[] sumBackward(double dout, double[] like) {
    return filled(new double[Shapes.nonNull("Nd.sumBackward", "like", like).length], dout);
  }

  /** The backward of {@code sum(like)}: {@code dout} in every entry of an array shaped like it. */
  public static double[][] sumBackward(double dout, double[][] like) {
    return full(like.length, Shapes.cols("Nd.sumBackward", "like", like), dout);
  }

  /**
   * The backward of {@code sum(like, axis)}: {@code dout} broadcast back along the summed axis
   * (each row is {@code dout} for axis 0; each column is {@code dout} for axis 1).
   */
  public static double[][] sumBackward(double[] dout, int axis, double[][] like) {
    return spread("Nd.sumBackward", dout, axis, like, 1);
  }

  /** The backward of {@code sumOfSquares(x)}: {@code 2 * dout * x}. */
  public static double[] sumOfSquaresBackward(double dout, double[] x) {
    return multiply(2 * dout, Shapes.nonNull("Nd.sumOfSquaresBackward", "x", x));
  }

  /** The backward of {@code sumOfSquares(x)}: {@code 2 * dout * x}. */
  public static double[][] sumOfSquaresBackward(double dout, double[][] x) {
    Shapes.nonNull("Nd.sumOfSquaresBackward", "x", x);
    return multiply(2 * dout, x);
  }

  /**
   * The backward of {@code out = logSumExp(x)}, from the forward output: {@code dout *
   * exp(x - out)}, the softmax of {@code x} scaled by {@code dout}.
   */
  public static double[] logSumExpBackward(double dout, double[] x, double out) {
    Shapes.nonNull("Nd.logSumExpBackward", "x", x);
    double[] dx = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      dx[j] = dout * Math.exp(x[j] - out);
    }
    return dx;
  }

  /**
   * The backward of {@code out = logSumExp(m, axis)}, from the forward output: {@code dout[i] *
   * exp(m[i][j] - out[i])} for axis 1, {@code dout[j] * exp(m[i][j] - out[j])} for axis 0.
   */
  public static double[][] logSumExpBackward(double[] dout, double[][] m, double[] out, int axis) {
    String op = "Nd.logSumExpBackward";
    int cols = Shapes.cols(op, "m", m);
    Shapes.nonNull(op, "dout", dout);
    Shapes.nonNull(op, "out", out);
    checkAxis(op, axis);
    int expected = axis == 1 ? m.length : cols;
    if (dout.length != expected || out.length != expected) {
      throw new IllegalArgumentException(
          op + ": dout has shape " + Shapes.of(dout) + " and out " + Shapes.of(out)
              + " but logSumExp(m, " + axis + ") of m with shape " + Shapes.of(m)
              + " has shape (" + expected + ")");
    }
    double[][] dm = new double[m.length][]; // rows allocated as they are written: Shapes.matrix
    for (int i = 0; i < m.length; i++) {
      double[] row = m[i];
      double[] d = dm[i] = new double[cols];
      for (int j = 0; j < cols; j++) {
        int t = axis == 1 ? i : j;
        d[j] = dout[t] * Math.exp(row[j] - out[t]);
      }
    }
    return dm;
  }

  /** The backward of {@code mean(like)}: {@code dout / count} in every entry. */
  public static double[] meanBackward(double dout, double[] like) {
    return filled(
        new double[Shapes.nonNull("Nd.meanBackward", "like", like).length], dout / like.length);
  }

  /** The backward of {@code mean(like)}: {@code dout / count} in every entry. */
  public static double[][] meanBackward(double dout, double[][] like) {
    int cols = Shapes.cols("Nd.meanBackward", "like", like);
    return full(like.length, cols, dout / ((double) like.length * cols));
  }

  /**
   * The backward of {@code mean(like, axis)}: {@code dout} divided by the length of the axis,
   * broadcast back along it.
   */
  public static double[][] meanBackward(double[] dout, int axis, double[][] like) {
    String op = "Nd.meanBackward";
    int count = axis == 0 ? Shapes.nonNull(op, "like", like).length : Shapes.cols(op, "like", like);
    return spread(op, dout, axis, like, 1.0 / count);
  }

  private static double[][] spread(
      String op, double[] dout, int axis, double[][] like, double scale) {
    int cols = Shapes.cols(op, "like", like);
    Shapes.nonNull(op, "dout", dout);
    checkAxis(op, axis);
    int expected = axis == 0 ? cols : like.length;
    if (dout.length != expected) {
      throw new IllegalArgumentException(
          op + ": dout has shape " + Shapes.of(dout) + " but the reduction of " + Shapes.of(like)
              + " along axis " + axis + " has shape (" + expected + ")");
    }
    double[][] out = new double[like.length][]; // rows allocated as they are written: Shapes.matrix
    for (int i = 0; i < like.length; i++) {
      out[i] = new double[cols];
      if (axis == 0) {
        MatMul.axpy(out[i], scale, dout);
      } else {
        filled(out[i], dout[i] * scale);
      }
    }
    return out;
  }

  /** The backward of {@code max(x)}: {@code dout} at the first maximum, zero elsewhere. */
  public static double[] maxBackward(double dout, double[] x) {
    double[] out = new double[Shapes.nonNull("Nd.maxBackward", "x", x).length];
    out[argmax("Nd.maxBackward", x)] = dout;
    return out;
  }

  /**
   * The backward of {@code max(x)}: {@code dout} at the first maximum in row-major order, zero
   * elsewhere.
   */
  public static double[][] maxBackward(double dout, double[][] x) {
    int[] at = argmaxFlat("Nd.maxBackward", x);
    double[][] out = zerosLike(x);
    out[at[0]][at[1]] = dout;
    return out;
  }

  /**
   * The backward of {@code max(x, axis)}: each {@code dout} entry routed to the first maximum of
   * its column (axis 0) or row (axis 1), zero elsewhere.
   */
  public static double[][] maxBackward(double[] dout, double[][] x, int axis) {
    String op = "Nd.maxBackward";
    int[] at = argmax(op, x, axis);
    Shapes.nonNull(op, "dout", dout);
    if (dout.length != at.length) {
      throw new IllegalArgumentException(
          op + ": dout has shape " + Shapes.of(dout) + " but max(x, " + axis + ") of x with shape "
              + Shapes.of(x) + " has shape (" + at.length + ")");
    }
    double[][] out = zerosLike(x);
    for (int t = 0; t < at.length; t++) {
      if (axis == 0) {
        out[at[t]][t] = dout[t];
      } else {
        out[t][at[t]] = dout[t];
      }
    }
    return out;
  }

  /**
   * The backward of {@code pick(like, y)}: zeros shaped like {@code like}, with {@code dout[i]}
   * at {@code [i][y[i]]}.
   */
  public static double[][] pickBackward(double[] dout, int[] y, double[][] like) {
    String op = "Nd.pickBackward";
    int cols = checkLabels(op, like, y);
    Shapes.nonNull(op, "dout", dout);
    if (dout.length != y.length) {
      throw new IllegalArgumentException(
          op + ": dout has shape " + Shapes.of(dout) + " but y has shape (" + y.length + ")");
    }
    double[][] out = new double[like.length][]; // rows allocated as they are written: Shapes.matrix
    for (int i = 0; i < y.length; i++) {
      out[i] = new double[cols];
      out[i][y[i]] = dout[i];
    }
    return out;
  }

  /**
   * The backward of {@code out = softmax(x)}, from the forward output: {@code dx = out * (dout -
   * sum(dout * out))}. The Jacobian {@code out_i (1[i=j] - out_j)} is never formed.
   */
  public static double[] softmaxBackward(double[] dout, double[] out) {
    Elementwise.sameShape("Nd.softmaxBackward", "dout", dout, "out", out);
    double s = MatMul.dot(dout, out);
    double[] dx = new double[out.length];
    for (int j = 0; j < dx.length; j++) {
      dx[j] = out[j] * (dout[j] - s);
    }
    return dx;
  }

  /** {@link #softmaxBackward(double[], double[])} of each row. */
  public static double[][] softmaxBackward(double[][] dout, double[][] out) {
    return Elementwise.rowsSame(
        "Nd.softmaxBackward", "dout", dout, "out", out, Nd::softmaxBackward);
  }

  /**
   * The backward of {@code out = logSoftmax(x)}, from the forward output: {@code dx = dout -
   * exp(out) * sum(dout)}.
   */
  public static double[] logSoftmaxBackward(double[] dout, double[] out) {
    Elementwise.sameShape("Nd.logSoftmaxBackward", "dout", dout, "out", out);
    double s = sum(dout);
    double[] dx = new double[out.length];
    for (int j = 0; j < dx.length; j++) {
      dx[j] = dout[j] - Math.exp(out[j]) * s;
    }
    return dx;
  }

  /** {@link #logSoftmaxBackward(double[], double[])} of each row. */
  public static double[][] logSoftmaxBackward(double[][] dout, double[][] out) {
    return Elementwise.rowsSame(
        "Nd.logSoftmaxBackward", "dout", dout, "out", out, Nd::logSoftmaxBackward);
  }

  /** The sigmoid gate, from the forward output: {@code dout * out * (1 - out)}. */
  public static double sigmoidBackward(double dout, double out) {
    return dout * out * (1 - out);
  }

  /** The sigmoid gate of each entry; {@code dout} and {@code out} have the same shape. */
  public static double[] sigmoidBackward(double[] dout, double[] out) {
    return Elementwise.zipSame(
        "Nd.sigmoidBackward", "dout", dout, "out", out, BinaryOp.SIGMOID_BACKWARD);
  }

  /** The sigmoid gate of each entry; {@code dout} and {@code out} have the same shape. */
  public static double[][] sigmoidBackward(double[][] dout, double[][] out) {
    return Elementwise.zipSame(
        "Nd.sigmoidBackward", "dout", dout, "out", out, BinaryOp.SIGMOID_BACKWARD);
  }

  /** The tanh gate, from the forward output: {@code dout * (1 - out²)}. */
  public static double tanhBackward(double dout, double out) {
    return dout * (1 - out * out);
  }

  /** The tanh gate of each entry; {@code dout} and {@code out} have the same shape. */
  public static double[] tanhBackward(double[] dout, double[] out) {
    return Elementwise.zipSame("Nd.tanhBackward", "dout", dout, "out", out, BinaryOp.TANH_BACKWARD);
  }

  /** The tanh gate of each entry; {@code dout} and {@code out} have the same shape. */
  public static double[][] tanhBackward(double[][] dout, double[][] out) {
    return Elementwise.zipSame("Nd.tanhBackward", "dout", dout, "out", out, BinaryOp.TANH_BACKWARD);
  }

  /**
   * {@link #sigmoidBackward(double[], double[]) sigmoidBackward(dout, out)} written into {@code
   * into} where it has their shape, else into a fresh vector; returns the one written. For an
   * adjoint replaced on every trip of a loop: its previous array, which nothing else holds, is
   * reused.
   */
  public static double[] sigmoidBackwardInto(double[] into, double[] dout, double[] out) {
    return Elementwise.zipSameInto("Nd.sigmoidBackward", "dout", dout, "out", out, BinaryOp.SIGMOID_BACKWARD, into);
  }

  /** {@link #sigmoidBackwardInto(double[], double[], double[])} of matrices. */
  public static double[][] sigmoidBackwardInto(double[][] into, double[][] dout, double[][] out) {
    return Elementwise.zipSameInto("Nd.sigmoidBackward", "dout", dout, "out", out, BinaryOp.SIGMOID_BACKWARD, into);
  }

  /**
   * {@link #tanhBackward(double[], double[]) tanhBackward(dout, out)} written into {@code into}
   * where it has their shape, else into a fresh vector; returns the one written. For an adjoint
   * replaced on every trip of a loop: its previous array, which nothing else holds, is reused.
   */
  public static double[] tanhBackwardInto(double[] into, double[] dout, double[] out) {
    return Elementwise.zipSameInto("Nd.tanhBackward", "dout", dout, "out", out, BinaryOp.TANH_BACKWARD, into);
  }

  /** {@link #tanhBackwardInto(double[], double[], double[])} of matrices. */
  public static double[][] tanhBackwardInto(double[][] into, double[][] dout, double[][] out) {
    return Elementwise.zipSameInto("Nd.tanhBackward", "dout", dout, "out", out, BinaryOp.TANH_BACKWARD, into);
  }

  /**
   * {@code acc += x} elementwise, in place, returning {@code acc}: for summing the gradient
   * contributions of a value used more than once. The shapes must be equal.
   */
  public static double[] addInPlace(double[] acc, double[] x) {
    Elementwise.sameShape("Nd.addInPlace", "acc", acc, "x", x);
    MatMul.axpy(acc, 1, x);
    return acc;
  }

  /**
   * {@code acc += x} elementwise, in place, returning {@code acc}: for summing the gradient
   * contributions of a value used more than once. The shapes must be equal (row by row: the two
   * may be equally ragged).
   */
  public static double[][] addInPlace(double[][] acc, double[][] x) {
    Shapes.sameRows("Nd.addInPlace", "acc", acc, "x", x);
    for (int i = 0; i < acc.length; i++) {
      MatMul.axpy(acc[i], 1, x[i]);
    }
    return acc;
  }

  /**
   * {@code acc -= x} elementwise, in place, returning {@code acc}: a gradient contribution that
   * subtracts (the second operand of a subtraction). The shapes must be equal.
   */
  public static double[] subtractInPlace(double[] acc, double[] x) {
    Elementwise.sameShape("Nd.subtractInPlace", "acc", acc, "x", x);
    MatMul.axpy(acc, -1, x);
    return acc;
  }

  /**
   * {@code acc -= x} elementwise, in place, returning {@code acc}: a gradient contribution that
   * subtracts (the second operand of a subtraction). The shapes must be equal (row by row: the
   * two may be equally ragged).
   */
  public static double[][] subtractInPlace(double[][] acc, double[][] x) {
    Shapes.sameRows("Nd.subtractInPlace", "acc", acc, "x", x);
    for (int i = 0; i < acc.length; i++) {
      MatMul.axpy(acc[i], -1, x[i]);
    }
    return acc;
  }

  /**
   * The sum of the products of corresponding entries, numpy's {@code vdot}: {@code sum(a * b)}
   * without the temporary product, for the inner product of two matrices of the same shape.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double vdot(double[][] a, double[][] b) {
    Elementwise.sameShape("Nd.vdot", "a", a, "b", b);
    return Elementwise.sumOfRows(a.length, a.length == 0 ? 0 : a[0].length,
        i -> MatMul.dot(a[i], b[i]));
  }

  /**
   * {@code x} stretched to the shape it takes in a broadcast operation with {@code like} (numpy's
   * {@code np.broadcast_to(x, np.broadcast_shapes(x.shape, like.shape))}), always a new array, a
   * copy of {@code x} when nothing is stretched: numpy's view is read-only, a Java array is not, and
   * a result sharing storage with {@code x} would change with it (a write into either, or a
   * generated backward pass restoring {@code x}'s entries, would change both). The inverse of
   * {@link #unbroadcast(double[][], double[][])}, and the tangent of {@code add(a, b)} when only
   * {@code a} varies.
   *
   * @throws IllegalArgumentException if the shapes do not broadcast together
   */
  public static double[][] broadcast(double[][] x, double[][] like) {
    String op = "Nd.broadcast";
    int xc = Shapes.cols(op, "x", x);
    int lc = Shapes.cols(op, "like", like);
    if ((x.length != like.length && x.length != 1 && like.length != 1) || (xc != lc && xc != 1 && lc != 1)) {
      throw cannotBroadcast(Shapes.of(x), Shapes.of(like));
    }
    int rows = x.length == 1 ? like.length : x.length;
    int cols = xc == 1 ? lc : xc;
    if (rows == x.length && cols == xc) {
      return copy(x);
    }
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      double[] from = x[x.length == 1 ? 0 : i];
      if (xc == cols) {
        System.arraycopy(from, 0, out[i], 0, cols);
      } else {
        Arrays.fill(out[i], from[0]);
      }
    }
    return out;
  }

  /**
   * The vector {@code x} as each row of a matrix shaped like {@code like}, as {@code add(like, x)}
   * broadcasts it; {@code x} needs one entry per column.
   *
   * @throws IllegalArgumentException if the shapes do not broadcast together
   */
  public static double[][] broadcast(double[] x, double[][] like) {
    String op = "Nd.broadcast";
    int cols = Shapes.cols(op, "like", like);
    Shapes.nonNull(op, "x", x);
    if (x.length != cols) {
      throw cannotBroadcast(Shapes.of(x), Shapes.of(like));
    }
    double[][] out = new double[like.length][];
    for (int i = 0; i < like.length; i++) {
      out[i] = x.clone();
    }
    return out;
  }

  /**
   * The vector {@code x} stretched to the length of {@code like} if it has one entry, always a new
   * array (a copy of {@code x} when the lengths are equal, as for matrices).
   *
   * @throws IllegalArgumentException if the lengths do not broadcast together
   */
  public static double[] broadcast(double[] x, double[] like) {
    String op = "Nd.broadcast";
    Shapes.nonNull(op, "x", x);
    Shapes.nonNull(op, "like", like);
    if (x.length == like.length || like.length == 1) {
      return x.clone();
    }
    if (x.length != 1) {
      throw cannotBroadcast(Shapes.of(x), Shapes.of(like));
    }
    double[] out = new double[like.length];
    Arrays.fill(out, x[0]);
    return out;
  }

  private static IllegalArgumentException cannotBroadcast(String x, String like) {
    return new IllegalArgumentException(
        "Nd.broadcast: x with shape " + x + " does not broadcast together with like of shape " + like);
  }
}
