package dev.flatgrad.benchmarks;

import dev.flatgrad.annotations.CustomGradient;
import dev.flatgrad.annotations.CustomTangent;
import dev.flatgrad.annotations.Differentiable;

/**
 * The same call price, with the normal CDF's gradient given by hand: the density, as in every
 * pricing library, instead of the derivative of the polynomial approximation.
 */
public final class BlackScholesCustom {
  private BlackScholesCustom() {}

  /**
   * The call price; the CDF's backward is {@link #normCdfGrad}, its tangent {@link
   * #normCdfTangent} (which second derivatives differentiate: the density's slope).
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

  /** The standard normal CDF, Abramowitz–Stegun 26.2.17 (the same code as {@link BlackScholes}). */
  public static double normCdf(double x) {
    return BlackScholes.normCdf(x);
  }

  /** The density: the exact derivative of the CDF. */
  @CustomGradient(of = "normCdf")
  public static double normCdfGrad(double x, double out, double dout) {
    return dout * 0.3989422804014327 * Math.exp(-0.5 * x * x);
  }

  /** The density times the argument's tangent: the CDF's forward rule. */
  @Differentiable
  @CustomTangent(of = "normCdf")
  public static double normCdfTangent(double x, double xDot, double out) {
    return xDot * 0.3989422804014327 * Math.exp(-0.5 * x * x);
  }
}
