package dev.flatgrad.examples.optim;

/**
 * Adam (Kingma and Ba, 2015), as CS231n's {@code adam}: with {@code t} this parameter's step
 * count, {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g²}, {@code param
 * -= learningRate * mHat / (sqrt(vHat) + epsilon)} with the bias-corrected {@code mHat = m / (1 -
 * beta1^t)} and {@code vHat = v / (1 - beta2^t)}.
 *
 * <h2>The optimizer for Fashion-MNIST</h2>
 *
 * For the Fashion-MNIST trainers (softmax and a two-layer net on 784 pixel features) we use Adam
 * with its defaults ({@code learningRate = 1e-3}, {@code beta1 = 0.9}, {@code beta2 = 0.999}) and
 * minibatches of 128 (decaying the learning rate by 0.8 after each epoch), because:
 *
 * <ul>
 *   <li>Its step is per coordinate and scale-free: the first layer's 784 x H weights see inputs
 *       whose gradients differ by orders of magnitude between the busy centre pixels and the
 *       nearly constant border pixels, and the second layer's gradients are of another scale
 *       again. Adam moves each weight by about the learning rate regardless, where one global
 *       SGD learning rate is either too small for the rare features or unstable for the common
 *       ones.
 *   <li>Its default learning rate works for both models without a search. An epoch of the
 *       two-layer net costs several seconds on a 2-core machine: we want the accuracy targets
 *       (softmax 83%, two-layer net 86%) within a few epochs, not a grid of runs to tune SGD's
 *       learning rate and momentum schedule. With these settings the two-layer net passes 86%
 *       after two epochs.
 * </ul>
 *
 * SGD with momentum 0.9 and a tuned, decayed learning rate ({@link Sgd}) can match Adam's final
 * accuracy on these models, and is the better choice when training is long and the schedule is
 * tuned anyway; it stays here for that comparison and for the spiral, where both are fast.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  /** Adam with {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code epsilon = 1e-8}. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * Adam with its hyper-parameters.
   *
   * @throws IllegalArgumentException unless the betas are in {@code [0, 1)} and the learning
   *     rate and epsilon are positive
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam: beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("Adam: epsilon must be > 0, got " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  int slots() {
    return 2;
  }

  @Override
  void step(State s, int row, double[] p, double[] g) {
    double[] m = s.slots[0][row];
    double[] v = s.slots[1][row];
    double correction1 = 1 - Math.pow(beta1, s.steps);
    double correction2 = 1 - Math.pow(beta2, s.steps);
    double lr = learningRate();
    for (int i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      double mHat = m[i] / correction1;
      double vHat = v[i] / correction2;
      p[i] -= lr * mHat / (Math.sqrt(vHat) + epsilon);
    }
  }
}
