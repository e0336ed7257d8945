package dev.flatgrad.benchmarks;

import dev.flatgrad.runtime.DoubleStack;
import dev.flatgrad.runtime.Nd;

/**
 * Copies of generated methods (from target/generated-sources) with ONE change each, to measure
 * what a pattern in the generated code costs. Each says which generated line it changes. Not
 * flatgrad's output: evidence for the generator's authors. {@link Check} verifies each still
 * computes the generated method's result.
 */
public final class Probes {
  private Probes() {}

  /**
   * {@code NetsGrad.softmax} without the gradient through the stabilising max: the generated
   * lines {@code dcol = Nd.negative(Nd.unbroadcast(dshifted, col))} and {@code dscores =
   * Nd.add(dscores, Nd.maxBackward(Nd.flatten(dcol), scores, 1))} are dropped. Their
   * contribution is zero up to rounding (softmax is shift-invariant), which is why the
   * hand-written solution never computes it.
   */
  public static NetsGrad.Softmax softmaxWithoutMaxGradient(double[][] W, double[][] X, int[] y,
      double reg) {
    int n = X.length;
    double[][] scores = Nd.dot(X, W);
    double[][] col = Nd.col(Nd.max(scores, 1));
    double[][] shifted = Nd.subtract(scores, col);
    double[][] exp = Nd.exp(shifted);
    double[] sum = Nd.sum(exp, 1);
    double[] logSumExp = Nd.log(sum);
    double loss = Nd.sum(Nd.subtract(logSumExp, Nd.pick(shifted, y))) / n;
    double out = loss + reg * Nd.sum(Nd.square(W));
    double[][] dW = Nd.multiply(2.0 * reg, W);
    double[] dsubtract = Nd.sumBackward(1.0 / n, logSumExp);
    double[] dlogSumExp = dsubtract;
    double[][] dshifted = Nd.pickBackward(Nd.negative(dsubtract), y, shifted);
    double[] dsum = Nd.divide(dlogSumExp, sum);
    double[][] dexp = Nd.sumBackward(dsum, 1, exp);
    Nd.addInPlace(dshifted, Nd.multiply(dexp, exp));
    double[][] dscores = Nd.unbroadcast(dshifted, scores);
    Nd.addInPlace(dW, Nd.transposeDot(X, dscores));
    return new NetsGrad.Softmax(out, dW);
  }

  /**
   * {@code LoopsGrad.rnn} with a stack sized once per call, {@code new DoubleStack(x.length)},
   * instead of the generated {@code DoubleStack.borrow()} from the per-thread pool (before commit
   * 25f3118 the generator emitted {@code new DoubleStack()}, which grew from 16 on every call).
   */
  public static LoopsGrad.Rnn rnnPresizedStack(double w, double u, double[] x) {
    DoubleStack hStack = new DoubleStack(x.length);
    double h = 0.0;
    for (int t = 0; t < x.length; t++) {
      hStack.push(h);
      h = Math.tanh(w * h + u * x[t]);
    }
    double value = h;
    double dw = 0.0;
    double dh = 1.0;
    double du = 0.0;
    for (int t = x.length - 1; t >= 0; t--) {
      double dsum = dh * (1.0 - h * h);
      h = hStack.pop();
      dw += dsum * h;
      du += dsum * x[t];
      dh = dsum * w;
    }
    return new LoopsGrad.Rnn(value, dw, du);
  }

  /** {@code LoopsGrad.rnn} with the states in an array indexed by the trip, as the hand-written gradient keeps them. */
  public static LoopsGrad.Rnn rnnArrayTape(double w, double u, double[] x) {
    double[] hTape = new double[x.length];
    double h = 0.0;
    for (int t = 0; t < x.length; t++) {
      hTape[t] = h;
      h = Math.tanh(w * h + u * x[t]);
    }
    double value = h;
    double dw = 0.0;
    double dh = 1.0;
    double du = 0.0;
    for (int t = x.length - 1; t >= 0; t--) {
      double dsum = dh * (1.0 - h * h);
      h = hTape[t];
      dw += dsum * h;
      du += dsum * x[t];
      dh = dsum * w;
    }
    return new LoopsGrad.Rnn(value, dw, du);
  }

  /** {@code LoopsGrad.horner} with the states in an array indexed by the trip. */
  public static LoopsGrad.Horner hornerArrayTape(double x, double[] c) {
    double[] sTape = new double[c.length];
    double s = 0.0;
    for (int i = c.length - 1; i >= 0; i--) {
      sTape[i] = s;
      s = s * x + c[i];
    }
    double value = s;
    double[] dc = new double[c.length];
    double ds = 1.0;
    double dx = 0.0;
    for (int i = 0; i < c.length; i++) {
      s = sTape[i];
      dx += ds * s;
      dc[i] += ds;
      ds = ds * x;
    }
    return new LoopsGrad.Horner(value, dx, dc);
  }

  /** {@code LoopsGrad.horner} storing {@code dc[i] = ds} (each entry written once) for {@code dc[i] += ds}. */
  public static LoopsGrad.Horner hornerStore(double x, double[] c) {
    DoubleStack sStack = DoubleStack.borrow();
    double s = 0.0;
    for (int i = c.length - 1; i >= 0; i--) {
      sStack.push(s);
      s = s * x + c[i];
    }
    double value = s;
    double[] dc = new double[c.length];
    double ds = 1.0;
    double dx = 0.0;
    for (int i = 0; i < c.length; i++) {
      s = sStack.pop();
      dx += ds * s;
      dc[i] = ds;
      ds = ds * x;
    }
    sStack.release();
    return new LoopsGrad.Horner(value, dx, dc);
  }

  /** {@code LoopsGrad.horner} with {@code new DoubleStack(c.length)} for the pooled stack. */
  public static LoopsGrad.Horner hornerPresizedStack(double x, double[] c) {
    DoubleStack sStack = new DoubleStack(c.length);
    double s = 0.0;
    for (int i = c.length - 1; i >= 0; i--) {
      sStack.push(s);
      s = s * x + c[i];
    }
    double value = s;
    double[] dc = new double[c.length];
    double ds = 1.0;
    double dx = 0.0;
    for (int i = 0; i <= c.length - 1; i++) {
      s = sStack.pop();
      dx += ds * s;
      dc[i] += ds;
      ds = ds * x;
    }
    return new LoopsGrad.Horner(value, dx, dc);
  }

  /**
   * {@code BlackScholesGrad.callPrice} where each {@code normCdf} call's backward reuses the
   * forward's intermediates (the callee's body inlined, as if it had been written in place),
   * instead of the generated {@code dd1 = spot * normCdf(d1).dx()}, which runs the callee's
   * whole forward pass (exp and the polynomial) again to get its derivative.
   */
  public static BlackScholesGrad.CallPrice blackScholesNoRecompute(
      double spot, double strike, double vol, double time, double rate) {
    double sqrtTime = Math.sqrt(time);
    double volSqrtTime = vol * sqrtTime;
    double quot = spot / strike;
    double prod = 0.5 * vol;
    double sum = rate + prod * vol;
    double d1 = (Math.log(quot) + sum * time) / volSqrtTime;
    double d2 = d1 - volSqrtTime;
    double discount = Math.exp(-rate * time);
    // normCdf(d1), forward, intermediates kept
    double s1 = 1.0 + 0.2316419 * Math.abs(d1);
    double k1 = 1.0 / s1;
    double p1 = k1 * (0.319381530 + k1 * (-0.356563782 + k1 * (1.781477937 + k1 * (-1.821255978 + k1 * 1.330274429))));
    double e1 = 0.3989422804014327 * Math.exp(-0.5 * d1 * d1);
    double tail1 = e1 * p1;
    double normCdf = d1 >= 0 ? 1.0 - tail1 : tail1;
    double prod2 = strike * discount;
    double s2 = 1.0 + 0.2316419 * Math.abs(d2);
    double k2 = 1.0 / s2;
    double p2 = k2 * (0.319381530 + k2 * (-0.356563782 + k2 * (1.781477937 + k2 * (-1.821255978 + k2 * 1.330274429))));
    double e2 = 0.3989422804014327 * Math.exp(-0.5 * d2 * d2);
    double tail2 = e2 * p2;
    double normCdf2 = d2 >= 0 ? 1.0 - tail2 : tail2;
    double out = spot * normCdf - prod2 * normCdf2;
    double dspot = normCdf;
    double dprod2 = -normCdf2;
    double dd2 = -prod2 * cdfSlope(d2, k2, p2, e2, s2);
    double dstrike = dprod2 * discount;
    double ddiscount = dprod2 * strike;
    double dd1 = spot * cdfSlope(d1, k1, p1, e1, s1);
    double dprodR = ddiscount * discount;
    double drate = -(dprodR * time);
    double dtime = -dprodR * rate;
    dd1 += dd2;
    double dvolSqrtTime = -dd2;
    double dsum = dd1 / volSqrtTime;
    double dquot = dsum / quot;
    double dsum_ = dsum * time;
    dtime += dsum * sum;
    dvolSqrtTime -= dd1 * d1 / volSqrtTime;
    drate += dsum_;
    double dprod_ = dsum_ * vol;
    double dvol = dsum_ * prod;
    dvol += 0.5 * dprod_;
    dspot += dquot / strike;
    double dstrikeQ = -dquot * quot / strike;
    dstrike += dstrikeQ;
    dvol += dvolSqrtTime * sqrtTime;
    double dsqrtTime = dvolSqrtTime * vol;
    dtime += dsqrtTime / (2.0 * sqrtTime);
    return new BlackScholesGrad.CallPrice(out, dspot, dstrike, dvol, dtime, drate);
  }

  /** The generated normCdf backward (dout = 1), from saved intermediates. */
  private static double cdfSlope(double x, double k, double poly, double e, double s) {
    double dtail = x >= 0 ? -1.0 : 1.0;
    double dpoly = dtail * e;
    double dx = -x * dtail * poly * e;
    double dk = dpoly * (0.319381530 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))))
        + dpoly * k * (-0.356563782 + k * (2 * 1.781477937 + k * (3 * -1.821255978 + k * 4 * 1.330274429)));
    double dsum = -dk * k / s;
    return dx + 0.2316419 * dsum * Math.signum(x);
  }
}
