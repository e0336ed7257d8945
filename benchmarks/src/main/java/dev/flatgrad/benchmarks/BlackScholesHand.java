package dev.flatgrad.benchmarks;

/**
 * The Black–Scholes call price and its five sensitivities written by hand, in the style of
 * OpenGamma Strata's {@code BlackScholesFormulaRepository.priceAdjoint}: a forward sweep of named
 * intermediates, then a backward sweep of {@code xBar} adjoints, with the normal density as the
 * CDF's derivative. The reference the generated code is measured against.
 */
public final class BlackScholesHand {
  private static final double INV_SQRT_TWO_PI = 0.3989422804014327;

  private BlackScholesHand() {}

  /** The price and its derivatives with respect to spot, strike, volatility, time and rate. */
  public record PriceAdjoint(
      double price, double spotBar, double strikeBar, double volBar, double timeBar, double rateBar) {}

  /** Price and adjoints. */
  public static PriceAdjoint priceAdjoint(
      double spot, double strike, double vol, double time, double rate) {
    // forward sweep
    double rootT = Math.sqrt(time);
    double sigmaRootT = vol * rootT;
    double drift = rate + 0.5 * vol * vol;
    double num = Math.log(spot / strike) + drift * time;
    double d1 = num / sigmaRootT;
    double d2 = d1 - sigmaRootT;
    double df = Math.exp(-rate * time);
    double nD1 = BlackScholes.normCdf(d1);
    double nD2 = BlackScholes.normCdf(d2);
    double price = spot * nD1 - strike * df * nD2;
    // backward sweep (priceBar = 1)
    double d1Bar = spot * INV_SQRT_TWO_PI * Math.exp(-0.5 * d1 * d1);
    double d2Bar = -strike * df * INV_SQRT_TWO_PI * Math.exp(-0.5 * d2 * d2);
    d1Bar += d2Bar;
    double sigmaRootTBar = -d2Bar - d1Bar * d1 / sigmaRootT;
    double numBar = d1Bar / sigmaRootT;
    double dfBar = -strike * nD2;
    double spotBar = nD1 + numBar / spot;
    double strikeBar = -df * nD2 - numBar / strike;
    double rateBar = numBar * time - time * df * dfBar;
    double volBar = numBar * vol * time + sigmaRootTBar * rootT;
    double timeBar = numBar * drift - rate * df * dfBar + sigmaRootTBar * vol * 0.5 / rootT;
    return new PriceAdjoint(price, spotBar, strikeBar, volBar, timeBar, rateBar);
  }
}
