package dev.flatgrad.examples.optim;

/**
 * Stochastic gradient descent, with optional (heavy-ball) momentum, as CS231n's {@code
 * sgd_momentum}: {@code v = momentum * v - learningRate * grad; param += v}. With momentum 0 this
 * is plain {@code param -= learningRate * grad} and keeps no state.
 */
public final class Sgd extends Optimizer {
  private final double momentum;

  /** Plain SGD. */
  public Sgd(double learningRate) {
    this(learningRate, 0);
  }

  /**
   * SGD with momentum, typically 0.9.
   *
   * @throws IllegalArgumentException unless {@code 0 <= momentum < 1} and the learning rate is
   *     positive
   */
  public Sgd(double learningRate, double momentum) {
    super(learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), got " + momentum);
    }
    this.momentum = momentum;
  }

  /** The momentum coefficient. */
  public double momentum() {
    return momentum;
  }

  @Override
  int slots() {
    return momentum == 0 ? 0 : 1;
  }

  @Override
  void step(State s, int row, double[] p, double[] g) {
    double lr = learningRate();
    if (momentum == 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] -= lr * g[i];
      }
      return;
    }
    double[] v = s.slots[0][row];
    for (int i = 0; i < p.length; i++) {
      v[i] = momentum * v[i] - lr * g[i];
      p[i] += v[i];
    }
  }
}
