package users;

import dev.flatgrad.annotations.Differentiable;

public class P50Queue {
  /** Lindley recursion for waiting times in a G/G/1 queue, smooth max */
  @Differentiable
  public static double meanWait(double[] service, double[] interArrival, double temp) {
    double w = 0, total = 0;
    for (int k = 1; k < service.length; k++) {
      double x = w + service[k - 1] - interArrival[k];
      // softplus as a smooth max(0, x)
      w = temp * Math.log1p(Math.exp(x / temp));
      total += w;
    }
    return total / (service.length - 1);
  }

  /** piecewise linear tax with brackets from a static table, int loop with break */
  static final double[] LIMITS = {10000, 40000, 90000, Double.MAX_VALUE};
  static final double[] RATES = {0.0, 0.2, 0.35, 0.45};

  @Differentiable
  public static double tax(double income, double deduction) {
    double taxable = Math.max(0, income - deduction);
    double owed = 0, lower = 0;
    for (int b = 0; b < LIMITS.length; b++) {
      if (taxable <= lower) break;
      double upper = Math.min(taxable, LIMITS[b]);
      owed += (upper - lower) * RATES[b];
      lower = LIMITS[b];
    }
    return owed;
  }

  public static void main(String[] args) {
    P50QueueGrad.checkMeanWait(new double[] {1.2, 0.8, 1.5, 0.9, 1.1}, new double[] {0, 1.0, 1.1, 0.7, 1.3}, 0.1).assertPassed();
    P50QueueGrad.checkTax(55000, 3000).assertPassed();
  }
}
