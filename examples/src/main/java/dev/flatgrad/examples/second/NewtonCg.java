package dev.flatgrad.examples.second;

/**
 * Newton's method with conjugate-gradient steps (Newton-CG, as in Nocedal and Wright, algorithm
 * 7.1): at each iterate, solve {@code H p = -g} by conjugate gradients, which need the Hessian
 * only as products {@code H v}, then take the step with a backtracking line search. Quadratic
 * convergence near the minimum, without ever forming {@code H}.
 *
 * <pre>{@code
 * NewtonCg.Result fit = NewtonCg.minimize(new double[d],
 *     w -> { LogisticRegressionGrad.Loss g = LogisticRegressionGrad.loss(w, X, y, reg);
 *            return new NewtonCg.Point(g.value(), g.dw()); },
 *     (w, v) -> LogisticRegressionGrad.lossHvp(w, X, y, reg, v).dwDot(),
 *     20, 1e-8);
 * }</pre>
 */
public final class NewtonCg {

  private NewtonCg() {}

  /** The objective's value and gradient at a point. */
  public record Point(double value, double[] gradient) {}

  /** The objective's value and gradient at {@code w}. */
  @FunctionalInterface
  public interface Objective {
    Point at(double[] w);
  }

  /** The Hessian at {@code w} times {@code v}. */
  @FunctionalInterface
  public interface HessianTimes {
    double[] apply(double[] w, double[] v);
  }

  /**
   * The result: the minimizer found, the objective's value there, the gradient's norm after each
   * iteration (the first entry at the start), and how many Hessian-vector products it took.
   */
  public record Result(double[] w, double value, double[] gradientNorms, int products) {
    /** The number of Newton iterations taken. */
    public int iterations() {
      return gradientNorms.length - 1;
    }
  }

  /**
   * Minimizes from {@code w0} until the gradient's norm is below {@code tolerance}, {@code
   * maxIterations} Newton steps are taken, or a step no longer decreases the objective.
   */
  public static Result minimize(double[] w0, Objective f, HessianTimes h, int maxIterations, double tolerance) {
    double[] w = w0.clone();
    Point p = f.at(w);
    double[] norms = new double[maxIterations + 1];
    norms[0] = norm(p.gradient());
    int products = 0;
    int k = 0;
    while (k < maxIterations && norms[k] > tolerance) {
      // Solve H step = -g by conjugate gradients, to a tolerance that tightens as g shrinks.
      double[] g = p.gradient();
      double forcing = Math.min(0.5, Math.sqrt(norms[k])) * norms[k];
      double[] step = new double[w.length];
      double[] r = negated(g);
      double[] d = r.clone();
      double rr = dot(r, r);
      for (int j = 0; j < w.length && Math.sqrt(rr) > forcing; j++) {
        double[] hd = h.apply(w, d);
        products++;
        double curvature = dot(d, hd);
        if (curvature <= 0) {
          if (j == 0) {
            step = d.clone();  // not convex here: steepest descent
          }
          break;
        }
        double alpha = rr / curvature;
        axpy(step, alpha, d);
        axpy(r, -alpha, hd);
        double next = dot(r, r);
        double beta = next / rr;
        rr = next;
        for (int i = 0; i < d.length; i++) {
          d[i] = r[i] + beta * d[i];
        }
      }
      // Backtracking (Armijo) line search; a full Newton step is taken near the minimum.
      double t = 1.0;
      double slope = dot(g, step);
      double[] candidate = w.clone();
      axpy(candidate, t, step);
      Point q = f.at(candidate);
      while (q.value() > p.value() + 1e-4 * t * slope) {
        t /= 2;
        if (t < 1e-10) {
          // No decrease along the step: round-off level reached.
          return new Result(w, p.value(), java.util.Arrays.copyOf(norms, k + 1), products);
        }
        candidate = w.clone();
        axpy(candidate, t, step);
        q = f.at(candidate);
      }
      w = candidate;
      p = q;
      norms[++k] = norm(p.gradient());
    }
    return new Result(w, p.value(), java.util.Arrays.copyOf(norms, k + 1), products);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double[] negated(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }

  private static void axpy(double[] y, double a, double[] x) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }
}
