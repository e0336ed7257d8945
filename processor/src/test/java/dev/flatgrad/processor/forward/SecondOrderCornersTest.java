package dev.flatgrad.processor.forward;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.forward.UsersSecondOrderTest.X;
import static dev.flatgrad.processor.forward.UsersSecondOrderTest.compiled;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertHessian;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertJacobian;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corners of forward mode and second order as users reach them: parameters named like what the
 * generated methods name ({@code xDot} beside {@code x}, {@code k}, {@code entries}, {@code
 * hessian}, {@code dout}, {@code out}), locals so named, overloads, casts and floors with zero
 * slopes, the array utilities and row aliases, method references in streams with labelled loops
 * and switches, calls with records and {@code wrt}, tensors, helpers returning arrays, callees of
 * another class given constant arguments, a {@code @CustomGradient} of an array with its {@code
 * @CustomTangent}, Jacobians of records, of {@code wrt} subsets and of instance methods,
 * parameters reassigned. Each checked at a point as {@link UsersSecondOrderTest} checks.
 */
class SecondOrderCornersTest {

  @Test
  void clashingNames() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Names {
          @Differentiable(hessian = true)
          public static double f(double[] x, double xDot, double k, double entries, double hessian) {
            return x[0] * xDot * k * entries * hessian + x[1] * x[1] * k;
          }

          @Differentiable(hessian = true)
          public static double g(double grad, double hvp, double value, double valueDot, double dout) {
            return grad * hvp * value * valueDot * dout;
          }

          @Differentiable(hessian = true, jacobian = true)
          public static double[] h(double[] tangent, double jacobian, double dout, double out) {
            return new double[] {tangent[0] * jacobian * dout * out, tangent[1] * out};
          }
        }
        """);
    assertGradient(l, "pr.NamesGrad", "f", X, 0.5, 1.2, 0.3, -0.8);
    assertHessian(l, "pr.NamesGrad", "f", X, 0.5, 1.2, 0.3, -0.8);
    assertGradient(l, "pr.NamesGrad", "g", 0.4, 0.5, 1.2, 0.3, -0.8);
    assertHessian(l, "pr.NamesGrad", "g", 0.4, 0.5, 1.2, 0.3, -0.8);
    assertGradient(l, "pr.NamesGrad", "h", X, 0.5, 1.2, 0.3, new double[] {1.0, 0.5});
    assertJacobian(l, "pr.NamesGrad", "h", new int[] {0, 1, 2, 3}, X, 0.5, 1.2, 0.3);
  }

  @Test
  void overloads() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Over {
          @Differentiable(hessian = true)
          public static double f(double x) {
            return x * x * x;
          }

          @Differentiable(hessian = true)
          public static double f(double[] x) {
            return f(x[0]) * x[1];
          }
        }
        """);
    GradCheck.Report r = (GradCheck.Report) l.call("pr.OverGrad", "checkF2Hvp", X, X);
    assertWithMessage(r.table()).that(r.passed()).isTrue();
  }

  @Test
  void floatsIntsAndCasts() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Casts {
          @Differentiable(hessian = true)
          public static double f(double[] x, double t) {
            int bucket = (int) (t * 10);
            double s = Math.floor(t * 3) + Math.signum(t) * t * t + Math.copySign(t * t, x[0]);
            s += Math.fma(x[0], x[1], t * t) + Math.round(t) * x[2];
            s += (long) (x[3] * 100) * 0.01 * t;
            s += bucket * x[1] * x[1];
            double y;
            if (t > 0.5) {
              y = t * x[0];
            } else {
              y = Math.exp(t);
            }
            double a, b;
            a = b = y * y;
            int k = 0;
            s += x[k] * x[k + 1] * a + b * x[k + 2];
            return s;
          }
        }
        """);
    double[] x = {0.7, -0.4, 1.3, 0.2345};
    assertGradient(l, "pr.CastsGrad", "f", x, 0.73);
    assertHessian(l, "pr.CastsGrad", "f", x, 0.73);
  }

  @Test
  void arrayUtilitiesAndRowAliases() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        public class Util {
          @Differentiable(hessian = true, wrt = {"x"})
          public static double f(double[] x, double[] fixed, double[][] M) {
            double[] buf = fixed.clone();
            for (int i = 0; i < buf.length; i++) {
              buf[i] += x[i] * x[i];
            }
            double[] head = Arrays.copyOfRange(buf, 1, 3);
            double[] all = new double[buf.length + 2];
            System.arraycopy(buf, 0, all, 2, buf.length);
            Arrays.fill(all, 0, 1, x[0] * 3);
            double[][] G = new double[M.length][];
            for (int i = 0; i < M.length; i++) {
              G[i] = Arrays.copyOf(M[i], M[i].length);
              double[] row = G[i];
              for (int j = 0; j < row.length; j++) {
                row[j] *= x[j % x.length];
              }
            }
            double s = 0;
            for (double[] row : G) {
              for (double v : row) {
                s += v * v;
              }
            }
            return s + head[0] * head[1] + all[0] * all[3] * all[5];
          }
        }
        """);
    double[][] m = {{0.5, -0.2, 0.1}, {0.3, 0.7, -0.9}};
    assertGradient(l, "pr.UtilGrad", "f", X, new double[] {0.1, 0.2, 0.3, 0.4}, m);
    assertHessian(l, "pr.UtilGrad", "f", X, new double[] {0.1, 0.2, 0.3, 0.4}, m);
  }

  @Test
  void methodReferencesInStreamsAndBreakInSwitchInLoop() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        public class Refs {
          @Differentiable(hessian = true)
          public static double f(double[] x, int mode) {
            double s = Arrays.stream(x).map(Math::exp).sum();
            loop:
            for (int i = 0; i < x.length; i++) {
              switch (mode + i) {
                case 1:
                  s *= x[i];
                  break;
                case 2:
                  continue loop;
                case 4:
                  break loop;
                default:
                  s += Math.sin(x[i]) * s;
              }
              s += 0.1 * x[i] * s;
            }
            return s;
          }
        }
        """);
    for (int mode = 0; mode < 3; mode++) {
      assertGradient(l, "pr.RefsGrad", "f", X, mode);
      assertSecondOrder(l, "pr.RefsGrad", "f", new Random(mode), X, mode);
      assertHessian(l, "pr.RefsGrad", "f", X, mode);
    }
  }

  @Test
  void tensorsAndCallsWithRecordsAndWrt() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Ten {
          public record P(double[] w, double c) {}

          @Differentiable(hessian = true)
          static double inner(P p, double[] x) {
            double s = p.c();
            for (int i = 0; i < x.length; i++) {
              s += p.w()[i] * x[i] * x[i];
            }
            return s * s;
          }

          @Differentiable(hessian = true, wrt = {"p"})
          public static double outer(P p, double[] x, double[][][] T) {
            double s = 0;
            for (double[][] m : T) {
              for (double[] r : m) {
                s += inner(p, r) * x[0];
              }
            }
            return s + inner(p, x);
          }

          @Differentiable(hessian = true)
          public static double cube(double[][][] T) {
            double s = 0;
            for (int a = 0; a < T.length; a++) {
              double[][] m = T[a];
              for (int b = 0; b < m.length; b++) {
                for (int c = 0; c < m[b].length; c++) {
                  s += m[b][c] * m[b][c] * m[0][0];
                }
              }
            }
            return s;
          }
        }
        """);
    Object p;
    try {
      p = l.loadClass("pr.Ten$P").getConstructor(double[].class, double.class).newInstance(new double[] {0.3, -0.2}, 0.4);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    double[][][] t = {{{0.1, 0.2}, {0.3, -0.4}}, {{0.5, 0.6}, {-0.7, 0.8}}};
    assertGradient(l, "pr.TenGrad", "outer", p, new double[] {0.9, -0.3}, t);
    assertHessian(l, "pr.TenGrad", "outer", p, new double[] {0.9, -0.3}, t);
    assertGradient(l, "pr.TenGrad", "cube", (Object) t);
    assertHessian(l, "pr.TenGrad", "cube", (Object) t);
  }

  @Test
  void helpersReturningArraysAndHelpersCallingDifferentiatedMethods() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Help {
          static double[] normalize(double[] v) {
            double n = 0;
            for (double e : v) {
              n += e * e;
            }
            n = Math.sqrt(n);
            double[] out = v.clone();
            for (int i = 0; i < v.length; i++) {
              out[i] /= n;
            }
            return out;
          }

          static double[] axpy(double[] y, double a, double[] x) {
            double[] out = y.clone();
            for (int i = 0; i < out.length; i++) {
              out[i] += a * x[i];
            }
            return out;
          }

          static double firstPositive(double[] v) {
            for (double e : v) {
              if (e > 0) {
                return e;
              }
            }
            return v[0] * v[0];
          }

          @Differentiable(hessian = true)
          static double sq(double u) {
            return u * u;
          }

          static double sumSq(double[] v) {
            double s = 0;
            for (double e : v) {
              s += sq(e);
            }
            return s;
          }

          @Differentiable(hessian = true)
          public static double f(double[] x, double a) {
            double[] y = normalize(x);
            double[] z = new double[x.length];
            z = axpy(z, a, y);
            z = axpy(z, a * a, x);
            double s = 0;
            for (int t = 0; t < 2; t++) {
              s += firstPositive(z) * sumSq(y);
              z = axpy(z, -0.5, z.clone());
            }
            return s + sumSq(z);
          }
        }
        """);
    assertGradient(l, "pr.HelpGrad", "f", X, 0.6);
    assertHessian(l, "pr.HelpGrad", "f", X, 0.6);
  }

  @Test
  void callsWithConstantArgumentsAndOtherClasses() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Caller {
          @Differentiable(hessian = true)
          public static double f(double[] w, double[] data, double s) {
            double[] fixed = {1.0, 2.0, 3.0, 4.0};
            double a = Lib.weighted(w, fixed);
            double b = Lib.weighted(data, w);
            double c = Lib.weighted(fixed, fixed) * s;
            double[][] m = Lib.outer(w, data);
            return a * b + c + m[1][2] * s + Lib.weighted(m[0], m[3]);
          }
        }

        class Lib {
          @Differentiable(hessian = true)
          static double weighted(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
              s += a[i] * b[i] * a[i];
            }
            return s;
          }

          @Differentiable(hessian = true)
          static double[][] outer(double[] a, double[] b) {
            double[][] m = new double[a.length][b.length];
            for (int i = 0; i < a.length; i++) {
              for (int j = 0; j < b.length; j++) {
                m[i][j] = Math.sin(a[i]) * b[j];
              }
            }
            return m;
          }
        }
        """);
    double[] data = {0.5, -0.1, 0.9, 0.3};
    assertGradient(l, "pr.CallerGrad", "f", X, data, 0.4);
    assertHessian(l, "pr.CallerGrad", "f", X, data, 0.4);
  }

  @Test
  void customGradientOfArrays() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.CustomTangent;
        import dev.flatgrad.annotations.Differentiable;

        public class Cust {
          static double[] squash(double[] z, double k) {
            double[] out = new double[z.length];
            for (int i = 0; i < z.length; i++) {
              out[i] = Math.tanh(k * z[i]);
            }
            return out;
          }

          @CustomGradient(of = "squash", wrt = "z")
          static double[] squashGrad(double[] z, double k, double[] out, double[] dout) {
            double[] dz = new double[z.length];
            for (int i = 0; i < z.length; i++) {
              dz[i] = dout[i] * k * (1 - out[i] * out[i]);
            }
            return dz;
          }

          @Differentiable
          @CustomTangent(of = "squash")
          static double[] squashTangent(double[] z, double k, double[] zDot, double[] out) {
            double[] t = new double[z.length];
            for (int i = 0; i < z.length; i++) {
              t[i] = zDot[i] * k * (1 - out[i] * out[i]);
            }
            return t;
          }

          @Differentiable(hessian = true)
          public static double loss(double[] z) {
            double[] a = squash(z, 1.5);
            double s = 0;
            for (double v : a) {
              s += v * v * v;
            }
            return s;
          }
        }
        """);
    assertGradient(l, "pr.CustGrad", "loss", (Object) X);
    assertHessian(l, "pr.CustGrad", "loss", (Object) X);
  }

  @Test
  void localsNamedLikeGeneratedOnes() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Loc {
          @Differentiable(hessian = true)
          public static double f(double[] x, double t) {
            double s = 0;
            double sDot = 1.5;
            double ds = 0.25;
            double tDot = t * 2;
            double[] entries = new double[x.length];
            double hvp = 0;
            double grad = 1;
            for (int k = 0; k < x.length; k++) {
              entries[k] = x[k] * tDot;
              s += entries[k] * entries[k] * sDot;
              hvp += s * ds;
              grad *= 1 + 0.1 * x[k];
            }
            return s + hvp * grad;
          }

          @Differentiable(hessian = true, jacobian = true)
          public static double[] g(double[] x, double t) {
            double[] dout = new double[x.length];
            double[] jacobian = x.clone();
            double[] xDot = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              xDot[i] = t * x[i];
              dout[i] = xDot[i] * jacobian[i] + t;
            }
            return dout;
          }
        }
        """);
    assertGradient(l, "pr.LocGrad", "f", X, 0.6);
    assertHessian(l, "pr.LocGrad", "f", X, 0.6);
    assertGradient(l, "pr.LocGrad", "g", X, 0.6, new double[] {0.1, 0.2, 0.3, 0.4});
    assertJacobian(l, "pr.LocGrad", "g", new int[] {0, 1}, X, 0.6);
  }

  @Test
  void jacobiansOfRecordsWrtAndInstances() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;

        public class Jac {
          public record P(double k, double[] c, int n, String name) {}

          private final double gain;

          public Jac(double gain) {
            this.gain = gain;
          }

          @Differentiable(jacobian = true)
          public static double[] wave(P p, double[] t) {
            double[] out = new double[6];
            for (int i = 0; i < out.length; i++) {
              out[i] = Math.sin(p.k() * i) * p.c()[i % p.c().length] * t[0] + p.n();
            }
            return out;
          }

          @Differentiable(jacobian = true, wrt = {"x"})
          public static double[] few(double[] x, double[] data, double s) {
            return new double[] {x[0] * data[0] * s, x[1] * x[2] * data[1], Math.exp(x[3])};
          }

          @Differentiable(jacobian = true, wrt = {"s"})
          public static double[][] many(double[] x, double s) {
            double[][] m = new double[x.length][2];
            for (int i = 0; i < x.length; i++) {
              m[i][0] = x[i] * s * s;
              m[i][1] = Math.cos(s * x[i]);
            }
            return m;
          }

          @Differentiable(jacobian = true, hessian = true)
          public double[] scaled(double[] x) {
            double[] out = x.clone();
            for (int i = 0; i < out.length; i++) {
              out[i] = gain * out[i] * out[(i + 1) % out.length];
            }
            return out;
          }

          @Differentiable(hessian = true)
          public static double energy(P p, double x) {
            double e = 0;
            for (int i = 0; i < p.n(); i++) {
              e += p.c()[i] * Math.pow(x - p.k(), 2) * (p.name().equals("stiff") ? 10 : 1);
            }
            return e * x;
          }
        }
        """);
    Object p;
    Object self;
    try {
      p = l.loadClass("pr.Jac$P").getConstructor(double.class, double[].class, int.class, String.class)
          .newInstance(0.7, new double[] {0.3, -0.4}, 2, "stiff");
      self = l.loadClass("pr.Jac").getConstructor(double.class).newInstance(1.5);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertJacobian(l, "pr.JacGrad", "wave", new int[] {0, 1}, p, new double[] {0.9});
    assertJacobian(l, "pr.JacGrad", "few", new int[] {0}, X, new double[] {0.5, -0.5}, 2.0);
    assertJacobian(l, "pr.JacGrad", "many", new int[] {1}, X, 0.8);
    assertJacobian(l, "pr.JacGrad", "scaled", new int[] {1}, self, X);
    assertGradient(l, "pr.JacGrad", "scaled", self, X, new double[] {1, 2, 3, 4});
    assertGradient(l, "pr.JacGrad", "energy", p, 0.4);
    assertHessian(l, "pr.JacGrad", "energy", p, 0.4);
  }

  @Test
  void parametersReassignedAndDirectionsLeftAlone() {
    Loaded l = compiled("""
        package pr;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;
        import java.util.Arrays;

        public class Reassign {
          @Differentiable(hessian = true)
          public static double f(double[] x, double[][] W, double s) {
            x = x.clone();
            for (int i = 0; i < x.length; i++) {
              x[i] *= s;
            }
            W = Nd.copy(W);
            W[0][1] += x[0] * s;
            double[] row = W[1];
            row[0] = Math.sin(row[0] * x[1]);
            double[] y = x.clone();
            y[2] = y[2] * y[3];
            double[] z = Arrays.copyOf(x, x.length);
            Arrays.fill(z, 1, 2, s);
            s = s * s;
            return Nd.sum(Nd.dot(W, Arrays.copyOfRange(x, 0, 2))) + Nd.dot(z, y) * s;
          }

          @Differentiable(hessian = true)
          public static double[] g(double[] x, double s) {
            double[] out = x;
            for (int k = 0; k < 2; k++) {
              double[] next = new double[out.length];
              for (int i = 0; i < out.length; i++) {
                next[i] = out[i] * s + (i > 0 ? out[i - 1] : 0);
              }
              out = next;
            }
            return out;
          }
        }
        """);
    double[][] w = {{0.5, -0.2}, {0.3, 0.7}};
    assertGradient(l, "pr.ReassignGrad", "f", X, w, 0.9);
    assertHessian(l, "pr.ReassignGrad", "f", X, w, 0.9);
    assertGradient(l, "pr.ReassignGrad", "g", X, 0.9, new double[] {1, -1, 0.5, 2});
    assertSecondOrder(l, "pr.ReassignGrad", "g", new Random(3), X, 0.9);
  }
}
