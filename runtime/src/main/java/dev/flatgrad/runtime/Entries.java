package dev.flatgrad.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of several values laid end to end, as generated Hessians and Jacobians index them:
 * each {@code double} is one entry, arrays follow in row-major order ({@code W[0][0], W[0][1],
 * ..., W[1][0], ...}), in the order the values were given. It also holds one direction per value,
 * of its shape, which {@link #unit} sets to the unit vector of one entry: the directions of the
 * Hessian-vector product (or tangent, or gradient) that gives one row or column of the matrix.
 *
 * <pre>{@code
 * Entries entries = Entries.of(List.of(x, W));
 * for (int k = 0; k < entries.size(); k++) {
 *   entries.unit(k);
 *   FHvp hvp = FooGrad.fHvp(x, W, entries.scalar(0), entries.matrix(1));
 *   hessian[k] = entries.flatten(List.of(hvp.dxDot(), hvp.dWDot()));
 * }
 * }</pre>
 */
public final class Entries {

  private final List<double[]> rows = new ArrayList<>();
  private final Object[] directions;
  private final int[] firstRow;
  private final int[] offsets;
  private int unit = -1;

  private Entries(Object[] values) {
    directions = new Object[values.length];
    firstRow = new int[values.length + 1];
    for (int p = 0; p < values.length; p++) {
      firstRow[p] = rows.size();
      directions[p] = zerosLike("Entries.of", p, values[p]);
      rows.addAll(rowsOf(directions[p]));
    }
    firstRow[values.length] = rows.size();
    offsets = new int[rows.size() + 1];
    for (int r = 0; r < rows.size(); r++) {
      offsets[r + 1] = offsets[r] + rows.get(r).length;
    }
  }

  /**
   * The entries of {@code values}, each a {@code double}, {@code double[]}, {@code double[][]} or
   * {@code double[][][]}; their directions start at zero. (A list, not varargs: a single {@code
   * double[][]} would be taken for the varargs array.)
   *
   * @throws IllegalArgumentException if a value is of another type
   */
  public static Entries of(List<?> values) {
    return new Entries(Shapes.nonNull("Entries.of", "values", values).toArray());
  }

  /** The number of entries. */
  public int size() {
    return offsets[offsets.length - 1];
  }

  /**
   * Sets the directions to the unit vector of entry {@code k}: zero everywhere, one at entry k.
   *
   * @throws IndexOutOfBoundsException if {@code k} is not an entry
   */
  public Entries unit(int k) {
    if (k < 0 || k >= size()) {
      throw new IndexOutOfBoundsException("Entries.unit: entry " + k + " of " + size());
    }
    if (unit >= 0) {
      set(unit, 0.0);
    }
    set(k, 1.0);
    unit = k;
    return this;
  }

  /** The direction of value {@code p}, a {@code double}. */
  public double scalar(int p) {
    return (Double) direction(p, Double.class);
  }

  /** The direction of value {@code p}, a {@code double[]} (the same array every time). */
  public double[] vector(int p) {
    return (double[]) direction(p, double[].class);
  }

  /** The direction of value {@code p}, a {@code double[][]} (the same array every time). */
  public double[][] matrix(int p) {
    return (double[][]) direction(p, double[][].class);
  }

  /** The direction of value {@code p}, a {@code double[][][]} (the same array every time). */
  public double[][][] matrices(int p) {
    return (double[][][]) direction(p, double[][][].class);
  }

  /**
   * One row of {@link #size()} entries from parts shaped like the values the entries were made of,
   * in the same order: a row of a Hessian from the parts of a Hessian-vector product, say.
   *
   * @throws IllegalArgumentException if the values differ in number or shape
   */
  public double[] flatten(List<?> parts) {
    String op = "Entries.flatten";
    Object[] values = Shapes.nonNull(op, "parts", parts).toArray();
    if (values.length != directions.length) {
      throw new IllegalArgumentException(op + ": " + values.length + " parts for entries of " + directions.length + " values");
    }
    double[] out = new double[size()];
    for (int p = 0; p < values.length; p++) {
      List<double[]> rowsOfPart = rowsOf(checked(op, p, values[p]));
      if (rowsOfPart.size() != firstRow[p + 1] - firstRow[p]) {
        throw mismatch(op, p);
      }
      for (int r = 0; r < rowsOfPart.size(); r++) {
        int row = firstRow[p] + r;
        if (rowsOfPart.get(r).length != offsets[row + 1] - offsets[row]) {
          throw mismatch(op, p);
        }
        System.arraycopy(rowsOfPart.get(r), 0, out, offsets[row], rowsOfPart.get(r).length);
      }
    }
    return out;
  }

  /** Writes {@code column} into column {@code k} of {@code m}: a Jacobian built column by column. */
  public static void setColumn(double[][] m, int k, double[] column) {
    Shapes.nonNull("Entries.setColumn", "m", m);
    Shapes.nonNull("Entries.setColumn", "column", column);
    if (column.length != m.length) {
      throw new IllegalArgumentException("Entries.setColumn: a column of " + column.length + " entries for "
          + m.length + " rows");
    }
    for (int i = 0; i < m.length; i++) {
      m[i][k] = column[i];
    }
  }

  private Object direction(int p, Class<?> type) {
    if (p < 0 || p >= directions.length) {
      throw new IndexOutOfBoundsException("Entries: value " + p + " of " + directions.length);
    }
    if (!type.isInstance(directions[p])) {
      throw new IllegalArgumentException("Entries: value " + p + " is a "
          + directions[p].getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
    return directions[p];
  }

  private void set(int k, double x) {
    int r = Arrays.binarySearch(offsets, k);
    r = r < 0 ? -r - 2 : r;
    while (offsets[r + 1] == offsets[r]) {
      r++;
    }
    int p = 0;
    while (firstRow[p + 1] <= r) {
      p++;
    }
    if (directions[p] instanceof Double) {
      directions[p] = x;
    } else {
      rows.get(r)[k - offsets[r]] = x;
    }
  }

  private static Object checked(String op, int p, Object value) {
    if (value instanceof Double || value instanceof double[] || value instanceof double[][]
        || value instanceof double[][][]) {
      return value;
    }
    throw new IllegalArgumentException(op + ": value " + p + " is a "
        + (value == null ? "null" : value.getClass().getSimpleName())
        + ", not a double, double[], double[][] or double[][][]");
  }

  private static Object zerosLike(String op, int p, Object value) {
    Object v = checked(op, p, value);
    if (v instanceof Double) {
      return 0.0;
    }
    if (v instanceof double[] x) {
      return new double[x.length];
    }
    if (v instanceof double[][] m) {
      return Nd.zerosLike(m);
    }
    return Nd.zerosLike((double[][][]) v);
  }

  /** The rows a value's entries lie in; a scalar's single entry in a row of its own. */
  private static List<double[]> rowsOf(Object value) {
    if (value instanceof Double d) {
      return List.of(new double[] {d});
    }
    if (value instanceof double[] v) {
      return List.of(v);
    }
    if (value instanceof double[][] m) {
      return List.of(m);
    }
    List<double[]> rows = new ArrayList<>();
    for (double[][] m : (double[][][]) value) {
      rows.addAll(List.of(m));
    }
    return rows;
  }

  private static IllegalArgumentException mismatch(String op, int p) {
    return new IllegalArgumentException(op + ": value " + p + " is not shaped like the value the entries were made of");
  }
}
