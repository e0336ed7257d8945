package dev.flatgrad.examples.layers;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;
import java.util.Random;

/**
 * A fully-connected net of any depth, the assignment's {@code FullyConnectedNet}: {@code L - 1}
 * hidden layers {@code affine - relu}, then {@code affine - softmax}, plus L2 regularisation
 * {@code reg * sum(W²)} over every weight matrix. Built from {@link Layers}; flatgrad generates
 * its backward pass, which calls the layers' generated backward passes in reverse order.
 *
 * <p>The weights of layer {@code l} are {@code Ws[l]} {@code (D_l, D_l+1)} and its biases {@code
 * bs[l]} {@code (D_l+1)}: a stack of matrices of different shapes and a stack of vectors of
 * different lengths, with gradients {@code dWs} and {@code dbs} of the same shapes.
 *
 * <p>Like the assignment's class, a net holds its hyper-parameter, {@code reg}, in a field;
 * {@link #loss} is an instance method and its generated form takes the net first: {@code
 * FullyConnectedNetGrad.loss(net, X, y, Ws, bs)}.
 */
public final class FullyConnectedNet {
  // Package-private, not private: the generated FullyConnectedNetGrad reads it from the object.
  final double reg;

  /** A net regularised with strength {@code reg}. */
  public FullyConnectedNet(double reg) {
    this.reg = reg;
  }

  /** The regularisation strength. */
  public double reg() {
    return reg;
  }

  /** The regularised softmax loss of the net with weights {@code Ws}, {@code bs} on a batch. */
  @Differentiable(wrt = {"Ws", "bs"})
  public double loss(double[][] X, int[] y, double[][][] Ws, double[][] bs) {
    int layers = Ws.length;
    double[][] h = X;
    for (int l = 0; l < layers - 1; l++) {
      h = Layers.affineRelu(h, Ws[l], bs[l]);
    }
    double[][] scores = Layers.affine(h, Ws[layers - 1], bs[layers - 1]);
    double loss = Layers.softmaxLoss(scores, y);
    for (int l = 0; l < layers; l++) {
      loss += reg * Nd.sum(Nd.square(Ws[l]));
    }
    return loss;
  }

  /** The class scores of each row of {@code X}. */
  public static double[][] scores(double[][] X, double[][][] Ws, double[][] bs) {
    double[][] h = X;
    for (int l = 0; l < Ws.length - 1; l++) {
      h = Layers.relu(Layers.affine(h, Ws[l], bs[l]));
    }
    return Layers.affine(h, Ws[Ws.length - 1], bs[Ws.length - 1]);
  }

  /** The predicted class of each row of {@code X}: the argmax of its scores. */
  public static int[] predict(double[][] X, double[][][] Ws, double[][] bs) {
    return Nd.argmax(scores(X, Ws, bs), 1);
  }

  /**
   * The weights of a net with layer sizes {@code dims} ({@code D, H1, ..., C}): standard normals
   * times {@code scale}, as in the assignment (the biases start at {@link #zeroBiases}).
   */
  public static double[][][] initWeights(int[] dims, double scale, long seed) {
    Random random = new Random(seed);
    double[][][] Ws = new double[dims.length - 1][][];
    for (int l = 0; l < Ws.length; l++) {
      Ws[l] = new double[dims[l]][dims[l + 1]];
      for (double[] row : Ws[l]) {
        for (int j = 0; j < row.length; j++) {
          row[j] = scale * random.nextGaussian();
        }
      }
    }
    return Ws;
  }

  /** Zero biases for a net with layer sizes {@code dims}. */
  public static double[][] zeroBiases(int[] dims) {
    double[][] bs = new double[dims.length - 1][];
    for (int l = 0; l < bs.length; l++) {
      bs[l] = new double[dims[l + 1]];
    }
    return bs;
  }
}
