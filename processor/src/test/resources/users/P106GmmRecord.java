package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.stream.IntStream;

public class P106GmmRecord {
  /** a 1-D Gaussian mixture: unnormalised weights as logits, log standard deviations */
  public record Mixture(double[] logits, double[] means, double[] logSigmas) {
    int k() {
      return means.length;
    }

    double logWeight(int j) {
      double m = logits[0];
      for (int i = 1; i < logits.length; i++) if (logits[i] > m) m = logits[i];
      double s = 0;
      for (double l : logits) s += Math.exp(l - m);
      return logits[j] - m - Math.log(s);
    }
  }

  static final class Stats {
    static final double LOG_2PI = Math.log(2 * Math.PI);

    static double logNormal(double x, double mu, double logSigma) {
      double z = (x - mu) * Math.exp(-logSigma);
      return -0.5 * (LOG_2PI + z * z) - logSigma;
    }

    static double logSumExp(double[] a) {
      double m = Double.NEGATIVE_INFINITY;
      for (double v : a) m = Math.max(m, v);
      if (m == Double.NEGATIVE_INFINITY) return m;
      final double top = m;
      double s = IntStream.range(0, a.length).mapToDouble(i -> Math.exp(a[i] - top)).sum();
      return top + Math.log(s);
    }

    static double pointLogLik(Mixture g, double x) {
      double[] terms = new double[g.k()];
      for (int j = 0; j < terms.length; j++) {
        terms[j] = g.logWeight(j) + logNormal(x, g.means()[j], g.logSigmas()[j]);
      }
      return logSumExp(terms);
    }
  }

  @Differentiable
  public static double negLogLik(Mixture g, double[] data) {
    if (data.length == 0) return 0.0;
    double ll = 0;
    for (double x : data) ll += Stats.pointLogLik(g, x);
    return -ll / data.length;
  }

  public static void main(String[] args) {
    var g = new Mixture(new double[] {0.2, -0.5, 0.1}, new double[] {-1.0, 0.5, 2.0}, new double[] {0.1, -0.3, 0.4});
    P106GmmRecordGrad.checkNegLogLik(g, new double[] {-1.2, 0.3, 0.7, 2.5, 1.9, -0.4}).assertPassed();
    P106GmmRecordGrad.checkNegLogLik(g, new double[0]).assertPassed();
  }
}
