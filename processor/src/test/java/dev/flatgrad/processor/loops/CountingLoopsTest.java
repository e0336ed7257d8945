package dev.flatgrad.processor.loops;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Counting loops in every spelling (i++, ++i, i += 1, i = i + 1, i += k, i--, --i, i -= k; tests
 * <, <=, >, >=, != and the bound on either side, of the index or the index plus a constant) run backwards by counting the other way, with
 * no stack of the index: the same clean {@code for (int i = n - 1; i >= 0; i--)} whatever the
 * user wrote, and {@code Math.floorDiv} to find the last index of a step of k.
 */
class CountingLoopsTest {

  private static final String CLASS = "counting.SpellingsGrad";

  private static final String SOURCE = """
      package counting;

      import dev.flatgrad.annotations.Differentiable;

      class Spellings {
        @Differentiable
        static double preIncrement(double[] v) {
          double s = 1;
          for (int i = 0; i < v.length; ++i) {
            s = s * v[i] + Math.sin(v[i]);
          }
          return s;
        }

        @Differentiable
        static double plusEqualsOne(double[] v, int n) {
          double s = 1;
          for (int i = 0; i <= n; i += 1) {
            s = s * v[i % v.length] + Math.sin(s);
          }
          return s;
        }

        @Differentiable
        static double assignedSum(double[] v) {
          double s = 1;
          for (int i = 1; v.length > i; i = 1 + i) {
            s = s * v[i] - v[i - 1];
          }
          return s;
        }

        @Differentiable
        static double stepOfThree(double[] v, int from) {
          double s = 1;
          for (int i = from; i < v.length; i += 3) {
            s = Math.tanh(s * v[i]) + v[i];
          }
          return s;
        }

        @Differentiable
        static double stepOfTwoUpTo(double[] v) {
          double s = 1;
          for (int i = 0; i <= v.length - 1; i = i + 2) {
            s = s * v[i] + 1;
          }
          return s;
        }

        @Differentiable
        static double preDecrement(double[] v) {
          double s = 1;
          for (int i = v.length - 1; i >= 0; --i) {
            s = s * v[i] + Math.sin(v[i]);
          }
          return s;
        }

        @Differentiable
        static double minusEqualsTwo(double[] v) {
          double s = 1;
          for (int i = v.length - 1; i > -1; i -= 2) {
            s = Math.cos(s) * v[i];
          }
          return s;
        }

        @Differentiable
        static double notEqualUp(double[] v) {
          double s = 1;
          for (int i = 0; i != v.length; i++) {
            s = s * v[i] + 0.5;
          }
          return s;
        }

        @Differentiable
        static double notEqualDown(double[] v) {
          double s = 1;
          for (int i = v.length; i != 0; i--) {
            s = s * v[i - 1] + 0.5;
          }
          return s;
        }

        @Differentiable
        static double nestedSpellings(double[][] m) {
          double s = 1;
          for (int i = 0; i < m.length; ++i) {
            for (int j = m[i].length - 1; j >= 0; j -= 2) {
              s = Math.sin(s) + m[i][j] * s;
            }
          }
          return s;
        }

        @Differentiable
        static double stepOfThreeWithABreak(double[] v) {
          double s = 1;
          for (int i = 1; i < v.length; i += 3) {
            if (s > 4) {
              break;
            }
            s = s * v[i] + 2;
          }
          return s;
        }

        @Differentiable
        static double indexPlusOneBelow(double[] x) {
          double f = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            double t = x[i + 1] - x[i] * x[i];
            f += 100 * t * t + (1 - x[i]) * (1 - x[i]);
          }
          return f;
        }

        @Differentiable
        static double offsetsOnEitherSide(double[] v) {
          double s = 1;
          for (int i = v.length - 1; 0 <= i - 1; --i) {
            s = s * v[i] - v[i - 1];
          }
          for (int i = 1; v.length >= 2 + i; i += 2) {
            s = Math.sin(s) * v[i + 1];
          }
          for (int i = 0; -1 + i != v.length - 1; i++) {
            s = s * v[i] + 0.25;
          }
          return s;
        }

        @Differentiable
        static double writesIntoTheBoundsArray(double[] v) {
          double[] c = v.clone();
          double s = 0;
          for (int i = 0; i < c.length; ++i) {
            c[i] *= c[i];
            s += c[i] * s + c[i];
          }
          return s;
        }
      }
      """;

  @Test
  void everySpellingRunsBackwardsByCounting() {
    Compilation c = compileOk(source(SOURCE));
    assertGolden(c, CLASS, "CountingLoopsTest/everySpellingRunsBackwardsByCounting/SpellingsGrad.java");
    String code = generated(c, CLASS);
    assertThat(code).doesNotContain("IntStack");
    assertThat(code).doesNotContain("iStack");
    Loaded l = load(c);
    Random r = new Random(17);
    for (int n = 0; n <= 7; n++) {
      double[] v = RandomArrays.vector(r, n, -1, 1);
      for (String m : new String[] {"preIncrement", "assignedSum", "stepOfTwoUpTo", "preDecrement",
          "minusEqualsTwo", "notEqualUp", "notEqualDown", "stepOfThreeWithABreak", "writesIntoTheBoundsArray",
          "indexPlusOneBelow", "offsetsOnEitherSide"}) {
        assertGradient(l, CLASS, m, (Object) v);
      }
      for (int from = 0; from <= 4; from++) {
        assertGradient(l, CLASS, "stepOfThree", v, from);
      }
      if (n > 0) {
        for (int bound = -2; bound <= 6; bound++) {
          assertGradient(l, CLASS, "plusEqualsOne", v, bound);
        }
      }
      assertGradient(l, CLASS, "nestedSpellings", (Object) RandomArrays.matrix(r, n % 4, n, -1, 1));
    }
  }

  /** The same loops' tangents and Hessian-vector products, at points where every loop runs. */
  @Test
  void everySpellingHasItsTangentAndHvp() {
    Loaded l = load(compileOk(source(withSecondOrder(SOURCE))));
    Random r = new Random(19);
    double[] v = RandomArrays.vector(r, 7, -1, 1);
    for (String m : new String[] {"preIncrement", "assignedSum", "stepOfTwoUpTo", "preDecrement",
        "minusEqualsTwo", "notEqualUp", "notEqualDown", "stepOfThreeWithABreak", "writesIntoTheBoundsArray",
          "indexPlusOneBelow", "offsetsOnEitherSide"}) {
      assertSecondOrder(l, CLASS, m, r, (Object) v);
    }
    assertSecondOrder(l, CLASS, "stepOfThree", r, v, 1);
    assertSecondOrder(l, CLASS, "plusEqualsOne", r, v, 5);
    assertSecondOrder(l, CLASS, "nestedSpellings", r, (Object) RandomArrays.matrix(r, 3, 4, -1, 1));
  }
}
