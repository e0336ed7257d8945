package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Swapped buffers as users of solvers and simulations write them, beyond {@link
 * SwappedBuffersTest}'s: 2-D Jacobi relaxation, Gauss-Seidel swapping at the top of the trip,
 * leapfrog with three levels rotated the other way round, a Game-of-Life-like stencil with a
 * differentiable weight, particles whose positions and velocities are two pairs swapped in one
 * loop, a stepper returning a new array each trip, the temporary taken at the top of the trip, rows
 * swapped inside a matrix swapped whole. Each gradient is checked against centred
 * differences and its value bit for bit, its tangent and H·v too.
 */
class SwappedBuffersAsUsersWriteThemTest {

  private static final String SIMULATIONS = """
      package users;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      public class Simulations {
        /** Jacobi relaxation of -Δu = f on a grid, the border held at zero; the source differentiated. */
        @Differentiable
        public static double jacobi2d(double[][] f, double h, int sweeps) {
          int n = f.length, m = f[0].length;
          double[][] u = new double[n][m];
          double[][] uNew = new double[n][m];
          for (int s = 0; s < sweeps; s++) {
            for (int i = 1; i < n - 1; i++) {
              for (int j = 1; j < m - 1; j++) {
                uNew[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1] + h * h * f[i][j]);
              }
            }
            double[][] swap = u;
            u = uNew;
            uNew = swap;
          }
          double e = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) e += u[i][j] * f[i][j];
          }
          return e;
        }

        /** Over-relaxed Gauss-Seidel: the sweep's start kept by swapping first, x written in place. */
        @Differentiable
        public static double sor(double[][] A, double[] b, double omega, int sweeps) {
          int n = b.length;
          double[] x = new double[n];
          double[] before = new double[n];
          double drift = 0;
          for (int k = 0; k < sweeps; k++) {
            double[] t = before;
            before = x;
            x = t;
            for (int i = 0; i < n; i++) {
              double s = b[i];
              for (int j = 0; j < n; j++) {
                if (j < i) s -= A[i][j] * x[j];
                else if (j > i) s -= A[i][j] * before[j];
              }
              x[i] = (1 - omega) * before[i] + omega * s / A[i][i];
            }
            drift = 0;
            for (int i = 0; i < n; i++) drift += Math.abs(x[i] - before[i]);
          }
          return x[0] - 2 * x[n - 1] + 0.5 * drift;
        }

        /** Leapfrog for u'' = -k sin(u) with damping: three levels, rotated through the newest. */
        @Differentiable
        public static double leapfrog(double[] u0, double k, double damping, double dt, int steps) {
          int n = u0.length;
          double[] older = u0.clone();
          double[] now = u0.clone();
          double[] newer = new double[n];
          for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
              double couple = now[(i + 1) % n] - 2 * now[i] + now[(i + n - 1) % n];
              newer[i] = (2 * now[i] - (1 - damping * dt) * older[i] + dt * dt * (couple - k * Math.sin(now[i])))
                  / (1 + damping * dt);
            }
            double[] t3 = newer;
            newer = older;
            older = now;
            now = t3;
          }
          double e = 0;
          for (int i = 0; i < n; i++) e += now[i] * now[i] + (now[i] - older[i]) * (now[i] - older[i]) / (dt * dt);
          return e;
        }

        /** A soft Game of Life on a torus: eight neighbours weighed by w, a logistic rule. */
        @Differentiable
        public static double softLife(double[][] board, double w, int generations) {
          int n = board.length, m = board[0].length;
          double[][] cells = Nd.copy(board);
          double[][] born = new double[n][m];
          for (int g = 0; g < generations; g++) {
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < m; j++) {
                double around = 0;
                for (int di = -1; di <= 1; di++) {
                  for (int dj = -1; dj <= 1; dj++) {
                    if (di != 0 || dj != 0) around += cells[(i + di + n) % n][(j + dj + m) % m];
                  }
                }
                double alive = 1 / (1 + Math.exp(-w * (around - 2.5)));
                born[i][j] = alive * (1 - Math.exp(-w * (3.5 - around))) + 0.1 * cells[i][j];
              }
            }
            double[][] t = cells;
            cells = born;
            born = t;
          }
          double total = 0;
          for (double[] row : cells) {
            for (double c : row) total += c;
          }
          return total;
        }

        /** Particles on springs: positions and velocities each a pair of buffers, both swapped each step. */
        @Differentiable
        public static double particles(double[] x0, double[] v0, double k, double dt, int steps) {
          int n = x0.length;
          double[] x = x0.clone(), xNext = new double[n];
          double[] v = v0.clone(), vNext = new double[n];
          for (int s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
              double left = i > 0 ? x[i - 1] : 0.0;
              double right = i < n - 1 ? x[i + 1] : 0.0;
              double force = k * (left - 2 * x[i] + right) - 0.1 * v[i];
              vNext[i] = v[i] + dt * force;
              xNext[i] = x[i] + dt * vNext[i];
            }
            double[] tx = x;
            x = xNext;
            xNext = tx;
            if (s % 2 == 0 || n > 0) {
              double[] tv = v;
              v = vNext;
              vNext = tv;
            }
          }
          double energy = 0;
          for (int i = 0; i < n; i++) energy += 0.5 * v[i] * v[i] + k * x[i] * x[i];
          return energy;
        }

        /** A stepper returning a new array each trip: no swap at all, the result is fresh. */
        static double[] step(double[] cur, double dt) {
          int n = cur.length;
          double[] next = new double[n];
          for (int i = 1; i < n - 1; i++) next[i] = cur[i] + dt * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
          next[0] = cur[0];
          next[n - 1] = cur[n - 1] * (1 - dt);
          return next;
        }

        @Differentiable
        public static double stepped(double[] x0, double dt, int steps) {
          double[] cur = x0.clone();
          for (int it = 0; it < steps; it++) cur = step(cur, dt);
          double s = 0;
          for (int i = 0; i < cur.length; i++) s += cur[i] * cur[i] * (i + 1);
          return s;
        }

        /** The temporary taken at the top of the trip, the swap finished after the work, which reads it. */
        @Differentiable
        public static double tempFirst(double[] x0, double dt, int steps) {
          int n = x0.length;
          double[] cur = x0.clone(), next = new double[n];
          for (int it = 0; it < steps; it++) {
            double[] t = cur;
            for (int i = 1; i < n - 1; i++) next[i] = t[i] + dt * (cur[i - 1] - 2 * t[i] + t[i + 1]) * t[i];
            next[0] = t[0] * (1 - dt);
            next[n - 1] = cur[n - 1];
            if (it % 2 == 1) next[1] += 0.5 * dt * t[0];
            cur = next;
            next = t;
          }
          double s = 0;
          for (int i = 0; i < n; i++) s += cur[i] * cur[i] + 0.1 * next[i];
          return s;
        }

        /** The whole swap at the top of the trip, then the work. */
        @Differentiable
        public static double swapFirst(double[] x0, double dt, int steps) {
          int n = x0.length;
          double[] cur = new double[n], next = x0.clone();
          for (int it = 0; it < steps; it++) {
            double[] t = cur;
            cur = next;
            next = t;
            for (int i = 0; i < n; i++) next[i] = Math.sin(cur[i]) * dt + cur[(i + 1) % n];
          }
          return next[0] - next[n - 1] * 2;
        }

        /** Rows swapped inside a matrix that is itself swapped whole each step. */
        @Differentiable
        public static double rowsSwappedInABuffer(double[][] x, double a, int steps) {
          int m = x.length, n = x[0].length;
          double[][] cur = Nd.copy(x);
          double[][] next = new double[m][n];
          for (int it = 0; it < steps; it++) {
            for (int r = 0; r < m; r++) {
              for (int i = 0; i < n; i++) next[r][i] = Math.cos(a * cur[r][i]) + cur[(r + 1) % m][i];
            }
            double[] row = next[0];
            next[0] = next[m - 1];
            next[m - 1] = row;
            double[][] tmp = cur;
            cur = next;
            next = tmp;
          }
          return cur[0][0] + 2 * cur[m - 1][n - 1] + next[0][1];
        }

        /** A buffer and a row exchanged element by element, as the refusal of the whole-array swap says. */
        @Differentiable
        public static double rowExchanged(double[][] x, double dt, int steps) {
          int n = x[0].length;
          double[][] grid = Nd.copy(x);
          double[] buf = new double[n];
          for (int it = 0; it < steps; it++) {
            int k = it % grid.length;
            for (int i = 0; i < n; i++) buf[i] = Math.sin(grid[k][i]) * dt + grid[(k + 1) % grid.length][i];
            for (int j = 0; j < buf.length; j++) {
              double e = grid[k][j];
              grid[k][j] = buf[j];
              buf[j] = e;
            }
          }
          double s = 0;
          for (int r = 0; r < grid.length; r++) {
            for (int i = 0; i < n; i++) s += grid[r][i] * (r + 1);
          }
          return s + buf[0];
        }

        /** Buffers that grow each step: the one written is replaced by a longer array before it is read. */
        @Differentiable
        public static double growing(double[] x0, double a, int steps) {
          double[] cur = x0.clone();
          double[] next = new double[x0.length + 1];
          for (int it = 0; it < steps; it++) {
            next = new double[cur.length + 1];
            for (int i = 0; i < cur.length; i++) next[i] += cur[i] * a;
            for (int i = 0; i < cur.length; i++) next[i + 1] += cur[i] * (1 - a);
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          double s = 0;
          for (int i = 0; i < cur.length; i++) s += cur[i] * cur[i] * (i + 1);
          return s + next[0];
        }

        /** No swap: a local of outside the loop replaced by a longer array each trip, then handed on. */
        @Differentiable
        public static double growingHandedOn(double[] x0, double a, int steps) {
          double[] cur = x0.clone();
          double[] next = new double[1];
          for (int it = 0; it < steps; it++) {
            next = new double[cur.length + 1];
            for (int i = 0; i < cur.length; i++) next[i] += cur[i] * a;
            for (int i = 0; i < cur.length; i++) next[i + 1] += cur[i] * (1 - a);
            cur = next;
          }
          double s = 0;
          for (int i = 0; i < cur.length; i++) s += cur[i] * cur[i] * (i + 1);
          return s + next[0];
        }

        /** Swapped until the change is small, the loop left by a break; the older iterate read after. */
        @Differentiable
        public static double untilQuiet(double[] x0, double a, double tol, int most) {
          int n = x0.length;
          double[] cur = x0.clone();
          double[] next = new double[n];
          for (int it = 0; it < most; it++) {
            double change = 0;
            for (int i = 0; i < n; i++) {
              next[i] = Math.cos(a * cur[(i + 1) % n]) * 0.5 + 0.1 * cur[i];
              change = Math.max(change, Math.abs(next[i] - cur[i]));
            }
            double[] t = cur;
            cur = next;
            next = t;
            if (change < tol) break;
          }
          return cur[0] + 3 * next[n - 1];
        }

        /** Rows swapped in a buffer, the buffers' swap closed with the copy the user wants. */
        @Differentiable
        public static double rowsSwappedThenCopied(double[][] x, double a, int steps) {
          int m = x.length, n = x[0].length;
          double[][] cur = Nd.copy(x);
          double[][] next = new double[m][n];
          double[] row;
          double[][] tmp;
          for (int it = 0; it < steps; it++) {
            for (int r = 0; r < m; r++) {
              for (int i = 0; i < n; i++) next[r][i] = Math.cos(a * cur[r][i]) + cur[(r + 1) % m][i];
            }
            row = next[0]; next[0] = next[m - 1]; next[m - 1] = row;
            tmp = cur; cur = next; next = Nd.copy(tmp);
          }
          return cur[0][0] + 2 * cur[m - 1][n - 1] + next[0][1];
        }

        /** A vector stepper closing its swap with a clone. */
        @Differentiable
        public static double closedByAClone(double[] x, double dt, int steps) {
          int n = x.length;
          double[] cur = x.clone(), next = new double[n];
          for (int it = 0; it < steps; it++) {
            for (int i = 0; i < n; i++) next[i] = cur[i] + dt * Math.sin(cur[(i + 1) % n]);
            double[] t = cur;
            cur = next;
            next = t.clone();
          }
          return cur[0] * cur[n - 1] + next[1];
        }
      }
      """;

  private static Loaded simulations;

  @BeforeAll
  static void compileSimulations() {
    simulations = load(compileOk(source(withSecondOrder(SIMULATIONS))));
  }

  private static void check(String method, Object... args) {
    assertGradient(simulations, "users.SimulationsGrad", method, args);
  }

  @Test
  void jacobiRelaxationOnAGrid() {
    double[][] f = {{0.1, 0.2, 0.3, 0.4}, {0.5, -0.6, 0.7, 0.2}, {0.9, 1.0, -0.1, 0.3}, {0.2, 0.4, 0.6, 0.8}};
    for (int sweeps : new int[] {0, 1, 2, 5}) {
      check("jacobi2d", f, 0.5, sweeps);
    }
  }

  @Test
  void gaussSeidelSwappingAtTheTopOfTheTrip() {
    double[][] A = {{4, 1, 0.5}, {1, 5, -1}, {0.3, -0.7, 3}};
    for (int sweeps : new int[] {0, 1, 2, 4}) {
      check("sor", A, new double[] {1, -2, 0.5}, 1.2, sweeps);
    }
  }

  @Test
  void leapfrogRotatesThreeLevels() {
    for (int steps : new int[] {0, 1, 2, 3, 6}) {
      check("leapfrog", new double[] {0.1, 0.5, -0.3, 0.8}, 1.3, 0.2, 0.1, steps);
    }
  }

  @Test
  void aSoftGameOfLife() {
    double[][] board = {{0.9, 0.1, 0.8}, {0.2, 0.7, 0.3}, {0.6, 0.4, 0.95}, {0.05, 0.5, 0.35}};
    for (int generations : new int[] {1, 2, 3}) {
      check("softLife", board, 1.7, generations);
    }
  }

  @Test
  void particlesSwapPositionsAndVelocities() {
    for (int steps : new int[] {0, 1, 2, 5}) {
      check("particles", new double[] {0.1, -0.4, 0.7}, new double[] {0.3, 0.0, -0.2}, 2.5, 0.05, steps);
    }
  }

  @Test
  void aStepperReturningANewArrayEachTrip() {
    for (int steps : new int[] {0, 1, 3}) {
      check("stepped", new double[] {0.2, 0.9, -0.4, 0.6}, 0.2, steps);
    }
  }

  @Test
  void theTemporaryTakenAtTheTopOfTheTrip() {
    for (int steps : new int[] {0, 1, 2, 3, 4}) {
      check("tempFirst", new double[] {0.2, 0.9, -0.4, 0.6, 0.1}, 0.2, steps);
      check("swapFirst", new double[] {0.2, 0.9, -0.4}, 0.3, steps);
    }
  }

  @Test
  void rowsSwappedInsideAMatrixSwappedWhole() {
    for (int steps : new int[] {0, 1, 2, 3}) {
      check("rowsSwappedInABuffer", new double[][] {{0.3, -0.8}, {1.1, 0.4}, {0.2, 0.6}}, 0.7, steps);
    }
  }

  /** The swaps closed with a copy as the user writes it (were refused as shared arrays). */
  @Test
  void swapsClosedWithACopy() {
    for (int steps : new int[] {0, 1, 2, 3}) {
      check("rowsSwappedThenCopied", new double[][] {{0.3, -0.8}, {1.1, 0.4}, {0.2, 0.6}}, 0.7, steps);
      check("closedByAClone", new double[] {0.3, -0.8, 1.1, 0.4}, 0.3, steps);
    }
  }

  @Test
  void aBufferExchangedWithARowElementByElement() {
    for (int steps : new int[] {0, 1, 2, 4}) {
      check("rowExchanged", new double[][] {{0.3, -0.8, 0.5}, {1.1, 0.4, -0.2}}, 0.3, steps);
    }
  }

  /**
   * The adjoint carried back to the trip before is made zero in the shape the replaced array had
   * when the trip began, not its last (the gradient had the wrong length, or the backward pass threw).
   */
  @Test
  void buffersThatGrowEachStep() {
    for (int steps : new int[] {0, 1, 2, 3}) {
      check("growing", new double[] {0.3, -0.8, 1.1, 0.4}, 0.3, steps);
      check("growingHandedOn", new double[] {0.3, -0.8, 1.1, 0.4}, 0.3, steps);
    }
  }

  @Test
  void swappedUntilQuietThenLeft() {
    // 0.05 stops after a few trips, 1e-12 runs them all
    for (double tol : new double[] {0.05, 1e-12}) {
      check("untilQuiet", new double[] {0.3, -0.8, 1.1}, 0.9, tol, 7);
    }
  }
}
