package dev.flatgrad.benchmarks;

import java.util.Map;
import net.finmath.montecarlo.RandomVariableFromDoubleArray;
import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import net.finmath.stochastic.RandomVariable;

/**
 * The workloads written for finmath-lib's tape-based reverse mode ({@code
 * RandomVariableDifferentiableAAD}). Scalars are random variables of one path; the softmax
 * classifier puts the N samples on the paths, the way finmath vectorises.
 */
public final class FinmathPeers {
  private static final RandomVariableDifferentiableAADFactory FACTORY =
      new RandomVariableDifferentiableAADFactory();

  private FinmathPeers() {}

  static RandomVariableDifferentiable variable(double value) {
    return FACTORY.createRandomVariable(0.0, value);
  }

  static RandomVariable normCdf(RandomVariable x) {
    RandomVariable k = x.abs().mult(0.2316419).add(1.0).invert();
    RandomVariable poly = k.mult(1.330274429).add(-1.821255978).mult(k).add(1.781477937).mult(k)
        .add(-0.356563782).mult(k).add(0.319381530).mult(k);
    RandomVariable tail = x.squared().mult(-0.5).exp().mult(0.3989422804014327).mult(poly);
    return x.choose(tail.bus(1.0), tail);
  }

  /** Price, then d/d(spot, strike, vol, time, rate). */
  static double[] callPrice(double spot0, double strike0, double vol0, double time0, double rate0) {
    RandomVariableDifferentiable spot = variable(spot0);
    RandomVariableDifferentiable strike = variable(strike0);
    RandomVariableDifferentiable vol = variable(vol0);
    RandomVariableDifferentiable time = variable(time0);
    RandomVariableDifferentiable rate = variable(rate0);
    RandomVariable sqrtTime = time.sqrt();
    RandomVariable volSqrtTime = vol.mult(sqrtTime);
    RandomVariable d1 = spot.div(strike).log().add(rate.add(vol.squared().mult(0.5)).mult(time))
        .div(volSqrtTime);
    RandomVariable d2 = d1.sub(volSqrtTime);
    RandomVariable discount = rate.mult(time).mult(-1.0).exp();
    RandomVariable price = spot.mult(normCdf(d1)).sub(strike.mult(discount).mult(normCdf(d2)));
    Map<Long, RandomVariable> g = ((RandomVariableDifferentiable) price).getGradient();
    return new double[] {
      price.get(0),
      g.get(spot.getID()).get(0),
      g.get(strike.getID()).get(0),
      g.get(vol.getID()).get(0),
      g.get(time.getID()).get(0),
      g.get(rate.getID()).get(0)
    };
  }

  /** tanh(z) = 1 - 2 / (exp(2z) + 1): finmath's RandomVariable has no tanh. */
  static RandomVariable tanh(RandomVariable z) {
    return z.mult(2.0).exp().add(1.0).invert().mult(-2.0).add(1.0);
  }

  /** Value, d/dw, d/du of the tanh RNN. */
  static double[] rnn(double w0, double u0, double[] x) {
    RandomVariableDifferentiable w = variable(w0);
    RandomVariableDifferentiable u = variable(u0);
    RandomVariable h = new RandomVariableFromDoubleArray(0.0);
    for (double xt : x) {
      h = tanh(w.mult(h).add(u.mult(xt)));
    }
    Map<Long, RandomVariable> g = ((RandomVariableDifferentiable) h).getGradient();
    return new double[] {h.get(0), g.get(w.getID()).get(0), g.get(u.getID()).get(0)};
  }

  /** Value, d/dx, then d/dc. */
  static double[] horner(double x0, double[] c0) {
    RandomVariableDifferentiable x = variable(x0);
    RandomVariableDifferentiable[] c = new RandomVariableDifferentiable[c0.length];
    for (int i = 0; i < c0.length; i++) {
      c[i] = variable(c0[i]);
    }
    RandomVariable s = new RandomVariableFromDoubleArray(0.0);
    for (int i = c.length - 1; i >= 0; i--) {
      s = s.mult(x).add(c[i]);
    }
    Map<Long, RandomVariable> g = ((RandomVariableDifferentiable) s).getGradient();
    double[] out = new double[c0.length + 2];
    out[0] = s.get(0);
    out[1] = g.get(x.getID()).get(0);
    for (int i = 0; i < c0.length; i++) {
      RandomVariable dci = g.get(c[i].getID());
      out[i + 2] = dci == null ? 0.0 : dci.get(0);
    }
    return out;
  }

  /** The columns of X (one random variable over the N samples per feature), made once. */
  static RandomVariable[] columns(double[][] X) {
    int dim = X[0].length;
    RandomVariable[] cols = new RandomVariable[dim];
    for (int d = 0; d < dim; d++) {
      double[] col = new double[X.length];
      for (int i = 0; i < X.length; i++) {
        col[i] = X[i][d];
      }
      cols[d] = new RandomVariableFromDoubleArray(0.0, col);
    }
    return cols;
  }

  /** One-hot indicators of the labels over the samples, one per class, made once. */
  static RandomVariable[] oneHot(int[] y, int classes) {
    RandomVariable[] out = new RandomVariable[classes];
    for (int j = 0; j < classes; j++) {
      double[] v = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        v[i] = y[i] == j ? 1.0 : 0.0;
      }
      out[j] = new RandomVariableFromDoubleArray(0.0, v);
    }
    return out;
  }

  /** Softmax loss (samples on the paths) and its gradient dW, (D, C). */
  static double[][] softmax(double[][] W0, RandomVariable[] Xcols, RandomVariable[] oneHot,
      double reg) {
    int dim = W0.length;
    int classes = W0[0].length;
    RandomVariableDifferentiable[][] W = new RandomVariableDifferentiable[dim][classes];
    for (int d = 0; d < dim; d++) {
      for (int j = 0; j < classes; j++) {
        W[d][j] = variable(W0[d][j]);
      }
    }
    RandomVariable[] scores = new RandomVariable[classes];
    for (int j = 0; j < classes; j++) {
      RandomVariable s = Xcols[0].mult(W[0][j]);
      for (int d = 1; d < dim; d++) {
        s = s.addProduct(Xcols[d], W[d][j]);
      }
      scores[j] = s;
    }
    RandomVariable max = scores[0];
    for (int j = 1; j < classes; j++) {
      max = max.floor(scores[j]);
    }
    RandomVariable sumExp = scores[0].sub(max).exp();
    RandomVariable picked = scores[0].mult(oneHot[0]);
    for (int j = 1; j < classes; j++) {
      sumExp = sumExp.add(scores[j].sub(max).exp());
      picked = picked.addProduct(scores[j], oneHot[j]);
    }
    RandomVariable dataLoss = sumExp.log().sub(picked.sub(max)).average();
    RandomVariable regLoss = W[0][0].squared();
    for (int d = 0; d < dim; d++) {
      for (int j = d == 0 ? 1 : 0; j < classes; j++) {
        regLoss = regLoss.add(W[d][j].squared());
      }
    }
    RandomVariable loss = dataLoss.add(regLoss.mult(reg));
    Map<Long, RandomVariable> g = ((RandomVariableDifferentiable) loss).getGradient();
    double[][] dW = new double[dim + 1][];
    for (int d = 0; d < dim; d++) {
      dW[d] = new double[classes];
      for (int j = 0; j < classes; j++) {
        dW[d][j] = g.get(W[d][j].getID()).getAverage();
      }
    }
    dW[dim] = new double[] {loss.get(0)};
    return dW;
  }
}
