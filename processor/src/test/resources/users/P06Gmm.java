package users;

import dev.flatgrad.annotations.Differentiable;

public class P06Gmm {
  /** log-likelihood of a 1-D Gaussian mixture, log-sum-exp by hand */
  @Differentiable(tangent = true, hessian = true)
  public static double logLik(double[] data, double[] means, double[] logSigmas, double[] logits) {
    int K = means.length;
    // log softmax of the weights
    double mx = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < K; k++) if (logits[k] > mx) mx = logits[k];
    double z = 0;
    for (int k = 0; k < K; k++) z += Math.exp(logits[k] - mx);
    double logZ = mx + Math.log(z);
    double ll = 0.0;
    double[] terms = new double[K];
    for (double x : data) {
      double best = -Double.MAX_VALUE;
      for (int k = 0; k < K; k++) {
        double sigma = Math.exp(logSigmas[k]);
        double u = (x - means[k]) / sigma;
        terms[k] = logits[k] - logZ - 0.5 * u * u - logSigmas[k] - 0.5 * Math.log(2 * Math.PI);
        best = Math.max(best, terms[k]);
      }
      double acc = 0;
      for (int k = 0; k < K; k++) acc += Math.exp(terms[k] - best);
      ll += best + Math.log(acc);
    }
    return ll / data.length;
  }

  public static void main(String[] args) {
    double[] data = {0.1, -1.2, 2.3, 0.7, 1.9, -0.4};
    double[] mu = {-1, 0.5, 2}, ls = {0.1, -0.3, 0.2}, lg = {0.3, -0.1, 0.5};
    P06GmmGrad.checkLogLik(data, mu, ls, lg).assertPassed();
    double[] d1 = {0.1, 0.2, -0.3}, d2 = {0.3, 0.1, 0.1}, d3 = {-0.5, 0.2, 0.4}, d0 = new double[6];
    P06GmmGrad.checkLogLikTangent(data, mu, ls, lg, d0, d1, d2, d3).assertPassed();
    P06GmmGrad.checkLogLikHvp(data, mu, ls, lg, d0, d1, d2, d3).assertPassed();
  }
}
