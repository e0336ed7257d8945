package dev.flatgrad.processor.forward;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertHessian;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertJacobian;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertTangent;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Forward mode and second order on programs as users write them: each asks for tangents, H·v,
 * Hessians or Jacobians, and each is checked at a point (value bit for bit, gradient, tangent and
 * H·v against centred differences; Hessians symmetric and made of H·v; Jacobians against centred
 * differences of the method).
 */
class UsersSecondOrderTest {

  /** The classes {@code code} compiles to with the processor, loaded. */
  static Loaded compiled(String code) {
    return load(compileOk(source(code)));
  }

  /** A point of four entries of both signs. */
  static final double[] X = {0.7, -0.4, 1.3, 0.2};

  @Test
  void breaksAndContinues() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Clip {
          @Differentiable(hessian = true)
          public static double clippedSum(double[] x, double cap) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              if (x[i] < -0.3) continue;
              s += x[i] * x[i] * cap;
              if (s > 10) break;
            }
            int k = 0;
            while (k < x.length) {
              k++;
              if (k % 2 == 0) { continue; }
              s += Math.sin(x[k - 1] * cap);
            }
            return s * Math.sin(cap);
          }
        }
        """);
    assertGradient(l, "so.ClipGrad", "clippedSum", X, 0.9);
    assertHessian(l, "so.ClipGrad", "clippedSum", X, 0.9);
  }

  @Test
  void labelledLoops() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Labels {
          @Differentiable(hessian = true, wrt = {"m", "t"})
          public static double firstBlock(double[][] m, double t, double limit) {
            double acc = 0;
            outer:
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                if (m[i][j] * t > limit) break outer;
                if (m[i][j] < -1) continue outer;
                acc += Math.exp(m[i][j] * t) * m[i][j];
              }
              acc *= 0.5 + t;
            }
            return acc;
          }
        }
        """);
    double[][] m = {{0.3, -0.2, 0.5}, {-1.5, 0.4, 0.1}, {0.2, 0.9, 2.5}, {0.1, 0.1, 0.1}};
    assertGradient(l, "so.LabelsGrad", "firstBlock", m, 1.1, 2.0);
    assertHessian(l, "so.LabelsGrad", "firstBlock", m, 1.1, 2.0);
  }

  @Test
  void switchesAndSwitchExpressions() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Sw {
          enum Kind { SQUARE, SINE, EXP }

          @Differentiable(hessian = true)
          public static double piecewise(double[] x, int mode, Kind kind) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double w = switch ((i + mode) % 3) {
                case 0 -> x[i] * x[i];
                case 1 -> {
                  double t = Math.sin(x[i]);
                  yield t * x[i];
                }
                default -> Math.exp(0.5 * x[i]);
              };
              switch (mode) {
                case 0:
                  s += w;
                  break;
                case 1:
                  s += w * w;
                  break;
                default:
                  s -= w * x[0];
              }
              s += switch (kind) {
                case SQUARE -> w * w * 0.1;
                case SINE -> Math.sin(w);
                case EXP -> Math.exp(-w);
              };
            }
            return s;
          }
        }
        """);
    Class<?> kind;
    try {
      kind = l.loadClass("so.Sw$Kind");
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    for (Object k : kind.getEnumConstants()) {
      for (int mode = 0; mode < 3; mode++) {
        assertGradient(l, "so.SwGrad", "piecewise", X, mode, k);
        assertSecondOrder(l, "so.SwGrad", "piecewise", new Random(mode), X, mode, k);
        assertHessian(l, "so.SwGrad", "piecewise", X, mode, k);
      }
    }
  }

  @Test
  void recordsOfParametersAndTheirDirections() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Model {
          public record Layer(double[][] W, double[] b) {}

          public record Net(Layer hidden, double[] v, double c) {}

          static double[] affine(Layer p, double[] x) {
            double[] z = new double[p.b().length];
            for (int j = 0; j < z.length; j++) {
              z[j] = p.b()[j];
              for (int i = 0; i < x.length; i++) {
                z[j] += p.W()[j][i] * x[i];
              }
            }
            return z;
          }

          @Differentiable(hessian = true)
          public static double loss(Net net, double[] x, double y) {
            double[] h = affine(net.hidden(), x);
            double out = net.c();
            for (int j = 0; j < h.length; j++) {
              out += net.v()[j] * Math.tanh(h[j]);
            }
            double r = out - y;
            return 0.5 * r * r;
          }
        }
        """);
    Object net = net(l);
    double[] x = {0.5, -1.0, 0.25};
    assertGradient(l, "so.ModelGrad", "loss", net, x, 0.3);
    assertHessian(l, "so.ModelGrad", "loss", net, x, 0.3);
  }

  private static Object net(Loaded l) {
    try {
      Class<?> layer = l.loadClass("so.Model$Layer");
      Class<?> net = l.loadClass("so.Model$Net");
      Object hidden = layer.getConstructor(double[][].class, double[].class)
          .newInstance(new double[][] {{0.2, -0.1, 0.4}, {0.3, 0.5, -0.6}}, new double[] {0.1, -0.2});
      return net.getConstructor(layer, double[].class, double.class).newInstance(hidden, new double[] {0.7, -0.3}, 0.05);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void nestedCallsOfDifferentiatedMethodsAndHelpers() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Calls {
          @Differentiable(hessian = true)
          static double sq(double u) {
            return u * u;
          }

          @Differentiable(hessian = true)
          static double norm2(double[] v) {
            double s = 0;
            for (double e : v) {
              s += sq(e);
            }
            return s;
          }

          private static double soft(double a, double b) {
            return Math.log(Math.exp(a) + Math.exp(b));
          }

          private static double smooth(double[] v, double t) {
            double s = 0;
            for (int i = 0; i + 1 < v.length; i++) {
              s += soft(v[i] * t, v[i + 1]);
            }
            return s;
          }

          @Differentiable(hessian = true)
          public static double energy(double[] v, double t) {
            double[] w = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              w[i] = sq(v[i] - t) * t;
            }
            return norm2(w) + smooth(w, t) * sq(t) + norm2(v) * smooth(v, 0.5);
          }
        }
        """);
    assertGradient(l, "so.CallsGrad", "energy", X, 0.6);
    assertHessian(l, "so.CallsGrad", "energy", X, 0.6);
  }

  @Test
  void varargsHelpers() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Va {
          static double sumSq(double... v) {
            double s = 0;
            for (double e : v) {
              s += e * e;
            }
            return s;
          }

          static double biggest(double first, double... rest) {
            double m = first;
            for (double r : rest) {
              m = Math.max(m, r);
            }
            return m;
          }

          @Differentiable(hessian = true)
          public static double f(double a, double b, double[] x) {
            return sumSq(a, b * a, x[0], Math.sin(x[1])) + biggest(a * b, x[2], x[3] * a) * sumSq()
                + biggest(b) * sumSq(x);
          }
        }
        """);
    assertGradient(l, "so.VaGrad", "f", 0.8, -1.2, X);
    assertHessian(l, "so.VaGrad", "f", 0.8, -1.2, X);
  }

  @Test
  void streams() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;
        import java.util.stream.IntStream;

        public class St {
          @Differentiable(hessian = true)
          public static double stats(double[] x, double[] w) {
            double mean = Arrays.stream(x).average().orElse(0.0);
            double peak = Arrays.stream(x).map(v -> v * v).max().getAsDouble();
            double dot = IntStream.range(0, x.length).mapToDouble(i -> x[i] * w[i]).sum();
            double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
            return mean * peak + Math.exp(dot) + var;
          }
        }
        """);
    assertGradient(l, "so.StGrad", "stats", X, new double[] {0.3, 0.1, -0.2, 0.5});
    assertHessian(l, "so.StGrad", "stats", X, new double[] {0.3, 0.1, -0.2, 0.5});
  }

  @Test
  void chars() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Chars {
          @Differentiable(hessian = true, wrt = {"w", "x"})
          public static double score(String code, double[] w, double x) {
            double s = 0;
            for (int i = 0; i < code.length(); i++) {
              char c = code.charAt(i);
              if (c == '+') {
                s += w[i % w.length] * x;
              } else if (Character.isDigit(c)) {
                s += (c - '0') * w[i % w.length] * w[i % w.length] * x;
              } else {
                switch (c) {
                  case 'e' -> s += Math.exp(w[0] * x);
                  case 's' -> s *= Math.sin(x);
                  default -> s -= 0.1 * x * x;
                }
              }
            }
            for (char c : code.toCharArray()) {
              s += c == 'x' ? x * x * x : 0.0;
            }
            return s;
          }
        }
        """);
    assertGradient(l, "so.CharsGrad", "score", "3+e?s2x", X, 0.45);
    assertHessian(l, "so.CharsGrad", "score", "3+e?s2x", X, 0.45);
  }

  @Test
  void swappedBuffersJacobiAndHeat() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Heat {
          @Differentiable(hessian = true, jacobian = true)
          public static double[] heat(double[] u0, double alpha, int steps) {
            double[] u = u0.clone();
            double[] next = new double[u.length];
            for (int s = 0; s < steps; s++) {
              next[0] = u[0];
              next[u.length - 1] = u[u.length - 1];
              for (int i = 1; i < u.length - 1; i++) {
                next[i] = u[i] + alpha * (u[i - 1] - 2 * u[i] + u[i + 1]) - 0.1 * u[i] * u[i] * u[i];
              }
              double[] tmp = u;
              u = next;
              next = tmp;
            }
            return u;
          }

          @Differentiable(hessian = true)
          public static double jacobi(double[][] A, double[] b) {
            double[] x = new double[b.length];
            double[] xNew = new double[b.length];
            for (int it = 0; it < 6; it++) {
              for (int i = 0; i < b.length; i++) {
                double sigma = 0;
                for (int j = 0; j < b.length; j++) {
                  if (j != i) {
                    sigma += A[i][j] * x[j];
                  }
                }
                xNew[i] = (b[i] - sigma) / A[i][i];
              }
              double[] t = x;
              x = xNew;
              xNew = t;
            }
            double r = 0;
            for (double v : x) {
              r += v * v;
            }
            return r;
          }
        }
        """);
    double[] u0 = {0.0, 0.5, 0.9, 0.4, 0.1};
    assertGradient(l, "so.HeatGrad", "heat", u0, 0.2, 4, new double[] {0.3, -1.0, 0.5, 0.7, 0.2});
    assertJacobian(l, "so.HeatGrad", "heat", new int[] {0, 1}, u0, 0.2, 4);
    double[][] a = {{4.0, 1.0, 0.5}, {0.3, 5.0, -1.0}, {0.2, 0.4, 3.0}};
    assertGradient(l, "so.HeatGrad", "jacobi", a, new double[] {1.0, -2.0, 0.5});
    assertHessian(l, "so.HeatGrad", "jacobi", a, new double[] {1.0, -2.0, 0.5});
  }

  @Test
  void rowsSwappedByPivoting() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Pivot {
          @Differentiable(hessian = true, jacobian = true)
          public static double[] solve(double[][] A, double[] b) {
            int n = b.length;
            double[][] M = new double[n][];
            double[] r = b.clone();
            for (int i = 0; i < n; i++) {
              M[i] = A[i].clone();
            }
            for (int k = 0; k < n; k++) {
              int p = k;
              for (int i = k + 1; i < n; i++) {
                if (Math.abs(M[i][k]) > Math.abs(M[p][k])) {
                  p = i;
                }
              }
              double[] row = M[k];
              M[k] = M[p];
              M[p] = row;
              double t = r[k];
              r[k] = r[p];
              r[p] = t;
              for (int i = k + 1; i < n; i++) {
                double f = M[i][k] / M[k][k];
                for (int j = k; j < n; j++) {
                  M[i][j] -= f * M[k][j];
                }
                r[i] -= f * r[k];
              }
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
              double s = r[i];
              for (int j = i + 1; j < n; j++) {
                s -= M[i][j] * x[j];
              }
              x[i] = s / M[i][i];
            }
            return x;
          }
        }
        """);
    double[][] a = {{0.5, 2.0, 1.0}, {3.0, -1.0, 0.4}, {1.0, 0.2, 4.0}};
    double[] b = {1.0, -0.5, 2.0};
    assertGradient(l, "so.PivotGrad", "solve", a, b, new double[] {0.3, 1.0, -0.7});
    assertJacobian(l, "so.PivotGrad", "solve", new int[] {0, 1}, a, b);
  }

  @Test
  void arraysReplacedEachTrip() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Replace {
          @Differentiable(hessian = true)
          public static double smooth(double[] x, double k) {
            double[] cur = x;
            for (int t = 0; t < 3; t++) {
              double[] next = new double[cur.length];
              for (int i = 0; i < cur.length; i++) {
                double left = i > 0 ? cur[i - 1] : cur[i];
                next[i] = 0.5 * cur[i] + 0.5 * Math.tanh(k * left);
              }
              cur = next;
            }
            double s = 0;
            for (double v : cur) {
              s += v * v * k;
            }
            return s;
          }
        }
        """);
    assertGradient(l, "so.ReplaceGrad", "smooth", X, 1.3);
    assertHessian(l, "so.ReplaceGrad", "smooth", X, 1.3);
  }

  @Test
  void earlyReturnsAndThrows() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Ret {
          @Differentiable(hessian = true)
          public static double guarded(double[] x, double t) {
            if (x.length == 0) {
              throw new IllegalArgumentException("empty x");
            }
            if (t < 0) {
              throw new IllegalArgumentException("negative t: " + t);
            }
            double norm = 0;
            for (double v : x) {
              norm += v * v;
            }
            if (norm < 1e-3) {
              return 0.0;
            }
            for (int i = 0; i < x.length; i++) {
              if (x[i] * t > 1.5) {
                return norm * x[i] * t;
              }
            }
            if (norm > 100) {
              return Math.sqrt(norm);
            }
            return Math.log(norm) * t * t;
          }
        }
        """);
    assertGradient(l, "so.RetGrad", "guarded", X, 1.2);
    assertHessian(l, "so.RetGrad", "guarded", X, 1.2);
    assertSecondOrder(l, "so.RetGrad", "guarded", new Random(3), X, 0.5);
    assertHessian(l, "so.RetGrad", "guarded", X, 0.5);
  }

  @Test
  void mathFunctionsAtTheirEdges() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Edges {
          @Differentiable(hessian = true)
          public static double f(double a, double b, double c) {
            double tie = Math.max(a * b, b * a) + Math.min(c, c);
            double p = Math.pow(a, 3) + Math.pow(b, 2.0) + Math.pow(Math.abs(c), 1.5) + Math.pow(2.0, a * c);
            double q = Math.pow(a * a + 1.0, b) + Math.pow(b, 4) * Math.abs(a - b);
            return tie * p + q + Math.hypot(a, c) + Math.atan2(b, c) + Math.cbrt(a * b) + Math.expm1(c) * Math.log1p(a * a);
          }
        }
        """);
    assertGradient(l, "so.EdgesGrad", "f", 0.7, -1.3, 0.4);
    assertHessian(l, "so.EdgesGrad", "f", 0.7, -1.3, 0.4);
    assertSecondOrder(l, "so.EdgesGrad", "f", new Random(4), -0.6, 1.1, -0.9);
    assertHessian(l, "so.EdgesGrad", "f", -0.6, 1.1, -0.9);
  }

  @Test
  void ndOperations() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Vec {
          @Differentiable(hessian = true, wrt = {"W", "v"})
          public static double head(double[][] W, double[] v, double[][] X, int label) {
            double[][] h = Nd.tanh(Nd.dot(X, W));
            double[] scores = Nd.dot(h, v);
            double[] p = Nd.softmax(scores);
            double[] lp = Nd.logSoftmax(scores);
            double[] back = Nd.transposeDot(h, p);
            return -lp[label] + Nd.dot(back, back) + p[0] * Nd.sum(Nd.square(v));
          }

          @Differentiable(jacobian = true)
          public static double[][] layer(double[][] A, double[][] B) {
            return Nd.tanh(Nd.dot(A, B));
          }
        }
        """);
    double[][] w = {{0.2, -0.5}, {0.4, 0.1}, {-0.3, 0.6}};
    double[] v = {0.7, -0.9};
    double[][] x = {{1.0, 0.5, -0.2}, {0.3, -0.8, 0.6}, {-0.4, 0.2, 0.9}};
    assertGradient(l, "so.VecGrad", "head", w, v, x, 1);
    assertHessian(l, "so.VecGrad", "head", w, v, x, 1);
    double[][] b = {{0.5, -0.1}, {0.2, 0.3}, {-0.6, 0.4}};
    assertJacobian(l, "so.VecGrad", "layer", new int[] {0, 1}, x, b);
    assertTangent(l, "so.VecGrad", "layer", new Random(5), x, b);
  }

  @Test
  void customGradientsWithCustomTangents() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.CustomTangent;
        import dev.flatgrad.annotations.Differentiable;

        public class Custom {
          static double softplus(double x) {
            return x > 30 ? x : Math.log1p(Math.exp(x));
          }

          @CustomGradient(of = "softplus")
          static double softplusGrad(double x, double out, double dout) {
            return dout / (1.0 + Math.exp(-x));
          }

          @Differentiable
          @CustomTangent(of = "softplus")
          static double softplusTangent(double x, double xDot, double out) {
            return xDot / (1.0 + Math.exp(-x));
          }

          @Differentiable(hessian = true)
          public static double loss(double[] w, double[] x, double y) {
            double z = 0;
            for (int i = 0; i < w.length; i++) {
              z += w[i] * x[i];
            }
            double s = softplus(z * y) + softplus(-w[0]) * softplus(w[1] * w[2]);
            return s * s;
          }
        }
        """);
    double[] w = {0.3, -0.2, 0.8, 0.1};
    assertGradient(l, "so.CustomGrad", "loss", w, X, -0.7);
    assertHessian(l, "so.CustomGrad", "loss", w, X, -0.7);
  }

  @Test
  void stabilisedLogSumExp() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Lse {
          @Differentiable(hessian = true)
          public static double lse(double[] z, double temperature) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : z) {
              if (v / temperature > m) {
                m = v / temperature;
              }
            }
            double s = 0.0;
            for (int i = 0; i < z.length; i++) {
              s += Math.exp(z[i] / temperature - m);
            }
            return temperature * (m + Math.log(s));
          }

          @Differentiable(jacobian = true)
          public static double[] softmax(double[] z) {
            double m = z[0];
            for (int i = 1; i < z.length; i++) {
              m = Math.max(m, z[i]);
            }
            double[] e = new double[z.length];
            double s = 0;
            for (int i = 0; i < z.length; i++) {
              e[i] = Math.exp(z[i] - m);
              s += e[i];
            }
            for (int i = 0; i < z.length; i++) {
              e[i] /= s;
            }
            return e;
          }
        }
        """);
    double[] z = {0.3, 2.1, -0.5, 2.0};
    assertGradient(l, "so.LseGrad", "lse", z, 0.8);
    assertHessian(l, "so.LseGrad", "lse", z, 0.8);
    assertJacobian(l, "so.LseGrad", "softmax", new int[] {0}, (Object) z);
    assertTangent(l, "so.LseGrad", "softmax", new Random(6), (Object) z);
  }

  @Test
  void newtonInADoWhile() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Newton {
          @Differentiable(hessian = true)
          public static double cubeRoot(double a, double scale) {
            double x = 1.0;
            int it = 0;
            do {
              double fx = x * x * x - a * scale;
              x -= fx / (3 * x * x);
              it++;
            } while (it < 30 && Math.abs(x * x * x - a * scale) > 1e-14);
            return x * x;
          }
        }
        """);
    assertGradient(l, "so.NewtonGrad", "cubeRoot", 2.5, 1.3);
    assertHessian(l, "so.NewtonGrad", "cubeRoot", 2.5, 1.3);
  }

  @Test
  void anInstanceMethodsTangentOnly() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Spring {
          private final double k;
          private final double[] rest;

          public Spring(double k, double[] rest) {
            this.k = k;
            this.rest = rest;
          }

          @Differentiable(tangent = true)
          public double energy(double[] x, double damping) {
            double e = 0;
            for (int i = rest.length - 1; i >= 0; i--) {
              double d = x[i] - rest[i];
              e += k * d * d * (1 + damping * d);
            }
            return e;
          }
        }
        """);
    Object spring;
    try {
      spring = l.loadClass("so.Spring").getConstructor(double.class, double[].class)
          .newInstance(2.0, new double[] {0.1, 0.2, 0.3, 0.4});
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertGradient(l, "so.SpringGrad", "energy", spring, X, 0.3);
    assertTangent(l, "so.SpringGrad", "energy", new Random(7), spring, X, 0.3);
  }

  @Test
  void rk4WithHelpersReturningArrays() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Rk {
          static double[] rhs(double[] y, double a) {
            return new double[] {y[1], -a * Math.sin(y[0]) - 0.1 * y[1]};
          }

          static double[] axpy(double[] y, double h, double[] k) {
            double[] out = new double[y.length];
            for (int i = 0; i < y.length; i++) {
              out[i] = y[i] + h * k[i];
            }
            return out;
          }

          @Differentiable(hessian = true, jacobian = true)
          public static double[] pendulum(double[] y0, double a, double h) {
            double[] y = y0.clone();
            for (int step = 0; step < 5; step++) {
              double[] k1 = rhs(y, a);
              double[] k2 = rhs(axpy(y, h / 2, k1), a);
              double[] k3 = rhs(axpy(y, h / 2, k2), a);
              double[] k4 = rhs(axpy(y, h, k3), a);
              for (int i = 0; i < y.length; i++) {
                y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
              }
            }
            return y;
          }
        }
        """);
    double[] y0 = {0.9, -0.2};
    assertGradient(l, "so.RkGrad", "pendulum", y0, 1.7, 0.1, new double[] {0.4, -1.1});
    assertJacobian(l, "so.RkGrad", "pendulum", new int[] {0, 1, 2}, y0, 1.7, 0.1);
  }

  @Test
  void hornerInAWhileLoopTangentOnly() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Horner {
          @Differentiable(tangent = true)
          public static double poly(double[] c, double x) {
            double r = 0;
            int i = c.length;
            while (i-- > 0) {
              r = r * x + c[i];
            }
            long n = 3;
            for (long j = 0; j < n; j++) {
              r *= 1 + 0.1 * x;
            }
            return r;
          }
        }
        """);
    assertGradient(l, "so.HornerGrad", "poly", X, 0.9);
    assertTangent(l, "so.HornerGrad", "poly", new Random(8), X, 0.9);
  }

  @Test
  void hvpThroughACallReturningAnArray() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class ArrCall {
          @Differentiable(hessian = true)
          static double[] squash(double[] v, double s) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              out[i] = Math.tanh(s * v[i]) * v[i];
            }
            return out;
          }

          @Differentiable(hessian = true)
          public static double loss(double[] v, double s) {
            double[] a = squash(v, s);
            double[] b = squash(a, 0.5 * s);
            double r = 0;
            for (int i = 0; i < b.length; i++) {
              r += b[i] * a[i];
            }
            return r;
          }
        }
        """);
    assertGradient(l, "so.ArrCallGrad", "loss", X, 1.4);
    assertHessian(l, "so.ArrCallGrad", "loss", X, 1.4);
  }

  @Test
  void clampsAndTernaryChains() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Huber {
          @Differentiable(hessian = true)
          public static double loss(double[] pred, double[] y, double delta) {
            double total = 0;
            for (int i = 0; i < pred.length; i++) {
              double r = pred[i] - y[i];
              double a = Math.abs(r);
              total += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
              double c = Math.min(Math.max(pred[i], -1.0), 1.0);
              total += c * c * c;
              total += r > 0 ? (r > 1 ? r * r : r) : -r * delta;
            }
            return total;
          }
        }
        """);
    double[] y = {0.1, 0.3, -0.2, 1.9};
    assertGradient(l, "so.HuberGrad", "loss", X, y, 0.5);
    assertHessian(l, "so.HuberGrad", "loss", X, y, 0.5);
  }

  @Test
  void choleskyLogDetOverRows() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Chol {
          @Differentiable(hessian = true)
          public static double logDet(double[][] A) {
            int n = A.length;
            double[][] L = new double[n][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j <= i; j++) {
                double s = A[i][j];
                for (int k = 0; k < j; k++) {
                  s -= L[i][k] * L[j][k];
                }
                if (i == j) {
                  L[i][i] = Math.sqrt(s);
                } else {
                  L[i][j] = s / L[j][j];
                }
              }
            }
            double ld = 0;
            for (double[] row : L) {
              double d = 0;
              for (double v : row) {
                d = Math.max(d, v);
              }
              ld += Math.log(d);
            }
            return 2 * ld;
          }
        }
        """);
    double[][] a = {{4.0, 1.0, 0.5}, {1.0, 3.0, 0.2}, {0.5, 0.2, 2.0}};
    assertGradient(l, "so.CholGrad", "logDet", (Object) a);
    assertHessian(l, "so.CholGrad", "logDet", (Object) a);
  }

  @Test
  void aRecordParametersJacobian() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class RecJac {
          public record Affine(double[][] W, double[] b, double gain) {}

          @Differentiable(hessian = true, jacobian = true)
          public static double[] apply(Affine p, double[] x) {
            double[] out = new double[p.b().length];
            for (int j = 0; j < out.length; j++) {
              double z = p.b()[j];
              for (int i = 0; i < x.length; i++) {
                z += p.W()[j][i] * x[i];
              }
              out[j] = p.gain() * Math.tanh(z);
            }
            return out;
          }
        }
        """);
    Object affine;
    try {
      affine = l.loadClass("so.RecJac$Affine").getConstructor(double[][].class, double[].class, double.class)
          .newInstance(new double[][] {{0.2, -0.4}, {0.5, 0.1}, {-0.3, 0.7}}, new double[] {0.1, 0.0, -0.2}, 1.5);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    double[] x = {0.6, -0.9};
    assertGradient(l, "so.RecJacGrad", "apply", affine, x, new double[] {1.0, -0.5, 0.3});
    assertJacobian(l, "so.RecJacGrad", "apply", new int[] {0, 1}, affine, x);
  }

  @Test
  void switchOnStringsAndCountdowns() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Act {
          @Differentiable(hessian = true, wrt = {"z"})
          public static double activate(double[] z, String kind) {
            double s = 0;
            for (int i = z.length - 1; i >= 0; --i) {
              double a;
              switch (kind) {
                case "relu":
                  a = z[i] > 0 ? z[i] : 0.01 * z[i];
                  break;
                case "tanh":
                  a = Math.tanh(z[i]);
                  break;
                default:
                  a = 1 / (1 + Math.exp(-z[i]));
              }
              s += a * a * (i + 1);
            }
            return s;
          }
        }
        """);
    for (String kind : new String[] {"relu", "tanh", "sigmoid"}) {
      assertGradient(l, "so.ActGrad", "activate", X, kind);
      assertSecondOrder(l, "so.ActGrad", "activate", new Random(9), X, kind);
      assertHessian(l, "so.ActGrad", "activate", X, kind);
    }
  }

  @Test
  void aMatrixResultOfLoopsWithJacobianAndHvp() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Outer {
          @Differentiable(hessian = true, jacobian = true)
          public static double[][] gram(double[] u, double[] v, double s) {
            double[][] g = new double[u.length][v.length];
            for (int i = 0; i < u.length; i++) {
              for (int j = 0; j < v.length; j++) {
                g[i][j] = Math.sin(u[i] * v[j]) * s + (i == j ? s * s : 0);
              }
            }
            return g;
          }
        }
        """);
    double[] u = {0.3, -0.8, 1.1};
    double[] v = {0.5, 0.2};
    assertGradient(l, "so.OuterGrad", "gram", u, v, 0.7, new double[][] {{1, -1}, {0.5, 2}, {-0.3, 0.4}});
    assertJacobian(l, "so.OuterGrad", "gram", new int[] {0, 1, 2}, u, v, 0.7);
  }

  /**
   * Where {@code Math.pow}'s value is 0 ({@code a = 0}, {@code b > 0}) its slope in {@code b} is
   * 0, not {@code 0 * log(0)}, and {@code Math.hypot} at the origin has slope 0, as in their
   * gradients: the tangent was NaN there, along every direction, and so were H·v and Hessians.
   */
  @Test
  void powWhereItIsZeroAndHypotAtTheOrigin() {
    Loaded l = compiled("""
        package so;

        import dev.flatgrad.annotations.Differentiable;

        public class Kinks {
          /** A squared hinge with a learnt exponent: samples past the margin give 0^p. */
          @Differentiable(hessian = true)
          public static double hinge(double[] w, double[] y, double p) {
            double loss = 0;
            for (int i = 0; i < w.length; i++) {
              loss += Math.pow(Math.max(0.0, 1.0 - y[i] * w[i]), p);
            }
            return loss;
          }

          /** The distance of two points in the plane, which may meet. */
          @Differentiable(hessian = true)
          public static double spring(double ax, double ay, double bx, double by, double rest) {
            double d = Math.hypot(bx - ax, by - ay);
            return (d - rest) * (d - rest) + 0.1 * Math.pow(bx - ax, 2.0);
          }
        }
        """);
    double[] y = {1.0, -1.0, 1.0, 1.0};
    assertGradient(l, "so.KinksGrad", "hinge", X, y, 2.5);
    assertHessian(l, "so.KinksGrad", "hinge", X, y, 2.5);
    // Where the points meet, moving both together: along other directions the distance has a kink.
    Object[] meeting = {0.5, -0.25, 0.5, -0.25, 1.0};
    assertPassed(l.call("so.KinksGrad", "checkSpringTangent", 0.5, -0.25, 0.5, -0.25, 1.0, 1.0, -0.5, 1.0, -0.5, 0.3));
    assertPassed(l.call("so.KinksGrad", "checkSpringHvp", 0.5, -0.25, 0.5, -0.25, 1.0, 1.0, -0.5, 1.0, -0.5, 0.3));
    assertHessian(l, "so.KinksGrad", "spring", meeting);
  }

  private static void assertPassed(Object report) {
    GradCheck.Report r = (GradCheck.Report) report;
    assertWithMessage(r.table()).that(r.passed()).isTrue();
  }

  /**
   * A stabilising max the value provably does not move with (as the gradient finds it): its tangent
   * is not computed, nor taped and reversed in the H·v, where every term of it cancelled.
   */
  @Test
  void aStabilisingMaxGetsNoTangent() {
    Compilation c = compileOk(source("""
        package so;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        public class Shift {
          @Differentiable(hessian = true, wrt = "z")
          public static double crossEntropy(double[][] z, int[] y) {
            double loss = 0.0;
            for (int r = 0; r < z.length; r++) {
              double m = Double.NEGATIVE_INFINITY;
              for (double v : z[r]) {
                m = Math.max(m, v);
              }
              double top = m;
              double s = Arrays.stream(z[r]).map(v -> Math.exp(v - top)).sum();
              loss += top + Math.log(s) - z[r][y[r]];
            }
            return loss / z.length;
          }
        }
        """));
    String code = generated(c, "so.ShiftGrad");
    assertThat(generatedMethod(code, "CrossEntropyTangent")).doesNotContain("mDot");
    assertThat(generatedMethod(code, "CrossEntropyHvp")).doesNotContain("mDot");
    Loaded l = load(c);
    double[][] z = {{0.3, 2.1, -0.5}, {1.0, -1.0, 0.9}};
    int[] y = {1, 2};
    assertGradient(l, "so.ShiftGrad", "crossEntropy", z, y);
    assertHessian(l, "so.ShiftGrad", "crossEntropy", z, y);
  }
}
