package dev.flatgrad.processor.property;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * What {@link RandomProgramsTest} found, each shrunk to a small reproducer and kept once fixed:
 * the generated code must compile (with -Xlint:all -Werror), its value must equal the method's
 * own, and its gradient must agree with centred differences.
 */
class GeneratorFindingsTest {

  /**
   * Overload resolution picked the least specific method: {@code Math.max(0, 1)} resolved to
   * {@code max(double, double)}, and {@code int q = Math.max(0, 1)} was rejected as a double.
   */
  @Test
  void theMostSpecificOverloadIsChosen() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Overloads {
          @Differentiable
          static double f(double x, int n) {
            int q = Math.max(0, 1);
            int r = Math.abs(n - 2) / 2;
            long s = Math.max(3L, n);
            return x * q * r * s + Math.max(x, n);
          }
        }
        """)));
    for (int n = 0; n < 5; n++) {
      assertGradient(l, "findings.OverloadsGrad", "f", 0.3 + n, n);
    }
  }

  /**
   * A conditional lifted into an if (its arms need a value named) assigns a new temporary; its
   * arms were not staged, as the temporary was not yet active, and the backward pass of {@code
   * Math.tanh(o)} in an arm found its result unnamed (an internal error).
   */
  @Test
  void theArmsOfALiftedConditionalAreStaged() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Arms {
          @Differentiable
          static double f(double o, double x, int k) {
            for (int i = 0; i < 3; i++) {
              x = Math.sin(x) + (k % 2 == 0 ? Math.tanh(o) / (k + 1) : Math.tanh(o));
            }
            return x;
          }
        }
        """)));
    for (int k = 0; k < 3; k++) {
      assertGradient(l, "findings.ArmsGrad", "f", 0.7, -0.4, k);
    }
  }

  /**
   * A file declaring two classes: the gradient class of the second (and generated code calling
   * it as written) uses an auxiliary class from another file, which -Xlint:all -Werror rejected.
   */
  @Test
  void aSecondClassInTheFileCompilesWithAllLintWarningsAsErrors() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Main {
          @Differentiable
          static double f(double u, double[] w) {
            return Helper.q(u, w) * u + Helper.q(2.0, new double[] {1.0});
          }
        }

        class Helper {
          @Differentiable
          static double q(double u, double[] w) {
            return u * w[0];
          }
        }
        """));
    assertThat(generated(c, "findings.HelperGrad")).contains("@SuppressWarnings(\"auxiliaryclass\")");
    assertThat(generated(c, "findings.MainGrad")).contains("@SuppressWarnings(\"auxiliaryclass\")");
    assertGradient(load(c), "findings.MainGrad", "f", 0.5, new double[] {2.0, 3.0});
  }

  /**
   * A parameter variable reassigned to a new array and then written was rejected as a write
   * into the caller's array; where it still holds the caller's array the write is rejected.
   */
  @Test
  void aParameterReassignedToANewArrayMayBeWritten() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Reassigned {
          @Differentiable
          static double f(double[] v) {
            v = Nd.sqrt(Nd.add(1.0, Nd.square(v)));
            double s = 0.0;
            for (int i = 0; i < v.length; i++) {
              v[i] = v[i] * v[i] * Math.tanh(s);
              s += v[i];
              v = v.clone();
            }
            return s;
          }
        }
        """)));
    assertGradient(l, "findings.ReassignedGrad", "f", (Object) new double[] {0.3, -0.8, 1.1});
  }

  /**
   * {@code return prod;} inside a loop: the aliasing analysis let the state at the loop's break
   * (where the result shares prod's array) flow back into the loop, and rejected the next trip's
   * write into prod, which never runs after the return. Breaks now leave the loop, and the result
   * the lowering assigns where a return was is not an alias anything is written through.
   */
  @Test
  void aReturnInALoopDoesNotAliasTheNextTrip() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class EarlyResult {
          @Differentiable
          static double[] f(double[] w, double s) {
            double[] prod = new double[w.length];
            for (int j = 0; j < prod.length; j++) {
              prod[j] = prod[j - (j > 0 ? 1 : 0)] * s + w[j];
              if (prod[j] > 0.5) {
                return prod;
              }
            }
            return Nd.tanh(prod);
          }

          /** Returned from a nested loop: the outer loop's next trip never runs either. */
          @Differentiable
          static double[] g(double[] w, double s) {
            double[] v = w.clone();
            for (int i = 0; i < v.length; i++) {
              v[i] = s;
              int k = -1;
              while (k < w.length - 1) {
                k++;
                s = s > Math.sin(s) ? s : Math.sin(s);
                if (s > -2.0) {
                  return v;
                }
              }
            }
            return w;
          }
        }
        """)));
    assertGradient(l, "findings.EarlyResultGrad", "f", new double[] {0.1, 0.2, 0.9, -0.3}, 0.7,
        new double[] {1, -2, 0.5, 3});
    assertGradient(l, "findings.EarlyResultGrad", "g", new double[] {0.1, 0.2}, 0.7, new double[] {1, -2});
    assertGradient(l, "findings.EarlyResultGrad", "f", new double[] {0.1, 0.2, -0.9}, 0.7, new double[] {1, -2, 3});
  }

  /**
   * An array result returned inside a loop is kept in a variable that starts with a value javac
   * wants; that value was null, and the backward pass, restoring it, shaped a zero adjoint after
   * it ({@code new double[out.length]}): a NullPointerException. It starts as an empty array.
   */
  @Test
  void anArrayResultReturnedInALoopStartsEmpty() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Softmax {
          @Differentiable
          static double[] f(double[] x, double t, int n) {
            for (int i = 0; i < x.length; i += 3) {
              for (int j = i - 1; j > -1; j--) {
                if (t > 0.0 && j != 2) {
                  return Nd.softmax(Nd.multiply(Math.tanh(t * 2), x));
                }
              }
            }
            for (int c = 0; c < n; c++) {
              x = Nd.abs(Nd.multiply(0.8, x));
            }
            return x;
          }
        }
        """)));
    for (double t : new double[] {-0.5, 0.5}) {
      assertGradient(l, "findings.SoftmaxGrad", "f", new double[] {0.3, -0.2, 0.9, 0.4, 0.1}, t, 2,
          new double[] {1, -1, 2, 0.5, 3});
    }
  }

  /**
   * A matrix written row by row and entry by entry saved both kinds of overwritten value on one
   * stack, typed by whichever came first: javac rejected the other push.
   */
  @Test
  void rowsAndEntriesOfAMatrixAreSavedApart() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class RowsAndEntries {
          @Differentiable
          static double f(double[][] M, double t) {
            double[][] a = new double[4][2];
            for (int w = 0; w < M.length; w++) {
              a[a.length - 1] = Nd.add(new double[2], t * M[w][0]);
              a[2][w] = M[w][1] * a[3][w];
            }
            return Nd.sum(Nd.square(a));
          }
        }
        """)));
    assertGradient(l, "findings.RowsAndEntriesGrad", "f", new double[][] {{0.3, -0.2}, {0.9, 0.4}}, 0.7);
  }

  /**
   * An array result that is a local array by another name ({@code return res;} inside a loop
   * becomes {@code out = res}) was returned as it was after the backward pass restored res's
   * elements: the copy of the result is taken for any array the result may share.
   */
  @Test
  void aResultSharingALocalArrayIsCopiedBeforeItIsRestored() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class SharedResult {
          @Differentiable
          static double[] f(double[][][] T, int[] y) {
            double[] res = Nd.add(new double[3], 0.0);
            int w = 0;
            while (true) {
              if (w >= T.length) {
                return res;
              }
              res[0] -= Nd.sum(T[w]) % 3;
              res[y[w]] = res[y[w]] > res[w] ? res[y[w]] : Math.tanh(res[w]);
              w++;
            }
          }
        }
        """)));
    assertGradient(l, "findings.SharedResultGrad", "f",
        new double[][][] {{{0.1, 0.4}, {-0.6, 0.2}}, {{0.7, -0.3}, {0.5, 0.9}}, {{-0.2, 0.8}, {0.3, -0.1}}},
        new int[] {1, 2, 0}, new double[] {1, -2, 0.5});
  }

  /**
   * The counter of an enhanced for (named {@code i} by the engine) around a user's own {@code for
   * (int i ...)}: counters may share a name only where their loops do not nest, but the check
   * looked only at the loops around a counter, not at those inside it, so the outer loop took the
   * name the inner one already had ("variable i is already defined").
   */
  @Test
  void anEnhancedForAroundAUserLoopOverIGetsAnotherCounterName() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class RowsThenIndex {
          @Differentiable
          static double f(double a, double[][] M) {
            double s = 0;
            for (double[] e : M) {
              for (int i = 0; i < e.length; i++) {
                s += a * e[i] * e[i];
              }
            }
            return s;
          }
        }
        """));
    assertThat(generated(c, "findings.RowsThenIndexGrad")).contains("for (int i = 0; i < e.length; i++)");
    assertGradient(load(c), "findings.RowsThenIndexGrad", "f", 0.7, new double[][] {{0.3, -0.2}, {0.9, 0.4, 1.5}});
  }

  /**
   * A variable of a loop's header, read by the backward pass and overwritten by the update, was
   * restored only by the update's mirror; a trip left by a break (here a return in a loop inside
   * it) never reaches the update, so the backward trip read the variable's default: {@code x[i0 -
   * 1]} at index -1. It is now also kept where the body is left.
   */
  @Test
  void aHeaderVariableIsKeptOnATripLeftByABreak() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Doubling {
          @Differentiable
          static double f(int n, double a, double[] x) {
            for (int i = 1; i < n; i++) {
              for (int k = 1; k <= i; k *= 2) {
                int w = 0;
                while (true) {
                  if (w >= n) {
                    return x[k - 1] * a;
                  }
                  w++;
                }
              }
            }
            return a;
          }

          @Differentiable
          static double g(double a, double[] x) {
            double s = 0;
            for (int k = 1; k <= x.length; k *= 2) {
              s += Math.sin(x[k - 1] * a);
              if (s > 0.5) {
                break;
              }
            }
            return s;
          }
        }
        """)));
    for (int n = 0; n < 4; n++) {
      assertGradient(l, "findings.DoublingGrad", "f", n, 0.6, new double[] {0.3, -0.5, 0.8});
    }
    assertGradient(l, "findings.DoublingGrad", "g", 0.9, new double[] {0.3, 0.5, 0.8, -0.2});
    assertGradient(l, "findings.DoublingGrad", "g", 0.9, new double[] {-0.3, 0.1, 0.4, -0.2});
  }

  /**
   * Forward mode: the tangent of {@code y += x * y} came after the statement and read the new
   * {@code y} ({@code yDot += xDot * y + x * yDot}); it comes first when it reads the variable
   * written. And a parameter outside {@code wrt} (no direction) that is assigned a varying value
   * had a tangent nobody declared ("cannot find symbol bDot"); it starts at zero.
   */
  @Test
  void aTangentReadsTheOldValueAndAFixedParameterStartsAtZero() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Accumulates {
          @Differentiable(hessian = true)
          static double f(double x, double b) {
            double y = x;
            y += x * y;
            b -= Math.sin(b) * x;
            return y * b;
          }

          @Differentiable(hessian = true, wrt = {"x"})
          static double g(double x, double b) {
            double t = Math.tanh(b);
            b += x * b;
            return b * t;
          }
        }
        """));
    assertThat(generated(c, "findings.AccumulatesGrad")).contains("""
                double yDot = xDot;
                yDot += xDot * y + x * yDot;
                y += x * y;
        """);
    Loaded l = load(c);
    assertGradient(l, "findings.AccumulatesGrad", "f", 0.3, 0.7);
    assertGradient(l, "findings.AccumulatesGrad", "g", 0.3, 0.7);
    assertGradient(l, "findings.AccumulatesGrad", "g", -1.2, 0.4);
  }

  /**
   * The H.v and Hessian records named a parameter's gradient {@code d} + its name without the
   * gradient record's care for keywords: {@code o} gave a component {@code do} (an internal
   * error, "not a valid name: do"), as did {@code ouble} and {@code efault}; they are {@code
   * do_}, {@code double_}, {@code default_} in every record now.
   */
  @Test
  void secondOrderRecordsNameGradientsAsTheGradientRecordDoes() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Keywords {
          @Differentiable(hessian = true)
          static double f(double o, double ouble, double efault) {
            return o * ouble * Math.sin(efault);
          }

          @Differentiable(hessian = true)
          static double g(double o, double[] x) {
            return o * Nd.sum(Nd.square(x));
          }

          @Differentiable(jacobian = true)
          static double[] h(double o, double[] x) {
            return Nd.multiply(o, x);
          }
        }
        """));
    String generated = generated(c, "findings.KeywordsGrad");
    assertThat(generated).contains("record FHvp(double value, double valueDot, double do_, double double_, double default_,");
    assertThat(generated).contains("new GHessian(grad.value(), grad.do_(), grad.dx(), hessian)");
    assertThat(generated).contains("grad.do_(), grad.dx()");
    Loaded l = load(c);
    assertGradient(l, "findings.KeywordsGrad", "f", 0.3, -0.7, 1.1);
    assertGradient(l, "findings.KeywordsGrad", "g", 0.3, new double[] {-0.7, 1.1});
    Object hessian = l.call("findings.KeywordsGrad", "gHessian", 0.3, new double[] {-0.7, 1.1});
    assertThat(((double[][]) Loaded.component(hessian, "hessian"))[0]).usingTolerance(1e-12)
        .containsExactly(0.0, -1.4, 2.2).inOrder();
    Object jacobian = l.call("findings.KeywordsGrad", "hJacobian", 0.3, new double[] {-0.7, 1.1});
    assertThat(((double[][]) Loaded.component(jacobian, "jacobian"))[1]).usingTolerance(1e-12)
        .containsExactly(1.1, 0.0, 0.3).inOrder();
  }

  /**
   * A matrix whose rows a loop assigns, left early by a return: the backward pass made the
   * matrix's adjoint with {@code Nd.zerosLike}, which threw on the rows never assigned ("x[1] is
   * null"). A null row now has a null adjoint row (nothing read it).
   */
  @Test
  void aMatrixLeftPartlyFilledByAReturnHasAnAdjoint() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class PartlyFilled {
          @Differentiable
          static double f(double[] x, double a) {
            double[][] rows = new double[x.length][];
            for (int i = 0; i < rows.length; i++) {
              rows[i] = Nd.multiply(a, x);
              if (Nd.sum(rows[i]) > 1.0) {
                return a * rows[i][0];
              }
            }
            return Nd.sum(rows) * a;
          }
        }
        """)));
    assertGradient(l, "findings.PartlyFilledGrad", "f", new double[] {0.9, 0.8, 0.3}, 1.5);
    assertGradient(l, "findings.PartlyFilledGrad", "f", new double[] {0.1, 0.2, 0.3}, 0.5);
  }

  /**
   * A row (or an entry) assigned a value read from the whole array: {@code A[0] =
   * Nd.flatten(A)}. The backward pass added the whole array's share (which reaches row 0 too),
   * then zeroed row 0's adjoint for the overwrite, dropping that share: the gradient through the
   * old row 0 was 0. The row's adjoint is now replaced first and the shares added to it.
   */
  @Test
  void aWriteOfAValueReadFromTheWholeArrayKeepsItsOwnShare() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Itself {
          @Differentiable
          static double rows(double[] y) {
            double[][] A = {{y[0], y[1]}};
            A[0] = Nd.flatten(A);
            return Nd.sum(Nd.square(A));
          }

          @Differentiable
          static double entries(double[] y) {
            double[] v = y.clone();
            v[0] = Nd.sum(Nd.square(v));
            return Nd.sum(v) * v[0];
          }
        }
        """)));
    assertGradient(l, "findings.ItselfGrad", "rows", (Object) new double[] {0.3, -0.7});
    assertGradient(l, "findings.ItselfGrad", "entries", (Object) new double[] {0.3, -0.7, 0.5});
  }

  /**
   * The row of an enhanced for over a matrix whose adjoint is kept across an inner loop's trips:
   * the backward body makes it first ({@code double[] de = new double[e.length]}), but nothing
   * read the row's values, so the row itself was not there (javac: cannot find symbol e; random
   * programs, seed 2 program 3328). An array declared in a loop body whose adjoint gets shares is
   * now restored (here recomputed, {@code e = M[i]}) at the start of the backward body.
   */
  @Test
  void aRowOnlyPassedOnHasItsShapeInTheBackwardBody() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class RowShape {
          @Differentiable
          static double f(double[][] M, int n) {
            double s = 0;
            for (double[] e : M) {
              for (int k = 0; k < n; k++) {
                s += Nd.sum(Nd.col(e)) * 2.0;
              }
            }
            return s;
          }
        }
        """)));
    assertGradient(l, "findings.RowShapeGrad", "f", new double[][] {{0.3, -0.2}, {0.9, 0.4, 1.5}}, 2);
  }

  /**
   * Bug 2 of issue 11 again, in the H.v code: an array result whose elements the backward pass
   * restores in place was returned as the array itself, so {@code fHvp}'s value was the array as
   * restored (random programs, seed 5 program 512). It is a copy there too.
   */
  @Test
  void theHvpValueIsTheResultBeforeTheBackwardPassRestoresIt() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class SquaredFirst {
          @Differentiable(hessian = true)
          static double[] f(double[] x, double a) {
            double[] r = Nd.multiply(a, x);
            r[0] = r[0] * r[0];
            return r;
          }
        }
        """));
    Loaded l = load(c);
    double[] x = {0.3, -0.7};
    Object[] at = {x, 1.5, new double[] {1, 0}, 0.5, new double[] {1, -2}};
    Object hvp = l.call("findings.SquaredFirstGrad", "fHvp", at);
    double first = 1.5 * x[0];
    assertThat((double[]) Loaded.component(hvp, "value")).usingExactEquality()
        .containsExactly(first * first, 1.5 * x[1]).inOrder();
    GradCheck.Report r = (GradCheck.Report) l.call("findings.SquaredFirstGrad", "checkFHvp", at);
    assertWithMessage("%s", r.table()).that(r.passed()).isTrue();
  }

  /**
   * The second class of a file called only from a tangent method's inactive call ({@code
   * Double.compare(Other.q(...), a)}): the gradient class suppressed javac's auxiliary-class
   * warning only for the classes its gradient methods refer to, so -Xlint:all -Werror rejected
   * the tangent (random programs, seed 4 program 484). The forward-mode methods count too.
   */
  @Test
  void aTangentCallingTheFilesSecondClassCompilesWithAllLintWarningsAsErrors() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Compares {
          @Differentiable(tangent = true)
          static double f(double a) {
            double[] v = new double[3];
            v = Nd.tanh(v);
            a = Math.sin(Double.compare(Other.q(Math.tanh(a), v), a) * Math.tanh(a) - Math.tanh(a));
            return a;
          }
        }

        class Other {
          @Differentiable(tangent = true)
          static double q(double u, double[] w) {
            return u;
          }
        }
        """));
    assertThat(generated(c, "findings.ComparesGrad")).contains("@SuppressWarnings(\"auxiliaryclass\")");
    assertGradient(load(c), "findings.ComparesGrad", "f", 0.4);
  }

  /**
   * A parameter reassigned to a new array whose gradient is then no adjoint variable (zeros):
   * the pullback crashed with a ClassCastException (random programs after merging the pullbacks,
   * seed 20261123 program 48). It adds what the gradient method returns instead.
   */
  @Test
  void aPullbackOfAParameterReassignedToACopy() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class Reassigned {
          @Differentiable
          static double f(double[] x, double[][] M) {
            x = x.clone();
            return 1.5;
          }
        }
        """)));
    double[] dx = {1, 2};
    double[][] dM = {{3}};
    Object saved = l.call("findings.ReassignedGrad", "fSaved", new double[] {0.5, 0.25}, new double[][] {{1}});
    l.call("findings.ReassignedGrad", "fPullback", saved, 2.0, dx, dM);
    assertThat(dx).usingExactEquality().containsExactly(1, 2).inOrder();
    assertThat(dM[0]).usingExactEquality().containsExactly(3);
  }

  /**
   * A tangent method cut into parts whose direction parameter is reassigned ({@code aDot = ...}
   * for {@code a = c ? a : a}): the state object never received the direction, so the tangent was
   * 0 (random programs, seed 20261123 program 94, cut at a limit of 60).
   */
  @Test
  void aCutTangentStartsFromItsDirections() {
    System.setProperty("flatgrad.splitLimit", "60");
    Compilation c;
    try {
      c = compileOk(source("""
          package findings;

          import dev.flatgrad.annotations.Differentiable;

          class CutTangent {
            @Differentiable(tangent = true)
            static double f(double a, int n) {
              a = a > n ? a : a;
              double t0 = a;
              double t1 = a;
              double t2 = a;
              double t3 = a;
              double t4 = a;
              return a * t4;
            }
          }
          """));
    } finally {
      System.clearProperty("flatgrad.splitLimit");
    }
    Loaded l = load(c);
    Object tangent = l.call("findings.CutTangentGrad", "fTangent", 0.75, 0, 2.0);
    assertThat((double) Loaded.component(tangent, "valueDot")).isEqualTo(2 * 0.75 * 2.0);
  }

  /**
   * A write into a matrix after an enhanced for over its rows, in an outer loop, was reported as
   * aliasing: the loop variable is read again on the outer loop's next trip, but only after the
   * enhanced for assigns it a row anew. Aliasing now asks whether the other variable may be read
   * before it is assigned (random programs, seed 4 programs 1605 and 3657). The backward pass
   * reads the rows as the loop read them: the writes after it are undone first.
   */
  @Test
  void aMatrixWrittenAfterAnEnhancedForOverItsRows() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class RowsThenWrite {
          @Differentiable
          static double f(double[][] W, double w) {
            double[][] A = Nd.copy(W);
            double s = 0;
            for (int t = 0; t < 2; t++) {
              for (double[] e : A) {
                s += e[0] * e[1] * w;
              }
              A[t][1] = 0.5;
              A[1 - t][0] = s * w;
            }
            return s + A[0][0] * A[1][1];
          }
        }
        """)));
    for (double w : new double[] {0.7, -0.4}) {
      assertGradient(l, "findings.RowsThenWriteGrad", "f", new double[][] {{0.3, -0.8}, {0.5, 1.1}}, w);
    }
  }

  /**
   * An array assigned a value read from one of its own elements, in a loop: the old element's
   * share, computed from the new array's adjoint, was added to that adjoint just before the old
   * array's replaced it, and was lost ({@code dx[0] += Nd.sum(dx); dx = new double[x.length]};
   * random programs, seed 6 program 450). It is now computed first and added after.
   */
  @Test
  void anArrayAssignedFromItsOwnElementInALoop() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class OwnElement {
          @Differentiable
          static double f(double a, double[] x) {
            for (int i = 0; i < 2; i++) {
              x = Nd.fullLike(x, x[0] * a);
            }
            return Nd.sum(x);
          }

          @Differentiable
          static double g(double[][] A) {
            for (int i = 0; i < 2; i++) {
              A = Nd.multiply(Nd.tanh(A), A[0][1]);
            }
            return Nd.sum(A);
          }
        }
        """)));
    assertGradient(l, "findings.OwnElementGrad", "f", 0.7, new double[] {0.3, -0.4});
    assertGradient(l, "findings.OwnElementGrad", "g", (Object) new double[][] {{0.3, -0.4}, {0.8, 0.5}});
  }

  /**
   * The test of a conditional, recomputed in the backward pass, was simplified as adjoint
   * arithmetic is: {@code Double.compare(0.0 - t, a - a)} became {@code Double.compare(-t, 0.0)},
   * which at {@code t = 0.0} compares -0.0 and takes the other arm (random programs, seed 6
   * program 1164). The simplifier now folds only constants in a test.
   */
  @Test
  void aConditionalsTestIsRecomputedExactly() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class SignedZero {
          @Differentiable
          static double f(double a, int n) {
            double[] v = new double[2];
            v[0] = a;
            return Math.atan2(Double.compare(0.0 - Math.tanh(v[n]), a - a) < 0 ? a : 0, 1.5 + Math.cos(a));
          }
        }
        """));
    assertThat(generated(c, "findings.SignedZeroGrad")).contains("Double.compare(0.0 - Math.tanh(v[n]), a - a) < 0");
    Loaded l = load(c);
    for (double a : new double[] {0.5, -0.5}) {
      for (int n = 0; n < 2; n++) {
        assertGradient(l, "findings.SignedZeroGrad", "f", a, n);
      }
    }
  }

  /**
   * The Hessian of a method differentiated with respect to one matrix, and the Jacobian of a matrix
   * result, threw "Entries: value 0 is a double[], not a double[][]": {@code List.of(W)} of a lone
   * {@code double[][]} takes it for its varargs array and lists its rows. A lone array of arrays is
   * now {@code List.of((Object) W)} (random programs, seed 20261123 program 12, once the
   * generator asked for Hessians and Jacobians).
   */
  @Test
  void theHessianAndJacobianOfALoneMatrix() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class LoneMatrix {
          @Differentiable(hessian = true)
          static double f(double[][] W, int k) {
            return W[0][k] * W[1][k] * Nd.sum(W);
          }

          @Differentiable(jacobian = true)
          static double[][] g(double[][] W) {
            return Nd.tanh(W);
          }
        }
        """));
    assertThat(generated(c, "findings.LoneMatrixGrad")).contains("Entries.of(List.of((Object) W))");
    Loaded l = load(c);
    double[][] W = {{0.3, -0.2}, {0.5, 0.7}};
    double[][] hessian = (double[][]) Loaded.component(l.call("findings.LoneMatrixGrad", "fHessian", W, 1), "hessian");
    // d2/dWa dWb of W[0][1] * W[1][1] * sum(W), entries in row-major order
    double[][] expected = {{0, 0.7, 0, -0.2}, {0.7, 1.4, 0.7, 1.8}, {0, 0.7, 0, -0.2}, {-0.2, 1.8, -0.2, -0.4}};
    for (int r = 0; r < 4; r++) {
      assertThat(hessian[r]).usingTolerance(1e-12).containsExactly(expected[r]).inOrder();
    }
    double[][] jacobian = (double[][]) Loaded.component(l.call("findings.LoneMatrixGrad", "gJacobian", (Object) W),
        "jacobian");
    for (int i = 0; i < 4; i++) {
      double t = Math.tanh(W[i / 2][i % 2]);
      for (int k = 0; k < 4; k++) {
        assertThat(jacobian[i][k]).isWithin(1e-12).of(i == k ? 1 - t * t : 0);
      }
    }
  }

  /**
   * The adjoint of an array result starts as {@code dout} itself; a backward loop that replaces
   * it ({@code dres = Nd.add(dres, ...)}) left it marked as the method's own after the loop,
   * though with no trip it is still {@code dout}, and the entry write after wrote into the
   * caller's {@code dout} (random programs, seed 7 program 6499). After a loop, an adjoint array
   * is the method's own only if it was before.
   */
  @Test
  void aLoopWithNoTripLeavesDoutAlone() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class NoTrip {
          @Differentiable
          static double[] f(double a, double[] x) {
            double[] res = Nd.multiply(Nd.add(new double[2], 1.5), a);
            res[0] = res[0] * res[0] * (res[0] - 1.5);
            for (int i = 0; i < x.length; i++) {
              res[0] += Math.tanh(Nd.sum(res) * x[i]);
            }
            return res;
          }
        }
        """)));
    for (double[] x : new double[][] {{}, {0.4, -0.3}}) {
      assertGradient(l, "findings.NoTripGrad", "f", 0.6, x, new double[] {-0.13, 0.07});
    }
  }

  /**
   * The H.v of {@code Nd.max(M, 0)} on an {@code (n, 0)} matrix threw: its tangent picked from
   * {@code xDot}'s transpose, which for no columns has no rows, and the reversed transpose could
   * not restore n (random programs, seed 7 program 4982). The tangent now goes down the columns
   * through maxBackward's mask.
   */
  @Test
  void theHvpOfAColumnMaximumOfAnEmptyMatrix() {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class ColumnMax {
          @Differentiable(hessian = true)
          static double[] f(double[][] M, double s) {
            return Nd.tanh(Nd.max(Nd.tanh(Nd.add(M, s)), 0));
          }
        }
        """)));
    for (int cols : new int[] {0, 3}) {
      double[][] m = new double[2][cols];
      double[][] direction = new double[2][cols];
      for (int j = 0; j < cols; j++) {
        m[0][j] = 0.1 - 0.2 * j;
        m[1][j] = 0.4 - 0.3 * j * j;
        direction[0][j] = 0.5;
        direction[1][j] = -0.3 * j;
      }
      double[] dout = new double[cols];
      java.util.Arrays.fill(dout, 0.7);
      GradCheck.Report hvp = (GradCheck.Report) l.call("findings.ColumnMaxGrad", "checkFHvp", m, 0.2, direction, 0.3,
          dout);
      hvp.assertPassed();
      assertGradient(l, "findings.ColumnMaxGrad", "f", m, 0.2, dout);
    }
  }

  /**
   * An enhanced for over an array the body reassigns iterated the new array: the loop read {@code
   * x2[i]} and {@code x2.length} on every trip, where Java evaluates the array once (the value
   * differed; random programs, seed 8 program 972). Such an array is now held in a variable of
   * the loop's own first.
   */
  @Test
  void anEnhancedForIteratesTheArrayAsItWasWhenTheBodyReassignsIt() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Reassigned {
          @Differentiable
          static double f(double a, double[] x, double[] x2) {
            double s = 0;
            for (double e : x2) {
              x2 = Nd.multiply(Nd.tanh(x), a);
              s += e * a + x2[0];
            }
            return s;
          }
        }
        """));
    assertThat(generated(c, "findings.ReassignedGrad")).contains("double[] values = x2;");
    assertGradient(load(c), "findings.ReassignedGrad", "f", 0.6, new double[] {0.4, -0.3, 0.8}, new double[] {0.2, 0.5});
  }

  /**
   * Seed 10 program 937 (and seed 7 program 9007): a branch in a loop whose backward code
   * simplified to nothing was still replayed, its test reading an array local to the forward
   * branch that the backward pass never declares: javac said "cannot find symbol". Backward
   * branches that decide nothing are dropped now, and so is the forward branch whose work is all
   * dead (its test with it).
   */
  @Test
  void aBranchWhoseBackwardIsEmptyIsNotReplayed() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;

        class EmptyBranch {
          @Differentiable
          static double f(double a, double[] x) {
            double s = 0;
            int w = -1;
            do {
              w++;
              for (int i = 1; i <= x.length; i *= 2) {
                if (x[i - 1] > 0.5) {
                  if (a > 10) {
                    break;
                  }
                  double[][] rows = new double[2][3];
                  if (!Double.isNaN(a + a)) {
                    double t = a;
                  } else if (a < a - rows.length) {
                    double[] v = {a, a * a};
                    double best = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < v.length; k++) {
                      best = Math.max(best, v[k]);
                    }
                  }
                }
                s += a * x[i - 1];
              }
            } while (w < x.length - 1);
            return s;
          }
        }
        """));
    String code = generated(c, "findings.EmptyBranchGrad");
    assertThat(code).doesNotContain("rows.length");
    assertGradient(load(c), "findings.EmptyBranchGrad", "f", 0.6, new double[] {0.4, 0.9, 0.8, 0.1});
  }

  /**
   * Seed 11 programs 1126, 1287, 1559 and 1199: the backward pass put back an overwritten element
   * (or row) of an array local to a loop body, {@code v[k] = vElementStack.pop()}, where nothing
   * it read needed the array: the stack of the array itself had gone as unread, so the put-back
   * stood outside any declaration of the array (javac: "cannot find symbol"), or after a {@code
   * double[] v = null;} made for a restore that had gone too (a NullPointerException). A put-back
   * into an array nothing reads goes with its stack now, and what only served it.
   */
  @Test
  void anOverwrittenElementOfALocalArrayNothingReadsIsNotPutBack() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class PutBack {
          @Differentiable
          static double elements(double a, int[] y) {
            double acc = 2.0;
            for (int e : y) {
              double[] v = new double[1];
              for (int k = 0; k < v.length; k++) {
                v[k] = v[k] * Math.tanh(acc) + v[0];
                v = v.clone();
                for (int j = 0; j < v.length; j++) {
                  acc = Math.sin(acc) + Math.tanh(v[j]);
                }
              }
            }
            return a * a;
          }

          @Differentiable
          static double afterReassignment(double a, int[] y) {
            double acc = 2.0;
            for (int e : y) {
              double[] v = new double[1];
              for (int k = 0; k < v.length; k++) {
                v[k] = v[k] * Math.tanh(acc) + v[0];
                v = v.clone();
                for (int j = v.length - 1; j != -1; j--) {
                  double d = Nd.sum(v) > -1.6 ? acc : Math.tanh(v[e]) + a;
                  acc = Math.sin(acc) + Math.tanh(v[j]);
                }
              }
              v = Nd.tanh(v);
            }
            return a * a;
          }

          @Differentiable
          static double rows(double a, double[] x) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
              double[][] rows = new double[2][];
              for (int r = 0; r < rows.length; r++) {
                rows[r] = Nd.tanh(Nd.multiply(x, a));
              }
              rows[1] = Nd.maximum(x, rows[0]);
              s += a;
            }
            return s;
          }
        }
        """));
    String code = generated(c, "findings.PutBackGrad");
    assertThat(code).doesNotContain("ElementStack");
    assertThat(code).doesNotContain("RowStack");
    Loaded l = load(c);
    assertGradient(l, "findings.PutBackGrad", "elements", 0.7, new int[] {0, 0});
    assertGradient(l, "findings.PutBackGrad", "afterReassignment", 0.7, new int[] {0, 0});
    assertGradient(l, "findings.PutBackGrad", "rows", 0.7, new double[] {0.4, -0.3});
  }

  /**
   * Seed 11 program 350: an array declared in a branch outside any loop, whose adjoint the backward
   * branch makes in its shape before an inner branch ({@code double[] dv = new double[v.length]},
   * held across both ways of the inner if), was not kept where the backward pass sees it (javac:
   * "cannot find symbol"). In a loop body such an array was already restored at the start of the
   * backward body; in a branch it is now declared before the branch like every other value a
   * branch's backward code reads.
   */
  @Test
  void anArrayLocalToABranchIsSeenWhereItsAdjointIsMade() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class BranchShape {
          @Differentiable
          static double[] f(double x, boolean b) {
            double[] out = new double[2];
            if (x > 0) {
              double[] v = {x, x * x};
              if (b) {
                out = v;
              } else {
                out = Nd.multiply(v, 2.0);
              }
            }
            return out;
          }
        }
        """));
    assertThat(generated(c, "findings.BranchShapeGrad")).contains("double[] dv = new double[v.length];");
    Loaded l = load(c);
    for (boolean b : new boolean[] {true, false}) {
      assertGradient(l, "findings.BranchShapeGrad", "f", 0.6, b, new double[] {0.3, -0.8});
      assertGradient(l, "findings.BranchShapeGrad", "f", -0.6, b, new double[] {0.3, -0.8});
    }
  }

  /**
   * Seed 13 program 1883 (a wrong gradient): an element write whose index reads the array it
   * writes, {@code d[argmax(d)] = v}, had its index evaluated again after the write, where it may
   * name another element: by the tangent's store ({@code dDot[argmax(d)]}), and by the backward
   * pass, which read the element's adjoint there and put the old value back there. Java takes the
   * index once, before the write; lowering now names such an index first ({@code int index =
   * argmax(d); d[index] = v;}).
   */
  @Test
  void anIndexThatReadsTheArrayItWritesIsTakenBeforeTheWrite() {
    Compilation c = compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class SelfIndexed {
          static int argmax(double[] v) {
            int best = 0;
            for (int i = 1; i < v.length; i++) {
              if (v[i] > v[best]) {
                best = i;
              }
            }
            return best;
          }

          @Differentiable(hessian = true)
          static double once(double a, double[] x) {
            double[] d = x.clone();
            d[argmax(d)] = a * a;
            return Nd.sum(Nd.square(d));
          }

          @Differentiable(hessian = true)
          static double inALoop(double a, double[] x) {
            double[] d = x.clone();
            for (int w = 0; w < 3; w++) {
              d[argmax(d)] *= Math.tanh(a * d[argmax(d)]);
            }
            return Nd.sum(Nd.square(d));
          }
        }
        """));
    assertThat(generated(c, "findings.SelfIndexedGrad")).contains("int index = SelfIndexed.argmax(d);");
    Loaded l = load(c);
    double[] x = {0.3, 0.1, -0.2};
    for (double a : new double[] {0.1, -0.2, 1.5}) {
      assertGradient(l, "findings.SelfIndexedGrad", "once", a, x);
      assertGradient(l, "findings.SelfIndexedGrad", "inALoop", a, x);
      GradCheck.Report tangent = (GradCheck.Report) l.call("findings.SelfIndexedGrad", "checkOnceTangent", a, x, 0.4,
          new double[] {0.2, -0.5, 0.3});
      tangent.assertPassed();
    }
  }

  /**
   * A stream of a record's component read as a field ({@code var u0 = p.u;}, {@code p.u}, {@code
   * n.first.u}) was an error, its type "not declared where flatgrad can read it" (seed 131).
   */
  @Test
  void aStreamOfARecordsComponentReadAsAFieldIsTyped() throws Exception {
    Loaded l = load(compileOk(source("""
        package findings;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Fields {
          record Params(double[] u, double[][] V) {}

          record Net(Params first, double c) {}

          @Differentiable
          static double f(Params p, String loss, double a) {
            var u0 = p.u;
            double t2 = Arrays.stream(u0).map(e1 -> e1 * (-2.0)).sum();
            return a * t2 + Arrays.stream(p.u).sum();
          }

          @Differentiable
          static double g(Net n, double a) {
            var u0 = n.first.u;
            return a * Arrays.stream(u0).map(e -> e * e).sum() + Arrays.stream(n.first().u).sum();
          }
        }
        """)));
    var constructor = l.loadClass("findings.Fields$Params").getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    Object p = constructor.newInstance(new double[] {0.5, -0.3, 1.2}, new double[][] {{1}});
    assertGradient(l, "findings.FieldsGrad", "f", p, "x", 0.7);
    var net = l.loadClass("findings.Fields$Net").getDeclaredConstructors()[0];
    net.setAccessible(true);
    assertGradient(l, "findings.FieldsGrad", "g", net.newInstance(p, 2.0), 0.7);
  }
}
