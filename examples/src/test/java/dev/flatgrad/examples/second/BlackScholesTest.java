package dev.flatgrad.examples.second;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The call's Greeks from the generated gradient and Hessian against Black–Scholes' closed forms
 * (to the accuracy of the CDF approximation), and the generated checks.
 */
class BlackScholesTest {

  private static double density(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  private static void close(double expected, double actual) {
    assertEquals(expected, actual, 1e-4 * Math.abs(expected));
  }

  @Test
  void greeksMatchTheClosedForms() {
    double spot = 100;
    double strike = 95;
    double t = 0.75;
    double rate = 0.03;
    double vol = 0.25;
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double discount = Math.exp(-rate * t);
    double nd1 = BlackScholes.normCdf(d1);
    double nd2 = BlackScholes.normCdf(d2);

    BlackScholes.Greeks g = BlackScholes.greeks(spot, strike, t, rate, vol);

    // The CDF is an approximation (7.5e-8): its derivatives agree with the density's to ~1e-5.
    assertEquals(spot * nd1 - strike * discount * nd2, g.price(), 1e-12);
    close(nd1, g.delta());
    close(-discount * nd2, g.dualDelta());
    close(-(spot * density(d1) * vol / (2 * sqrtT) + rate * strike * discount * nd2), g.theta());
    close(strike * t * discount * nd2, g.rho());
    close(spot * density(d1) * sqrtT, g.vega());
    close(density(d1) / (spot * vol * sqrtT), g.gamma());
    close(-density(d1) * d2 / vol, g.vanna());
    close(spot * density(d1) * sqrtT * d1 * d2 / vol, g.volga());
  }

  @Test
  void theGeneratedDerivativesPassTheirChecks() {
    BlackScholesGrad.checkCall(100, 95, 0.75, 0.03, 0.25).assertPassed();
    BlackScholesGrad.checkCallTangent(100, 95, 0.75, 0.03, 0.25, 0.3, -0.2, 0.1, 0.05, 0.4).assertPassed();
    BlackScholesGrad.checkCallHvp(100, 95, 0.75, 0.03, 0.25, 0.3, -0.2, 0.1, 0.05, 0.4).assertPassed();
  }
}
