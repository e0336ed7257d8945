package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.Differentiable;

/**
 * The Black–Scholes price of a European call, written as a user writes it: the normal CDF by the
 * Abramowitz–Stegun polynomial (26.2.17, error below 7.5e-8), with its branch for negative
 * arguments. flatgrad differentiates both methods; the price's backward pass calls the CDF's.
 */
public final class BlackScholes {
  private BlackScholes() {}

  /**
   * The call price; flatgrad generates its five sensitivities (delta, dual delta, vega, theta,
   * rho) and, with {@code hessian = true}, its tangent, Hessian-vector products and Hessian.
   */
  @Differentiable(hessian = true)
  public static double callPrice(double spot, double strike, double vol, double time, double rate) {
    double sqrtTime = Math.sqrt(time);
    double volSqrtTime = vol * sqrtTime;
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / volSqrtTime;
    double d2 = d1 - volSqrtTime;
    double discount = Math.exp(-rate * time);
    return spot * normCdf(d1) - strike * discount * normCdf(d2);
  }

  /** The standard normal CDF, Abramowitz–Stegun 26.2.17. */
  @Differentiable(hessian = true)
  public static double normCdf(double x) {
    double k = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
    double poly =
        k * (0.319381530 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
    double tail = 0.3989422804014327 * Math.exp(-0.5 * x * x) * poly;
    if (x >= 0) {
      return 1.0 - tail;
    }
    return tail;
  }
}
