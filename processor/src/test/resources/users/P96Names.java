package users;

import dev.flatgrad.annotations.Differentiable;

public class P96Names {
  /** locals named like generated code: dw, out, value, sum, prod, tape, top, stack, Private, grad */
  @Differentiable
  public static double clash(double[] w, double dw, double[] value) {
    double out = 0, sum = 0, prod = 1;
    double[] tape = new double[w.length];
    int top = 0;
    double[] dvalue = new double[value.length];
    for (int i = 0; i < w.length; i++) {
      double grad = w[i] * dw;
      double dgrad = grad * grad;
      tape[top++] = dgrad + value[i];
      sum += tape[top - 1];
      prod *= 1 + 0.1 * grad;
      dvalue[i] = Math.sin(grad);
      if (grad > 0) out += dgrad;
    }
    double Private = sum * prod;
    double wStack = 0;
    for (double branchStack : dvalue) wStack += branchStack * branchStack;
    return Private + out + wStack;
  }

  public static void main(String[] args) {
    P96NamesGrad.checkClash(new double[] {0.3, -0.6, 1.0}, 0.7, new double[] {0.1, 0.2, 0.3}).assertPassed();
  }
}
