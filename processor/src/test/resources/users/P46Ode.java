package users;

import dev.flatgrad.annotations.Differentiable;

public class P46Ode {
  /** SIR epidemic model, Euler steps kept in a history matrix, returns the infected curve */
  @Differentiable
  public static double[] sir(double beta, double gamma, double i0, int days) {
    double[][] hist = new double[days + 1][3];
    hist[0][0] = 1 - i0;
    hist[0][1] = i0;
    for (int d = 0; d < days; d++) {
      double[] cur = hist[d];
      double[] nxt = hist[d + 1];
      double newInf = beta * cur[0] * cur[1];
      double rec = gamma * cur[1];
      nxt[0] = cur[0] - newInf;
      nxt[1] = cur[1] + newInf - rec;
      nxt[2] = cur[2] + rec;
    }
    double[] infected = new double[days + 1];
    for (int d = 0; d <= days; d++) infected[d] = hist[d][1];
    return infected;
  }

  public static void main(String[] args) {
    double[] dout = new double[11];
    for (int i = 0; i < dout.length; i++) dout[i] = Math.cos(i);
    P46OdeGrad.checkSir(0.4, 0.1, 0.01, 10, dout).assertPassed();
  }
}
