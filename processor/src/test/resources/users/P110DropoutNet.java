package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Random;

public class P110DropoutNet {
  public record Dense(double[][] W, double[] b) {
    double[] apply(double[] x, boolean[] keep, double scale) {
      double[] h = new double[b.length];
      for (int j = 0; j < h.length; j++) {
        if (!keep[j]) continue;
        double s = b[j];
        for (int i = 0; i < x.length; i++) s += W[j][i] * x[i];
        h[j] = scale * Math.max(0.01 * s, s);
      }
      return h;
    }
  }

  public record Net(Dense first, double[] head) {}

  static boolean[] mask(Random rng, int n, double p) {
    boolean[] keep = new boolean[n];
    for (int j = 0; j < n; j++) keep[j] = rng.nextDouble() >= p;
    return keep;
  }

  /** dropout masks drawn from a seeded generator inside, one per example */
  @Differentiable
  public static double loss(Net net, double[][] X, double[] y, long seed) {
    Random rng = new Random(seed);
    double p = 0.3;
    double sum = 0;
    for (int n = 0; n < X.length; n++) {
      boolean[] keep = mask(rng, net.head().length, p);
      double[] h = net.first().apply(X[n], keep, 1 / (1 - p));
      double out = 0;
      for (int j = 0; j < h.length; j++) out += net.head()[j] * h[j];
      double r = out - y[n];
      sum += r * r;
    }
    return sum / X.length;
  }

  public static void main(String[] args) {
    var first = new Dense(new double[][] {{0.5, -0.3}, {0.2, 0.8}, {-0.6, 0.4}, {0.1, 0.1}}, new double[] {0.1, -0.2, 0.05, 0.3});
    var net = new Net(first, new double[] {0.7, -0.5, 0.9, 0.2});
    double[][] X = {{1.1, 2.5}, {-0.9, 0.45}, {0.3, -2.1}}; // no pre-activation at the kink
    double[] y = {0.5, -0.2, 1.0};
    for (long seed : new long[] {1, 7, 42}) P110DropoutNetGrad.checkLoss(net, X, y, seed).assertPassed();
  }
}
