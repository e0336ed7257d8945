package users;

import dev.flatgrad.annotations.Differentiable;

public class P121SameRecordTwice {
  // two layers of one type given to a utility class's method, the same one twice and swapped, with tangents
  public record Layer(double[] w, double b) {
    double out(double[] x) {
      return Ops.dot(this, x) + b;
    }
  }

  public record Net(Layer a, Layer b) {
    double both(double[] x) {
      return Ops.combine(a, b, x);
    }
  }

  static class Ops {
    static double dot(Layer l, double[] x) {
      double s = 0;
      for (int i = 0; i < x.length; i++) s += l.w()[i] * x[i];
      return s;
    }

    // two of the same type given to one method; the second one's method called inside
    static double combine(Layer first, Layer second, double[] x) {
      double h = Math.tanh(first.out(x));
      return h * second.out(x) + dot(second, x);
    }
  }

  @Differentiable(tangent = true)
  public static double f(Net net, double[] x) {
    Layer a = net.a();
    double s = Ops.combine(a, a, x);        // the same record twice
    s += Ops.combine(net.b(), net.a(), x);  // swapped
    return s + net.both(x);
  }

  public static void main(String[] args) {
    var net = new Net(new Layer(new double[] {0.3, -0.5}, 0.1), new Layer(new double[] {0.7, 0.2}, -0.3));
    P121SameRecordTwiceGrad.checkF(net, new double[] {1.2, -0.4}).assertPassed();
    var d = new Net(new Layer(new double[] {0.1, 0.2}, 0.3), new Layer(new double[] {-0.2, 0.4}, 0.1));
    P121SameRecordTwiceGrad.checkFTangent(net, new double[] {1.2, -0.4}, d, new double[] {0.3, 0.5}).assertPassed();
  }
}
