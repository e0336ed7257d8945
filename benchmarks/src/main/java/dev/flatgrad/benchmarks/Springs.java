package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.Differentiable;

/**
 * The same model twice, its coefficients private in one and package-private in the other: the
 * generated gradient reads private fields through a {@code static final VarHandle}, the others
 * directly (FieldsBench prices the difference).
 */
final class Springs {

  private Springs() {}

  /** Energy of a chain of springs; stiffness and rest lengths are private fields. */
  static final class Private {
    private final double[] stiffness;
    private final double[] rest;
    private final double damping;

    Private(double[] stiffness, double[] rest, double damping) {
      this.stiffness = stiffness;
      this.rest = rest;
      this.damping = damping;
    }

    @Differentiable
    double energy(double[] x) {
      double e = 0.0;
      for (int i = 0; i < x.length - 1; i++) {
        double stretch = x[i + 1] - x[i] - rest[i];
        e += 0.5 * stiffness[i] * stretch * stretch;
      }
      return e + damping * x[0] * x[0];
    }

    /** The spring force on one end: a scalar method, where the reads are most of the work. */
    @Differentiable
    double force(double x) {
      return stiffness[0] * (x - rest[0]) + damping * x;
    }
  }

  /** The same, fields package-private. */
  static final class Open {
    final double[] stiffness;
    final double[] rest;
    final double damping;

    Open(double[] stiffness, double[] rest, double damping) {
      this.stiffness = stiffness;
      this.rest = rest;
      this.damping = damping;
    }

    @Differentiable
    double energy(double[] x) {
      double e = 0.0;
      for (int i = 0; i < x.length - 1; i++) {
        double stretch = x[i + 1] - x[i] - rest[i];
        e += 0.5 * stiffness[i] * stretch * stretch;
      }
      return e + damping * x[0] * x[0];
    }

    @Differentiable
    double force(double x) {
      return stiffness[0] * (x - rest[0]) + damping * x;
    }
  }
}
