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

  /**
   * The price, its five sensitivities and all fifteen second-order ones (gamma, vanna, volga,
   * charm, veta, ...) as closed forms, the normal density as the CDF's derivative: what a quant
   * writes by hand for the price's Hessian. Order: spot, strike, vol, time, rate.
   */
  public record PriceHessian(double price, double[] gradient, double[][] hessian) {}

  /** Price, gradient and Hessian in closed form. */
  public static PriceHessian priceHessian(double spot, double strike, double vol, double time, double rate) {
    double rootT = Math.sqrt(time);
    double sigmaRootT = vol * rootT;
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / sigmaRootT;
    double d2 = d1 - sigmaRootT;
    double df = Math.exp(-rate * time);
    double nD1 = BlackScholes.normCdf(d1);
    double nD2 = BlackScholes.normCdf(d2);
    double pD1 = INV_SQRT_TWO_PI * Math.exp(-0.5 * d1 * d1);
    double pD2 = INV_SQRT_TWO_PI * Math.exp(-0.5 * d2 * d2);
    double price = spot * nD1 - strike * df * nD2;
    // derivatives of d1 (and d2 = d1 - vol rootT) in spot, strike, vol, time, rate
    double[] dd1 = {
      1 / (spot * sigmaRootT), -1 / (strike * sigmaRootT), -d2 / vol,
      (rate + 0.5 * vol * vol) / sigmaRootT - d1 / (2 * time), rootT / vol};
    double[] dd2 = {dd1[0], dd1[1], -d1 / vol, dd1[3] - vol / (2 * rootT), dd1[4]};
    double vega = spot * pD1 * rootT;
    double[] gradient = {
      nD1, -df * nD2, vega, spot * pD1 * vol / (2 * rootT) + rate * strike * df * nD2, strike * time * df * nD2};
    double[][] h = new double[5][5];
    for (int j = 0; j < 5; j++) {
      h[0][j] = pD1 * dd1[j];                         // d(delta)
    }
    h[1][1] = -df * pD2 * dd2[1];
    h[1][2] = -df * pD2 * dd2[2];
    h[1][3] = rate * df * nD2 - df * pD2 * dd2[3];
    h[1][4] = time * df * nD2 - df * pD2 * dd2[4];
    h[2][2] = -vega * d1 * dd1[2];
    h[2][3] = spot * pD1 * (1 / (2 * rootT) - d1 * dd1[3] * rootT);
    h[2][4] = -vega * d1 * dd1[4];
    h[3][3] = spot * vol / 2 * (-d1 * pD1 * dd1[3] / rootT - pD1 / (2 * time * rootT))
        + rate * strike * df * (pD2 * dd2[3] - rate * nD2);
    h[3][4] = -spot * vol / (2 * rootT) * d1 * pD1 * dd1[4] + strike * df * nD2
        + rate * strike * df * (pD2 * dd2[4] - time * nD2);
    h[4][4] = strike * time * df * (pD2 * dd2[4] - time * nD2);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < i; j++) {
        h[i][j] = h[j][i];
      }
    }
    return new PriceHessian(price, gradient, h);
  }
}
