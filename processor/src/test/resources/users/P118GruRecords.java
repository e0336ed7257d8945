package users;

import dev.flatgrad.annotations.Differentiable;

public class P118GruRecords {
  // a GRU over a sequence: a record of three gate records, each applying itself through a utility class
  public record Gate(double[][] W, double[][] U, double[] b) {
    double[] pre(double[] x, double[] h) {
      return Vec.add(Vec.add(Vec.mul(W, x), Vec.mul(U, h)), b);
    }
  }

  public record Gru(Gate update, Gate reset, Gate cand, double[] readout) {
    double[] step(double[] x, double[] h) {
      double[] z = Vec.sigmoid(update.pre(x, h));
      double[] r = Vec.sigmoid(reset.pre(x, h));
      double[] rh = new double[h.length];
      for (int i = 0; i < h.length; i++) rh[i] = r[i] * h[i];
      double[] c = Vec.tanh(cand.pre(x, rh));
      double[] next = new double[h.length];
      for (int i = 0; i < h.length; i++) next[i] = (1 - z[i]) * h[i] + z[i] * c[i];
      return next;
    }
  }

  static final class Vec {
    static double[] mul(double[][] A, double[] v) {
      double[] out = new double[A.length];
      for (int i = 0; i < A.length; i++) for (int j = 0; j < v.length; j++) out[i] += A[i][j] * v[j];
      return out;
    }

    static double[] add(double[] a, double[] b) {
      double[] out = a.clone();
      for (int i = 0; i < out.length; i++) out[i] += b[i];
      return out;
    }

    static double[] sigmoid(double[] a) {
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) out[i] = 1 / (1 + Math.exp(-a[i]));
      return out;
    }

    static double[] tanh(double[] a) {
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) out[i] = Math.tanh(a[i]);
      return out;
    }
  }

  @Differentiable
  public static double run(Gru g, double[][] xs, double target) {
    var h = new double[g.readout().length];
    for (double[] x : xs) h = g.step(x, h);
    double y = 0;
    for (int i = 0; i < h.length; i++) y += g.readout()[i] * h[i];
    return (y - target) * (y - target);
  }

  private static Gate gate(double s) {
    return new Gate(new double[][] {{0.3 * s, -0.2}, {0.1, 0.4 * s}, {-0.5, 0.2}}, new double[][] {{0.2, 0.1, -0.3}, {0.05, -0.2, 0.3}, {0.4, 0.1, 0.2 * s}}, new double[] {0.1 * s, -0.1, 0.05});
  }

  public static void main(String[] args) {
    var g = new Gru(gate(1.0), gate(-0.7), gate(1.3), new double[] {0.5, -0.4, 0.8});
    P118GruRecordsGrad.checkRun(g, new double[][] {{0.5, -1.0}, {1.2, 0.3}, {-0.4, 0.9}}, 0.3).assertPassed();
  }
}
