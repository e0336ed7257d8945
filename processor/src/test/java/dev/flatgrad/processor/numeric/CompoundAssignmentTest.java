package dev.flatgrad.processor.numeric;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compound assignment, {@code x op= e}, is {@code x = (T) (x op e)} with the operation in the
 * promoted type of both operands (JLS 15.26.2): {@code c[i] *= 5} multiplies doubles even though
 * 5 is an int. Every operator, on locals, array elements and matrix entries, in straight-line
 * code and in loops, with int, long and double operands and mixed expressions, checked at random
 * points (value bit for bit, gradient against centred differences).
 */
class CompoundAssignmentTest {

  private static final String CLASS = "compound.OpsGrad";
  private static final List<String> OPERATORS = List.of("+=", "-=", "*=", "/=", "%=");
  /** Operands: int, long and double literals and parameters, and mixed expressions of them. */
  private static final List<String> OPERANDS =
      List.of("5", "3L", "2.5", "n", "m", "x", "n + 1", "(n + 1) * 2L", "x * n", "n / 2.0 + m");
  /** Where the compound assignment writes, as a template around it ({@code TARGET op= OPERAND}). */
  private static final List<String[]> TARGETS = List.of(
      new String[] {"local", """
          double s = v[0] * x;
          s OP E;
          return s * v[1];
          """},
      new String[] {"localInALoop", """
          double s = x;
          for (int i = 0; i < v.length; ++i) {
            s += v[i];
            s OP E;
          }
          return s;
          """},
      new String[] {"element", """
          double[] c = v.clone();
          c[0] OP E;
          return c[0] * c[1];
          """},
      new String[] {"elementInALoop", """
          double[] c = v.clone();
          double res = 0;
          for (int i = 0; i < c.length; ++i) {
            c[i] OP E;
            res += c[i] * v[i];
          }
          return res;
          """},
      new String[] {"matrixEntryInALoop", """
          double[][] c = Nd.copy(M);
          double res = 0;
          for (int r = 0; r < c.length; r++) {
            for (int j = 0; j < c[r].length; j++) {
              c[r][j] OP E;
              res += c[r][j] * c[r][j];
            }
          }
          return res;
          """});

  private static Loaded loaded;
  private static final List<String> METHODS = new ArrayList<>();

  private static Loaded compiled() {
    if (loaded != null) {
      return loaded;
    }
    StringBuilder s = new StringBuilder("""
        package compound;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Ops {
        """);
    for (String[] target : TARGETS) {
      for (int o = 0; o < OPERATORS.size(); o++) {
        for (int e = 0; e < OPERANDS.size(); e++) {
          String name = target[0] + o + "_" + e;
          METHODS.add(name);
          String body = target[1].replace("OP", OPERATORS.get(o)).replace("E", OPERANDS.get(e))
              .indent(4);
          s.append("  @Differentiable(wrt = {\"x\", \"v\", \"M\"})\n")
              .append("  static double ").append(name)
              .append("(double x, double[] v, double[][] M, int n, long m) {\n")
              .append(body).append("  }\n\n");
        }
      }
    }
    s.append("}\n");
    loaded = load(compileOk(source(s.toString())));
    return loaded;
  }

  @Test
  void everyOperatorOnEveryTargetWithIntLongAndDoubleOperands() {
    Loaded l = compiled();
    Random r = new Random(11);
    for (String method : METHODS) {
      for (int point = 0; point < 3; point++) {
        // x in [2, 3] and n >= 1 keep every divisor away from zero and x % e away from its jumps
        double x = 2 + r.nextDouble();
        double[] v = vector(r, 2 + r.nextInt(3));
        double[][] m = new double[r.nextInt(3)][];
        int cols = r.nextInt(3);
        for (int i = 0; i < m.length; i++) {
          m[i] = vector(r, cols);
        }
        assertGradient(l, CLASS, method, x, v, m, 1 + r.nextInt(3), 2L);
      }
    }
  }

  /** The example: {@code c[i] *= 5} scales each element's gradient by 5. */
  @Test
  void elementTimesAnIntLiteral() {
    Compilation c = compileOk(source("""
        package compound;

        import dev.flatgrad.annotations.Differentiable;

        class Scale {
          @Differentiable
          static double scaleInt(double[] arr) {
            double[] c = arr.clone();
            double res = 0;
            for (int i = 0; i < c.length; ++i) {
              c[i] *= 5;
              res += c[i];
            }
            return res;
          }

          @Differentiable
          static double firstTimesInt(double[] arr, int k) {
            double[] c = arr.clone();
            c[0] /= k;
            c[0] *= 5;
            return c[0];
          }
        }
        """));
    assertGolden(c, "compound.ScaleGrad", "CompoundAssignmentTest/elementTimesAnIntLiteral/ScaleGrad.java");
    Loaded l = load(c);
    Object g = result(l, "compound.ScaleGrad", "scaleInt", (Object) new double[] {1, 2, 3});
    assertThat((double[]) Loaded.component(g, "darr")).usingExactEquality().containsExactly(5.0, 5.0, 5.0).inOrder();
    Object first = result(l, "compound.ScaleGrad", "firstTimesInt", new double[] {1, 2}, 4);
    assertThat((double[]) Loaded.component(first, "darr")).usingExactEquality().containsExactly(1.25, 0.0).inOrder();
  }

  /**
   * An int compound-assigned a long is narrowed back ({@code int j2 = (int) (j * 2L)} when the
   * overwrite is renamed), as Java does.
   */
  @Test
  void integerTargetNarrowsTheLongResult() {
    Loaded l = load(compileOk(source("""
        package compound;

        import dev.flatgrad.annotations.Differentiable;

        class Narrow {
          @Differentiable
          static double narrowed(double x, int n) {
            int j = n;
            double r = x * j;
            j *= 3000000000L;
            r += x * j;
            j += 1;
            return r + x * j;
          }
        }
        """)));
    for (int n = -3; n <= 3; n++) {
      assertGradient(l, "compound.NarrowGrad", "narrowed", 0.5 + n, n);
    }
  }

  private static double[] vector(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = -1.5 + 3 * r.nextDouble();
    }
    return v;
  }
}
