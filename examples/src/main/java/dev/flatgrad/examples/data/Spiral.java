package dev.flatgrad.examples.data;

import java.util.Random;

/**
 * The spiral data set of the CS231n notes ("Putting it together: minimal neural network case
 * study"): {@code classes} arms of {@code pointsPerClass} points each in the plane, not linearly
 * separable. A linear softmax classifier gets about 50% of the 3-class spiral right; a two-layer
 * net with a hundred hidden units gets over 95%.
 *
 * <p>As in the notes, for class {@code j} and point {@code i} of {@code n}: radius {@code r =
 * i / (n - 1)} (numpy's {@code linspace(0, 1, n)}), angle {@code t = 4 j + 4 i / (n - 1) + 0.2 *
 * noise} with standard normal {@code noise}, and the point is {@code (r sin t, r cos t)}. The same
 * seed gives the same points.
 */
public final class Spiral {
  /** The standard deviation of the angle noise, as in the notes. */
  public static final double NOISE = 0.2;

  private Spiral() {}

  /**
   * A labelled data set: sample {@code i} is row {@code X[i]}, its label {@code y[i]}.
   *
   * @param X the {@code (N, D)} samples
   * @param y the {@code N} labels in {@code 0 .. classes - 1}
   * @param classes the number of classes
   */
  public record Dataset(double[][] X, int[] y, int classes) {
    /** The number of samples. */
    public int size() {
      return X.length;
    }
  }

  /** The notes' 3-class spiral with {@code pointsPerClass} points per class. */
  public static Dataset generate(int pointsPerClass, long seed) {
    return generate(pointsPerClass, 3, seed);
  }

  /**
   * A spiral with {@code classes} arms of {@code pointsPerClass} points, ordered by class.
   *
   * @throws IllegalArgumentException if {@code pointsPerClass} or {@code classes} is below 1
   */
  public static Dataset generate(int pointsPerClass, int classes, long seed) {
    if (pointsPerClass < 1 || classes < 1) {
      throw new IllegalArgumentException(
          "Spiral.generate: need at least one class and one point per class, got "
              + classes + " classes of " + pointsPerClass + " points");
    }
    Random random = new Random(seed);
    int n = pointsPerClass;
    double[][] X = new double[n * classes][2];
    int[] y = new int[n * classes];
    for (int j = 0; j < classes; j++) {
      for (int i = 0; i < n; i++) {
        double fraction = n == 1 ? 0 : (double) i / (n - 1);
        double r = fraction;
        double t = 4 * j + 4 * fraction + NOISE * random.nextGaussian();
        int k = j * n + i;
        X[k][0] = r * Math.sin(t);
        X[k][1] = r * Math.cos(t);
        y[k] = j;
      }
    }
    return new Dataset(X, y, classes);
  }
}
