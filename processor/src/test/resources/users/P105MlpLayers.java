package users;

import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.runtime.Nd;

public class P105MlpLayers {
  enum Act { RELU, TANH, SOFTPLUS }

  public record Layer(double[][] W, double[] b) {
    double[] forward(double[] x, Act act) {
      var z = new double[b.length];
      for (int j = 0; j < b.length; j++) {
        double s = b[j];
        for (int i = 0; i < x.length; i++) s += x[i] * W[i][j];
        z[j] = switch (act) {
          case RELU -> s > 0 ? s : 0.0;
          case TANH -> Math.tanh(s);
          case SOFTPLUS -> Math.log1p(Math.exp(s));
        };
      }
      return z;
    }

    double sumSq() {
      double s = 0;
      for (double[] row : W) for (double w : row) s += w * w;
      return s;
    }
  }

  public record Mlp(Layer hidden, Layer out) {
    double[] logits(double[] x, Act act) {
      double[] h = hidden.forward(x, act);
      return out.forward(h, Act.TANH);
    }

    double l2() {
      return hidden.sumSq() + out().sumSq();
    }
  }

  record Hyper(double lambda, Act act) {}

  /** softmax cross-entropy over a batch, with an L2 term whose weight comes from a settings record */
  @Differentiable
  public static double loss(Mlp net, double[][] X, int[] labels, Hyper hp) {
    double total = 0;
    for (int n = 0; n < X.length; n++) {
      double[] z = net.logits(X[n], hp.act());
      double m = Double.NEGATIVE_INFINITY;
      for (double v : z) m = Math.max(m, v);
      double se = 0;
      for (double v : z) se += Math.exp(v - m);
      total += m + Math.log(se) - z[labels[n]];
    }
    return total / X.length + hp.lambda() * net.l2();
  }

  public static void main(String[] args) {
    var hidden = new Layer(new double[][] {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}}, new double[] {0.05, -0.1, 0.2});
    var out = new Layer(new double[][] {{0.2, -0.3}, {0.5, 0.1}, {-0.4, 0.3}}, new double[] {0.0, 0.1});
    var net = new Mlp(hidden, out);
    double[][] X = {{0.5, -1.0}, {1.5, 0.3}, {-0.7, 0.8}};
    int[] y = {0, 1, 1};
    for (Act a : Act.values()) {
      P105MlpLayersGrad.checkLoss(net, X, y, new Hyper(0.01, a)).assertPassed();
    }
  }
}
