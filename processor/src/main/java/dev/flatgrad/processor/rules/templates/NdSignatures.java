package dev.flatgrad.processor.rules.templates;

import dev.flatgrad.runtime.Nd;

/**
 * {@link Nd} functions the rules call in backward code (and users may call on inactive values)
 * but that have no adjoint rule themselves: the backward helpers, and argmax. (The import says
 * which {@code Nd} the signatures are of.)
 */
@SuppressWarnings("unused")
final class NdSignatures {

  private NdSignatures() {}

  @Signature("Nd.unbroadcast")
  static void unbroadcast(double[][] g, double[][] like, double[][] out) {}

  @Signature("Nd.unbroadcast")
  static void unbroadcast2(double[] g, double[] like, double[] out) {}

  @Signature("Nd.unbroadcast")
  static void unbroadcast3(double[][] g, double[] like, double[] out) {}

  @Signature("Nd.sumBackward")
  static void sumBackward(double dout, double[] like, double[] out) {}

  @Signature("Nd.sumBackward")
  static void sumBackward2(double dout, double[][] like, double[][] out) {}

  @Signature("Nd.sumBackward")
  static void sumBackward3(double[] dout, int axis, double[][] like, double[][] out) {}

  @Signature("Nd.streamSumBackward")
  static void streamSumBackward(double dout, int count, double[] terms, double[] out) {}

  @Signature("Nd.streamAverageBackward")
  static void streamAverageBackward(double dout, int count, double[] terms, double[] out) {}

  @Signature("Nd.meanBackward")
  static void meanBackward(double dout, double[] like, double[] out) {}

  @Signature("Nd.meanBackward")
  static void meanBackward2(double dout, double[][] like, double[][] out) {}

  @Signature("Nd.meanBackward")
  static void meanBackward3(double[] dout, int axis, double[][] like, double[][] out) {}

  @Signature("Nd.maxBackward")
  static void maxBackward(double dout, double[] x, double[] out) {}

  @Signature("Nd.maxBackward")
  static void maxBackward2(double dout, double[][] x, double[][] out) {}

  @Signature("Nd.maxBackward")
  static void maxBackward3(double[] dout, double[][] x, int axis, double[][] out) {}

  @Signature("Nd.copyOfRangeBackward")
  static void copyOfRangeBackward(double[] dout, int from, double[] x, double[] out) {}

  @Signature("Nd.pickBackward")
  static void pickBackward(double[] dout, int[] y, double[][] like, double[][] out) {}

  @Signature("Nd.softmaxBackward")
  static void softmaxBackward(double[] dout, double[] y, double[] out) {}

  @Signature("Nd.softmaxBackward")
  static void softmaxBackward2(double[][] dout, double[][] y, double[][] out) {}

  @Signature("Nd.logSoftmaxBackward")
  static void logSoftmaxBackward(double[] dout, double[] y, double[] out) {}

  @Signature("Nd.logSoftmaxBackward")
  static void logSoftmaxBackward2(double[][] dout, double[][] y, double[][] out) {}

  @Signature("Nd.sigmoidBackward")
  static void sigmoidBackward(double dout, double y, double out) {}

  @Signature("Nd.sigmoidBackward")
  static void sigmoidBackward2(double[] dout, double[] y, double[] out) {}

  @Signature("Nd.sigmoidBackward")
  static void sigmoidBackward3(double[][] dout, double[][] y, double[][] out) {}

  @Signature("Nd.tanhBackward")
  static void tanhBackward(double dout, double y, double out) {}

  @Signature("Nd.tanhBackward")
  static void tanhBackward2(double[] dout, double[] y, double[] out) {}

  @Signature("Nd.tanhBackward")
  static void tanhBackward3(double[][] dout, double[][] y, double[][] out) {}

  @Signature("Nd.unflatten")
  static void unflatten(double[] v, double[][] like, double[][] out) {}

  @Signature("Nd.argmax")
  static void argmax(double[] x, int out) {}

  @Signature("Nd.argmax")
  static void argmax2(double[][] m, int axis, int[] out) {}
}
