package users;

import dev.flatgrad.annotations.Differentiable;

public class P56Countdown {
  /** Horner from the top coefficient down, C-style countdown. */
  @Differentiable
  public static double horner(double[] c, double x) {
    int i = c.length;
    double acc = 0;
    while (i-- > 0) {
      acc = acc * x + c[i];
    }
    return acc;
  }

  /** discounted return computed backwards with a pre-decrement loop */
  @Differentiable
  public static double discounted(double[] r, double gamma) {
    int k = r.length;
    double g = 0;
    double total = 0;
    while (--k >= 0) {
      g = r[k] + gamma * g;
      total += g * g;
    }
    return total;
  }

  /** for loop counting down with a compound step */
  @Differentiable
  public static double everyOther(double[] x) {
    double s = 1;
    for (int i = x.length - 1; i >= 0; i -= 2) {
      s *= 1 + x[i] * x[i];
    }
    return Math.log(s);
  }

  public static void main(String[] args) {
    P56CountdownGrad.checkHorner(new double[] {1, -0.5, 0.25, 0.3}, 1.3).assertPassed();
    P56CountdownGrad.checkDiscounted(new double[] {0.3, -1.0, 2.0, 0.7, 0.1}, 0.9).assertPassed();
    P56CountdownGrad.checkEveryOther(new double[] {0.3, -1.0, 2.0, 0.7, 0.1}).assertPassed();
  }
}
