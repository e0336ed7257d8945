package users;

import dev.flatgrad.annotations.Differentiable;

public class P03Binomial {
  /** American put on a CRR tree, rolled back in place */
  @Differentiable
  public static double americanPut(double S0, double K, double r, double sigma, double T, int n) {
    double dt = T / n;
    double u = Math.exp(sigma * Math.sqrt(dt));
    double d = 1 / u;
    double disc = Math.exp(-r * dt);
    double p = (Math.exp(r * dt) - d) / (u - d);
    double[] v = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      double s = S0 * Math.pow(u, n - i) * Math.pow(d, i);
      v[i] = Math.max(K - s, 0.0);
    }
    for (int step = n - 1; step >= 0; step--) {
      for (int i = 0; i <= step; i++) {
        double cont = disc * (p * v[i] + (1 - p) * v[i + 1]);
        double s = S0 * Math.pow(u, step - i) * Math.pow(d, i);
        double ex = K - s;
        v[i] = ex > cont ? ex : cont;
      }
    }
    return v[0];
  }

  public static void main(String[] args) {
    P03BinomialGrad.checkAmericanPut(100, 103, 0.05, 0.3, 1.0, 25).assertPassed();
    System.out.println(P03BinomialGrad.americanPut(100, 103, 0.05, 0.3, 1.0, 25));
  }
}
