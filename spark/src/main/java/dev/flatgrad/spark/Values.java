package dev.flatgrad.spark;

/**
 * The parameters' values at one point: a flat vector read through its {@link Layout}, each
 * parameter as the array the generated method takes.
 *
 * <p>Each array is unpacked once and then shared: every batch of a partition gets the same
 * {@code double[][]} for a matrix. Generated gradients never write their inputs; code of your own
 * that does must copy first.
 */
public final class Values {
  private final Layout layout;
  private final double[] flat;
  private final Object[] unpacked;

  Values(Layout layout, double[] flat) {
    this.layout = layout;
    this.flat = flat;
    this.unpacked = new Object[layout.params().size()];
  }

  /** The layout these values follow. */
  public Layout layout() {
    return layout;
  }

  /** The value of scalar {@code p}. */
  public double get(Param.Scalar p) {
    return flat[layout.offset(p)];
  }

  /** The value of vector {@code p}. */
  public double[] get(Param.Vector p) {
    int i = layout.indexOf(p);
    if (unpacked[i] == null) {
      double[] v = new double[p.length()];
      System.arraycopy(flat, layout.offset(i), v, 0, v.length);
      unpacked[i] = v;
    }
    return (double[]) unpacked[i];
  }

  /** The value of matrix {@code p}. */
  public double[][] get(Param.Matrix p) {
    int i = layout.indexOf(p);
    if (unpacked[i] == null) {
      double[][] m = new double[p.rows()][p.cols()];
      int at = layout.offset(i);
      for (double[] row : m) {
        System.arraycopy(flat, at, row, 0, row.length);
        at += row.length;
      }
      unpacked[i] = m;
    }
    return (double[][]) unpacked[i];
  }
}
