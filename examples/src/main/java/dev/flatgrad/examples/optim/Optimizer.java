package dev.flatgrad.examples.optim;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A first-order optimizer: updates parameters in place from their gradients, one {@code update}
 * call per parameter per step, the way CS231n's {@code optim.py} does with one config per
 * parameter.
 *
 * <p>State (velocity, moment estimates, step count) is kept per parameter, keyed by the identity
 * of the parameter's array: keep updating the same arrays (which in-place updates do) and each
 * keeps its own state. {@link #reset()} forgets all state.
 *
 * <p>Which one for Fashion-MNIST: see {@link Adam}.
 */
public abstract sealed class Optimizer permits Sgd, Adam {
  private final Map<Object, State> states = new IdentityHashMap<>();
  private double learningRate;

  Optimizer(double learningRate) {
    setLearningRate(learningRate);
  }

  /** The per-parameter state: {@code slots} arrays shaped like the parameter, and a step count. */
  static final class State {
    final double[][][] slots;
    final int rows;
    final int cols;
    long steps;

    State(int slots, int rows, int cols) {
      this.slots = new double[slots][rows][cols];
      this.rows = rows;
      this.cols = cols;
    }
  }

  /** The step size. */
  public final double learningRate() {
    return learningRate;
  }

  /**
   * Sets the step size, for example to decay it between epochs.
   *
   * @throws IllegalArgumentException if it is not positive and finite
   */
  public final void setLearningRate(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": learning rate must be > 0, got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** Forgets the state of every parameter. */
  public final void reset() {
    states.clear();
  }

  /**
   * Updates {@code param} in place by one step along {@code grad}, which is not changed.
   *
   * @throws IllegalArgumentException if the shapes differ, or differ from this parameter's
   *     earlier updates
   */
  public final void update(double[] param, double[] grad) {
    if (param.length != grad.length) {
      throw new IllegalArgumentException(String.format(
          "%s.update: gradient has %d entries but the parameter has %d",
          getClass().getSimpleName(), grad.length, param.length));
    }
    State s = state(param, 1, param.length);
    s.steps++;
    step(s, 0, param, grad);
  }

  /**
   * Updates {@code param} in place by one step along {@code grad}, which is not changed.
   *
   * @throws IllegalArgumentException if either is ragged, the shapes differ, or differ from this
   *     parameter's earlier updates
   */
  public final void update(double[][] param, double[][] grad) {
    int cols = param.length == 0 ? 0 : param[0].length;
    for (int r = 0; r < param.length; r++) {
      if (param[r].length != cols || r >= grad.length || grad[r].length != cols) {
        throw new IllegalArgumentException(String.format(
            "%s.update: gradient of shape %s does not match the parameter of shape %s",
            getClass().getSimpleName(), shape(grad), shape(param)));
      }
    }
    if (grad.length != param.length) {
      throw new IllegalArgumentException(String.format(
          "%s.update: gradient of shape %s does not match the parameter of shape %s",
          getClass().getSimpleName(), shape(grad), shape(param)));
    }
    State s = state(param, param.length, cols);
    s.steps++;
    for (int r = 0; r < param.length; r++) {
      step(s, r, param[r], grad[r]);
    }
  }

  /** Updates row {@code row} of a parameter, {@code p}, from its gradient {@code g}. */
  abstract void step(State s, int row, double[] p, double[] g);

  /** How many parameter-shaped arrays of state each parameter needs. */
  abstract int slots();

  private State state(Object param, int rows, int cols) {
    State s = states.computeIfAbsent(param, k -> new State(slots(), rows, cols));
    if (s.rows != rows || s.cols != cols) {
      throw new IllegalArgumentException(String.format(
          "%s.update: this parameter had shape (%d, %d) and now has (%d, %d)",
          getClass().getSimpleName(), s.rows, s.cols, rows, cols));
    }
    return s;
  }

  private static String shape(double[][] m) {
    if (m.length == 0) {
      return "(0, 0)";
    }
    boolean ragged = false;
    for (double[] row : m) {
      ragged |= row.length != m[0].length;
    }
    return "(" + m.length + ", " + m[0].length + (ragged ? ", ragged)" : ")");
  }
}
