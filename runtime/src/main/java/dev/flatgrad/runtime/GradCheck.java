package dev.flatgrad.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Numeric gradient checking by centred differences: the test that an analytic gradient is right.
 *
 * <p>Each parameter wraps the caller's own value (a scalar, or the caller's array) together with
 * the analytic gradient to check. The objective is a closure that reads the parameters' current
 * values through their {@code value()}; {@link #check} perturbs one entry at a time in place,
 * evaluates the objective, and restores the entry, also when the objective throws. Where one array
 * is passed for two parameters, the later one is checked on a copy of its own.
 *
 * <pre>{@code
 * Neuron g = neuron(w0, x0);
 * GradCheck.Scalar pw0 = GradCheck.scalar("w0", w0, g.dw0());
 * GradCheck.Matrix pW = GradCheck.matrix("W", W, g.dW());
 * GradCheck.check(() -> Foo.neuron(pw0.value(), pW.value()), pw0, pW).assertPassed();
 * }</pre>
 *
 * <h2>Numeric derivative</h2>
 *
 * For an entry {@code x} the step is {@code h = step * max(1, |x|)} (default {@code step =
 * 1e-4}), adjusted so that {@code x + h} is exactly representable. The default {@link
 * Stencil#FOUR_POINT} stencil is {@code (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h}, with
 * truncation error {@code O(h^4)}; {@link Stencil#TWO_POINT} is {@code (f(x+h) - f(x-h)) / 2h}.
 * A check evaluates the objective once at the unperturbed point, then four (or two) times per
 * checked entry; {@link Options#withSample} bounds the entries for large parameters.
 *
 * <h2>Relative error</h2>
 *
 * Each entry is judged by {@link #relativeError relativeError(a, n, floor)} {@code = |a - n| /
 * max(|a| + |n|, floor)} and passes when that is at most the tolerance (default {@value
 * #DEFAULT_TOLERANCE}). The floor keeps round-off from failing entries that are (close to) zero:
 * evaluating {@code f} carries a relative error of a few ulps, which the stencil amplifies into
 * an absolute error of about {@code noise = 8 * eps * gain * max(1, |f(x0)|) / h} in the numeric
 * derivative, where {@code eps = 2^-52}, {@code gain} is the sum of the stencil's absolute
 * weights over its denominator (18/12 for four points, 2/2 for two) and {@code f(x0)} is the
 * objective at the unperturbed point. The floor is {@code noise / tolerance}, so an entry passes
 * when {@code |a - n| <= max(tolerance * (|a| + |n|), noise)}: gradients of ordinary size are
 * judged relatively, and only differences below the round-off level are forgiven. With the
 * defaults and {@code |f| <= 1} the floor is about {@code 2.7e-4}, the forgiven absolute
 * difference about {@code 2.7e-11}.
 */
public final class GradCheck {
  /** The default bar on the relative error: a correct gradient of a smooth function is below it. */
  public static final double DEFAULT_TOLERANCE = 1e-7;

  /**
   * The default relative step. The four-point stencil's error is truncation {@code ~h^4 f^(5)/30}
   * plus round-off {@code ~eps |f| / h}; their sum is smallest near {@code eps^(1/5) ~ 7e-4}, and
   * anything from about 1e-5 to 1e-3 keeps both far below 1e-7 for well-scaled functions. We
   * take 1e-4, below the optimum, because round-off stays small (about 2e-12 relative to {@code
   * |f|}) while the stencil's span of {@code 4h} shrinks: a kink (relu, max, abs) inside the span
   * ruins the estimate, and for one relu of a standard-normal pre-activation the chance of that
   * is about {@code 4h * pdf(0) = 1.6 h}.
   */
  public static final double DEFAULT_STEP = 1e-4;

  /** Relative round-off of one evaluation of the objective, in units of eps: a safety margin. */
  private static final double NOISE_ULPS = 8;

  private GradCheck() {}

  /** The function whose gradient is checked, evaluated at the parameters' current values. */
  @FunctionalInterface
  public interface Objective {
    /** Evaluates the objective, reading the parameters' current values. */
    double value();
  }

  /** A finite-difference formula for the derivative. */
  public enum Stencil {
    /** {@code (f(x+h) - f(x-h)) / 2h}: second order, two evaluations per entry. */
    TWO_POINT(new int[] {1}, new double[] {1}, 2),
    /**
     * {@code (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h}: fourth order, four evaluations
     * per entry.
     */
    FOUR_POINT(new int[] {1, 2}, new double[] {8, -1}, 12);

    // Centred stencils are antisymmetric: weight w at offset +o and -w at -o. Summing
    // w * (f(x + o h) - f(x - o h)) subtracts nearly equal values first, which is exact
    // (Sterbenz), so only the round-off inside f remains.
    private final int[] offsets;
    private final double[] weights;
    private final double denominator;

    Stencil(int[] offsets, double[] weights, double denominator) {
      this.offsets = offsets;
      this.weights = weights;
      this.denominator = denominator;
    }

    /** How much the stencil amplifies round-off in f, times h: sum |weights| / denominator. */
    double gain() {
      double sum = 0;
      for (double w : weights) {
        sum += 2 * Math.abs(w);
      }
      return sum / denominator;
    }

    /** The derivative along entry {@code k} of {@code p}; leaves the entry as it found it. */
    double derivative(Objective f, Param p, int k, double x, double h) {
      double sum = 0;
      try {
        for (int s = 0; s < offsets.length; s++) {
          p.set(k, x + offsets[s] * h);
          double forward = f.value();
          p.set(k, x - offsets[s] * h);
          sum += weights[s] * (forward - f.value());
        }
      } finally {
        p.set(k, x);
      }
      return sum / (denominator * h);
    }

    /**
     * The derivative at {@code t = 0} of each entry of {@code f(x + t v)}, with {@code move(t)}
     * putting the parameters at {@code x + t v}; leaves them at {@code x}.
     */
    double[] derivativeAlong(java.util.function.DoubleConsumer move, java.util.function.Supplier<double[]> f, double h) {
      double[] sum = null;
      try {
        for (int s = 0; s < offsets.length; s++) {
          move.accept(offsets[s] * h);
          double[] forward = f.get();
          move.accept(-offsets[s] * h);
          double[] backward = f.get();
          if (sum == null) {
            sum = new double[forward.length];
          }
          for (int k = 0; k < sum.length; k++) {
            sum[k] += weights[s] * (forward[k] - backward[k]);
          }
        }
      } finally {
        move.accept(0);
      }
      for (int k = 0; k < sum.length; k++) {
        sum[k] /= denominator * h;
      }
      return sum;
    }

    /** How the report's header names the stencil. */
    String describe() {
      return 2 * offsets.length + "-point centred differences";
    }
  }

  /** A parameter to check: a value the objective reads, and the analytic gradient for it. */
  public abstract static sealed class Param permits Scalar, ArrayParam {
    private final String name;

    Param(String name) {
      this.name = name;
    }

    /** The name shown in the report. */
    public String name() {
      return name;
    }

    /** The number of entries. */
    abstract int size();

    /** Entry {@code k} of the value, in row-major order. */
    abstract double get(int k);

    /** Sets entry {@code k} of the value. */
    abstract void set(int k, double x);

    /** Entry {@code k} of the analytic gradient. */
    abstract double analytic(int k);

    /** Entry {@code k}'s index as the report shows it. */
    abstract String index(int k);
  }

  /** A scalar parameter. The objective must read it through {@link #value()}. */
  public static final class Scalar extends Param {
    private double value;
    private final double analytic;

    private Scalar(String name, double value, double analytic) {
      super(name);
      this.value = value;
      this.analytic = analytic;
    }

    /** The current value: perturbed while the objective is evaluated, the original otherwise. */
    public double value() {
      return value;
    }

    @Override
    int size() {
      return 1;
    }

    @Override
    double get(int k) {
      return value;
    }

    @Override
    void set(int k, double x) {
      value = x;
    }

    @Override
    double analytic(int k) {
      return analytic;
    }

    @Override
    String index(int k) {
      return "-";
    }
  }

  /**
   * An array parameter ({@code double[]}, {@code double[][]} or {@code double[][][]}), perturbed in
   * place entry by entry through its rows. It wraps the caller's own array, unless another
   * parameter of the same check shares storage with it ({@code checkFoo(x, x)}): then it is
   * checked on a copy of its own, so that perturbing one parameter does not move the other. Read
   * it through {@link #value()} in the objective.
   */
  public abstract static sealed class ArrayParam<T> extends Param permits Vector, Matrix, Matrices {
    private T value;
    private Rows rows;

    private ArrayParam(String name, T value, Rows rows) {
      super(name);
      this.value = value;
      this.rows = rows;
    }

    /**
     * The array the objective reads: the caller's own (perturbed in place while the objective is
     * evaluated, and restored), or this parameter's copy if another parameter shares its storage.
     */
    public T value() {
      return value;
    }

    /** A deep copy of {@code value}. */
    abstract T copy(T value);

    /** The rows of {@code value}, in the order {@link Rows} numbers them. */
    abstract List<double[]> rowsOf(T value);

    /** Whether this parameter and {@code other} share a row. */
    boolean shares(ArrayParam<?> other) {
      Set<double[]> mine = Collections.newSetFromMap(new IdentityHashMap<>());
      mine.addAll(storage());
      return other.storage().stream().anyMatch(mine::contains);
    }

    /** The rows the objective reads. */
    private List<double[]> storage() {
      return rowsOf(value);
    }

    /** From now on, perturbs a copy of the value instead of the caller's array. */
    void detach() {
      value = copy(value);
      rows = rows.withValues(rowsOf(value));
    }

    @Override
    int size() {
      return rows.size();
    }

    @Override
    double get(int k) {
      return rows.get(k);
    }

    @Override
    void set(int k, double x) {
      rows.set(k, x);
    }

    @Override
    double analytic(int k) {
      return rows.analytic(k);
    }

    @Override
    String index(int k) {
      return rows.index(k);
    }
  }

  /** A vector parameter. */
  public static final class Vector extends ArrayParam<double[]> {
    private Vector(String name, double[] value, Rows rows) {
      super(name, value, rows);
    }

    @Override
    double[] copy(double[] value) {
      return value.clone();
    }

    @Override
    List<double[]> rowsOf(double[] value) {
      return List.of(value);
    }
  }

  /** A matrix parameter (rows may differ in length). */
  public static final class Matrix extends ArrayParam<double[][]> {
    private Matrix(String name, double[][] value, Rows rows) {
      super(name, value, rows);
    }

    @Override
    double[][] copy(double[][] value) {
      double[][] copy = value.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = copy[i].clone();
      }
      return copy;
    }

    @Override
    List<double[]> rowsOf(double[][] value) {
      return List.of(value);
    }
  }

  /**
   * A stack of matrices ({@code double[][][]}, e.g. the weights of a network's layers, each of its
   * own shape).
   */
  public static final class Matrices extends ArrayParam<double[][][]> {
    private Matrices(String name, double[][][] value, Rows rows) {
      super(name, value, rows);
    }

    @Override
    double[][][] copy(double[][][] value) {
      double[][][] copy = value.clone();
      for (int m = 0; m < copy.length; m++) {
        copy[m] = copy[m].clone();
        for (int i = 0; i < copy[m].length; i++) {
          copy[m][i] = copy[m][i].clone();
        }
      }
      return copy;
    }

    @Override
    List<double[]> rowsOf(double[][][] value) {
      List<double[]> rows = new ArrayList<>();
      for (double[][] matrix : value) {
        rows.addAll(List.of(matrix));
      }
      return rows;
    }
  }

  /**
   * The entries of rows of possibly different lengths, numbered row by row, with the analytic
   * gradient's matching rows and a label for each row ({@code "3"} or {@code "1, 3"}; none for the
   * one row of a vector).
   */
  private static final class Rows {
    private final List<double[]> value = new ArrayList<>();
    private final List<double[]> analytic = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private int[] offsets = new int[0];

    void add(double[] valueRow, double[] analyticRow, String label) {
      value.add(valueRow);
      analytic.add(analyticRow);
      labels.add(label);
    }

    Rows done() {
      offsets = new int[value.size() + 1];
      for (int r = 0; r < value.size(); r++) {
        offsets[r + 1] = offsets[r] + value.get(r).length;
      }
      return this;
    }

    /** The same rows of the analytic gradient, over other value rows of the same lengths. */
    Rows withValues(List<double[]> values) {
      Rows other = new Rows();
      for (int r = 0; r < values.size(); r++) {
        other.add(values.get(r), analytic.get(r), labels.get(r));
      }
      return other.done();
    }

    int size() {
      return offsets[offsets.length - 1];
    }

    private int row(int k) {
      int r = Arrays.binarySearch(offsets, k);
      if (r < 0) {
        return -r - 2;
      }
      while (offsets[r + 1] == offsets[r]) {
        r++;
      }
      return r;
    }

    double get(int k) {
      int r = row(k);
      return value.get(r)[k - offsets[r]];
    }

    void set(int k, double x) {
      int r = row(k);
      value.get(r)[k - offsets[r]] = x;
    }

    double analytic(int k) {
      int r = row(k);
      return analytic.get(r)[k - offsets[r]];
    }

    String index(int k) {
      int r = row(k);
      String label = labels.get(r);
      return "[" + (label.isEmpty() ? "" : label + ", ") + (k - offsets[r]) + "]";
    }
  }

  /** A scalar parameter with its current value and analytic derivative. */
  public static Scalar scalar(String name, double value, double analytic) {
    return new Scalar(checkName("GradCheck.scalar", name), value, analytic);
  }

  /**
   * A vector parameter. {@code value} is the array the objective reads (through {@link
   * ArrayParam#value()}); it is perturbed in place during the check and restored.
   *
   * @throws IllegalArgumentException if the shapes of {@code value} and {@code analytic} differ
   */
  public static Vector vector(String name, double[] value, double[] analytic) {
    String op = "GradCheck.vector";
    String what = "parameter " + checkName(op, name);
    Shapes.nonNull(op, what + ": value", value);
    Shapes.nonNull(op, what + ": analytic gradient", analytic);
    if (value.length != analytic.length) {
      throw shapeMismatch(op, what, Shapes.of(value), Shapes.of(analytic));
    }
    Rows rows = new Rows();
    rows.add(value, analytic, "");
    return new Vector(name, value, rows.done());
  }

  /**
   * A matrix parameter. {@code value} is the array the objective reads (through {@link
   * ArrayParam#value()}); it is perturbed in place during the check and restored. Rows may differ
   * in length (a list of bias vectors, say).
   *
   * @throws IllegalArgumentException if the shapes of value and gradient differ
   */
  public static Matrix matrix(String name, double[][] value, double[][] analytic) {
    String op = "GradCheck.matrix";
    String what = "parameter " + checkName(op, name);
    Rows rows = new Rows();
    addRows(op, what, value, analytic, "", rows);
    return new Matrix(name, value, rows.done());
  }

  /**
   * A stack of matrices ({@code double[][][]}, e.g. the weights of a network's layers, each of its
   * own shape); the analytic gradient must have the same shapes.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Matrices matrices(String name, double[][][] value, double[][][] analytic) {
    String op = "GradCheck.matrices";
    String what = "parameter " + checkName(op, name);
    Shapes.nonNull(op, what + ": value", value);
    Shapes.nonNull(op, what + ": analytic gradient", analytic);
    if (value.length != analytic.length) {
      throw shapeMismatch(op, what, value.length + " matrices", analytic.length + " matrices");
    }
    Rows rows = new Rows();
    for (int m = 0; m < value.length; m++) {
      addRows(op, what + " matrix " + m, value[m], analytic[m], m + ", ", rows);
    }
    return new Matrices(name, value, rows.done());
  }

  private static void addRows(String op, String what, double[][] value, double[][] analytic, String prefix, Rows rows) {
    Shapes.nonNull(op, what + ": value", value);
    Shapes.nonNull(op, what + ": analytic gradient", analytic);
    boolean rectangular = !isRagged(value) && !isRagged(analytic);
    if (value.length != analytic.length) {
      throw rectangular ? shapeMismatch(op, what, Shapes.of(value), Shapes.of(analytic))
          : shapeMismatch(op, what, value.length + " rows", analytic.length + " rows");
    }
    if (rectangular && value.length > 0 && value[0].length != analytic[0].length) {
      throw shapeMismatch(op, what, Shapes.of(value), Shapes.of(analytic));
    }
    for (int i = 0; i < value.length; i++) {
      Shapes.nonNull(op, what + ": value row " + i, value[i]);
      Shapes.nonNull(op, what + ": analytic gradient row " + i, analytic[i]);
      if (value[i].length != analytic[i].length) {
        throw new IllegalArgumentException(op + ": " + what + ": the analytic gradient's row " + i + " has length "
            + analytic[i].length + " but the value's row " + i + " has length " + value[i].length
            + (isRagged(value) ? " (the value is ragged)" : ""));
      }
      rows.add(value[i], analytic[i], prefix + i);
    }
  }

  private static boolean isRagged(double[][] m) {
    for (double[] row : m) {
      if (row == null || row.length != m[0].length) {
        return true;
      }
    }
    return false;
  }

  private static String checkName(String op, String name) {
    return Shapes.nonNull(op, "name", name);
  }

  private static IllegalArgumentException shapeMismatch(
      String op, String what, String valueShape, String analyticShape) {
    return new IllegalArgumentException(
        op + ": " + what + ": analytic gradient has shape " + analyticShape
            + " but the value has shape " + valueShape);
  }

  /**
   * The value a gradient method returned beside its gradient, with the value the original method
   * returns at the same point. A check compares them bit for bit (the same operations in the same
   * order give the same bits), so a gradient method whose value is wrong fails the check as one
   * whose gradient is wrong does. The report shows it as the row {@value #VALUE_ROW}, with the
   * generated value under "analytic" and the original under "numeric".
   */
  public static final class Value {
    private final double[] generated;
    private final double[] original;
    private final String generatedShape;
    private final String originalShape;
    private final java.util.function.IntFunction<String> index;

    private Value(double[] generated, double[] original, String generatedShape, String originalShape,
        java.util.function.IntFunction<String> index) {
      this.generated = generated;
      this.original = original;
      this.generatedShape = generatedShape;
      this.originalShape = originalShape;
      this.index = index;
    }

    /**
     * The report's row: every entry compared, the first that differs shown (or the first entry,
     * if none does).
     */
    Row row() {
      if (!generatedShape.equals(originalShape)) {
        return new Row(VALUE_ROW, 0, original.length, Double.NaN, "shape " + generatedShape + " vs " + originalShape,
            Double.NaN, Double.NaN, false);
      }
      for (int k = 0; k < original.length; k++) {
        if (Double.doubleToLongBits(generated[k]) != Double.doubleToLongBits(original[k])) {
          return new Row(VALUE_ROW, original.length, original.length,
              relativeError(generated[k], original[k], 0), index.apply(k), generated[k], original[k], false);
        }
      }
      // Equal: the first entry stands for them all.
      return original.length == 0 ? new Row(VALUE_ROW, 0, 0, 0, "-", Double.NaN, Double.NaN, true)
          : new Row(VALUE_ROW, original.length, original.length, 0, index.apply(0), generated[0], original[0], true);
    }
  }

  /** The name of the report's row that compares the values ({@link Value}). */
  public static final String VALUE_ROW = "(value)";

  /** A scalar value as a gradient method returned it, and as the original method returns it. */
  public static Value value(double generated, double original) {
    return new Value(new double[] {generated}, new double[] {original}, "()", "()", k -> "-");
  }

  /** A vector value as a gradient method returned it, and as the original method returns it. */
  public static Value value(double[] generated, double[] original) {
    String op = "GradCheck.value";
    Shapes.nonNull(op, "generated", generated);
    Shapes.nonNull(op, "original", original);
    return new Value(generated.clone(), original.clone(), Shapes.of(generated), Shapes.of(original),
        k -> "[" + k + "]");
  }

  /** A matrix value (rows may differ in length) as a gradient method returned it, and as the original returns it. */
  public static Value value(double[][] generated, double[][] original) {
    String op = "GradCheck.value";
    Shapes.nonNull(op, "generated", generated);
    Shapes.nonNull(op, "original", original);
    List<int[]> positions = new ArrayList<>();
    for (int i = 0; i < original.length; i++) {
      Shapes.nonNull(op, "original[" + i + "]", original[i]);
      for (int j = 0; j < original[i].length; j++) {
        positions.add(new int[] {i, j});
      }
    }
    return new Value(entries(op, generated), entries(op, original), rowLengths(generated), rowLengths(original),
        k -> "[" + positions.get(k)[0] + ", " + positions.get(k)[1] + "]");
  }

  private static double[] entries(String op, double[][] m) {
    int n = 0;
    for (int i = 0; i < m.length; i++) {
      n += Shapes.nonNull(op, "row " + i, m[i]).length;
    }
    double[] out = new double[n];
    int k = 0;
    for (double[] row : m) {
      System.arraycopy(row, 0, out, k, row.length);
      k += row.length;
    }
    return out;
  }

  /** A matrix's shape: (rows, cols), or its row lengths if it is ragged. */
  private static String rowLengths(double[][] m) {
    return isRagged(m) ? java.util.Arrays.toString(java.util.Arrays.stream(m).mapToInt(r -> r.length).toArray())
        : Shapes.of(m);
  }

  /** Checks every parameter's analytic gradient with {@link Options#defaults()}. */
  public static Report check(Objective f, Param... params) {
    return check(Options.defaults(), f, params);
  }

  /**
   * Checks the value bit for bit against the original's and every parameter's analytic gradient,
   * with {@link Options#defaults()}.
   */
  public static Report check(Value value, Objective f, Param... params) {
    return check(Options.defaults(), value, f, params);
  }

  /**
   * Checks the value bit for bit against the original's, and every parameter's analytic gradient
   * against centred differences of {@code f}; the value's row comes first in the report.
   */
  public static Report check(Options options, Value value, Objective f, Param... params) {
    String op = "GradCheck.check";
    Shapes.nonNull(op, "options", options);
    Shapes.nonNull(op, "value", value);
    Shapes.nonNull(op, "objective", f);
    List<Row> rows = new ArrayList<>();
    rows.add(value.row());
    if (Shapes.nonNull(op, "params", params).length > 0) {
      // A method without differentiated parameters has only its value to check.
      rows.addAll(check(options, f, params).rows());
    }
    return new Report(options, rows);
  }

  /**
   * Checks every parameter's analytic gradient against centred differences of {@code f}. Every
   * perturbed entry is restored before this returns or throws.
   *
   * @throws IllegalArgumentException if there are no parameters
   */
  public static Report check(Options options, Objective f, Param... params) {
    String op = "GradCheck.check";
    Shapes.nonNull(op, "options", options);
    Shapes.nonNull(op, "objective", f);
    Shapes.nonNull(op, "params", params);
    if (params.length == 0) {
      throw new IllegalArgumentException(op + ": no parameters to check");
    }
    for (int i = 0; i < params.length; i++) {
      Shapes.nonNull(op, "params[" + i + "]", params[i]);
    }
    separateSharedStorage(params);
    double scale = Math.max(1, Math.abs(f.value()));
    List<Row> rows = new ArrayList<>(params.length);
    for (int i = 0; i < params.length; i++) {
      rows.add(checkParam(options, f, params[i], scale, entries(options, params[i], i)));
    }
    return new Report(options, rows);
  }

  /**
   * One array passed for two parameters ({@code checkFoo(x, x)}) would be perturbed for both at
   * once, and the numeric derivative would be the sum of both partials: each parameter that shares
   * storage with an earlier one is checked on a copy of its own.
   */
  private static void separateSharedStorage(Param[] params) {
    for (int i = 0; i < params.length; i++) {
      if (params[i] instanceof ArrayParam<?> later) {
        for (int j = 0; j < i; j++) {
          if (params[j] instanceof ArrayParam<?> earlier && later.shares(earlier)) {
            later.detach();
            break;
          }
        }
      }
    }
  }

  private static Row checkParam(Options o, Objective f, Param p, double scale, int[] entries) {
    double noiseTimesH = NOISE_ULPS * Math.ulp(1.0) * o.stencil().gain() * scale;
    double worstError = 0;
    int worst = -1;
    double worstNumeric = Double.NaN;
    int checked = 0;
    for (int k : entries) {
      double x = p.get(k);
      if (!Double.isFinite(x)) {
        // No difference quotient at a NaN or an infinite entry (missing data the method skips).
        continue;
      }
      checked++;
      double h = exactStep(x, o.step() * Math.max(1, Math.abs(x)));
      double numeric = o.stencil().derivative(f, p, k, x, h);
      double floor = noiseTimesH / h / o.tolerance();
      double error = relativeError(p.analytic(k), numeric, floor);
      // NaN is the worst error there is: once seen, it sticks.
      if (worst < 0 || error > worstError || (Double.isNaN(error) && !Double.isNaN(worstError))) {
        worstError = error;
        worst = k;
        worstNumeric = numeric;
      }
    }
    if (worst < 0) {
      return new Row(p.name(), 0, p.size(), 0, "-", Double.NaN, Double.NaN, true);
    }
    return new Row(
        p.name(),
        checked,
        p.size(),
        worstError,
        p.index(worst),
        p.analytic(worst),
        worstNumeric,
        worstError <= o.tolerance());
  }

  /** A step near {@code h} with {@code x + h} exact, so that the stencil spans what it claims. */
  private static double exactStep(double x, double h) {
    double exact = (x + h) - x;
    return exact > 0 ? exact : h;
  }

  /** The entries of parameter number {@code index} to check, in increasing order. */
  private static int[] entries(Options o, Param p, int index) {
    int n = p.size();
    if (o.sample() == 0 || o.sample() >= n) {
      int[] all = new int[n];
      for (int k = 0; k < n; k++) {
        all[k] = k;
      }
      return all;
    }
    // Floyd's algorithm: k distinct entries without shuffling all n. Each parameter gets its own
    // generator, so adding a parameter does not change which entries of the others are checked.
    Random random = new Random(o.seed() ^ (index * 0x9E3779B97F4A7C15L));
    BitSet chosen = new BitSet(n);
    for (int j = n - o.sample(); j < n; j++) {
      int t = random.nextInt(j + 1);
      chosen.set(chosen.get(t) ? j : t);
    }
    return chosen.stream().toArray();
  }

  /**
   * {@code |a - n| / max(|a| + |n|, floor)}, and 0 when {@code a == n} (also when both are 0).
   * NaN when either value is NaN, so that it never passes a tolerance.
   *
   * @throws IllegalArgumentException if {@code floor} is negative or NaN
   */
  public static double relativeError(double analytic, double numeric, double floor) {
    if (!(floor >= 0)) {
      throw new IllegalArgumentException("GradCheck.relativeError: floor " + floor + " < 0");
    }
    double diff = Math.abs(analytic - numeric);
    if (diff == 0) {
      return 0;
    }
    return diff / Math.max(Math.abs(analytic) + Math.abs(numeric), floor);
  }

  /**
   * {@code sum(out * dout)}: a scalar whose gradient with respect to the inputs of {@code out} is
   * the vector-Jacobian product with {@code dout}, so that a function with an array result can be
   * checked as a scalar one.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double project(double[] out, double[] dout) {
    String op = "GradCheck.project";
    Shapes.nonNull(op, "out", out);
    Shapes.nonNull(op, "dout", dout);
    if (out.length != dout.length) {
      throw projectMismatch(Shapes.of(out), Shapes.of(dout));
    }
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      sum += out[i] * dout[i];
    }
    return sum;
  }

  /**
   * {@code sum(out * dout)} over a matrix; see {@link #project(double[], double[])}.
   *
   * @throws IllegalArgumentException if either array is ragged or the shapes differ
   */
  public static double project(double[][] out, double[][] dout) {
    String op = "GradCheck.project";
    int cols = Shapes.cols(op, "out", out);
    if (out.length != dout.length || cols != Shapes.cols(op, "dout", dout)) {
      throw projectMismatch(Shapes.of(out), Shapes.of(dout));
    }
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      sum += project(out[i], dout[i]);
    }
    return sum;
  }

  private static IllegalArgumentException projectMismatch(String out, String dout) {
    return new IllegalArgumentException(
        "GradCheck.project: out has shape " + out + " but dout has shape " + dout);
  }

  /**
   * How to check.
   *
   * @param tolerance the largest relative error that passes
   * @param step the relative step: an entry {@code x} is perturbed by about {@code step * max(1,
   *     |x|)}
   * @param stencil the finite-difference formula
   * @param sample how many random entries of each array parameter to check; 0 checks all
   * @param seed the seed that picks the sampled entries
   */
  public record Options(double tolerance, double step, Stencil stencil, int sample, long seed) {
    /** Validates the options. */
    public Options {
      if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
        throw new IllegalArgumentException(
            "GradCheck.Options: tolerance must be > 0: " + tolerance);
      }
      if (!(step > 0) || Double.isInfinite(step)) {
        throw new IllegalArgumentException("GradCheck.Options: step must be > 0: " + step);
      }
      Shapes.nonNull("GradCheck.Options", "stencil", stencil);
      if (sample < 0) {
        throw new IllegalArgumentException("GradCheck.Options: sample must be >= 0: " + sample);
      }
    }

    /** Tolerance 1e-7, relative step 1e-4, four-point stencil, every entry checked. */
    public static Options defaults() {
      return new Options(DEFAULT_TOLERANCE, DEFAULT_STEP, Stencil.FOUR_POINT, 0, 0);
    }

    /** These options with another tolerance. */
    public Options withTolerance(double tolerance) {
      return new Options(tolerance, step, stencil, sample, seed);
    }

    /** These options with another relative step. */
    public Options withStep(double step) {
      return new Options(tolerance, step, stencil, sample, seed);
    }

    /** These options with another stencil. */
    public Options withStencil(Stencil stencil) {
      return new Options(tolerance, step, stencil, sample, seed);
    }

    /**
     * These options checking {@code entriesPerParam} random entries of each array parameter (all
     * of them if it has fewer), the same entries for the same seed. Scalars are always checked.
     */
    public Options withSample(int entriesPerParam, long seed) {
      if (entriesPerParam < 1) {
        throw new IllegalArgumentException(
            "GradCheck.Options.withSample: entriesPerParam must be >= 1: " + entriesPerParam);
      }
      return new Options(tolerance, step, stencil, entriesPerParam, seed);
    }

    /** These options checking every entry. */
    public Options withAllEntries() {
      return new Options(tolerance, step, stencil, 0, seed);
    }

    /** One line describing the method, as the report's header shows it. */
    String describe() {
      String s =
          String.format(
              Locale.ROOT,
              "%s, h = %.1e * max(1, |x|), tolerance %.1e",
              stencil.describe(),
              step,
              tolerance);
      return sample == 0
          ? s
          : s + String.format(Locale.ROOT, ", %d random entries per array (seed %d)", sample, seed);
    }
  }

  /**
   * The result for one parameter.
   *
   * @param name the parameter's name
   * @param checked how many entries were checked
   * @param size how many entries the parameter has
   * @param maxError the largest relative error among the checked entries (NaN if any was NaN)
   * @param worstIndex where it occurred: {@code [3, 7]} in a matrix, {@code [3]} in a vector,
   *     {@code -} for a scalar (or when nothing was checked)
   * @param analytic the analytic derivative there
   * @param numeric the numeric derivative there
   * @param passed whether {@code maxError} is within the tolerance
   */
  public record Row(
      String name,
      int checked,
      int size,
      double maxError,
      String worstIndex,
      double analytic,
      double numeric,
      boolean passed) {}

  /**
   * The result of a check: one row per parameter.
   *
   * @param options the options the check ran with
   * @param rows one row per parameter, in the order given
   */
  public record Report(Options options, List<Row> rows) {
    /** Copies the rows; a report has at least one. */
    public Report {
      Shapes.nonNull("GradCheck.Report", "options", options);
      rows = List.copyOf(Shapes.nonNull("GradCheck.Report", "rows", rows));
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("GradCheck.Report: no rows");
      }
    }

    /** Whether every parameter passed. */
    public boolean passed() {
      return rows.stream().allMatch(Row::passed);
    }

    /** The largest relative error over all parameters; NaN if any was NaN. */
    public double maxError() {
      return worst().maxError();
    }

    private Row worst() {
      return worst(rows);
    }

    private static Row worst(List<Row> rows) {
      Row worst = rows.get(0);
      for (Row r : rows) {
        if (r.maxError() > worst.maxError() || Double.isNaN(r.maxError())) {
          worst = r;
          if (Double.isNaN(r.maxError())) {
            break;
          }
        }
      }
      return worst;
    }

    /**
     * Returns this report if it passed.
     *
     * @throws AssertionError whose message is {@link #table()}, if any parameter failed
     */
    public Report assertPassed() {
      if (!passed()) {
        throw new AssertionError(table());
      }
      return this;
    }

    /** An aligned plain-text table: a header line, one row per parameter, then the verdict. */
    public String table() {
      List<String[]> cells = new ArrayList<>();
      cells.add(
          new String[] {
            "param", "checked", "max rel error", "worst", "analytic", "numeric", "result"
          });
      for (Row r : rows) {
        boolean none = r.checked() == 0;
        cells.add(
            new String[] {
              r.name(),
              r.checked() + "/" + r.size(),
              String.format(Locale.ROOT, "%.2e", r.maxError()),
              r.worstIndex(),
              none ? "-" : String.format(Locale.ROOT, "% .10e", r.analytic()),
              none ? "-" : String.format(Locale.ROOT, "% .10e", r.numeric()),
              r.passed() ? "ok" : "FAIL"
            });
      }
      StringBuilder out = new StringBuilder("gradient check: ").append(options.describe());
      out.append('\n');
      appendAligned(out, cells);
      return out.append(verdict()).toString();
    }

    private static String counted(long n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }

    private String verdict() {
      List<Row> gradients = rows.stream().filter(r -> !r.name().equals(VALUE_ROW)).toList();
      Row value = rows.stream().filter(r -> r.name().equals(VALUE_ROW)).findFirst().orElse(null);
      String valueVerdict = value == null ? "" : valueVerdict(value);
      if (gradients.isEmpty()) {
        return (passed() ? "PASSED: " : "FAILED: ") + valueVerdict + "no gradient checked";
      }
      Row worst = worst(gradients);
      String at = worst.name() + ("-".equals(worst.worstIndex()) ? "" : worst.worstIndex());
      if (passed()) {
        int entries = gradients.stream().mapToInt(Row::checked).sum();
        return String.format(
            Locale.ROOT,
            "PASSED: %s%s of %s, max relative error %.2e (at %s) <= %.1e",
            valueVerdict,
            counted(entries, "entry", "entries"),
            counted(gradients.size(), "parameter", "parameters"),
            worst.maxError(),
            at,
            options.tolerance());
      }
      long failed = gradients.stream().filter(r -> !r.passed()).count();
      if (failed == 0) {
        return "FAILED: " + valueVerdict.substring(0, valueVerdict.length() - 2) + "; every gradient passed";
      }
      return String.format(
          Locale.ROOT,
          "FAILED: %s%d of %d parameters above tolerance %.1e; worst %s: relative error %.2e,"
              + " analytic %.10e, numeric %.10e",
          valueVerdict,
          failed,
          gradients.size(),
          options.tolerance(),
          at,
          worst.maxError(),
          worst.analytic(),
          worst.numeric());
    }

    /** What the verdict says of the value's row, ending in "; " or ", ". */
    private static String valueVerdict(Row value) {
      if (value.passed()) {
        return "the value equals the original method's, ";
      }
      if (value.checked() == 0) {
        return "the value has " + value.worstIndex().replace(" vs ", ", the original method's ") + "; ";
      }
      String at = "-".equals(value.worstIndex()) ? "" : " at " + value.worstIndex();
      // Double.toString tells any two doubles apart.
      return "the value differs from the original method's" + at + ": generated " + value.analytic()
          + ", original " + value.numeric() + "; ";
    }

    private static void appendAligned(StringBuilder out, List<String[]> cells) {
      int[] width = new int[cells.get(0).length];
      for (String[] line : cells) {
        for (int c = 0; c < line.length; c++) {
          width[c] = Math.max(width[c], line[c].length());
        }
      }
      for (String[] line : cells) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < line.length; c++) {
          text.append(line[c]).append(" ".repeat(width[c] - line[c].length() + 2));
        }
        out.append(text.toString().stripTrailing()).append('\n');
      }
    }

    /** The same as {@link #table()}. */
    @Override
    public String toString() {
      return table();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Directional derivatives: tangents (forward mode) and Hessian-vector products.

  /**
   * A function of the parameters' current values with several results, each a {@code double},
   * {@code double[]}, {@code double[][]} or {@code double[][][]}: a method's value, or the parts
   * of its gradient.
   */
  @FunctionalInterface
  public interface Results {
    /** Evaluates the function, reading the parameters' current values. */
    Object[] values();
  }

  /**
   * A parameter of a directional check: the caller's value and the direction it moves in. The
   * function reads it through {@code value()}; {@link #checkAlong} moves every parameter to {@code
   * x + t v} at once (arrays in place, or on a copy of their own where two share storage) and puts
   * them back exactly.
   */
  public abstract static sealed class Along permits ScalarAlong, ArrayAlong {
    private final String name;

    private Along(String name) {
      this.name = name;
    }

    /** The name of the parameter. */
    public String name() {
      return name;
    }

    /** Puts the parameter at {@code x + t v}; {@code t = 0} restores {@code x} exactly. */
    abstract void move(double t);

    /**
     * The largest {@code t} for which no entry moves by more than {@code max(1, |x|)}: the
     * smallest {@code max(1, |x_i|) / |v_i|}, infinite if the direction is zero.
     */
    abstract double reach();

    /**
     * How far along {@code direction} an entry at {@code origin} may move: {@code max(1, |origin|)
     * / |direction|}. A NaN entry (missing data the method skips) stays NaN wherever it moves, so it
     * limits nothing: infinite, not a NaN step that would make every difference NaN.
     */
    static double reachOf(double origin, double direction) {
      return Double.isNaN(origin) ? Double.POSITIVE_INFINITY : Math.max(1, Math.abs(origin)) / Math.abs(direction);
    }
  }

  /** A scalar parameter of a directional check; read it through {@link #value()}. */
  public static final class ScalarAlong extends Along {
    private final double origin;
    private final double direction;
    private double value;

    private ScalarAlong(String name, double value, double direction) {
      super(name);
      this.origin = value;
      this.direction = direction;
      this.value = value;
    }

    /** The current value: moved while the function is evaluated, the original otherwise. */
    public double value() {
      return value;
    }

    @Override
    void move(double t) {
      value = t == 0 ? origin : origin + t * direction;
    }

    @Override
    double reach() {
      return reachOf(origin, direction);
    }
  }

  /**
   * An array parameter of a directional check ({@code double[]}, {@code double[][]} or {@code
   * double[][][]}), moved in place row by row; read it through {@link #value()}.
   */
  public static final class ArrayAlong<T> extends Along {
    private T value;
    private final java.util.function.UnaryOperator<T> copier;
    private final java.util.function.Function<T, List<double[]>> rowsOf;
    private List<double[]> rows;
    private List<double[]> origin;
    private final List<double[]> direction;

    private ArrayAlong(String name, T value, T direction, java.util.function.UnaryOperator<T> copier,
        java.util.function.Function<T, List<double[]>> rowsOf, String op) {
      super(name);
      this.value = value;
      this.copier = copier;
      this.rowsOf = rowsOf;
      this.rows = rowsOf.apply(value);
      // A copy: the direction may be the value's own array (x along x), which move() writes.
      this.direction = copies(rowsOf.apply(direction));
      if (rows.size() != this.direction.size()) {
        throw new IllegalArgumentException(op + ": parameter " + name + ": the direction has " + this.direction.size()
            + " rows but the value has " + rows.size());
      }
      for (int r = 0; r < rows.size(); r++) {
        if (rows.get(r).length != this.direction.get(r).length) {
          throw new IllegalArgumentException(op + ": parameter " + name + ": the direction's row " + r
              + " has length " + this.direction.get(r).length + " but the value's has length " + rows.get(r).length);
        }
      }
      this.origin = copies(rows);
    }

    /** The array the function reads: the caller's own (moved in place and restored), or a copy. */
    public T value() {
      return value;
    }

    /** Whether this parameter and {@code other} share a row. */
    boolean shares(ArrayAlong<?> other) {
      Set<double[]> mine = Collections.newSetFromMap(new IdentityHashMap<>());
      mine.addAll(rows);
      return other.rows.stream().anyMatch(mine::contains);
    }

    /** From now on, moves a copy of the value instead of the caller's array. */
    void detach() {
      value = copier.apply(value);
      rows = rowsOf.apply(value);
    }

    @Override
    void move(double t) {
      for (int r = 0; r < rows.size(); r++) {
        double[] row = rows.get(r);
        double[] o = origin.get(r);
        double[] d = direction.get(r);
        for (int j = 0; j < row.length; j++) {
          row[j] = t == 0 ? o[j] : o[j] + t * d[j];
        }
      }
    }

    @Override
    double reach() {
      double reach = Double.POSITIVE_INFINITY;
      for (int r = 0; r < origin.size(); r++) {
        double[] o = origin.get(r);
        double[] d = direction.get(r);
        for (int j = 0; j < o.length; j++) {
          reach = Math.min(reach, reachOf(o[j], d[j]));
        }
      }
      return reach;
    }

    private static List<double[]> copies(List<double[]> rows) {
      List<double[]> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(r.clone()));
      return out;
    }
  }

  /** A scalar parameter moved along {@code direction}. */
  public static ScalarAlong along(String name, double value, double direction) {
    return new ScalarAlong(checkName("GradCheck.along", name), value, direction);
  }

  /** A vector parameter moved along {@code direction}, of its shape. */
  public static ArrayAlong<double[]> along(String name, double[] value, double[] direction) {
    String op = "GradCheck.along";
    checkName(op, name);
    Shapes.nonNull(op, name + ": value", value);
    Shapes.nonNull(op, name + ": direction", direction);
    return new ArrayAlong<>(name, value, direction, double[]::clone, List::<double[]>of, op);
  }

  /** A matrix parameter moved along {@code direction}, of its shape. */
  public static ArrayAlong<double[][]> along(String name, double[][] value, double[][] direction) {
    String op = "GradCheck.along";
    checkName(op, name);
    Shapes.nonNull(op, name + ": value", value);
    Shapes.nonNull(op, name + ": direction", direction);
    return new ArrayAlong<>(name, value, direction, GradCheck::copyMatrix, m -> List.of(m), op);
  }

  /** A stack of matrices moved along {@code direction}, of its shapes. */
  public static ArrayAlong<double[][][]> along(String name, double[][][] value, double[][][] direction) {
    String op = "GradCheck.along";
    checkName(op, name);
    Shapes.nonNull(op, name + ": value", value);
    Shapes.nonNull(op, name + ": direction", direction);
    return new ArrayAlong<>(name, value, direction, m -> {
      double[][][] copy = m.clone();
      for (int k = 0; k < copy.length; k++) {
        copy[k] = copyMatrix(copy[k]);
      }
      return copy;
    }, m -> {
      List<double[]> rows = new ArrayList<>();
      for (double[][] matrix : m) {
        rows.addAll(List.of(matrix));
      }
      return rows;
    }, op);
  }

  private static double[][] copyMatrix(double[][] m) {
    double[][] copy = m.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = copy[i].clone();
    }
    return copy;
  }

  /** {@link #checkAlong(Options, Results, String[], Object[], Along...)} with the default options. */
  public static Report checkAlong(Results f, String[] names, Object[] analytic, Along... params) {
    return checkAlong(Options.defaults(), f, names, analytic, params);
  }

  /**
   * Checks analytic directional derivatives: the derivative at {@code t = 0} of each result of
   * {@code f(x + t v)}, every parameter {@code x} moved along its direction {@code v} at once,
   * against centred differences. A tangent is the directional derivative of a method's value; a
   * Hessian-vector product that of its gradient. The step {@code h} is the largest with which no
   * entry {@code x} moves by more than {@code step * max(1, |x|)} (the smallest {@code step *
   * max(1, |x_i|) / |v_i|}); round-off is forgiven as in {@link #check}, with {@code |f(x0)|} the
   * largest result entry. One report row per result, named by {@code names}.
   *
   * @param analytic the analytic derivative of each result, of its shape
   * @throws IllegalArgumentException if there are no parameters, or names, analytic derivatives
   *     and results differ in number or shape
   */
  public static Report checkAlong(Options options, Results f, String[] names, Object[] analytic, Along... params) {
    String op = "GradCheck.checkAlong";
    Shapes.nonNull(op, "options", options);
    Shapes.nonNull(op, "f", f);
    Shapes.nonNull(op, "names", names);
    Shapes.nonNull(op, "analytic", analytic);
    if (params.length == 0) {
      throw new IllegalArgumentException(op + ": no parameters to move");
    }
    if (names.length != analytic.length || names.length == 0) {
      throw new IllegalArgumentException(op + ": " + names.length + " names for " + analytic.length + " results");
    }
    for (int i = 0; i < params.length; i++) {
      if (params[i] instanceof ArrayAlong<?> later) {
        for (int j = 0; j < i; j++) {
          if (params[j] instanceof ArrayAlong<?> earlier && later.shares(earlier)) {
            later.detach();
            break;
          }
        }
      }
    }
    List<Flat> expected = new ArrayList<>();
    for (int k = 0; k < analytic.length; k++) {
      expected.add(Flat.of(op, names[k], analytic[k]));
    }
    java.util.function.Supplier<double[]> values = () -> {
      Object[] results = f.values();
      if (results.length != expected.size()) {
        throw new IllegalArgumentException(op + ": the function has " + results.length + " results, not "
            + expected.size());
      }
      double[] all = new double[expected.stream().mapToInt(x -> x.values().length).sum()];
      int at = 0;
      for (int k = 0; k < results.length; k++) {
        double[] one = Flat.of(op, names[k], results[k]).values();
        if (one.length != expected.get(k).values().length) {
          throw new IllegalArgumentException(op + ": result " + names[k] + " has " + one.length
              + " entries but its analytic derivative " + expected.get(k).values().length);
        }
        System.arraycopy(one, 0, all, at, one.length);
        at += one.length;
      }
      return all;
    };
    double[] origin = values.get();
    double reach = Double.POSITIVE_INFINITY;
    for (Along p : params) {
      reach = Math.min(reach, p.reach());
    }
    boolean still = Double.isInfinite(reach);
    double h = still ? options.step() : options.step() * reach;
    double[] numeric = still ? new double[origin.length]
        : options.stencil().derivativeAlong(t -> {
          for (Along p : params) {
            p.move(t);
          }
        }, values, h);
    double scale = 1;
    for (double v : origin) {
      // A NaN result fails its own row (relativeError is NaN); it must not make the floor NaN.
      if (!Double.isNaN(v)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    double floor = NOISE_ULPS * Math.ulp(1.0) * options.stencil().gain() * scale / h / options.tolerance();
    List<Row> rows = new ArrayList<>();
    int at = 0;
    for (Flat part : expected) {
      double worstError = 0;
      int worst = -1;
      for (int k = 0; k < part.values().length; k++) {
        double error = relativeError(part.values()[k], numeric[at + k], floor);
        if (worst < 0 || error > worstError || (Double.isNaN(error) && !Double.isNaN(worstError))) {
          worstError = error;
          worst = k;
        }
      }
      int n = part.values().length;
      rows.add(worst < 0
          ? new Row(part.name(), 0, 0, 0, "-", Double.NaN, Double.NaN, true)
          : new Row(part.name(), n, n, worstError, part.index(worst), part.values()[worst], numeric[at + worst],
              worstError <= options.tolerance()));
      at += n;
    }
    return new Report(options, rows);
  }

  /** A result flattened in row-major order, with its entries' indices as a report shows them. */
  private record Flat(String name, double[] values, int[] rowStarts, boolean scalar) {

    static Flat of(String op, String name, Object value) {
      List<double[]> rows = new ArrayList<>();
      boolean scalar = false;
      if (value instanceof Double d) {
        rows.add(new double[] {d});
        scalar = true;
      } else if (value instanceof double[] v) {
        rows.add(v);
      } else if (value instanceof double[][] m) {
        rows.addAll(List.of(m));
      } else if (value instanceof double[][][] ms) {
        for (double[][] m : ms) {
          rows.addAll(List.of(m));
        }
      } else {
        throw new IllegalArgumentException(op + ": result " + name + " is a "
            + (value == null ? "null" : value.getClass().getSimpleName())
            + ", not a double, double[], double[][] or double[][][]");
      }
      int[] starts = new int[rows.size() + 1];
      for (int r = 0; r < rows.size(); r++) {
        starts[r + 1] = starts[r] + Shapes.nonNull(op, name + " row " + r, rows.get(r)).length;
      }
      double[] values = new double[starts[rows.size()]];
      for (int r = 0; r < rows.size(); r++) {
        System.arraycopy(rows.get(r), 0, values, starts[r], rows.get(r).length);
      }
      return new Flat(name, values, value instanceof double[] ? null : starts, scalar);
    }

    String index(int k) {
      if (scalar) {
        return "-";
      }
      if (rowStarts == null) {
        return "[" + k + "]";
      }
      int r = Arrays.binarySearch(rowStarts, k);
      r = r < 0 ? -r - 2 : r;
      while (rowStarts[r + 1] == rowStarts[r]) {
        r++;
      }
      return "[" + r + ", " + (k - rowStarts[r]) + "]";
    }
  }
}
