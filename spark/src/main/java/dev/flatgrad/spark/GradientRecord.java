package dev.flatgrad.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Reads a generated gradient record ({@code FooGrad.M(double value, <type> d<param>...)}) into a
 * flat gradient: component {@code value}, and for each parameter {@code p} of the layout the
 * component {@code dp}, of {@code p}'s type and shape. Components of other parameters (say
 * {@code dX}, when {@code wrt} was not narrowed) are not read.
 */
final class GradientRecord {
  private final Class<?> type;
  private final Layout layout;
  private final Method value;
  private final Method[] gradients;

  private GradientRecord(Class<?> type, Layout layout) {
    this.type = type;
    this.layout = layout;
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(
          "the gradient function returned a " + type.getName() + ", not the record the"
              + " generated method returns (FooGrad.M(double value, ... d<param>))");
    }
    this.value = accessor(components, "value", double.class, "the loss");
    this.gradients = new Method[layout.params().size()];
    for (int i = 0; i < gradients.length; i++) {
      Param p = layout.params().get(i);
      gradients[i] = accessor(components, "d" + p.name(), javaType(p), "the gradient of " + p);
    }
  }

  /** The reader of records of {@code type}, for {@code layout}. */
  static GradientRecord of(Class<?> type, Layout layout) {
    return new GradientRecord(type, layout);
  }

  /** Whether this reads records of {@code type}. */
  boolean reads(Class<?> type) {
    return this.type == type;
  }

  /**
   * Adds {@code weight} times the record's loss to {@code sum.value}, and {@code weight} times its
   * gradient to {@code sum.gradient}.
   */
  void addTo(Sum sum, double weight, Record record) {
    sum.value += weight * (double) read(value, record);
    double[] g = sum.gradient;
    for (int i = 0; i < gradients.length; i++) {
      Param p = layout.params().get(i);
      int at = layout.offset(i);
      Object d = read(gradients[i], record);
      if (p instanceof Param.Scalar) {
        g[at] += weight * (double) d;
      } else if (p instanceof Param.Vector v) {
        addRow(g, at, weight, (double[]) d, v.length(), v, -1);
      } else if (p instanceof Param.Matrix m) {
        double[][] rows = (double[][]) d;
        if (rows.length != m.rows()) {
          throw shapeMismatch(m, rows.length + " rows");
        }
        for (int r = 0; r < rows.length; r++) {
          at = addRow(g, at, weight, rows[r], m.cols(), m, r);
        }
      }
    }
  }

  private int addRow(double[] g, int at, double weight, double[] row, int length, Param p, int r) {
    if (row.length != length) {
      throw shapeMismatch(p, (r < 0 ? "" : "row " + r + " of ") + row.length + " elements");
    }
    for (int j = 0; j < length; j++) {
      g[at + j] += weight * row[j];
    }
    return at + length;
  }

  private IllegalArgumentException shapeMismatch(Param p, String found) {
    return new IllegalArgumentException(
        type.getSimpleName() + ".d" + p.name() + "() has " + found + ", but the layout has "
            + p);
  }

  private Method accessor(RecordComponent[] components, String name, Class<?> javaType,
      String what) {
    for (RecordComponent c : components) {
      if (c.getName().equals(name)) {
        if (c.getType() != javaType) {
          throw new IllegalArgumentException(
              type.getSimpleName() + "." + name + "() is a " + c.getType().getSimpleName()
                  + ", but " + what + " is a " + javaType.getSimpleName());
        }
        Method m = c.getAccessor();
        // A generated class is as visible as the user's class, perhaps package-private.
        m.setAccessible(true);
        return m;
      }
    }
    StringJoiner names = new StringJoiner(", ");
    Arrays.stream(components).forEach(c -> names.add(c.getName()));
    throw new IllegalArgumentException(
        "record " + type.getSimpleName() + " (" + names + ") has no component " + name + " for "
            + what + ": the layout " + layout + " names the method's differentiated parameters"
            + " (see its @Differentiable(wrt = ...))");
  }

  private static Object read(Method accessor, Record record) {
    try {
      return accessor.invoke(record);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Class<?> javaType(Param p) {
    if (p instanceof Param.Scalar) {
      return double.class;
    }
    return p instanceof Param.Vector ? double[].class : double[][].class;
  }
}
