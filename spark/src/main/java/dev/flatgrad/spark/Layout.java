package dev.flatgrad.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where each parameter of a model lives in the flat {@code double[]} an optimiser works on: the
 * parameters one after the other, in the order given, matrices row by row.
 *
 * <pre>{@code
 * Layout layout = Layout.of(W1, b1, W2, b2);
 * double[] start = layout.zeros();
 * layout.put(start, W1, randomW1);          // a starting point
 * Values v = layout.values(result.point()); // and back: v.get(W1) is a double[][]
 * }</pre>
 */
public final class Layout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Param> params;
  private final int[] offsets;
  private final int size;
  private final Map<Param, Integer> index = new HashMap<>();

  private Layout(List<Param> params) {
    this.params = List.copyOf(params);
    this.offsets = new int[params.size()];
    Map<String, Param> byName = new HashMap<>();
    long at = 0;
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      Param before = byName.put(p.name(), p);
      if (before != null) {
        throw new IllegalArgumentException(
            "two parameters named " + p.name() + " (" + before + ", " + p + "): each parameter"
                + " of the method appears once");
      }
      index.put(p, i);
      offsets[i] = (int) at;
      at += p.size();
      if (at > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "the parameters take more than " + (Integer.MAX_VALUE - 8) + " doubles: " + this);
      }
    }
    this.size = (int) at;
  }

  /** The layout of {@code params}, in this order. */
  public static Layout of(Param... params) {
    if (params.length == 0) {
      throw new IllegalArgumentException("a layout needs at least one parameter");
    }
    return new Layout(List.of(params));
  }

  /** The parameters, in order. */
  public List<Param> params() {
    return params;
  }

  /** The length of the flat vector. */
  public int size() {
    return size;
  }

  /** Where {@code p} starts in the flat vector. */
  public int offset(Param p) {
    return offsets[indexOf(p)];
  }

  /** A flat vector of zeros: every parameter 0. */
  public double[] zeros() {
    return new double[size];
  }

  /** The parameters' values at the point {@code flat} (copied). */
  public Values values(double[] flat) {
    checkLength(flat);
    return new Values(this, flat.clone());
  }

  /** Sets {@code p} to {@code value} in {@code flat}. */
  public void put(double[] flat, Param.Scalar p, double value) {
    checkLength(flat);
    flat[offset(p)] = value;
  }

  /** Copies {@code value} into {@code p}'s place in {@code flat}. */
  public void put(double[] flat, Param.Vector p, double[] value) {
    checkLength(flat);
    if (value.length != p.length()) {
      throw new IllegalArgumentException("double[" + value.length + "] does not fit " + p);
    }
    System.arraycopy(value, 0, flat, offset(p), p.length());
  }

  /** Copies {@code value} row by row into {@code p}'s place in {@code flat}. */
  public void put(double[] flat, Param.Matrix p, double[][] value) {
    checkLength(flat);
    if (value.length != p.rows()) {
      throw new IllegalArgumentException(value.length + " rows do not fit " + p);
    }
    int at = offset(p);
    for (int r = 0; r < value.length; r++) {
      if (value[r].length != p.cols()) {
        throw new IllegalArgumentException(
            "row " + r + " has " + value[r].length + " elements: it does not fit " + p);
      }
      System.arraycopy(value[r], 0, flat, at, p.cols());
      at += p.cols();
    }
  }

  int indexOf(Param p) {
    Integer i = index.get(p);
    if (i == null) {
      throw new IllegalArgumentException(p + " is not a parameter of this layout: " + this);
    }
    return i;
  }

  int offset(int i) {
    return offsets[i];
  }

  private void checkLength(double[] flat) {
    if (flat.length != size) {
      throw new IllegalArgumentException(
          "a flat vector of " + flat.length + " doubles, but the layout " + this + " takes "
              + size);
    }
  }

  /** {@code (double[784] w, double b)}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    params.forEach(p -> j.add(p.toString()));
    return j.toString();
  }
}
