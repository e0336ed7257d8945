package dev.flatgrad.examples.second;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * The demo's part on second derivatives: Newton-CG fitting a logistic regression with the
 * generated Hessian-vector product, iteration by iteration, and a call's first- and second-order
 * Greeks from the generated Hessian.
 */
public final class SecondOrderDemo {

  private SecondOrderDemo() {}

  /** Prints the part; whether Newton-CG converged in at most 10 iterations. */
  public static boolean run(PrintStream out) {
    out.println();
    out.println("Second derivatives (hessian = true)");
    out.println("-----------------------------------");
    Random random = new Random(3);
    int n = 200;
    double[] wTrue = {1.5, -2, 0.5, 0, 1};
    double[][] X = new double[n][wTrue.length];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double z = 0;
      for (int j = 0; j < wTrue.length; j++) {
        X[i][j] = random.nextGaussian();
        z += X[i][j] * wTrue[j];
      }
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    double reg = 1e-2;
    NewtonCg.Result fit = NewtonCg.minimize(new double[wTrue.length],
        w -> {
          LogisticRegressionGrad.Loss g = LogisticRegressionGrad.loss(w, X, y, reg);
          return new NewtonCg.Point(g.value(), g.dw());
        },
        (w, v) -> LogisticRegressionGrad.lossHvp(w, X, y, reg, v).dwDot(),
        20, 1e-8);
    out.printf(Locale.ROOT, "Newton-CG on logistic regression (%d samples, %d weights), H.v from the generated%n",
        n, wTrue.length);
    out.println("LogisticRegressionGrad.lossHvp: the gradient's norm after each iteration");
    double[] norms = fit.gradientNorms();
    for (int k = 0; k < norms.length; k++) {
      out.printf(Locale.ROOT, "  iteration %2d  |gradient| %.3e%n", k, norms[k]);
    }
    out.printf(Locale.ROOT, "  %d iterations, %d Hessian-vector products, loss %.6f%n", fit.iterations(),
        fit.products(), fit.value());

    BlackScholes.Greeks g = BlackScholes.greeks(100, 95, 0.75, 0.03, 0.25);
    out.println();
    out.println("Black-Scholes call (S = 100, K = 95, T = 0.75, r = 0.03, sigma = 0.25), from the generated");
    out.println("BlackScholesGrad.callHessian (value, gradient and Hessian):");
    out.printf(Locale.ROOT, "  price %.6f  delta %.6f  dual delta %.6f  theta %.6f  rho %.6f  vega %.6f%n",
        g.price(), g.delta(), g.dualDelta(), g.theta(), g.rho(), g.vega());
    out.printf(Locale.ROOT, "  gamma %.6f  vanna %.6f  volga %.6f%n", g.gamma(), g.vanna(), g.volga());
    return fit.iterations() <= 10 && norms[norms.length - 1] <= 1e-8;
  }
}
