package users;

import dev.flatgrad.annotations.Differentiable;

public class P64Ray {
  static double dot3(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  /** distance along the ray to a sphere, shaded by Lambert at the hit */
  @Differentiable
  public static double shade(double[] origin, double[] dir, double[] center, double radius, double[] light) {
    double[] oc = {origin[0] - center[0], origin[1] - center[1], origin[2] - center[2]};
    double a = dot3(dir, dir);
    double b = 2.0 * dot3(oc, dir);
    double c = dot3(oc, oc) - radius * radius;
    double disc = b * b - 4 * a * c;
    if (disc < 0) return 0.0;
    double t = (-b - Math.sqrt(disc)) / (2.0 * a);
    if (t < 0) t = (-b + Math.sqrt(disc)) / (2.0 * a);
    double[] hit = new double[3];
    for (int k = 0; k < 3; k++) hit[k] = origin[k] + t * dir[k];
    double[] nrm = new double[3];
    for (int k = 0; k < 3; k++) nrm[k] = (hit[k] - center[k]) / radius;
    double lambert = Math.max(0.0, dot3(nrm, light));
    return lambert / (1 + t * t);
  }

  public static void main(String[] args) {
    P64RayGrad.checkShade(new double[] {0, 0, -5}, new double[] {0.1, 0.05, 1}, new double[] {0.2, -0.1, 0},
        1.5, new double[] {0.3, 0.4, -0.8}).assertPassed();
  }
}
