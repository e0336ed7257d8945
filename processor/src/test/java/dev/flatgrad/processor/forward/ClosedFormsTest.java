package dev.flatgrad.processor.forward;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hessians, Hessian-vector products and tangents against closed forms: a quadratic form ({@code
 * H = A + A'}), Rosenbrock, softmax cross-entropy and log-sum-exp ({@code H = diag(p) - pp'}), a
 * Gaussian log-density, and Black–Scholes gamma, vanna and volga (through a {@code @CustomTangent}
 * of the normal CDF, and through the CDF as written); each also checked against centred
 * differences.
 */
class ClosedFormsTest {

  private static final String CLASS = "closed.FormsGrad";
  private static Loaded loaded;

  @BeforeAll
  static void compile() {
    loaded = load(compileOk(source("""
        package closed;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.CustomTangent;
        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Forms {

          @Differentiable(hessian = true, wrt = {"x"})
          static double quadratic(double[] x, double[][] A) {
            return Nd.dot(x, Nd.dot(A, x));
          }

          @Differentiable(hessian = true)
          static double rosenbrock(double x, double y) {
            double a = 1.0 - x;
            double b = y - x * x;
            return a * a + 100.0 * b * b;
          }

          @Differentiable(hessian = true, wrt = {"s"})
          static double crossEntropy(double[] s, int y) {
            double[] logProbs = Nd.logSoftmax(s);
            return -logProbs[y];
          }

          @Differentiable(hessian = true)
          static double logSumExp(double[] x) {
            double sum = 0.0;
            for (double v : x) {
              sum += Math.exp(v);
            }
            return Math.log(sum);
          }

          @Differentiable(hessian = true, wrt = {"mu", "sigma"})
          static double logDensity(double x, double mu, double sigma) {
            double z = (x - mu) / sigma;
            return -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2.0 * Math.PI);
          }

          @Differentiable(hessian = true, wrt = {"x"})
          static double gaussian(double[] x, double[] mu, double[][] P) {
            double[] d = Nd.subtract(x, mu);
            return -0.5 * Nd.dot(d, Nd.dot(P, d));
          }

          static double normCdf(double x) {
            double t = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
            double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937
                + t * (-1.821255978 + t * 1.330274429))));
            double tail = Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI) * poly;
            return x >= 0 ? 1.0 - tail : tail;
          }

          @CustomGradient(of = "normCdf")
          static double normCdfGrad(double x, double out, double dout) {
            return dout * Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
          }

          @Differentiable
          @CustomTangent(of = "normCdf")
          static double normCdfTangent(double x, double xDot, double out) {
            return xDot * Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
          }

          @Differentiable(hessian = true)
          static double call(double spot, double strike, double t, double rate, double vol) {
            double sqrtT = Math.sqrt(t);
            double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
            double d2 = d1 - vol * sqrtT;
            return spot * normCdf(d1) - strike * Math.exp(-rate * t) * normCdf(d2);
          }

          /** The Abramowitz–Stegun CDF as users write it, differentiated twice. */
          @Differentiable(hessian = true)
          static double cdf(double x) {
            double t = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
            double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937
                + t * (-1.821255978 + t * 1.330274429))));
            double tail = Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI) * poly;
            return x >= 0 ? 1.0 - tail : tail;
          }

          @Differentiable(hessian = true)
          static double callDerived(double spot, double strike, double t, double rate, double vol) {
            double sqrtT = Math.sqrt(t);
            double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
            double d2 = d1 - vol * sqrtT;
            return spot * cdf(d1) - strike * Math.exp(-rate * t) * cdf(d2);
          }
        }
        """)));
  }

  private static double[][] hessian(String method, Object... args) {
    return (double[][]) Loaded.component(loaded.call(CLASS, method + "Hessian", args), "hessian");
  }

  private static void assertMatrix(String what, double[][] expected, double[][] actual, double tolerance) {
    assertWithMessage(what + " rows").that(actual.length).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double scale = Math.max(1, Math.abs(expected[i][j]));
        assertWithMessage("%s[%s][%s]", what, i, j).that(actual[i][j]).isWithin(tolerance * scale).of(expected[i][j]);
      }
    }
  }

  @Test
  void quadraticFormHasTheSymmetrisedMatrixAsItsHessian() {
    Random r = new Random(3);
    double[][] a = {{1.0, 2.0, -0.5}, {0.3, -1.0, 4.0}, {2.5, 0.7, 0.2}};
    double[] x = {0.4, -1.2, 0.9};
    double[][] h = hessian("quadratic", x, a);
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        expected[i][j] = a[i][j] + a[j][i];
      }
    }
    assertMatrix("H of x'Ax", expected, h, 1e-12);
    assertSecondOrder(loaded, CLASS, "quadratic", r, x, a);
  }

  @Test
  void rosenbrock() {
    Random r = new Random(4);
    for (double[] p : new double[][] {{-1.2, 1.0}, {1.0, 1.0}, {0.3, -0.4}}) {
      double x = p[0];
      double y = p[1];
      double[][] expected = {{2 - 400 * (y - x * x) + 800 * x * x, -400 * x}, {-400 * x, 200}};
      assertMatrix("H of Rosenbrock at (" + x + ", " + y + ")", expected, hessian("rosenbrock", x, y), 1e-12);
      assertSecondOrder(loaded, CLASS, "rosenbrock", r, x, y);
    }
  }

  /** diag(p) - pp' for p = softmax(s). */
  private static double[][] softmaxHessian(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      p[i] = Math.exp(s[i] - max);
      sum += p[i];
    }
    double[][] h = new double[s.length][s.length];
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        h[i][j] = (i == j ? p[i] / sum : 0) - p[i] / sum * p[j] / sum;
      }
    }
    return h;
  }

  @Test
  void softmaxCrossEntropyAndLogSumExpHaveDiagPMinusPpt() {
    Random r = new Random(5);
    double[] s = {0.3, -1.1, 2.0, 0.7};
    assertMatrix("H of cross-entropy", softmaxHessian(s), hessian("crossEntropy", s, 2), 1e-12);
    assertMatrix("H of log-sum-exp", softmaxHessian(s), hessian("logSumExp", s), 1e-12);
    assertSecondOrder(loaded, CLASS, "crossEntropy", r, s, 1);
    assertSecondOrder(loaded, CLASS, "logSumExp", r, s);
  }

  @Test
  void gaussianLogDensities() {
    Random r = new Random(6);
    double x = 0.7;
    double mu = -0.2;
    double sigma = 1.3;
    double d = x - mu;
    double[][] expected = {
      {-1 / (sigma * sigma), -2 * d / (sigma * sigma * sigma)},
      {-2 * d / (sigma * sigma * sigma), 1 / (sigma * sigma) - 3 * d * d / Math.pow(sigma, 4)}
    };
    assertMatrix("H of log N(x; mu, sigma) in (mu, sigma)", expected, hessian("logDensity", x, mu, sigma), 1e-12);
    assertSecondOrder(loaded, CLASS, "logDensity", r, x, mu, sigma);
    double[][] precision = {{2.0, 0.3}, {0.3, 1.5}};
    double[] point = {0.4, -0.8};
    double[] mean = {0.1, 0.2};
    double[][] negated = {{-2.0, -0.3}, {-0.3, -1.5}};
    assertMatrix("H of the multivariate log-density", negated, hessian("gaussian", point, mean, precision), 1e-12);
    assertSecondOrder(loaded, CLASS, "gaussian", r, point, mean, precision);
  }

  @Test
  void blackScholesGammaVannaVolga() {
    Random r = new Random(7);
    double spot = 100;
    double strike = 95;
    double t = 0.75;
    double rate = 0.03;
    double vol = 0.25;
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double density = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
    double gamma = density / (spot * vol * sqrtT);
    double vanna = -density * d2 / vol;
    double volga = spot * density * sqrtT * d1 * d2 / vol;
    double[][] h = hessian("call", spot, strike, t, rate, vol);
    assertWithMessage("gamma").that(h[0][0]).isWithin(1e-12 * Math.abs(gamma)).of(gamma);
    assertWithMessage("vanna").that(h[0][4]).isWithin(1e-12 * Math.abs(vanna)).of(vanna);
    assertWithMessage("vanna (symmetric)").that(h[4][0]).isWithin(1e-12 * Math.abs(vanna)).of(vanna);
    assertWithMessage("volga").that(h[4][4]).isWithin(1e-12 * Math.abs(volga)).of(volga);
    // The hand-written density is the exact normal's, the CDF an approximation (error 7.5e-8):
    // centred differences of the method disagree at 1e-7. The CDF as written, differentiated:
    double[][] derived = hessian("callDerived", spot, strike, t, rate, vol);
    assertWithMessage("gamma of the approximation").that(derived[0][0]).isWithin(1e-3 * gamma).of(gamma);
    assertSecondOrder(loaded, CLASS, "callDerived", r, spot, strike, t, rate, vol);
    assertSecondOrder(loaded, CLASS, "cdf", r, 0.3);
    assertSecondOrder(loaded, CLASS, "cdf", r, -1.7);
  }
}
