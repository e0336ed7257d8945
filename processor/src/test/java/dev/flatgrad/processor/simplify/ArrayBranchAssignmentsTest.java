package dev.flatgrad.processor.simplify;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.generatedMethod;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.unindented;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * An array adjoint whose first contribution comes in a branch is assigned that contribution there
 * (the other branch, if it contributes nothing, assigns the zeros), not made zero before the
 * branch to be added into: a filtered stream's average, a branch of the user's over Nd values,
 * on vectors and matrices, in gradients and in pullbacks.
 */
class ArrayBranchAssignmentsTest {

  private static final String BRANCHES = """
      package br;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      import java.util.Arrays;

      public class Branches {
        @Differentiable(wrt = "a")
        public static double filteredMean(double[] a, double t) {
          return Arrays.stream(a).filter(v -> v > t).average().orElse(0.0) * t;
        }

        /** Calls filteredMean through its saved values and pullback. */
        @Differentiable(wrt = "m")
        public static double rows(double[][] m, double t) {
          double s = 0.0;
          for (int r = 0; r < m.length; r++) {
            s += filteredMean(m[r], t) * filteredMean(m[r], t);
          }
          return s;
        }

        @Differentiable
        public static double oneSided(double[] x, double[] w, double c) {
          double s = 0.0;
          double[] h = Nd.multiply(x, w);
          if (c > 0) {
            s = Nd.sum(Nd.exp(h));
          }
          return s + c * Nd.sum(w);
        }

        @Differentiable
        public static double bothSides(double[] x, double[] w, double c) {
          double[] h = Nd.multiply(x, w);
          double s;
          if (c > 0) {
            s = Nd.sum(Nd.exp(h));
          } else {
            s = Nd.sum(Nd.multiply(h, h));
          }
          return s * c;
        }

        /** One branch hands its array on as it is: its adjoint is not another's to add into. */
        @Differentiable
        public static double handedOn(double[] x, double c) {
          double[] h = Nd.exp(x);
          double[] y;
          if (c > 0) {
            y = h;
          } else {
            y = Nd.multiply(h, x);
          }
          return Nd.sum(Nd.multiply(y, y)) + Nd.sum(h);
        }

        @Differentiable
        public static double matrices(double[][] W, double[][] X, double c) {
          double[][] h = Nd.dot(X, W);
          double s = 0.0;
          if (c > 0) {
            s = Nd.sum(Nd.tanh(h));
          }
          return s;
        }
      }
      """;

  @Test
  void theFirstContributionInABranchIsAssigned() {
    Compilation c = compileOk(source(BRANCHES));
    String code = generated(c, "br.BranchesGrad");
    assertThat(unindented(generatedMethod(code, "FilteredMean filteredMean("))).contains(unindented("""
                double[] dterms;
                if (count != 0) {
                    dterms = Nd.streamAverageBackward(t, count, terms);
                } else {
                    dterms = new double[terms.length];
                }"""));
    assertThat(unindented(generatedMethod(code, "void filteredMeanPullback("))).contains(unindented("""
                    dterms = Nd.streamAverageBackward(dsel, count, terms);
                } else {
                    dterms = new double[terms.length];
                }"""));
    assertThat(unindented(generatedMethod(code, "OneSided oneSided("))).contains(unindented("""
                    dh = Nd.multiply(dexp, exp);
                } else {
                    dh = new double[h.length];
                }"""));
    assertThat(unindented(generatedMethod(code, "BothSides bothSides("))).contains(unindented("""
                    dh = Nd.multiply(dexp, exp);
                } else {
                    // s = Nd.sumOfSquares(h)
                    dh = Nd.multiply(2.0 * ds, h);
                }"""));
    assertThat(unindented(generatedMethod(code, "Matrices matrices("))).contains(unindented("""
                    dh = Nd.tanhBackward(dtanh, tanh);
                } else {
                    dh = Nd.zerosLike(h);
                }"""));
    for (String m : new String[] {"FilteredMean filteredMean(", "OneSided oneSided(", "BothSides bothSides(",
        "Matrices matrices("}) {
      assertThat(generatedMethod(code, m)).doesNotContain("InPlace(dh");
      assertThat(generatedMethod(code, m)).doesNotContain("InPlace(dterms");
    }
  }

  @Test
  void gradientsAreThoseOfTheBranchesTaken() {
    Loaded l = load(compileOk(source(BRANCHES)));
    double[] a = {0.3, -1.2, 2.0, 0.7};
    double[] w = {1.1, 0.4, -0.5, 0.9};
    for (double t : new double[] {0.5, -0.4, 3.0}) {
      assertGradient(l, "br.BranchesGrad", "filteredMean", a, t);
      assertGradient(l, "br.BranchesGrad", "rows", new double[][] {a, w}, t);
      assertGradient(l, "br.BranchesGrad", "oneSided", a, w, t);
      assertGradient(l, "br.BranchesGrad", "bothSides", a, w, t);
      assertGradient(l, "br.BranchesGrad", "handedOn", a, t);
      assertGradient(l, "br.BranchesGrad", "matrices", new double[][] {{0.3, -0.2}, {0.5, 0.1}},
          new double[][] {{1.0, 0.5}, {-0.7, 0.2}, {0.4, 0.4}}, t);
    }
  }
}
