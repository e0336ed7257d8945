package users;

import dev.flatgrad.annotations.Differentiable;

public class P76Fem1d {
  /** linear elements on [0,1], stiffness with a varying coefficient, Dirichlet at both ends, Thomas solve; compliance */
  @Differentiable
  public static double compliance(double[] kappa, double load) {
    int ne = kappa.length;
    int nn = ne + 1;
    double h = 1.0 / ne;
    double[] diag = new double[nn], off = new double[nn - 1], rhs = new double[nn];
    for (int e = 0; e < ne; e++) {
      double ke = kappa[e] / h;
      diag[e] += ke;
      diag[e + 1] += ke;
      off[e] -= ke;
      double xm = (e + 0.5) * h;
      rhs[e] += load * h / 2 * (1 + xm);
      rhs[e + 1] += load * h / 2 * (1 + xm);
    }
    // interior unknowns 1..nn-2
    int m = nn - 2;
    double[] c = new double[m], d = new double[m];
    for (int i = 0; i < m; i++) {
      double a = i > 0 ? off[i] : 0;
      double denom = diag[i + 1] - (i > 0 ? a * c[i - 1] : 0);
      c[i] = i < m - 1 ? off[i + 1] / denom : 0;
      d[i] = (rhs[i + 1] - (i > 0 ? a * d[i - 1] : 0)) / denom;
    }
    double[] u = new double[m];
    u[m - 1] = d[m - 1];
    for (int i = m - 2; i >= 0; i--) u[i] = d[i] - c[i] * u[i + 1];
    double work = 0;
    for (int i = 0; i < m; i++) work += rhs[i + 1] * u[i];
    return work;
  }

  public static void main(String[] args) {
    P76Fem1dGrad.checkCompliance(new double[] {1.0, 1.3, 0.8, 1.1, 0.9, 1.5}, 2.0).assertPassed();
  }
}
