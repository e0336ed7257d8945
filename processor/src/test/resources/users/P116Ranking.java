package users;

import dev.flatgrad.annotations.Differentiable;

public class P116Ranking {
  public record Scorer(double[] w, double bias) {
    double score(double[] item) {
      return Scores.linear(this, item);
    }
  }

  public record Pair(Scorer left, Scorer right) {}

  /** the pairwise loss's settings: which surrogate, by name, and its margin */
  public record Settings(String surrogate, double margin) {}

  /** the surrogate of a score difference, chosen by a string */
  static double surrogate(String name, double diff, double margin) {
    switch (name) {
      case "hinge":
        return Math.max(0, margin - diff);
      case "logistic":
        return Math.log1p(Math.exp(-diff));
      case "exp":
        return Math.exp(-diff);
      default:
        throw new IllegalArgumentException(name);
    }
  }

  @Differentiable(wrt = {"pair"})
  public static double loss(Pair pair, double[][] better, double[][] worse, Settings s) {
    double total = 0;
    for (int i = 0; i < better.length; i++) {
      double a = pair.left().score(better[i]) + pair.right().score(better[i]);
      double b = pair.left().score(worse[i]) + pair.right().score(worse[i]);
      total += surrogate(s.surrogate(), a - b, s.margin());
    }
    return total / better.length + Scores.shrink(pair.left()) + Scores.shrink(pair.right());
  }

  public static void main(String[] args) {
    var pair = new Pair(new Scorer(new double[] {0.3, -0.2}, 0.1), new Scorer(new double[] {0.1, 0.4}, -0.2));
    double[][] better = {{1, 0.5}, {0.2, 1.3}, {-0.4, 0.9}};
    double[][] worse = {{0.3, 0.7}, {0.9, -0.2}, {0.5, 0.5}};
    for (String k : new String[] {"hinge", "logistic", "exp"}) {
      P116RankingGrad.checkLoss(pair, better, worse, new Settings(k, 0.6)).assertPassed();
    }
  }
}

/** scoring utilities kept apart, as a user keeps them */
final class Scores {
  private Scores() {}

  static double linear(P116Ranking.Scorer s, double[] x) {
    double t = s.bias();
    for (int i = 0; i < x.length; i++) t += s.w()[i] * x[i];
    return t;
  }

  static double shrink(P116Ranking.Scorer s) {
    double q = 0;
    for (double v : s.w()) q += v * v;
    return 1e-2 * q;
  }
}
