package dev.flatgrad.examples.train;

import dev.flatgrad.examples.data.Spiral;
import dev.flatgrad.examples.linear.LinearClassifiersGrad;
import dev.flatgrad.examples.net.TwoLayerNet;
import dev.flatgrad.examples.net.TwoLayerNetGrad;
import dev.flatgrad.examples.optim.Optimizer;
import java.util.Random;

/**
 * Full-batch training on the spiral with generated gradients: the linear softmax classifier
 * (about 50% right, as the notes say) and the two-layer net (above 95%).
 */
public final class SpiralTraining {

  private SpiralTraining() {}

  /**
   * Told about progress every {@code every} steps. Training is full-batch: each step is one epoch,
   * one pass over the whole data set.
   */
  @FunctionalInterface
  public interface Progress {
    /**
     * After step {@code step} (1-based) of {@code steps}, with the loss before that step, the
     * training accuracy after it and the seconds since training began.
     */
    void report(int step, int steps, double loss, double accuracy, double seconds);
  }

  /** A trained classifier of points in the plane. */
  @FunctionalInterface
  public interface Classifier {
    /** The predicted class of each row of {@code X}. */
    int[] predict(double[][] X);
  }

  /**
   * What training produced.
   *
   * @param name the model's name
   * @param losses the loss before each step
   * @param accuracy the final training accuracy
   * @param classifier the trained model
   * @param seconds the wall-clock time of training
   */
  public record Result(
      String name, double[] losses, double accuracy, Classifier classifier, double seconds) {}

  /** The fraction of {@code y} that {@code c} gets right on {@code X}. */
  public static double accuracy(Classifier c, double[][] X, int[] y) {
    int[] predicted = c.predict(X);
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      correct += predicted[i] == y[i] ? 1 : 0;
    }
    return (double) correct / y.length;
  }

  /** The samples with a constant 1 appended: the bias trick, so the last row of W is the bias. */
  public static double[][] withBias(double[][] X) {
    double[][] out = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      out[i] = new double[X[i].length + 1];
      System.arraycopy(X[i], 0, out[i], 0, X[i].length);
      out[i][X[i].length] = 1;
    }
    return out;
  }

  /** Trains the linear softmax classifier ({@code W} with a bias row) from zero weights. */
  public static Result linear(Spiral.Dataset data, Optimizer optimizer, int steps, double reg,
      int every, Progress progress) {
    long start = System.nanoTime();
    double[][] X = withBias(data.X());
    double[][] W = new double[X[0].length][data.classes()];
    Classifier classifier = points -> {
      double[][] Xb = withBias(points);
      int[] predicted = new int[Xb.length];
      for (int i = 0; i < Xb.length; i++) {
        double best = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < W[0].length; c++) {
          double s = 0;
          for (int d = 0; d < W.length; d++) {
            s += Xb[i][d] * W[d][c];
          }
          if (s > best) {
            best = s;
            predicted[i] = c;
          }
        }
      }
      return predicted;
    };
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      LinearClassifiersGrad.SoftmaxLossVectorized g =
          LinearClassifiersGrad.softmaxLossVectorized(W, X, data.y(), reg);
      losses[step] = g.value();
      optimizer.update(W, g.dW());
      if (progress != null && ((step + 1) % every == 0 || step + 1 == steps)) {
        progress.report(step + 1, steps, g.value(), accuracy(classifier, data.X(), data.y()),
            (System.nanoTime() - start) / 1e9);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result("linear softmax", losses, accuracy(classifier, data.X(), data.y()),
        classifier, seconds);
  }

  /**
   * Trains the two-layer net with {@code hidden} ReLU units, weights initialised to {@code 0.01}
   * standard normals and biases to zero, as in the notes.
   */
  public static Result twoLayer(Spiral.Dataset data, int hidden, Optimizer optimizer, int steps,
      double reg, long seed, int every, Progress progress) {
    long start = System.nanoTime();
    Random random = new Random(seed);
    int dim = data.X()[0].length;
    double[][] W1 = gaussian(random, dim, hidden, 0.01);
    double[] b1 = new double[hidden];
    double[][] W2 = gaussian(random, hidden, data.classes(), 0.01);
    double[] b2 = new double[data.classes()];
    Classifier classifier = points -> TwoLayerNet.predict(points, W1, b1, W2, b2);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      TwoLayerNetGrad.Loss g = TwoLayerNetGrad.loss(data.X(), data.y(), W1, b1, W2, b2, reg);
      losses[step] = g.value();
      optimizer.update(W1, g.dW1());
      optimizer.update(b1, g.db1());
      optimizer.update(W2, g.dW2());
      optimizer.update(b2, g.db2());
      if (progress != null && ((step + 1) % every == 0 || step + 1 == steps)) {
        progress.report(step + 1, steps, g.value(), accuracy(classifier, data.X(), data.y()),
            (System.nanoTime() - start) / 1e9);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result("two-layer net (H = " + hidden + ")", losses,
        accuracy(classifier, data.X(), data.y()), classifier, seconds);
  }

  private static double[][] gaussian(Random random, int rows, int cols, double scale) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * random.nextGaussian();
      }
    }
    return m;
  }
}
