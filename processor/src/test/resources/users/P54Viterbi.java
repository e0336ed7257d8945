package users;

import dev.flatgrad.annotations.Differentiable;

public class P54Viterbi {
  /** CRF log partition (forward) minus score of the best path found by Viterbi with backpointers */
  @Differentiable
  public static double crfGap(double[][] emit, double[][] trans) {
    int T = emit.length, S = emit[0].length;
    double[] alpha = emit[0].clone();
    double[] delta = emit[0].clone();
    int[][] back = new int[T][S];
    for (int t = 1; t < T; t++) {
      double[] na = new double[S], nd = new double[S];
      for (int j = 0; j < S; j++) {
        double m = Double.NEGATIVE_INFINITY;
        int arg = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < S; i++) {
          m = Math.max(m, alpha[i] + trans[i][j]);
          double cand = delta[i] + trans[i][j];
          if (cand > best) { best = cand; arg = i; }
        }
        double z = 0;
        for (int i = 0; i < S; i++) z += Math.exp(alpha[i] + trans[i][j] - m);
        na[j] = m + Math.log(z) + emit[t][j];
        nd[j] = best + emit[t][j];
        back[t][j] = arg;
      }
      alpha = na;
      delta = nd;
    }
    double m = Double.NEGATIVE_INFINITY;
    for (double a : alpha) m = Math.max(m, a);
    double z = 0;
    for (double a : alpha) z += Math.exp(a - m);
    double logZ = m + Math.log(z);
    int last = 0;
    for (int j = 1; j < S; j++) if (delta[j] > delta[last]) last = j;
    // re-score the decoded path from the tables
    double score = emit[T - 1][last];
    int state = last;
    for (int t = T - 1; t > 0; t--) {
      int prev = back[t][state];
      score += trans[prev][state] + emit[t - 1][prev];
      state = prev;
    }
    return logZ - score;
  }

  public static void main(String[] args) {
    double[][] emit = {{0.1, 0.5, -0.2}, {0.3, -0.1, 0.8}, {0.0, 0.4, 0.2}, {0.6, -0.3, 0.1}};
    double[][] trans = {{0.2, -0.1, 0.0}, {0.1, 0.3, -0.2}, {-0.3, 0.2, 0.1}};
    P54ViterbiGrad.checkCrfGap(emit, trans).assertPassed();
  }
}
