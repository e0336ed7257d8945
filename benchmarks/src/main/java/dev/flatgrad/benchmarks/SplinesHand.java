package dev.flatgrad.benchmarks;

/** The spline fit's gradient written by hand: each point adds into the four coefficients it reads. */
public final class SplinesHand {
  private SplinesHand() {}

  /** Value and gradient of {@link Splines#fitLoss}. */
  public record Fit(double value, double[] dc) {}

  public static Fit fitLoss(double[] c, double[] t, double[] y) {
    int segments = c.length / 4;
    double[] dc = new double[c.length];
    double loss = 0.0;
    double scale = 2.0 / t.length;
    for (int i = 0; i < t.length; i++) {
      int s = (int) Math.min(t[i] * segments, segments - 1);
      double u = t[i] * segments - s;
      int k = 4 * s;
      double r = c[k] + u * (c[k + 1] + u * (c[k + 2] + u * c[k + 3])) - y[i];
      loss += r * r;
      double dr = scale * r;
      dc[k] += dr;
      dc[k + 1] += dr * u;
      dc[k + 2] += dr * u * u;
      dc[k + 3] += dr * u * u * u;
    }
    return new Fit(loss / t.length, dc);
  }
}
