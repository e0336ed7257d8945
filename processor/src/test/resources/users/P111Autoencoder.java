package users;

import dev.flatgrad.annotations.Differentiable;
import java.util.Arrays;

public class P111Autoencoder {
  public record Layer(double[][] W, double[] b) {
    double[] map(double[] x) {
      double[] z = b.clone();
      for (int j = 0; j < z.length; j++) {
        for (int i = 0; i < x.length; i++) z[j] += W[j][i] * x[i];
      }
      return z;
    }

    double frob() {
      double s = 0;
      for (double[] row : W) s += Arrays.stream(row).map(r -> r * r).sum(); // r: the caller's residual's name too
      return s;
    }
  }

  public record Encoder(Layer a, Layer b) {
    double[] code(double[] x) {
      return Act.tanh(b.map(Act.tanh(a.map(x))));
    }
  }

  public record Model(Encoder enc, Layer dec, double beta) {
    double[] reconstruct(double[] x) {
      return dec.map(enc.code(x));
    }

    double weightDecay() {
      return enc.a().frob() + enc.b().frob() + dec.frob();
    }
  }

  static final class Act {
    static double[] tanh(double[] z) {
      var out = new double[z.length];
      for (int i = 0; i < z.length; i++) out[i] = Math.tanh(z[i]);
      return out;
    }
  }

  @Differentiable
  public static double loss(Model m, double[][] X) {
    double err = 0;
    for (double[] x : X) {
      double[] r = m.reconstruct(x);
      for (int i = 0; i < x.length; i++) err += (r[i] - x[i]) * (r[i] - x[i]);
    }
    return err / X.length + m.beta() * m.weightDecay();
  }

  public static void main(String[] args) {
    var a = new Layer(new double[][] {{0.3, -0.2, 0.1}, {0.5, 0.4, -0.3}}, new double[] {0.1, -0.1});
    var b = new Layer(new double[][] {{0.6, -0.4}}, new double[] {0.05});
    var dec = new Layer(new double[][] {{0.5}, {-0.3}, {0.8}}, new double[] {0.0, 0.1, -0.1});
    var m = new Model(new Encoder(a, b), dec, 1e-2);
    double[][] X = {{0.5, -0.2, 0.9}, {1.0, 0.3, -0.4}};
    P111AutoencoderGrad.checkLoss(m, X).assertPassed();
  }
}
