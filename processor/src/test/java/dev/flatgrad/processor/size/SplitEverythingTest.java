package dev.flatgrad.processor.size;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * Cutting a method into parts does not change its gradient, whatever the method does: with the
 * limit set tiny ({@code -Dflatgrad.splitLimit}), every method of a corpus of loops, breaks,
 * branches, saved overwrites, matrices, calls, private fields and array results is cut at almost
 * every statement, and each gradient is checked numerically; so are the tangent and H·v methods,
 * cut the same way ({@code hessian = true} on every method).
 */
class SplitEverythingTest {

  @Test
  void everyConstructKeepsItsGradientWhenCutIntoTinyParts() {
    Compilation c;
    System.setProperty("flatgrad.splitLimit", "60");
    try {
      c = compileOk(source(withSecondOrder("""
          package cut;

          import dev.flatgrad.annotations.Differentiable;
          import dev.flatgrad.runtime.Nd;

          public class Cut {
            private final double scale;
            private static double[] prior = {0.1, -0.2, 0.3};

            public Cut(double scale) {
              this.scale = scale;
            }

            @Differentiable
            static double hinge(double[] w, double[][] x, int[] y) {
              double loss = 0.0;
              for (int i = 0; i < x.length; i++) {
                double score = 0.0;
                for (int j = 0; j < w.length; j++) {
                  score += w[j] * x[i][j];
                }
                double margin = 1.0 - y[i] * score;
                if (margin > 0) {
                  loss += margin;
                }
              }
              return loss / x.length + 0.1 * w[0] * w[0];
            }

            @Differentiable
            static double sumUntil(double[] a, double w, double limit) {
              double s = 0.0;
              int k = 0;
              while (k < a.length) {
                if (s > limit) {
                  break;
                }
                s = s + Math.tanh(w * a[k]);
                k++;
              }
              return s * w;
            }

            @Differentiable
            static double rnn(double w, double u, double[] x) {
              double h = 0.0;
              for (int t = 0; t < x.length; t++) {
                h = Math.tanh(w * h + u * x[t]);
                if (h > 0.5) {
                  h = h * h;
                }
              }
              double y = h;
              if (y > 0.1) {
                y = Math.sqrt(y) * y;
              }
              return y * w;
            }

            @Differentiable
            static double[] rows(double[][] m, double[] v) {
              double[] out = new double[m.length];
              for (int i = 0; i < m.length; i++) {
                double[] row = m[i].clone();
                for (int j = 0; j < row.length; j++) {
                  row[j] = row[j] * v[j];
                  if (row[j] < 0) {
                    continue;
                  }
                  out[i] += row[j];
                }
              }
              return out;
            }

            @Differentiable
            static double net(double[][] x, double[][] w1, double[] b1, double[][] w2) {
              double[][] h = Nd.maximum(0.0, Nd.add(Nd.dot(x, w1), b1));
              double[][] scores = Nd.dot(h, w2);
              return Nd.sum(Nd.square(scores)) + hinge(b1, w2, new int[] {1, -1, 1});
            }

            @Differentiable
            double penalised(double[] w) {
              double p = 0.0;
              for (int i = 0; i < w.length; i++) {
                double d = w[i] - prior[i];
                p += scale * d * d;
              }
              return p;
            }
          }
          """)));
    } finally {
      System.clearProperty("flatgrad.splitLimit");
    }
    String code = generated(c, "cut.CutGrad");
    for (String record : new String[] {"Hinge", "SumUntil", "Rnn", "Rows", "Net", "Penalised"}) {
      assertThat(code).contains("private static final class " + record + "State");
    }
    assertThat(code).contains("private static void hingeBlock1(");
    for (String record : new String[] {"HingeTangent", "HingeHvp", "RowsTangent", "RowsHvp", "PenalisedHvp"}) {
      assertThat(code).contains("private static final class " + record + "State");
    }
    assertThat(code).contains("private static void rnnTangentForward2(RnnTangentState state");
    assertThat(code).contains("private static void rnnHvpBackward2(RnnHvpState state");
    Loaded l = load(c);
    double[][] x = {{0.5, -1.0, 0.25}, {1.5, 0.5, -0.75}, {-0.2, 0.8, 1.1}};
    double[] w = {0.3, -0.6, 0.9};
    assertGradient(l, "cut.CutGrad", "hinge", w, x, new int[] {1, -1, 1});
    assertGradient(l, "cut.CutGrad", "sumUntil", new double[] {0.5, 1.0, 1.5, 2.0}, 0.8, 1.2);
    assertGradient(l, "cut.CutGrad", "rnn", 0.7, 0.4, new double[] {0.5, -0.3, 0.9, 0.2});
    assertGradient(l, "cut.CutGrad", "rows", x, w, new double[] {1.0, -2.0, 0.5});
    assertGradient(l, "cut.CutGrad", "net", x, new double[][] {{0.2, -0.4}, {0.7, 0.1}, {-0.3, 0.5}},
        new double[] {0.05, -0.1}, new double[][] {{0.6, -0.2, 0.3}, {0.1, 0.4, -0.5}});
    Object cut;
    try {
      cut = l.loadClass("cut.Cut").getConstructor(double.class).newInstance(0.7);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertGradient(l, "cut.CutGrad", "penalised", cut, w);
  }
}
