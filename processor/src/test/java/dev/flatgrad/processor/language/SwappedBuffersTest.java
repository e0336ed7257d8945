package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Buffers that change places through a temporary ("ping-pong"), as iterative solvers and time
 * steppers write them: two or three buffers, vectors and matrices, swaps in nested loops and under
 * {@code if}, a buffer read before it is written again (its old contents matter). Each is the
 * rolling form with a copy ({@code lower.SwappedBuffers}); each gradient is checked against
 * centred differences, its value bit for bit, its tangent and H·v. Where something else still
 * holds one of the arrays (another local, a row, the temporary read later), the swap stays
 * Aliasing's error.
 */
class SwappedBuffersTest {

  private static final String SOLVERS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Solvers {
        /** The heat equation, explicit Euler; the boundaries copied; a nonlinear source. */
        @Differentiable
        public static double heat(double[] x0, double dt, int steps) {
          int n = x0.length;
          double[] cur = x0.clone(), next = new double[n];
          for (int it = 0; it < steps; it++) {
            for (int i = 1; i < n - 1; i++) next[i] = cur[i] + dt * (cur[i - 1] - 2 * cur[i] + cur[i + 1]) - 0.1 * dt * cur[i] * cur[i];
            next[0] = cur[0];
            next[n - 1] = cur[n - 1];
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          double s = 0;
          for (double v : cur) s += v * v;
          return s;
        }

        /** A caller of the stepper: its gradient goes through heat's saved values and pullback. */
        @Differentiable
        public static double twoRuns(double[] x0, double dt) {
          return heat(x0, dt, 2) + heat(x0, 0.5 * dt, 3) * dt;
        }

        /** Jacobi iteration for A x = b; the iterate handed back is the last written. */
        @Differentiable
        public static double jacobi(double[][] A, double[] b, int sweeps) {
          int n = b.length;
          double[] x = new double[n];
          double[] xNew = new double[n];
          for (int k = 0; k < sweeps; k++) {
            for (int i = 0; i < n; i++) {
              double sigma = 0;
              for (int j = 0; j < n; j++) {
                if (j != i) sigma += A[i][j] * x[j];
              }
              xNew[i] = (b[i] - sigma) / A[i][i];
            }
            double[] t = x;
            x = xNew;
            xNew = t;
          }
          double r = 0;
          for (int i = 0; i < n; i++) r += x[i] * (i + 1);
          return r;
        }

        /** Gauss-Seidel, the last sweep kept beside for the change: x is written over the older one. */
        @Differentiable
        public static double gaussSeidel(double[][] A, double[] b, int sweeps) {
          int n = b.length;
          double[] x = b.clone();
          double[] old = new double[n];
          double change = 0;
          for (int k = 0; k < sweeps; k++) {
            double[] t = old;
            old = x;
            x = t;
            change = 0;
            for (int i = 0; i < n; i++) {
              double s = b[i];
              for (int j = 0; j < i; j++) s -= A[i][j] * x[j];
              for (int j = i + 1; j < n; j++) s -= A[i][j] * old[j];
              x[i] = s / A[i][i];
              change += (x[i] - old[i]) * (x[i] - old[i]);
            }
          }
          return x[0] * x[n - 1] + change;
        }

        /** The wave equation: three buffers rotated, prev <- cur <- next <- prev. */
        @Differentiable
        public static double wave(double[] u0, double[] v0, double c, int steps) {
          int n = u0.length;
          double[] prev = u0.clone();
          double[] cur = new double[n];
          for (int i = 0; i < n; i++) cur[i] = u0[i] + 0.1 * v0[i];
          double[] next = new double[n];
          for (int t = 0; t < steps; t++) {
            for (int i = 1; i < n - 1; i++) {
              next[i] = 2 * cur[i] - prev[i] + c * c * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
            }
            next[0] = 0;
            next[n - 1] = 0;
            double[] tmp = prev;
            prev = cur;
            cur = next;
            next = tmp;
          }
          double e = 0;
          for (int i = 0; i < n; i++) e += cur[i] * cur[i] + Math.sin(prev[i]);
          return e;
        }

        /** A 2-D five-point stencil on matrices swapped whole; the border is never written. */
        @Differentiable
        public static double stencil2d(double[][] u0, double k, int steps) {
          int n = u0.length, m = u0[0].length;
          double[][] cur = Nd.copy(u0);
          double[][] next = Nd.copy(u0);
          for (int t = 0; t < steps; t++) {
            for (int i = 1; i < n - 1; i++) {
              for (int j = 1; j < m - 1; j++) {
                next[i][j] = cur[i][j] + k * (cur[i - 1][j] + cur[i + 1][j] + cur[i][j - 1] + cur[i][j + 1] - 4 * cur[i][j]);
              }
            }
            double[][] tmp = cur;
            cur = next;
            next = tmp;
          }
          double s = 0;
          for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s += Math.tanh(cur[i][j]);
          return s;
        }

        /** Heun's method: a stage array reused every step, the state swapped with its successor. */
        @Differentiable
        public static double heun(double[] y0, double a, double h, int steps) {
          int n = y0.length;
          double[] y = y0.clone();
          double[] yNext = new double[n];
          double[] k1 = new double[n];
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) k1[i] = -a * y[i] * y[i];
            for (int i = 0; i < n; i++) {
              double guess = y[i] + h * k1[i];
              yNext[i] = y[i] + 0.5 * h * (k1[i] - a * guess * guess);
            }
            double[] swap = y;
            y = yNext;
            yNext = swap;
          }
          return y[0] + 2 * y[n - 1];
        }

        /** The older buffer read before it is written: what it held two steps ago matters. */
        @Differentiable
        public static double relaxed(double[] x0, double w, int steps) {
          int n = x0.length;
          double[] cur = x0.clone();
          double[] next = new double[n];
          for (int i = 0; i < n; i++) next[i] = x0[i] * 0.5;
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              next[i] = w * next[i] + (1 - w) * Math.sin(cur[(i + 1) % n]);
            }
            next[0] += next[n - 1] * cur[0];
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          return cur[0] * 3 + next[1];
        }

        /** Swaps in a nested loop and under an if: only on odd inner trips. */
        @Differentiable
        public static double nested(double[] x0, int outer, int inner) {
          int n = x0.length;
          double[] a = x0.clone();
          double[] b = new double[n];
          for (int o = 0; o < outer; o++) {
            for (int q = 0; q < inner; q++) {
              for (int i = 0; i < n; i++) b[i] = Math.cos(a[i]) * a[(i + o) % n] + b[i] * 0.25;
              if ((q + o) % 2 == 1) {
                double[] t = a;
                a = b;
                b = t;
              }
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) s += a[i] * (i + 1) - b[i];
          return s;
        }

        /** Matrices swapped whole whose rows are made anew each trip, from rows of the other. */
        @Differentiable
        public static double freshRows(double[][] x, int steps) {
          int n = x.length;
          double[][] cur = Nd.copy(x);
          double[][] next = new double[n][];
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              next[i] = new double[] {Math.sin(cur[i][1]) + t, cur[i][0] * cur[(i + 1) % n][1]};
            }
            double[][] tmp = cur;
            cur = next;
            next = tmp;
          }
          return cur[0][0] * cur[n - 1][1] + next[0][1];
        }

        /** The profile itself returned; the swap in a while loop through a temporary declared once, outside. */
        @Differentiable
        public static double[] profile(double[] x0, double dt, int steps) {
          int n = x0.length;
          double[] a = x0.clone();
          double[] b = new double[n];
          double[] t;
          int it = 0;
          while (it < steps) {
            for (int i = 0; i < n; i++) b[i] = a[i] + dt * Math.sin(a[(i + n - 1) % n] - a[i]);
            t = a;
            a = b;
            b = t;
            it++;
          }
          return a;
        }

        /** A return from inside the loop once the iterates settle. */
        @Differentiable
        public static double untilSettled(double[] x0, double tol, int steps) {
          double[] cur = x0.clone();
          double[] next = new double[x0.length];
          for (int k = 0; k < steps; k++) {
            double change = 0;
            for (int i = 0; i < cur.length; i++) {
              next[i] = 0.5 * Math.cos(cur[i]) + 0.25 * next[i];
              change += Math.abs(next[i] - cur[i]);
            }
            double[] tmp = cur;
            cur = next;
            next = tmp;
            if (change < tol) return cur[0] + k;
          }
          return cur[0] * cur[cur.length - 1];
        }

        /** Matrices rotated with old contents read: each row's first element carries over. */
        @Differentiable
        public static double matrices(double[][] x, int steps) {
          int n = x.length;
          double[][] p = Nd.copy(x);
          double[][] q = new double[n][2];
          double[][] r = new double[n][2];
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              r[i][0] = r[i][0] + p[i][1] * q[i][0];
              r[i][1] = p[i][0] * p[i][0] - q[i][1];
            }
            double[][] tmp = q;
            q = p;
            p = r;
            r = tmp;
          }
          return p[0][0] + p[n - 1][1] * 2 + q[0][1] + r[n - 1][0];
        }
      }
      """;

  private static Compilation compiled;
  private static Loaded solvers;

  @BeforeAll
  static void compileSolvers() {
    compiled = compileOk(source(withSecondOrder(SOLVERS)));
    solvers = load(compiled);
  }

  /**
   * The buffer written each trip is one only it holds there (given its copy at the end of the last
   * trip, or made before the loop), so the elements it overwrites are not saved, as in the rolling
   * form: no element tape of heat's `next`, Heun's `yNext` or Jacobi's `xNew` (relaxed's `next`,
   * whose old elements the backward pass reads, has one).
   */
  @Test
  void theWrittenBufferSavesNothingItOverwrites() {
    String grad = generated(compiled, "users.SolversGrad");
    assertThat(gradientMethod(grad, "Heat heat(")).contains("next = tmp.clone();");
    assertThat(gradientMethod(grad, "Heat heat(")).doesNotContain("nextElement");
    assertThat(gradientMethod(grad, "Heun heun(")).contains("yNext = swap.clone();");
    assertThat(gradientMethod(grad, "Heun heun(")).doesNotContain("yNextElement");
    assertThat(gradientMethod(grad, "Jacobi jacobi(")).doesNotContain("xNewElement");
    assertThat(gradientMethod(grad, "Relaxed relaxed(")).contains("nextElement");
  }

  /** The text of the generated method whose declaration has {@code signature}, to the next method. */
  private static String gradientMethod(String grad, String signature) {
    int start = grad.indexOf("public static " + signature);
    assertThat(start).isAtLeast(0);
    int end = grad.indexOf("    public static", start + 1);
    return grad.substring(start, end < 0 ? grad.length() : end);
  }

  @Test
  void theHeatEquationSwapsItsBuffers() {
    assertGradient(solvers, "users.SolversGrad", "heat", new double[] {0.2, 0.9, -0.4, 0.6, 0.1}, 0.2, 4);
    assertGradient(solvers, "users.SolversGrad", "heat", new double[] {0.2, 0.9, -0.4}, 0.3, 3);
    assertGradient(solvers, "users.SolversGrad", "heat", new double[] {0.5, -1.0}, 0.1, 0);
  }

  @Test
  void aCallerDifferentiatesThroughTheStepper() {
    assertGradient(solvers, "users.SolversGrad", "twoRuns", new double[] {0.2, 0.9, -0.4, 0.6}, 0.25);
  }

  @Test
  void jacobiAndGaussSeidelSwapTheirIterates() {
    double[][] A = {{4, 1, 0.5}, {1, 5, -1}, {0.3, -0.7, 3}};
    double[] b = {1, -2, 0.5};
    for (int sweeps : new int[] {0, 1, 2, 5}) {
      assertGradient(solvers, "users.SolversGrad", "jacobi", A, b, sweeps);
      assertGradient(solvers, "users.SolversGrad", "gaussSeidel", A, b, sweeps);
    }
  }

  @Test
  void theWaveEquationRotatesThreeBuffers() {
    for (int steps : new int[] {0, 1, 2, 3, 7}) {
      assertGradient(solvers, "users.SolversGrad", "wave", new double[] {0.0, 0.4, 0.9, 0.3, 0.0},
          new double[] {0.1, -0.2, 0.3, 0.5, -0.4}, 0.4, steps);
    }
  }

  @Test
  void aTwoDimensionalStencilSwapsMatrices() {
    double[][] u0 = {{0.1, 0.2, 0.3, 0.4}, {0.5, -0.6, 0.7, 0.2}, {0.9, 1.0, -0.1, 0.3}, {0.2, 0.4, 0.6, 0.8}};
    assertGradient(solvers, "users.SolversGrad", "stencil2d", u0, 0.15, 3);
    assertGradient(solvers, "users.SolversGrad", "stencil2d", u0, 0.15, 2);
  }

  @Test
  void matricesWhoseRowsAreMadeAnewAreSwapped() {
    for (int steps : new int[] {1, 2, 3}) {
      assertGradient(solvers, "users.SolversGrad", "freshRows", new double[][] {{0.3, -0.8}, {1.1, 0.4}, {0.2, 0.6}},
          steps);
    }
  }

  @Test
  void aRungeKuttaStageArrayIsReusedBesideTheSwap() {
    assertGradient(solvers, "users.SolversGrad", "heun", new double[] {0.5, 1.2, -0.3}, 0.7, 0.1, 4);
  }

  @Test
  void aBufferReadBeforeItIsWrittenKeepsItsOldContents() {
    for (int steps : new int[] {1, 2, 3, 4}) {
      assertGradient(solvers, "users.SolversGrad", "relaxed", new double[] {0.3, -0.8, 1.1, 0.4}, 0.35, steps);
      assertGradient(solvers, "users.SolversGrad", "matrices", new double[][] {{0.3, -0.8}, {1.1, 0.4}, {0.2, 0.6}},
          steps);
    }
  }

  @Test
  void aBufferReturnedAndOneReturnedFromInsideTheLoop() {
    for (int steps : new int[] {0, 1, 2, 3}) {
      assertGradient(solvers, "users.SolversGrad", "profile", new double[] {0.3, -0.8, 1.1}, 0.3, steps,
          new double[] {1.0, -0.5, 2.0});
    }
    // tolerance 0.3 stops after a few trips, 1e-9 never
    for (double tol : new double[] {0.3, 1e-9}) {
      assertGradient(solvers, "users.SolversGrad", "untilSettled", new double[] {0.3, -0.8, 1.1}, tol, 6);
    }
  }

  @Test
  void swapsInNestedLoopsAndUnderAnIf() {
    assertGradient(solvers, "users.SolversGrad", "nested", new double[] {0.3, -0.8, 1.1, 0.4}, 2, 3);
    assertGradient(solvers, "users.SolversGrad", "nested", new double[] {0.3, -0.8, 1.1}, 3, 2);
  }

  /**
   * The brief's stencil as a user writes it: the generated forward pass is the user's, the buffer
   * that moves to the written side a copy of the temporary.
   */
  @Test
  void theStencilsGeneratedCodeCopiesTheBufferMovedToTheWrittenSide() {
    Compilation c = compileOk(source("""
        package users;

        import dev.flatgrad.annotations.Differentiable;

        class Diffusion {
          @Differentiable
          static double diffuse(double[] x0, double dt, int steps) {
            int n = x0.length;
            double[] cur = x0.clone(), next = new double[n];
            for (int it = 0; it < steps; it++) {
              for (int i = 1; i < n - 1; i++) next[i] = cur[i] + dt * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
              next[0] = cur[0];
              next[n - 1] = cur[n - 1];
              double[] tmp = cur;
              cur = next;
              next = tmp;
            }
            double s = 0;
            for (int i = 0; i < n; i++) s += cur[i] * cur[i];
            return s;
          }
        }
        """));
    assertGolden(c, "users.DiffusionGrad", "SwappedBuffersTest/DiffusionGrad.java");
    Loaded l = load(c);
    assertGradient(l, "users.DiffusionGrad", "diffuse", new double[] {0.2, 0.9, -0.4, 0.6, 0.1}, 0.2, 5);
    assertGradient(l, "users.DiffusionGrad", "diffuse", new double[] {0.2, 0.9}, 0.2, 1);
  }

  private static JavaFileObject pingPong(String before, String afterSwap, String end) {
    return source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Stencil {
          @Differentiable
          static double pingPong(double[] u0, double nu, int steps) {
            int n = u0.length;
            double[] cur = u0.clone();
            double[] next = new double[n];
            %s
            for (int t = 0; t < steps; t++) {
              for (int i = 1; i < n - 1; i++) {
                next[i] = cur[i] + nu * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
              }
              double[] tmp = cur; cur = next; next = tmp;
              %s
            }
            return cur[0] %s;
          }
        }
        """.formatted(before, afterSwap, end));
  }

  /**
   * The temporary read after the swap still holds the array `next` holds: the error stays, once,
   * and says which variable is read where.
   */
  @Test
  void aTemporaryReadAfterTheSwapStaysAnError() {
    JavaFileObject file = pingPong("double s = 0;", "s += tmp[1];", "+ s");
    assertErrorsOn(file, "next[i] = cur[i]", "writing into `next`, which is swapped with `",
        "`tmp` is read at line 17, outside its swap",
        "make a new array each trip instead (double[] next = new double[n]; ... cur = next;)");
    assertThat(compile(file).errors()).hasSize(1);
  }

  /**
   * Another local holds the first buffer: after the first swap a write into `next` changes it (the
   * message names the variable given the buffer's array, and where).
   */
  @Test
  void aBufferAnotherLocalHoldsStaysAnError() {
    assertErrorsOn(pingPong("double[] first = cur;", "", "+ first[1]"), "next[i] = cur[i]", "writing into `next`, which",
        "`first` is given at line 11 an array that is not new");
  }

  /**
   * A local reading a row of a buffer across the swap: the write after it changes what the local
   * reads, so it stays Aliasing's error (a local that only reads rows after the loop is fine).
   */
  @Test
  void aRowReadAcrossTheSwapStaysAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rows {
          @Differentiable
          static double heldAcross(double[][] x, double a, int steps) {
            double[][] cur = Nd.copy(x);
            double[][] next = new double[x.length][x[0].length];
            double s = 0;
            for (int t = 0; t < steps; t++) {
              double[] r = cur[0];
              for (int i = 0; i < x.length; i++) for (int j = 0; j < x[0].length; j++) next[i][j] = Math.sin(cur[i][j]) * a;
              double[][] tmp = cur; cur = next; next = tmp;
              next[0][0] = 7 * a;
              s += r[0];
            }
            return s + cur[0][0];
          }
        }
        """), "next[0][0] = 7 * a;", "writing into `next`, which shares its array with `r`");
  }

  /**
   * A buffer swapped with a row of a matrix whose temporary is read after the swap (so it still
   * holds the buffer's array): refused on the swap's line, saying why and what to write instead.
   */
  @Test
  void aBufferSwappedWithARowSaysWhyAndWhatToWrite() {
    JavaFileObject file = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Rows {
          @Differentiable
          static double rowSwap(double[][] x, double dt, int steps) {
            double[][] grid = Nd.copy(x);
            double[] buf = new double[x[0].length];
            double s = 0;
            for (int it = 0; it < steps; it++) {
              int k = it % grid.length;
              for (int i = 0; i < buf.length; i++) buf[i] = Math.sin(grid[k][i]) * dt;
              double[] t = grid[k];
              grid[k] = buf;
              buf = t;
              s += t[0];
            }
            return s + grid[0][0] + buf[0];
          }
        }
        """);
    assertErrorsOn(file, "grid[k] = buf;", "`buf` is swapped with row `grid[k]` (line 16)",
        "`t` is read at line 18, outside its swap",
        "swap their elements instead (for (int j = 0; j < buf.length; j++) { double e = grid[k][j]; grid[k][j] = buf[j];"
            + " buf[j] = e; })");
    assertErrorsOn(file, "buf[i] = Math.sin", "`buf` is swapped with row `grid[k]` (line 16)");
  }

  /** A buffer that is the caller's array: swapping it into `next` would write into it. */
  @Test
  void aParameterSwappedInStaysAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Stencil {
          @Differentiable
          static double pingPong(double[] u0, int steps) {
            double[] cur = u0;
            double[] next = new double[u0.length];
            for (int t = 0; t < steps; t++) {
              for (int i = 0; i < u0.length; i++) next[i] = cur[i] * cur[i];
              double[] tmp = cur; cur = next; next = tmp;
            }
            return cur[0];
          }
        }
        """), "next[i] = cur[i] * cur[i];", "parameter `u0`");
  }

  /** A buffer put into a matrix as a row: the matrix still holds it after the swap, as the message says. */
  @Test
  void aBufferHeldAsARowStaysAnError() {
    assertErrorsOn(pingPong("double[][] both = {cur, next};", "", "+ both[0][1]"), "next[i] = cur[i]",
        "writing into `next`", "the array of `cur` (or a row of it) is put at line 11 where another variable, row or"
            + " call's result may still hold it after the swap");
  }
}
