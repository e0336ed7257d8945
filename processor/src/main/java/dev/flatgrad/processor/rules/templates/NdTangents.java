package dev.flatgrad.processor.rules.templates;

import dev.flatgrad.runtime.Nd;

/**
 * Tangent rules of dev.flatgrad.runtime.Nd, beside the adjoint rules of {@code NdRules}. Each is
 * written with Nd functions that have adjoint rules themselves, so that second derivatives can
 * reverse tangent code. Where a broadcast operand does not vary, the engine stretches the other
 * operand's tangent to the result's shape ({@code Nd.broadcast}, {@code Nd.fullLike}).
 */
@SuppressWarnings("unused")
final class NdTangents {

  private NdTangents() {}

  // ---------------------------------------------------------------- products

  @Tangent("Nd.dot")
  static double[][] dotMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(Nd.dot(aDot, b), Nd.dot(a, bDot));
  }

  @Tangent("Nd.dot")
  static double[] dotMV(double[][] a, double[] b, double[] out, double[][] aDot, double[] bDot) {
    return Nd.add(Nd.dot(aDot, b), Nd.dot(a, bDot));
  }

  @Tangent("Nd.dot")
  static double[] dotVM(double[] a, double[][] b, double[] out, double[] aDot, double[][] bDot) {
    return Nd.add(Nd.dot(aDot, b), Nd.dot(a, bDot));
  }

  @Tangent("Nd.dot")
  static double dotVV(double[] a, double[] b, double out, double[] aDot, double[] bDot) {
    return Nd.dot(aDot, b) + Nd.dot(a, bDot);
  }

  @Tangent("Nd.vdot")
  static double vdotMM(double[][] a, double[][] b, double out, double[][] aDot, double[][] bDot) {
    return Nd.vdot(aDot, b) + Nd.vdot(a, bDot);
  }

  @Tangent("Nd.transposeDot")
  static double[][] transposeDotMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(Nd.transposeDot(aDot, b), Nd.transposeDot(a, bDot));
  }

  @Tangent("Nd.transposeDot")
  static double[] transposeDotMV(double[][] a, double[] b, double[] out, double[][] aDot, double[] bDot) {
    return Nd.add(Nd.transposeDot(aDot, b), Nd.transposeDot(a, bDot));
  }

  @Tangent("Nd.dotTranspose")
  static double[][] dotTransposeMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(Nd.dotTranspose(aDot, b), Nd.dotTranspose(a, bDot));
  }

  @Tangent("Nd.outer")
  static double[][] outer(double[] a, double[] b, double[][] out, double[] aDot, double[] bDot) {
    return Nd.add(Nd.outer(aDot, b), Nd.outer(a, bDot));
  }

  @Tangent("Nd.transpose")
  static double[][] transpose(double[][] x, double[][] out, double[][] xDot) {
    return Nd.transpose(xDot);
  }

  // ---------------------------------------------------------------- shapes and copies

  @Tangent("Nd.col")
  static double[][] col(double[] x, double[][] out, double[] xDot) {
    return Nd.col(xDot);
  }

  @Tangent("Nd.flatten")
  static double[] flatten(double[][] x, double[] out, double[][] xDot) {
    return Nd.flatten(xDot);
  }

  @Tangent("Nd.copy")
  static double[] copyV(double[] x, double[] out, double[] xDot) {
    return Nd.copy(xDot);
  }

  @Tangent("Nd.copy")
  static double[][] copyM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.copy(xDot);
  }

  @Tangent("Nd.copyOf")
  static double[] copyOf(double[] x, int length, double[] out, double[] xDot) {
    return Nd.copyOf(xDot, length);
  }

  @Tangent("Nd.copyOfRange")
  static double[] copyOfRange(double[] x, int from, int to, double[] out, double[] xDot) {
    return Nd.copyOfRange(xDot, from, to);
  }

  @Tangent("Nd.pick")
  static double[] pick(double[][] m, int[] y, double[] out, double[][] mDot) {
    return Nd.pick(mDot, y);
  }

  @Tangent("Nd.broadcast")
  static double[][] broadcastMM(double[][] x, double[][] like, double[][] out, double[][] xDot) {
    return Nd.broadcast(xDot, like);
  }

  @Tangent("Nd.broadcast")
  static double[][] broadcastVM(double[] x, double[][] like, double[][] out, double[] xDot) {
    return Nd.broadcast(xDot, like);
  }

  @Tangent("Nd.broadcast")
  static double[] broadcastVV(double[] x, double[] like, double[] out, double[] xDot) {
    return Nd.broadcast(xDot, like);
  }

  // ---------------------------------------------------------------- broadcasting

  @Tangent("Nd.add")
  static double[][] addMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[][] subtractMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[][] multiplyMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[][] divideMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[][] maximumMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[][] minimumMM(double[][] a, double[][] b, double[][] out, double[][] aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[][] addMV(double[][] a, double[] b, double[][] out, double[][] aDot, double[] bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[][] subtractMV(double[][] a, double[] b, double[][] out, double[][] aDot, double[] bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[][] multiplyMV(double[][] a, double[] b, double[][] out, double[][] aDot, double[] bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[][] divideMV(double[][] a, double[] b, double[][] out, double[][] aDot, double[] bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[][] maximumMV(double[][] a, double[] b, double[][] out, double[][] aDot, double[] bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[][] minimumMV(double[][] a, double[] b, double[][] out, double[][] aDot, double[] bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[][] addVM(double[] a, double[][] b, double[][] out, double[] aDot, double[][] bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[][] subtractVM(double[] a, double[][] b, double[][] out, double[] aDot, double[][] bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[][] multiplyVM(double[] a, double[][] b, double[][] out, double[] aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[][] divideVM(double[] a, double[][] b, double[][] out, double[] aDot, double[][] bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[][] maximumVM(double[] a, double[][] b, double[][] out, double[] aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[][] minimumVM(double[] a, double[][] b, double[][] out, double[] aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[] addVV(double[] a, double[] b, double[] out, double[] aDot, double[] bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[] subtractVV(double[] a, double[] b, double[] out, double[] aDot, double[] bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[] multiplyVV(double[] a, double[] b, double[] out, double[] aDot, double[] bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[] divideVV(double[] a, double[] b, double[] out, double[] aDot, double[] bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[] maximumVV(double[] a, double[] b, double[] out, double[] aDot, double[] bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[] minimumVV(double[] a, double[] b, double[] out, double[] aDot, double[] bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[][] addMS(double[][] a, double b, double[][] out, double[][] aDot, double bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[][] subtractMS(double[][] a, double b, double[][] out, double[][] aDot, double bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[][] multiplyMS(double[][] a, double b, double[][] out, double[][] aDot, double bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[][] divideMS(double[][] a, double b, double[][] out, double[][] aDot, double bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[][] maximumMS(double[][] a, double b, double[][] out, double[][] aDot, double bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[][] minimumMS(double[][] a, double b, double[][] out, double[][] aDot, double bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[][] addSM(double a, double[][] b, double[][] out, double aDot, double[][] bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[][] subtractSM(double a, double[][] b, double[][] out, double aDot, double[][] bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[][] multiplySM(double a, double[][] b, double[][] out, double aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[][] divideSM(double a, double[][] b, double[][] out, double aDot, double[][] bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[][] maximumSM(double a, double[][] b, double[][] out, double aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[][] minimumSM(double a, double[][] b, double[][] out, double aDot, double[][] bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[] addVS(double[] a, double b, double[] out, double[] aDot, double bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[] subtractVS(double[] a, double b, double[] out, double[] aDot, double bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[] multiplyVS(double[] a, double b, double[] out, double[] aDot, double bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[] divideVS(double[] a, double b, double[] out, double[] aDot, double bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[] maximumVS(double[] a, double b, double[] out, double[] aDot, double bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[] minimumVS(double[] a, double b, double[] out, double[] aDot, double bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  @Tangent("Nd.add")
  static double[] addSV(double a, double[] b, double[] out, double aDot, double[] bDot) {
    return Nd.add(aDot, bDot);
  }

  @Tangent("Nd.subtract")
  static double[] subtractSV(double a, double[] b, double[] out, double aDot, double[] bDot) {
    return Nd.subtract(aDot, bDot);
  }

  @Tangent("Nd.multiply")
  static double[] multiplySV(double a, double[] b, double[] out, double aDot, double[] bDot) {
    return Nd.add(Nd.multiply(aDot, b), Nd.multiply(a, bDot));
  }

  @Tangent("Nd.divide")
  static double[] divideSV(double a, double[] b, double[] out, double aDot, double[] bDot) {
    return Nd.divide(Nd.subtract(aDot, Nd.multiply(out, bDot)), b);
  }

  @Tangent("Nd.maximum")
  static double[] maximumSV(double a, double[] b, double[] out, double aDot, double[] bDot) {
    return Nd.add(Nd.multiply(Nd.greaterEqual(a, b), aDot), Nd.multiply(Nd.greater(b, a), bDot));
  }

  @Tangent("Nd.minimum")
  static double[] minimumSV(double a, double[] b, double[] out, double aDot, double[] bDot) {
    return Nd.add(Nd.multiply(Nd.lessEqual(a, b), aDot), Nd.multiply(Nd.less(b, a), bDot));
  }

  // ---------------------------------------------------------------- elementwise functions

  @Tangent("Nd.exp")
  static double[] expV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(out, xDot);
  }

  @Tangent("Nd.log")
  static double[] logV(double[] x, double[] out, double[] xDot) {
    return Nd.divide(xDot, x);
  }

  @Tangent("Nd.sqrt")
  static double[] sqrtV(double[] x, double[] out, double[] xDot) {
    return Nd.divide(xDot, Nd.multiply(2.0, out));
  }

  @Tangent("Nd.square")
  static double[] squareV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(2.0, Nd.multiply(x, xDot));
  }

  @Tangent("Nd.abs")
  static double[] absV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(Nd.sign(x), xDot);
  }

  @Tangent("Nd.negative")
  static double[] negativeV(double[] x, double[] out, double[] xDot) {
    return Nd.negative(xDot);
  }

  @Tangent("Nd.tanh")
  static double[] tanhV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(Nd.subtract(1.0, Nd.square(out)), xDot);
  }

  @Tangent("Nd.sigmoid")
  static double[] sigmoidV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(Nd.multiply(out, Nd.subtract(1.0, out)), xDot);
  }

  @Tangent("Nd.relu")
  static double[] reluV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(Nd.greater(x, 0.0), xDot);
  }

  @Tangent("Nd.softmax")
  static double[] softmaxV(double[] x, double[] out, double[] xDot) {
    return Nd.multiply(out, Nd.subtract(xDot, Nd.dot(out, xDot)));
  }

  @Tangent("Nd.logSoftmax")
  static double[] logSoftmaxV(double[] x, double[] out, double[] xDot) {
    return Nd.subtract(xDot, Nd.dot(Nd.exp(out), xDot));
  }

  @Tangent("Nd.sum")
  static double sumV(double[] x, double out, double[] xDot) {
    return Nd.sum(xDot);
  }

  @Tangent("Nd.streamSum")
  static double streamSum(double[] terms, int count, double out, double[] termsDot) {
    return Nd.streamSum(termsDot, count);
  }

  @Tangent("Nd.streamAverage")
  static double streamAverage(double[] terms, int count, double out, double[] termsDot) {
    return Nd.streamAverage(termsDot, count);
  }

  @Tangent("Nd.mean")
  static double meanV(double[] x, double out, double[] xDot) {
    return Nd.mean(xDot);
  }

  @Tangent("Nd.max")
  static double maxV(double[] x, double out, double[] xDot) {
    return xDot[Nd.argmax(x)];
  }

  @Tangent("Nd.fullLike")
  static double[] fullLikeV(double[] x, double value, double[] out, double valueDot) {
    return Nd.fullLike(x, valueDot);
  }

  @Tangent("Nd.exp")
  static double[][] expM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(out, xDot);
  }

  @Tangent("Nd.log")
  static double[][] logM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.divide(xDot, x);
  }

  @Tangent("Nd.sqrt")
  static double[][] sqrtM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.divide(xDot, Nd.multiply(2.0, out));
  }

  @Tangent("Nd.square")
  static double[][] squareM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(2.0, Nd.multiply(x, xDot));
  }

  @Tangent("Nd.abs")
  static double[][] absM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(Nd.sign(x), xDot);
  }

  @Tangent("Nd.negative")
  static double[][] negativeM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.negative(xDot);
  }

  @Tangent("Nd.tanh")
  static double[][] tanhM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(Nd.subtract(1.0, Nd.square(out)), xDot);
  }

  @Tangent("Nd.sigmoid")
  static double[][] sigmoidM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(Nd.multiply(out, Nd.subtract(1.0, out)), xDot);
  }

  @Tangent("Nd.relu")
  static double[][] reluM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(Nd.greater(x, 0.0), xDot);
  }

  @Tangent("Nd.softmax")
  static double[][] softmaxM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.multiply(out, Nd.subtract(xDot, Nd.col(Nd.sum(Nd.multiply(out, xDot), 1))));
  }

  @Tangent("Nd.logSoftmax")
  static double[][] logSoftmaxM(double[][] x, double[][] out, double[][] xDot) {
    return Nd.subtract(xDot, Nd.col(Nd.sum(Nd.multiply(Nd.exp(out), xDot), 1)));
  }

  @Tangent("Nd.sum")
  static double sumM(double[][] x, double out, double[][] xDot) {
    return Nd.sum(xDot);
  }

  @Tangent("Nd.mean")
  static double meanM(double[][] x, double out, double[][] xDot) {
    return Nd.mean(xDot);
  }

  @Tangent("Nd.max")
  static double maxM(double[][] x, double out, double[][] xDot) {
    return Nd.flatten(xDot)[Nd.argmax(Nd.flatten(x))];
  }

  @Tangent("Nd.fullLike")
  static double[][] fullLikeM(double[][] x, double value, double[][] out, double valueDot) {
    return Nd.fullLike(x, valueDot);
  }

  @Tangent("Nd.sum")
  static double[] sumAxis(double[][] x, int axis, double[] out, double[][] xDot) {
    return Nd.sum(xDot, axis);
  }

  @Tangent("Nd.mean")
  static double[] meanAxis(double[][] x, int axis, double[] out, double[][] xDot) {
    return Nd.mean(xDot, axis);
  }

  /**
   * The tangent at each row's (axis 1) or column's (axis 0) first maximum, as maxBackward routes.
   * Down the columns through maxBackward's one-hot mask, not by picking from xDot's transpose:
   * the transpose of an (n, 0) matrix has no rows, and the H.v reversing it could not tell n.
   */
  @Tangent("Nd.max")
  static double[] maxAxis(double[][] x, int axis, double[] out, double[][] xDot) {
    return axis == 0 ? Nd.sum(Nd.multiply(xDot, Nd.maxBackward(Nd.fullLike(out, 1.0), x, 0)), 0)
        : Nd.pick(xDot, Nd.argmax(x, 1));
  }

  @Tangent("Nd.sigmoid")
  static double sigmoidS(double x, double out, double xDot) {
    return out * (1.0 - out) * xDot;
  }

  @Tangent("Nd.relu")
  static double reluS(double x, double out, double xDot) {
    return x > 0.0 ? xDot : 0.0;
  }
}
