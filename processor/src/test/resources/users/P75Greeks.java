package users;

import dev.flatgrad.annotations.Differentiable;

public class P75Greeks {
  /** Abramowitz-Stegun normal CDF, with a branch on the sign */
  static double ncdf(double x) {
    double t = 1 / (1 + 0.2316419 * Math.abs(x));
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }

  /** a put by parity and a digital with a barrier-like early return */
  @Differentiable
  public static double book(double spot, double strike, double vol, double rate, double tau, boolean digital) {
    if (tau <= 0) return Math.max(strike - spot, 0);
    double sq = vol * Math.sqrt(tau);
    double d1 = (Math.log(spot / strike) + (rate + vol * vol / 2) * tau) / sq;
    double d2 = d1 - sq;
    double disc = Math.exp(-rate * tau);
    double call = spot * ncdf(d1) - strike * disc * ncdf(d2);
    double put = call - spot + strike * disc;
    if (digital) {
      return put + 10 * disc * ncdf(-d2);
    }
    return put * Math.signum(strike) + Math.expm1(-tau) * 0.01;
  }

  public static void main(String[] args) {
    P75GreeksGrad.checkBook(100, 105, 0.25, 0.03, 0.75, false).assertPassed();
    P75GreeksGrad.checkBook(100, 95, 0.3, 0.01, 1.5, true).assertPassed();
  }
}
