package dev.flatgrad.benchmarks;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The workloads written for Hipparchus' forward-mode types ({@link Gradient}, {@code
 * DerivativeStructure}): the same formulas over {@link CalculusFieldElement}, as a Hipparchus user
 * writes them.
 */
public final class HipparchusPeers {
  private HipparchusPeers() {}

  /** Abramowitz–Stegun 26.2.17, as {@link BlackScholes#normCdf}. */
  static <T extends CalculusFieldElement<T>> T normCdf(T x) {
    T k = x.abs().multiply(0.2316419).add(1.0).reciprocal();
    T poly = k.multiply(1.330274429).add(-1.821255978).multiply(k).add(1.781477937).multiply(k)
        .add(-0.356563782).multiply(k).add(0.319381530).multiply(k);
    T tail = x.square().multiply(-0.5).exp().multiply(0.3989422804014327).multiply(poly);
    return x.getReal() >= 0 ? tail.negate().add(1.0) : tail;
  }

  /** The call price; its derivatives come with it. */
  static <T extends CalculusFieldElement<T>> T callPrice(T spot, T strike, T vol, T time, T rate) {
    T sqrtTime = time.sqrt();
    T volSqrtTime = vol.multiply(sqrtTime);
    T d1 = spot.divide(strike).log().add(rate.add(vol.square().multiply(0.5)).multiply(time))
        .divide(volSqrtTime);
    T d2 = d1.subtract(volSqrtTime);
    T discount = rate.multiply(time).negate().exp();
    return spot.multiply(normCdf(d1)).subtract(strike.multiply(discount).multiply(normCdf(d2)));
  }

  /** The tanh RNN. */
  static <T extends CalculusFieldElement<T>> T rnn(T w, T u, double[] x) {
    T h = w.getField().getZero();
    for (double xt : x) {
      h = w.multiply(h).add(u.multiply(xt)).tanh();
    }
    return h;
  }

  /** Horner. */
  static <T extends CalculusFieldElement<T>> T horner(T x, T[] c) {
    T s = x.getField().getZero();
    for (int i = c.length - 1; i >= 0; i--) {
      s = s.multiply(x).add(c[i]);
    }
    return s;
  }

  /**
   * The softmax loss over {@code W} of shape (D, C), one {@link Gradient} per weight with D·C free
   * parameters. {@code Wcols[j]} holds column j. The scores use {@code linearCombination}, the
   * fastest way Hipparchus offers; the max shift uses the values only (softmax is invariant to it).
   */
  static Gradient softmax(Gradient[][] Wcols, double[][] X, int[] y, double reg) {
    int n = X.length;
    int classes = Wcols.length;
    Gradient[] scores = new Gradient[classes];
    Gradient dataLoss = Wcols[0][0].getField().getZero();
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        scores[j] = Wcols[j][0].linearCombination(X[i], Wcols[j]);
        max = Math.max(max, scores[j].getValue());
      }
      Gradient sumExp = scores[0].subtract(max).exp();
      for (int j = 1; j < classes; j++) {
        sumExp = sumExp.add(scores[j].subtract(max).exp());
      }
      dataLoss = dataLoss.add(sumExp.log().subtract(scores[y[i]].subtract(max)));
    }
    Gradient regLoss = dataLoss.getField().getZero();
    for (Gradient[] col : Wcols) {
      for (Gradient w : col) {
        regLoss = regLoss.add(w.square());
      }
    }
    return dataLoss.divide(n).add(regLoss.multiply(reg));
  }

  /** Variables for {@link #softmax}: weight (d, j) is free parameter {@code d * C + j}. */
  static Gradient[][] softmaxVariables(double[][] W) {
    int dim = W.length;
    int classes = W[0].length;
    Gradient[][] cols = new Gradient[classes][dim];
    for (int d = 0; d < dim; d++) {
      for (int j = 0; j < classes; j++) {
        cols[j][d] = Gradient.variable(dim * classes, d * classes + j, W[d][j]);
      }
    }
    return cols;
  }
}
