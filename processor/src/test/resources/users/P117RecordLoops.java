package users;

import dev.flatgrad.annotations.Differentiable;

public class P117RecordLoops {
  // record methods in a for-each's iterable, a while's condition read into a local, an enum switch, a labelled break and an early return in nested loops, a utility class
  enum Act { TANH, SQUARE }

  public record Layer(double[] w, Act act, int[] order) {
    double[] scaled(double a) {
      double[] out = new double[w.length];
      for (int i = 0; i < w.length; i++) out[i] = a * w[order[i]];
      return out;
    }

    double act(double z) {
      return switch (act) {
        case TANH -> Math.tanh(z);
        case SQUARE -> z * z;
      };
    }

    /** the first index where the running sum passes t, searched row by row, with an early return */
    double firstPast(double[][] grid, double t) {
      double run = 0;
      search:
      for (int i = 0; i < grid.length; i++) {
        for (int j = 0; j < grid[i].length; j++) {
          run += grid[i][j] * w[j % w.length];
          if (run > t) {
            if (i == 0) return run * 2;
            break search;
          }
        }
      }
      return run;
    }
  }

  static final class Util {
    static double total(Layer l, double[] x) {
      double s = 0;
      for (double v : l.scaled(2.0)) s += v;
      int i = 0;
      while (i < x.length && Math.abs(s) < 10) {
        s += l.act(x[i] * l.w()[0]);
        i++;
      }
      return s;
    }
  }

  @Differentiable
  public static double f(Layer l, double[] x, double[][] grid) {
    double s = 0;
    for (double v : l.scaled(0.5)) s += v * v;
    int i = 0;
    double t = Util.total(l, x);
    while (i < 3 && t > s) {
      s += 1.0 + l.act(s);
      i++;
    }
    return s + l.act(l.firstPast(grid, 0.7)) + Util.total(l, x);
  }

  public static void main(String[] args) {
    for (Act a : Act.values()) {
      var l = new Layer(new double[] {0.4, -0.2, 0.9}, a, new int[] {2, 0, 1});
      double[][] grid = {{0.3, 0.2, 0.5}, {0.6, -0.1, 0.4}};
      P117RecordLoopsGrad.checkF(l, new double[] {0.5, -1.0, 0.3}, grid).assertPassed();
      P117RecordLoopsGrad.checkF(l, new double[] {0.5, -1.0, 0.3}, new double[][] {{2.5, 0.1}}).assertPassed();
    }
  }
}
