package users;

import dev.flatgrad.annotations.Differentiable;

public class P120RecordSwitches {
  // record methods returning from the cases of a switch statement and from a for-each, a switch expression with yield and throw, a static method of the record
  enum Kind { A, B, C }

  public record P(double[] w, Kind kind) {
    double pick(double x) {
      switch (kind) {
        case A:
          return w[0] * x;
        case B: {
          double t = w[1] * x;
          if (t > 0) return t * t;
          return -t;
        }
        default:
          break;
      }
      double s = 0;
      for (double v : w) {
        if (v > 0.5) return s + v * x;
        s += v;
      }
      return s;
    }

    double sw(double x) {
      return switch (kind) {
        case A -> norm(w) * x;
        case B -> { double q = x * w[0]; yield q * q; }
        case C -> throw new IllegalStateException("C");
      };
    }

    static double norm(double[] v) {
      double s = 0;
      for (double e : v) s += e * e;
      return Math.sqrt(s);
    }
  }

  @Differentiable
  public static double f(P p, double[] x) {
    double s = 0;
    for (double xi : x) {
      s += p.pick(xi);
      if (p.kind() != Kind.C) s += p.sw(xi);
    }
    return s;
  }

  public static void main(String[] args) {
    for (Kind k : Kind.values()) {
      P120RecordSwitchesGrad.checkF(new P(new double[] {0.3, -0.7, 0.9}, k), new double[] {0.5, -1.2, 2.0}).assertPassed();
      P120RecordSwitchesGrad.checkF(new P(new double[] {0.3, 0.2, 0.1}, k), new double[] {0.5, -1.2, 2.0}).assertPassed();
    }
  }
}
