package users;

import dev.flatgrad.annotations.Differentiable;

public class P66Settings {
  @Differentiable
  public static double regLoss(double[] w, double[] x, double y, String mode, double lambda) {
    double p = 0;
    for (int i = 0; i < w.length; i++) p += w[i] * x[i];
    double loss = 0.5 * (p - y) * (p - y);
    double reg = 0;
    if (mode.equals("l2")) {
      for (double v : w) reg += v * v;
    } else if ("l1".equals(mode)) {
      for (double v : w) reg += Math.abs(v);
    } else if (mode.startsWith("elastic")) {
      for (double v : w) reg += 0.5 * v * v + 0.5 * Math.abs(v);
    }
    return loss + lambda * reg;
  }

  public static void main(String[] args) {
    double[] w = {0.4, -0.3, 1.2};
    double[] x = {1, 2, -1};
    for (String m : new String[] {"l2", "l1", "elastic-net", "none"}) {
      P66SettingsGrad.checkRegLoss(w, x, 0.5, m, 0.1).assertPassed();
    }
  }
}
