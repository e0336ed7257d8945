package dev.flatgrad.examples.layers;

import dev.flatgrad.annotations.CustomGradient;
import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

/**
 * The assignment's layers, forward passes only: flatgrad generates each backward pass into
 * {@code LayersGrad}. A layer returning an array gets a generated method with a trailing {@code
 * dout}, the upstream gradient, returning the output and the gradients of its inputs; the two
 * losses return a number, the loss, and get the gradient of their scores.
 *
 * <p>Shapes: {@code x} {@code (N, D)} inputs (one sample per row), {@code w} {@code (D, M)}, {@code
 * b} {@code (M)}, scores {@code (N, C)}, labels {@code y} in {@code 0 .. C-1}.
 */
public final class Layers {

  private Layers() {}

  /** The affine (fully-connected) layer {@code x·w + b}, {@code affine_forward}. */
  @Differentiable
  public static double[][] affine(double[][] x, double[][] w, double[] b) {
    return Nd.add(Nd.dot(x, w), b);
  }

  /** The rectified linear unit {@code max(0, x)}, {@code relu_forward}. */
  @Differentiable
  public static double[][] relu(double[][] x) {
    return Nd.maximum(0.0, x);
  }

  /** An affine layer followed by a ReLU, {@code affine_relu_forward}: a layer made of layers. */
  @Differentiable
  public static double[][] affineRelu(double[][] x, double[][] w, double[] b) {
    double[][] a = affine(x, w, b);
    return relu(a);
  }

  /**
   * The softmax (cross-entropy) loss of scores {@code x} for labels {@code y}, averaged over the
   * samples, {@code softmax_loss}.
   */
  @Differentiable
  public static double softmaxLoss(double[][] x, int[] y) {
    int n = x.length;
    double[][] logProbs = Nd.logSoftmax(x);
    return -Nd.sum(Nd.pick(logProbs, y)) / n;
  }

  /**
   * The multiclass SVM (hinge) loss of scores {@code x} for labels {@code y} with margin 1,
   * averaged over the samples, {@code svm_loss}.
   */
  @Differentiable
  public static double svmLoss(double[][] x, int[] y) {
    int n = x.length;
    double[] correctClassScores = Nd.pick(x, y);
    double[][] notCorrect = Nd.subtract(1.0, Nd.oneHot(y, x[0].length));
    double[][] margins = Nd.multiply(
        Nd.maximum(0.0, Nd.add(Nd.subtract(x, Nd.col(correctClassScores)), 1.0)), notCorrect);
    return Nd.sum(margins) / n;
  }

  /**
   * The softplus activation {@code log(1 + e^x)}, a smooth ReLU, computed as {@code max(x, 0) +
   * log1p(e^-|x|)} so that it neither overflows for large {@code x} nor loses its digits for
   * very negative {@code x}. flatgrad does not derive its gradient: {@link #softplusGrad} gives
   * it.
   */
  public static double[][] softplus(double[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        out[i][j] = Math.max(x[i][j], 0) + Math.log1p(Math.exp(-Math.abs(x[i][j])));
      }
    }
    return out;
  }

  /**
   * The hand-written gradient of {@link #softplus}: {@code dout * sigmoid(x)}, with {@link
   * Nd#sigmoid(double[][])}, which does not overflow. The derivative of the body, {@code e^-|x|
   * / (1 + e^-|x|)} with the sign of {@code x} and the kink of {@code max} and {@code abs} at 0,
   * is correct but needs several gates where this needs one.
   */
  @CustomGradient(of = "softplus")
  public static double[][] softplusGrad(double[][] x, double[][] out, double[][] dout) {
    return Nd.multiply(dout, Nd.sigmoid(x));
  }

  /** An affine layer followed by a softplus: a layer using a hand-written gradient. */
  @Differentiable
  public static double[][] affineSoftplus(double[][] x, double[][] w, double[] b) {
    double[][] a = affine(x, w, b);
    return softplus(a);
  }
}
