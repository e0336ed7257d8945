package dev.flatgrad.examples.second;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.Differentiable;

/**
 * A European call under Black–Scholes, written as a quant writes it (the normal CDF by
 * Abramowitz–Stegun 26.2.17), and its Greeks: the five first-order ones from the generated
 * gradient {@code BlackScholesGrad.call}, gamma, vanna and volga (and every other second
 * derivative) from the generated Hessian {@code BlackScholesGrad.callHessian}.
 */
public final class BlackScholes {

  private BlackScholes() {}

  /** The standard normal CDF, to about 7.5e-8 (Abramowitz–Stegun 26.2.17). */
  @Differentiable(hessian = true)
  @CheckInputs("x: 0.3")
  public static double normCdf(double x) {
    double t = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    double tail = Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI) * poly;
    return x >= 0 ? 1.0 - tail : tail;
  }

  /** The price of a call: spot, strike, time to expiry (years), rate, volatility. */
  @Differentiable(hessian = true)
  @CheckInputs({"spot: 100", "strike: 95", "t: 0.75", "rate: 0.03", "vol: 0.25"})
  public static double call(double spot, double strike, double t, double rate, double vol) {
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    return spot * normCdf(d1) - strike * Math.exp(-rate * t) * normCdf(d2);
  }

  /** The price and its sensitivities. */
  public record Greeks(
      double price, double delta, double dualDelta, double theta, double rho, double vega,
      double gamma, double vanna, double volga) {}

  /**
   * The price and its Greeks from one generated Hessian (which holds the gradient too): delta
   * {@code dC/dS}, dual delta {@code dC/dK}, theta {@code -dC/dt}, rho {@code dC/dr}, vega {@code
   * dC/dsigma}, gamma {@code d2C/dS2}, vanna {@code d2C/dS dsigma}, volga {@code d2C/dsigma2}.
   */
  public static Greeks greeks(double spot, double strike, double t, double rate, double vol) {
    BlackScholesGrad.CallHessian h = BlackScholesGrad.callHessian(spot, strike, t, rate, vol);
    double[][] second = h.hessian();  // rows and columns: spot, strike, t, rate, vol
    return new Greeks(h.value(), h.dspot(), h.dstrike(), -h.dt(), h.drate(), h.dvol(),
        second[0][0], second[0][4], second[4][4]);
  }
}
