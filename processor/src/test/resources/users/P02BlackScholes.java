package users;

import dev.flatgrad.annotations.Differentiable;

public class P02BlackScholes {
  private static final double SQRT2 = Math.sqrt(2.0);

  static double erf(double z) {
    // Abramowitz-Stegun 7.1.26
    final double t = 1.0 / (1.0 + 0.3275911 * Math.abs(z));
    final double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double r = 1.0 - poly * Math.exp(-z * z);
    return z >= 0 ? r : -r;
  }

  static double normCdf(double x) {
    return 0.5 * (1.0 + erf(x / SQRT2));
  }

  @Differentiable(tangent = true, hessian = true)
  public static double call(double S, double K, double r, double sigma, double T) {
    double sqrtT = Math.sqrt(T);
    double d1 = (Math.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrtT);
    double d2 = d1 - sigma * sqrtT;
    return S * normCdf(d1) - K * Math.exp(-r * T) * normCdf(d2);
  }

  public static void main(String[] args) {
    P02BlackScholesGrad.checkCall(100, 95, 0.03, 0.25, 1.5).assertPassed();
    P02BlackScholesGrad.checkCallTangent(100, 95, 0.03, 0.25, 1.5, 0.1, 0.2, -0.3, 0.4, 0.5).assertPassed();
    P02BlackScholesGrad.checkCallHvp(100, 95, 0.03, 0.25, 1.5, 0.1, 0.2, -0.3, 0.4, 0.5).assertPassed();
  }
}
