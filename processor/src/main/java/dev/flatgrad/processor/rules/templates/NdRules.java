package dev.flatgrad.processor.rules.templates;

import dev.flatgrad.runtime.Nd;

/**
 * Adjoint rules of dev.flatgrad.runtime.Nd. Broadcasting is undone by summing the upstream
 * gradient over the broadcast axes ({@code Nd.sum(dout, 0)} for a bias, {@code Nd.unbroadcast}
 * between matrices). Elementwise ops with a cheap derivative use their output; the rest call the
 * runtime's {@code ...Backward} helpers, the functions a hand-written backward pass calls.
 */
@SuppressWarnings("unused")
final class NdRules {

  private NdRules() {}

  // ---------------------------------------------------------------- products

  @Rule("Nd.dot")
  static void dotMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.dotTranspose(dout, b);
    db = Nd.transposeDot(a, dout);
  }

  @Rule("Nd.dot")
  static void dotMV(double[][] a, double[] b, double[] out, double[] dout, double[][] da, double[] db) {
    da = Nd.outer(dout, b);
    db = Nd.transposeDot(a, dout);
  }

  @Rule("Nd.dot")
  static void dotVM(double[] a, double[][] b, double[] out, double[] dout, double[] da, double[][] db) {
    da = Nd.dot(b, dout);
    db = Nd.outer(a, dout);
  }

  @Rule("Nd.dot")
  static void dotVV(double[] a, double[] b, double out, double dout, double[] da, double[] db) {
    da = Nd.multiply(dout, b);
    db = Nd.multiply(dout, a);
  }

  @Rule("Nd.vdot")
  static void vdotMM(double[][] a, double[][] b, double out, double dout, double[][] da, double[][] db) {
    da = Nd.multiply(dout, b);
    db = Nd.multiply(dout, a);
  }

  @Rule("Nd.transposeDot")
  static void transposeDotMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.dotTranspose(b, dout);
    db = Nd.dot(a, dout);
  }

  @Rule("Nd.transposeDot")
  static void transposeDotMV(double[][] a, double[] b, double[] out, double[] dout, double[][] da, double[] db) {
    da = Nd.outer(b, dout);
    db = Nd.dot(a, dout);
  }

  @Rule("Nd.dotTranspose")
  static void dotTransposeMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.dot(dout, b);
    db = Nd.transposeDot(dout, a);
  }

  @Rule("Nd.outer")
  static void outer(double[] a, double[] b, double[][] out, double[][] dout, double[] da, double[] db) {
    da = Nd.dot(dout, b);
    db = Nd.transposeDot(dout, a);
  }

  @Rule("Nd.transpose")
  static void transpose(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.transpose(dout);
  }

  // ---------------------------------------------------------------- shapes and copies

  @Rule("Nd.col")
  static void col(double[] x, double[][] out, double[][] dout, double[] dx) {
    dx = Nd.flatten(dout);
  }

  @Rule("Nd.flatten")
  static void flatten(double[][] x, double[] out, double[] dout, double[][] dx) {
    dx = Nd.unflatten(dout, x);
  }

  @Rule("Nd.copy")
  static void copyV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = dout;
  }

  @Rule("Nd.copy")
  static void copyM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = dout;
  }

  /** The user's {@code Arrays.copyOf} of a double[]: the entries kept pass their gradient back. */
  @Rule("Nd.copyOf")
  static void copyOf(double[] x, int length, double[] out, double[] dout, double[] dx) {
    dx = Nd.copyOf(dout, x.length);
  }

  /** The user's {@code Arrays.copyOfRange} of a double[]. */
  @Rule("Nd.copyOfRange")
  static void copyOfRange(double[] x, int from, int to, double[] out, double[] dout, double[] dx) {
    dx = Nd.copyOfRangeBackward(dout, from, x);
  }

  @Rule("Nd.broadcast")
  static void broadcastMM(double[][] x, double[][] like, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.unbroadcast(dout, x);
  }

  @Rule("Nd.broadcast")
  static void broadcastVM(double[] x, double[][] like, double[][] out, double[][] dout, double[] dx) {
    dx = Nd.sum(dout, 0);
  }

  @Rule("Nd.broadcast")
  static void broadcastVV(double[] x, double[] like, double[] out, double[] dout, double[] dx) {
    dx = Nd.unbroadcast(dout, x);
  }

  @Rule("Nd.pick")
  static void pick(double[][] m, int[] y, double[] out, double[] dout, double[][] dm) {
    dm = Nd.pickBackward(dout, y, m);
  }

  // ---------------------------------------------------------------- broadcasting

  @Rule("Nd.add")
  static void addMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.unbroadcast(dout, a);
    db = Nd.unbroadcast(dout, b);
  }

  @Rule("Nd.subtract")
  static void subtractMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.unbroadcast(dout, a);
    db = Nd.negative(Nd.unbroadcast(dout, b));
  }

  @Rule("Nd.multiply")
  static void multiplyMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.unbroadcast(Nd.multiply(dout, b), a);
    db = Nd.unbroadcast(Nd.multiply(dout, a), b);
  }

  @Rule("Nd.divide")
  static void divideMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.unbroadcast(Nd.divide(dout, b), a);
    db = Nd.negative(Nd.unbroadcast(Nd.divide(Nd.multiply(dout, out), b), b));
  }

  @Rule("Nd.maximum")
  static void maximumMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.unbroadcast(Nd.multiply(dout, Nd.greaterEqual(a, b)), a);
    db = Nd.unbroadcast(Nd.multiply(dout, Nd.greater(b, a)), b);
  }

  @Rule("Nd.minimum")
  static void minimumMM(double[][] a, double[][] b, double[][] out, double[][] dout, double[][] da, double[][] db) {
    da = Nd.unbroadcast(Nd.multiply(dout, Nd.lessEqual(a, b)), a);
    db = Nd.unbroadcast(Nd.multiply(dout, Nd.less(b, a)), b);
  }

  @Rule("Nd.greater")
  static void greaterMM(double[][] a, double[][] b, double[][] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualMM(double[][] a, double[][] b, double[][] out) {}

  @Rule("Nd.less")
  static void lessMM(double[][] a, double[][] b, double[][] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualMM(double[][] a, double[][] b, double[][] out) {}

  @Rule("Nd.add")
  static void addMV(double[][] a, double[] b, double[][] out, double[][] dout, double[][] da, double[] db) {
    da = dout;
    db = Nd.sum(dout, 0);
  }

  @Rule("Nd.subtract")
  static void subtractMV(double[][] a, double[] b, double[][] out, double[][] dout, double[][] da, double[] db) {
    da = dout;
    db = Nd.negative(Nd.sum(dout, 0));
  }

  @Rule("Nd.multiply")
  static void multiplyMV(double[][] a, double[] b, double[][] out, double[][] dout, double[][] da, double[] db) {
    da = Nd.multiply(dout, b);
    db = Nd.sum(Nd.multiply(dout, a), 0);
  }

  @Rule("Nd.divide")
  static void divideMV(double[][] a, double[] b, double[][] out, double[][] dout, double[][] da, double[] db) {
    da = Nd.divide(dout, b);
    db = Nd.negative(Nd.sum(Nd.divide(Nd.multiply(dout, out), b), 0));
  }

  @Rule("Nd.maximum")
  static void maximumMV(double[][] a, double[] b, double[][] out, double[][] dout, double[][] da, double[] db) {
    da = Nd.multiply(dout, Nd.greaterEqual(a, b));
    db = Nd.sum(Nd.multiply(dout, Nd.greater(b, a)), 0);
  }

  @Rule("Nd.minimum")
  static void minimumMV(double[][] a, double[] b, double[][] out, double[][] dout, double[][] da, double[] db) {
    da = Nd.multiply(dout, Nd.lessEqual(a, b));
    db = Nd.sum(Nd.multiply(dout, Nd.less(b, a)), 0);
  }

  @Rule("Nd.greater")
  static void greaterMV(double[][] a, double[] b, double[][] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualMV(double[][] a, double[] b, double[][] out) {}

  @Rule("Nd.less")
  static void lessMV(double[][] a, double[] b, double[][] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualMV(double[][] a, double[] b, double[][] out) {}

  @Rule("Nd.add")
  static void addVM(double[] a, double[][] b, double[][] out, double[][] dout, double[] da, double[][] db) {
    da = Nd.sum(dout, 0);
    db = dout;
  }

  @Rule("Nd.subtract")
  static void subtractVM(double[] a, double[][] b, double[][] out, double[][] dout, double[] da, double[][] db) {
    da = Nd.sum(dout, 0);
    db = Nd.negative(dout);
  }

  @Rule("Nd.multiply")
  static void multiplyVM(double[] a, double[][] b, double[][] out, double[][] dout, double[] da, double[][] db) {
    da = Nd.sum(Nd.multiply(dout, b), 0);
    db = Nd.multiply(dout, a);
  }

  @Rule("Nd.divide")
  static void divideVM(double[] a, double[][] b, double[][] out, double[][] dout, double[] da, double[][] db) {
    da = Nd.sum(Nd.divide(dout, b), 0);
    db = Nd.negative(Nd.divide(Nd.multiply(dout, out), b));
  }

  @Rule("Nd.maximum")
  static void maximumVM(double[] a, double[][] b, double[][] out, double[][] dout, double[] da, double[][] db) {
    da = Nd.sum(Nd.multiply(dout, Nd.greaterEqual(a, b)), 0);
    db = Nd.multiply(dout, Nd.greater(b, a));
  }

  @Rule("Nd.minimum")
  static void minimumVM(double[] a, double[][] b, double[][] out, double[][] dout, double[] da, double[][] db) {
    da = Nd.sum(Nd.multiply(dout, Nd.lessEqual(a, b)), 0);
    db = Nd.multiply(dout, Nd.less(b, a));
  }

  @Rule("Nd.greater")
  static void greaterVM(double[] a, double[][] b, double[][] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualVM(double[] a, double[][] b, double[][] out) {}

  @Rule("Nd.less")
  static void lessVM(double[] a, double[][] b, double[][] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualVM(double[] a, double[][] b, double[][] out) {}

  @Rule("Nd.add")
  static void addVV(double[] a, double[] b, double[] out, double[] dout, double[] da, double[] db) {
    da = dout;
    db = dout;
  }

  @Rule("Nd.subtract")
  static void subtractVV(double[] a, double[] b, double[] out, double[] dout, double[] da, double[] db) {
    da = dout;
    db = Nd.negative(dout);
  }

  @Rule("Nd.multiply")
  static void multiplyVV(double[] a, double[] b, double[] out, double[] dout, double[] da, double[] db) {
    da = Nd.multiply(dout, b);
    db = Nd.multiply(dout, a);
  }

  @Rule("Nd.divide")
  static void divideVV(double[] a, double[] b, double[] out, double[] dout, double[] da, double[] db) {
    da = Nd.divide(dout, b);
    db = Nd.negative(Nd.divide(Nd.multiply(dout, out), b));
  }

  @Rule("Nd.maximum")
  static void maximumVV(double[] a, double[] b, double[] out, double[] dout, double[] da, double[] db) {
    da = Nd.multiply(dout, Nd.greaterEqual(a, b));
    db = Nd.multiply(dout, Nd.greater(b, a));
  }

  @Rule("Nd.minimum")
  static void minimumVV(double[] a, double[] b, double[] out, double[] dout, double[] da, double[] db) {
    da = Nd.multiply(dout, Nd.lessEqual(a, b));
    db = Nd.multiply(dout, Nd.less(b, a));
  }

  @Rule("Nd.greater")
  static void greaterVV(double[] a, double[] b, double[] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualVV(double[] a, double[] b, double[] out) {}

  @Rule("Nd.less")
  static void lessVV(double[] a, double[] b, double[] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualVV(double[] a, double[] b, double[] out) {}

  @Rule("Nd.add")
  static void addMS(double[][] a, double b, double[][] out, double[][] dout, double[][] da, double db) {
    da = dout;
    db = Nd.sum(dout);
  }

  @Rule("Nd.subtract")
  static void subtractMS(double[][] a, double b, double[][] out, double[][] dout, double[][] da, double db) {
    da = dout;
    db = -Nd.sum(dout);
  }

  @Rule("Nd.multiply")
  static void multiplyMS(double[][] a, double b, double[][] out, double[][] dout, double[][] da, double db) {
    da = Nd.multiply(dout, b);
    db = Nd.sum(Nd.multiply(dout, a));
  }

  @Rule("Nd.divide")
  static void divideMS(double[][] a, double b, double[][] out, double[][] dout, double[][] da, double db) {
    da = Nd.divide(dout, b);
    db = -Nd.sum(Nd.divide(Nd.multiply(dout, out), b));
  }

  @Rule("Nd.maximum")
  static void maximumMS(double[][] a, double b, double[][] out, double[][] dout, double[][] da, double db) {
    da = Nd.multiply(dout, Nd.greaterEqual(a, b));
    db = Nd.sum(Nd.multiply(dout, Nd.greater(b, a)));
  }

  @Rule("Nd.minimum")
  static void minimumMS(double[][] a, double b, double[][] out, double[][] dout, double[][] da, double db) {
    da = Nd.multiply(dout, Nd.lessEqual(a, b));
    db = Nd.sum(Nd.multiply(dout, Nd.less(b, a)));
  }

  @Rule("Nd.greater")
  static void greaterMS(double[][] a, double b, double[][] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualMS(double[][] a, double b, double[][] out) {}

  @Rule("Nd.less")
  static void lessMS(double[][] a, double b, double[][] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualMS(double[][] a, double b, double[][] out) {}

  @Rule("Nd.add")
  static void addSM(double a, double[][] b, double[][] out, double[][] dout, double da, double[][] db) {
    da = Nd.sum(dout);
    db = dout;
  }

  @Rule("Nd.subtract")
  static void subtractSM(double a, double[][] b, double[][] out, double[][] dout, double da, double[][] db) {
    da = Nd.sum(dout);
    db = Nd.negative(dout);
  }

  @Rule("Nd.multiply")
  static void multiplySM(double a, double[][] b, double[][] out, double[][] dout, double da, double[][] db) {
    da = Nd.sum(Nd.multiply(dout, b));
    db = Nd.multiply(dout, a);
  }

  @Rule("Nd.divide")
  static void divideSM(double a, double[][] b, double[][] out, double[][] dout, double da, double[][] db) {
    da = Nd.sum(Nd.divide(dout, b));
    db = Nd.negative(Nd.divide(Nd.multiply(dout, out), b));
  }

  @Rule("Nd.maximum")
  static void maximumSM(double a, double[][] b, double[][] out, double[][] dout, double da, double[][] db) {
    da = Nd.sum(Nd.multiply(dout, Nd.greaterEqual(a, b)));
    db = Nd.multiply(dout, Nd.greater(b, a));
  }

  @Rule("Nd.minimum")
  static void minimumSM(double a, double[][] b, double[][] out, double[][] dout, double da, double[][] db) {
    da = Nd.sum(Nd.multiply(dout, Nd.lessEqual(a, b)));
    db = Nd.multiply(dout, Nd.less(b, a));
  }

  @Rule("Nd.greater")
  static void greaterSM(double a, double[][] b, double[][] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualSM(double a, double[][] b, double[][] out) {}

  @Rule("Nd.less")
  static void lessSM(double a, double[][] b, double[][] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualSM(double a, double[][] b, double[][] out) {}

  @Rule("Nd.add")
  static void addVS(double[] a, double b, double[] out, double[] dout, double[] da, double db) {
    da = dout;
    db = Nd.sum(dout);
  }

  @Rule("Nd.subtract")
  static void subtractVS(double[] a, double b, double[] out, double[] dout, double[] da, double db) {
    da = dout;
    db = -Nd.sum(dout);
  }

  @Rule("Nd.multiply")
  static void multiplyVS(double[] a, double b, double[] out, double[] dout, double[] da, double db) {
    da = Nd.multiply(dout, b);
    db = Nd.sum(Nd.multiply(dout, a));
  }

  @Rule("Nd.divide")
  static void divideVS(double[] a, double b, double[] out, double[] dout, double[] da, double db) {
    da = Nd.divide(dout, b);
    db = -Nd.sum(Nd.divide(Nd.multiply(dout, out), b));
  }

  @Rule("Nd.maximum")
  static void maximumVS(double[] a, double b, double[] out, double[] dout, double[] da, double db) {
    da = Nd.multiply(dout, Nd.greaterEqual(a, b));
    db = Nd.sum(Nd.multiply(dout, Nd.greater(b, a)));
  }

  @Rule("Nd.minimum")
  static void minimumVS(double[] a, double b, double[] out, double[] dout, double[] da, double db) {
    da = Nd.multiply(dout, Nd.lessEqual(a, b));
    db = Nd.sum(Nd.multiply(dout, Nd.less(b, a)));
  }

  @Rule("Nd.greater")
  static void greaterVS(double[] a, double b, double[] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualVS(double[] a, double b, double[] out) {}

  @Rule("Nd.less")
  static void lessVS(double[] a, double b, double[] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualVS(double[] a, double b, double[] out) {}

  @Rule("Nd.add")
  static void addSV(double a, double[] b, double[] out, double[] dout, double da, double[] db) {
    da = Nd.sum(dout);
    db = dout;
  }

  @Rule("Nd.subtract")
  static void subtractSV(double a, double[] b, double[] out, double[] dout, double da, double[] db) {
    da = Nd.sum(dout);
    db = Nd.negative(dout);
  }

  @Rule("Nd.multiply")
  static void multiplySV(double a, double[] b, double[] out, double[] dout, double da, double[] db) {
    da = Nd.sum(Nd.multiply(dout, b));
    db = Nd.multiply(dout, a);
  }

  @Rule("Nd.divide")
  static void divideSV(double a, double[] b, double[] out, double[] dout, double da, double[] db) {
    da = Nd.sum(Nd.divide(dout, b));
    db = Nd.negative(Nd.divide(Nd.multiply(dout, out), b));
  }

  @Rule("Nd.maximum")
  static void maximumSV(double a, double[] b, double[] out, double[] dout, double da, double[] db) {
    da = Nd.sum(Nd.multiply(dout, Nd.greaterEqual(a, b)));
    db = Nd.multiply(dout, Nd.greater(b, a));
  }

  @Rule("Nd.minimum")
  static void minimumSV(double a, double[] b, double[] out, double[] dout, double da, double[] db) {
    da = Nd.sum(Nd.multiply(dout, Nd.lessEqual(a, b)));
    db = Nd.multiply(dout, Nd.less(b, a));
  }

  @Rule("Nd.greater")
  static void greaterSV(double a, double[] b, double[] out) {}

  @Rule("Nd.greaterEqual")
  static void greaterEqualSV(double a, double[] b, double[] out) {}

  @Rule("Nd.less")
  static void lessSV(double a, double[] b, double[] out) {}

  @Rule("Nd.lessEqual")
  static void lessEqualSV(double a, double[] b, double[] out) {}

  @Rule("Nd.exp")
  static void expV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.multiply(dout, out);
  }

  @Rule("Nd.log")
  static void logV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.divide(dout, x);
  }

  @Rule("Nd.sqrt")
  static void sqrtV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.divide(dout, Nd.multiply(2.0, out));
  }

  @Rule("Nd.square")
  static void squareV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.multiply(2.0, Nd.multiply(dout, x));
  }

  @Rule("Nd.abs")
  static void absV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.multiply(dout, Nd.sign(x));
  }

  @Rule("Nd.negative")
  static void negativeV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.negative(dout);
  }

  @Rule("Nd.tanh")
  static void tanhV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.tanhBackward(dout, out);
  }

  @Rule("Nd.sigmoid")
  static void sigmoidV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.sigmoidBackward(dout, out);
  }

  @Rule("Nd.relu")
  static void reluV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.multiply(dout, Nd.greater(x, 0.0));
  }

  @Rule("Nd.softmax")
  static void softmaxV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.softmaxBackward(dout, out);
  }

  @Rule("Nd.logSoftmax")
  static void logSoftmaxV(double[] x, double[] out, double[] dout, double[] dx) {
    dx = Nd.logSoftmaxBackward(dout, out);
  }

  @Rule("Nd.sign")
  static void signV(double[] x, double[] out) {}

  @Rule("Nd.sum")
  static void sumV(double[] x, double out, double dout, double[] dx) {
    dx = Nd.sumBackward(dout, x);
  }

  /** The user's {@code DoubleStream.sum()} of the first {@code count} terms gathered. */
  @Rule("Nd.streamSum")
  static void streamSum(double[] terms, int count, double out, double dout, double[] dterms) {
    dterms = Nd.streamSumBackward(dout, count, terms);
  }

  /** The user's {@code DoubleStream.average()} of the first {@code count} terms gathered. */
  @Rule("Nd.streamAverage")
  static void streamAverage(double[] terms, int count, double out, double dout, double[] dterms) {
    dterms = Nd.streamAverageBackward(dout, count, terms);
  }

  @Rule("Nd.mean")
  static void meanV(double[] x, double out, double dout, double[] dx) {
    dx = Nd.meanBackward(dout, x);
  }

  @Rule("Nd.max")
  static void maxV(double[] x, double out, double dout, double[] dx) {
    dx = Nd.maxBackward(dout, x);
  }

  @Rule("Nd.fullLike")
  static void fullLikeV(double[] x, double value, double[] out, double[] dout, double dvalue) {
    dvalue = Nd.sum(dout);
  }

  @Rule("Nd.zerosLike")
  static void zerosLikeV(double[] x, double[] out) {}

  @Rule("Nd.onesLike")
  static void onesLikeV(double[] x, double[] out) {}

  @Rule("Nd.exp")
  static void expM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.multiply(dout, out);
  }

  @Rule("Nd.log")
  static void logM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.divide(dout, x);
  }

  @Rule("Nd.sqrt")
  static void sqrtM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.divide(dout, Nd.multiply(2.0, out));
  }

  @Rule("Nd.square")
  static void squareM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.multiply(2.0, Nd.multiply(dout, x));
  }

  @Rule("Nd.abs")
  static void absM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.multiply(dout, Nd.sign(x));
  }

  @Rule("Nd.negative")
  static void negativeM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.negative(dout);
  }

  @Rule("Nd.tanh")
  static void tanhM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.tanhBackward(dout, out);
  }

  @Rule("Nd.sigmoid")
  static void sigmoidM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.sigmoidBackward(dout, out);
  }

  @Rule("Nd.relu")
  static void reluM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.multiply(dout, Nd.greater(x, 0.0));
  }

  @Rule("Nd.softmax")
  static void softmaxM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.softmaxBackward(dout, out);
  }

  @Rule("Nd.logSoftmax")
  static void logSoftmaxM(double[][] x, double[][] out, double[][] dout, double[][] dx) {
    dx = Nd.logSoftmaxBackward(dout, out);
  }

  @Rule("Nd.sign")
  static void signM(double[][] x, double[][] out) {}

  @Rule("Nd.sum")
  static void sumM(double[][] x, double out, double dout, double[][] dx) {
    dx = Nd.sumBackward(dout, x);
  }

  @Rule("Nd.mean")
  static void meanM(double[][] x, double out, double dout, double[][] dx) {
    dx = Nd.meanBackward(dout, x);
  }

  @Rule("Nd.max")
  static void maxM(double[][] x, double out, double dout, double[][] dx) {
    dx = Nd.maxBackward(dout, x);
  }

  @Rule("Nd.fullLike")
  static void fullLikeM(double[][] x, double value, double[][] out, double[][] dout, double dvalue) {
    dvalue = Nd.sum(dout);
  }

  @Rule("Nd.zerosLike")
  static void zerosLikeM(double[][] x, double[][] out) {}

  @Rule("Nd.onesLike")
  static void onesLikeM(double[][] x, double[][] out) {}

  @Rule("Nd.sum")
  static void sumAxis(double[][] x, int axis, double[] out, double[] dout, double[][] dx) {
    dx = Nd.sumBackward(dout, axis, x);
  }

  @Rule("Nd.mean")
  static void meanAxis(double[][] x, int axis, double[] out, double[] dout, double[][] dx) {
    dx = Nd.meanBackward(dout, axis, x);
  }

  @Rule("Nd.max")
  static void maxAxis(double[][] x, int axis, double[] out, double[] dout, double[][] dx) {
    dx = Nd.maxBackward(dout, x, axis);
  }

  @Rule("Nd.zeros")
  static void zerosV(int n, double[] out) {}

  @Rule("Nd.zeros")
  static void zerosM(int rows, int cols, double[][] out) {}

  @Rule("Nd.ones")
  static void onesV(int n, double[] out) {}

  @Rule("Nd.ones")
  static void onesM(int rows, int cols, double[][] out) {}

  @Rule("Nd.oneHot")
  static void oneHot(int[] y, int classes, double[][] out) {}

  @Rule("Nd.sigmoid")
  static void sigmoidS(double x, double out, double dout, double dx) {
    dx = dout * (1.0 - out) * out;
  }

  @Rule("Nd.relu")
  static void reluS(double x, double out, double dout, double dx) {
    dx = x > 0.0 ? dout : 0.0;
  }
}
