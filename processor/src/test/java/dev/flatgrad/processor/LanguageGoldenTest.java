package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.d;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/** The Java around the arithmetic: the JDK's constants and functions, private fields. */
class LanguageGoldenTest {

  @Test
  void jdkConstantsAndCallsWhoseResultCarriesNoGradient() {
    Compilation c = compileOk(source("""
        package jdk;

        import dev.flatgrad.annotations.Differentiable;

        class Peaks {
          /** The largest finite w[i] * x[i], less a penalty on how many entries were skipped. */
          @Differentiable
          static double peak(double[] w, double[] x, int every) {
            double best = Double.NEGATIVE_INFINITY;
            int skipped = 0;
            for (int i = 0; i < w.length; i++) {
              double v = w[i] * x[i];
              if (Double.isNaN(v) || !Double.isFinite(v) || Math.floorMod(i, every) == every - 1) {
                skipped++;
              } else if (Double.compare(v, best) > 0) {
                best = v;
              }
            }
            int kept = Integer.max(1, Math.toIntExact(w.length - (long) skipped));
            return best - Math.min(Float.MAX_VALUE, 0.01 * skipped / kept) + Short.MAX_VALUE * Double.MIN_VALUE;
          }
        }
        """));
    assertGolden(c, "jdk.PeaksGrad", "LanguageGoldenTest/jdkConstantsAndCallsWhoseResultCarriesNoGradient/PeaksGrad.java");
    Loaded l = load(c);
    double[] w = {0.5, -1.0, 2.0, 0.25, 3.0};
    double[] x = {1.0, 2.0, 0.5, 4.0, -1.0};
    Object r = result(l, "jdk.PeaksGrad", "peak", w, x, 4);
    // entry 3 is skipped; the best of 0.5, -2, 1, -3 is w[2] * x[2]
    assertThat(d(r, "value")).isWithin(1e-12).of(1.0 - 0.01 / 4);
    assertThat(((double[]) Loaded.component(r, "dw"))[2]).isEqualTo(0.5);
    assertThat(((double[]) Loaded.component(r, "dx"))[2]).isEqualTo(2.0);
    assertGradient(l, "jdk.PeaksGrad", "peak", w, x, 4);
  }

  @Test
  void charactersIndexTablesAsTheirCodes() {
    Compilation c = compileOk(source("""
        package text;

        import dev.flatgrad.annotations.Differentiable;

        class Letters {
          /** A character model: a weight per letter, a hashed bigram feature, punctuation by a switch. */
          @Differentiable
          static double score(double[] w, double[] bigrams, String text, double temperature) {
            double s = 0.0;
            char prev = ' ';
            for (int i = 0; i < text.length(); i++) {
              char c = Character.toLowerCase(text.charAt(i));
              switch (c) {
                case '.', '!' -> s -= w[26] / temperature;
                case '\\n' -> s = 0.5 * s;
                default -> {
                  if (Character.isLetter(c) && c <= 'z') {
                    s += w[c - 'a'] * w[c - 'a'] / temperature;
                    int h = (prev * 31 + c) % bigrams.length;
                    s += bigrams[h] * s;
                  }
                }
              }
              prev = c;
            }
            return Math.tanh(s);
          }
        }
        """));
    assertGolden(c, "text.LettersGrad", "LanguageGoldenTest/charactersIndexTablesAsTheirCodes/LettersGrad.java");
    Loaded l = load(c);
    double[] w = new double[27];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.05 * (i % 7) - 0.1;
    }
    double[] bigrams = {0.3, -0.2, 0.1, 0.25, -0.15, 0.05, 0.2};
    for (String text : new String[] {"Hi. Cab!\nbad", "zebra", ""}) {
      assertGradient(l, "text.LettersGrad", "score", w, bigrams, text, 1.5);
    }
  }

  @Test
  void switchesBecomeTheIfElseChainsTheyMean() {
    Compilation c = compileOk(source("""
        package pricing;

        import dev.flatgrad.annotations.Differentiable;

        class Payoffs {
          static final int CALL = 0;
          static final int PUT = 1;

          /** A smoothed payoff by kind: a switch statement, then a switch expression on a computed selector. */
          @Differentiable
          static double payoff(double spot, double strike, double width, int kind) {
            double z;
            switch (kind) {
              case CALL -> z = (spot - strike) / width;
              case PUT -> z = (strike - spot) / width;
              default -> {
                double gap = spot - strike;
                z = -gap * gap / width;
              }
            }
            double soft = width * Math.log1p(Math.exp(z));
            return switch (kind % 2) {
              case 0 -> soft;
              default -> soft + 0.01 * spot;
            };
          }
        }
        """));
    assertGolden(c, "pricing.PayoffsGrad", "LanguageGoldenTest/switchesBecomeTheIfElseChainsTheyMean/PayoffsGrad.java");
    Loaded l = load(c);
    for (int kind = 0; kind <= 3; kind++) {
      assertGradient(l, "pricing.PayoffsGrad", "payoff", 101.0, 100.0, 2.5, kind);
    }
  }

  @Test
  void aSwitchOverAStringComparesByEquals() {
    Compilation c = compileOk(source("""
        package nets;

        import dev.flatgrad.annotations.Differentiable;

        class Layers {
          static final String GELU = "gelu";

          /** An activation chosen by name: a switch statement in a loop, then a switch expression. */
          @Differentiable
          static double layer(double[] w, double[] x, String act, String reduce) {
            double s = 0.0;
            for (int i = 0; i < w.length; i++) {
              double z = w[i] * x[i];
              switch (act) {
                case "relu", "rectifier" -> s += Math.max(0.0, z);
                case GELU -> s += 0.5 * z * (1.0 + Math.tanh(0.7978845608 * (z + 0.044715 * z * z * z)));
                default -> s += Math.tanh(z);
              }
            }
            return switch (reduce) {
              case "mean" -> s / w.length;
              case "square" -> s * s;
              default -> s;
            };
          }
        }
        """));
    assertGolden(c, "nets.LayersGrad", "LanguageGoldenTest/aSwitchOverAStringComparesByEquals/LayersGrad.java");
    Loaded l = load(c);
    double[] w = {0.5, -1.0, 2.0};
    double[] x = {1.0, 0.3, -0.7};
    for (String act : new String[] {"relu", "rectifier", "gelu", "tanh"}) {
      for (String reduce : new String[] {"mean", "square", "sum"}) {
        // new String: equal to the labels, not the same objects
        assertGradient(l, "nets.LayersGrad", "layer", w, x, new String(act.toCharArray()), new String(reduce.toCharArray()));
      }
    }
  }

  @Test
  void guardsThrowInTheForwardPassAsTheUserWroteThem() {
    Compilation c = compileOk(source("""
        package curves;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Curves {
          /** A piecewise-linear curve: a guard on the shapes, a search that returns, a throw at its end. */
          @Differentiable
          static double curve(double[] knots, double[] slopes, double t) {
            if (slopes.length + 1 != knots.length) {
              throw new IllegalArgumentException(knots.length + " knots need " + (knots.length - 1) + " slopes, not " + slopes.length);
            }
            double base = 0.0;
            for (int i = 0; i < slopes.length; i++) {
              if (slopes[i] < -10.0) {
                throw new IllegalArgumentException(String.format("slope %d is %g", i, slopes[i]));
              }
              if (t < knots[i + 1]) {
                return base + slopes[i] * (t - knots[i]);
              }
              base += slopes[i] * (knots[i + 1] - knots[i]);
            }
            throw new IllegalArgumentException("t = " + t + " is past " + Arrays.toString(knots));
          }
        }
        """));
    assertGolden(c, "curves.CurvesGrad", "LanguageGoldenTest/guardsThrowInTheForwardPassAsTheUserWroteThem/CurvesGrad.java");
    Loaded l = load(c);
    for (double t : new double[] {0.5, 1.5, 3.2}) {
      assertGradient(l, "curves.CurvesGrad", "curve", new double[] {0.0, 1.0, 2.5, 4.0}, new double[] {0.5, -1.0, 2.0}, t);
    }
  }

  @Test
  void arrayUtilitiesBecomeTheLoopsTheyRun() {
    Compilation c = compileOk(source("""
        package signals;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Signals {
          /** A moving sum over a zero-padded copy of the signal, the window shifted along a buffer. */
          @Differentiable
          static double smoothed(double[] x, double[] kernel) {
            double[] padded = Arrays.copyOf(x, x.length + kernel.length - 1);
            double[] window = new double[kernel.length];
            Arrays.fill(window, 1.0 / kernel.length);
            double s = 0.0;
            for (int t = 0; t < x.length; t++) {
              System.arraycopy(padded, t, window, 0, kernel.length);
              for (int j = 0; j < kernel.length; j++) {
                s += kernel[j] * window[j] * window[j];
              }
            }
            return s;
          }
        }
        """));
    assertGolden(c, "signals.SignalsGrad", "LanguageGoldenTest/arrayUtilitiesBecomeTheLoopsTheyRun/SignalsGrad.java");
    Loaded l = load(c);
    assertGradient(l, "signals.SignalsGrad", "smoothed", new double[] {0.3, -1.2, 2.0, 0.7, 1.1}, new double[] {0.5, -0.25, 1.5});
  }

  @Test
  void streamReductionsBecomeTheLoopsTheyRun() {
    Compilation c = compileOk(source("""
        package scores;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;
        import java.util.stream.IntStream;

        class Scores {
          /** Log-sum-exp over the largest score, plus the mean of the positive margins. */
          @Differentiable
          static double loss(double[] z, double[] a, double[] b) {
            double m = Arrays.stream(z).max().getAsDouble();
            double lse = m + Math.log(Arrays.stream(z).map(v -> Math.exp(v - m)).sum());
            double margin = IntStream.range(0, a.length).mapToDouble(i -> a[i] - b[i]).filter(d -> d > 0).average().orElse(0.0);
            return lse + margin;
          }
        }
        """));
    assertGolden(c, "scores.ScoresGrad", "LanguageGoldenTest/streamReductionsBecomeTheLoopsTheyRun/ScoresGrad.java");
    Loaded l = load(c);
    assertGradient(l, "scores.ScoresGrad", "loss", new double[] {0.3, -1.2, 2.0}, new double[] {1.0, 0.5, 2.0},
        new double[] {0.25, 0.75, 1.0});
  }

  @Test
  void labelledJumpsBecomeTheFlagsAPersonWrites() {
    Compilation c = compileOk(source("""
        package search;

        import dev.flatgrad.annotations.Differentiable;

        class Search {
          /** The first entry past a threshold, leaving both loops; rows with a negative entry skipped. */
          @Differentiable
          static double firstAbove(double[][] m, double t) {
            double found = 0.0;
            rows:
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                if (m[i][j] < 0.0) {
                  continue rows;
                }
                if (m[i][j] > t) {
                  found = m[i][j] * m[i][j];
                  break rows;
                }
              }
              found += 0.1 * m[i][0];
            }
            return found * t;
          }
        }
        """));
    assertGolden(c, "search.SearchGrad", "LanguageGoldenTest/labelledJumpsBecomeTheFlagsAPersonWrites/SearchGrad.java");
    Loaded l = load(c);
    for (double t : new double[] {0.6, 2.0, 5.0}) {
      assertGradient(l, "search.SearchGrad", "firstAbove", new double[][] {{0.5, 0.3, 1.2}, {0.4, -0.1, 0.6}, {2.7, 0.2, 0.9}}, t);
    }
  }

  @Test
  void privateFieldsAreReadThroughVarHandles() {
    Compilation c = compileOk(source("""
        package model;

        import dev.flatgrad.annotations.Differentiable;

        public class Ridge {
          private static final double HALF = 0.5;
          private static double[] prior = {0.1, -0.2, 0.3};
          private final double lambda;
          private final double[] scale;

          public Ridge(double lambda, double[] scale) {
            this.lambda = lambda;
            this.scale = scale;
          }

          /** Squared error of w.x against y, plus a scaled penalty pulling w toward the prior. */
          @Differentiable
          double loss(double[] w, double[] x, double y) {
            double err = -y;
            double penalty = 0.0;
            for (int i = 0; i < w.length; i++) {
              err += w[i] * x[i];
              double d = (w[i] - prior[i]) * scale[i];
              penalty += d * d;
            }
            return HALF * err * err + lambda * penalty;
          }
        }
        """));
    assertGolden(c, "model.RidgeGrad", "LanguageGoldenTest/privateFieldsAreReadThroughVarHandles/RidgeGrad.java");
    Loaded l = load(c);
    Object ridge;
    try {
      ridge = l.loadClass("model.Ridge").getConstructor(double.class, double[].class)
          .newInstance(0.3, new double[] {1.0, 2.0, 0.5});
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertGradient(l, "model.RidgeGrad", "loss", ridge, new double[] {0.4, 0.1, -0.6},
        new double[] {1.5, -0.5, 2.0}, 0.25);
  }
  /** A helper without an annotation, a boolean[] mask and a flag built with &=, as users write them. */
  @Test
  void helpersMasksAndFlagsAsUsersWriteThem() {
    Compilation c = compileOk(source("""
        package fit;

        import dev.flatgrad.annotations.Differentiable;

        class Robust {
          static double huber(double r, double delta) {
            double a = Math.abs(r);
            return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
          }

          /** A robust fit over the kept points; the loss doubles if any residual is large. */
          @Differentiable
          static double loss(double[] w, double[] x, double[] y, boolean[] keep) {
            double s = 0.0;
            boolean calm = true;
            for (int i = 0; i < x.length; i++) {
              if (keep[i]) {
                double r = w[0] + w[1] * x[i] - y[i];
                s += huber(r, 1.0);
                calm &= Math.abs(r) < 3.0;
              }
            }
            return calm ? s : 2.0 * s;
          }
        }
        """));
    assertGolden(c, "fit.RobustGrad", "LanguageGoldenTest/helpersMasksAndFlagsAsUsersWriteThem/RobustGrad.java");
    Loaded l = load(c);
    double[] x = {0.5, -1.0, 2.0, 0.25, 3.0};
    boolean[] keep = {true, true, false, true, true};
    assertGradient(l, "fit.RobustGrad", "loss", new double[] {0.2, 0.7}, x, new double[] {1.0, -0.5, 0.3, 2.5, 1.9}, keep);
    assertGradient(l, "fit.RobustGrad", "loss", new double[] {0.2, 0.7}, x, new double[] {1.0, -0.5, 0.3, 9.5, 1.9}, keep);
  }

  /** Private helpers, as users write them: differentiated where a gradient passes, called through handles where not. */
  @Test
  void privateHelpersAsUsersWriteThem() {
    Compilation c = compileOk(source("""
        package fit;

        import dev.flatgrad.annotations.Differentiable;

        public class Logistic {
          private static double sigmoid(double z) {
            return 1.0 / (1.0 + Math.exp(-z));
          }

          private static boolean isOutlier(double x) {
            return Math.abs(x) > 4.0;
          }

          /** Mean log-loss of the points that are not outliers. */
          @Differentiable
          static double loss(double[] w, double[] x, double[] y) {
            double s = 0.0;
            int n = 0;
            for (int i = 0; i < x.length; i++) {
              if (!isOutlier(x[i])) {
                double p = sigmoid(w[0] + w[1] * x[i]);
                s -= y[i] * Math.log(p) + (1.0 - y[i]) * Math.log(1.0 - p);
                n++;
              }
            }
            return s / n;
          }
        }
        """));
    assertGolden(c, "fit.LogisticGrad", "LanguageGoldenTest/privateHelpersAsUsersWriteThem/LogisticGrad.java");
    Loaded l = load(c);
    double[] x = {0.5, -1.0, 5.0, 0.25, 3.0};
    assertGradient(l, "fit.LogisticGrad", "loss", new double[] {0.2, 0.7}, x, new double[] {1.0, 0.0, 1.0, 0.0, 1.0});
  }

  /** An assert and increments inside statements, as users write them when they pack parameters. */
  @Test
  void assertsAndIncrementsAsUsersWriteThem() {
    Compilation c = compileOk(source("""
        package fit;

        import dev.flatgrad.annotations.Differentiable;

        class Packed {
          /** The squared norm of W and b packed into one vector, as an optimiser holds them. */
          @Differentiable
          static double norm(double[][] W, double[] b) {
            assert W.length == b.length : "rows " + W.length + " and biases " + b.length;
            double[] flat = new double[W.length * W[0].length + b.length];
            int k = 0;
            for (int i = 0; i < W.length; i++) {
              for (double w : W[i]) {
                flat[k++] = w;
              }
              flat[k++] = b[i];
            }
            double s = 0.0;
            for (double v : flat) {
              s += v * v;
            }
            return s;
          }
        }
        """));
    assertGolden(c, "fit.PackedGrad", "LanguageGoldenTest/assertsAndIncrementsAsUsersWriteThem/PackedGrad.java");
    assertGradient(load(c), "fit.PackedGrad", "norm", new double[][] {{0.5, -1.0}, {2.0, 0.25}}, new double[] {0.3, -0.7});
  }

  @Test
  void chainsCountdownsAndVarargsAsUsersWriteThem() {
    Compilation c = compileOk(source("""
        package fit;

        import dev.flatgrad.annotations.Differentiable;

        class Kernel {
          static double logSumExp(double... z) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : z) {
              m = Math.max(m, v);
            }
            double s = 0.0;
            for (double v : z) {
              s += Math.exp(v - m);
            }
            return m + Math.log(s);
          }

          /** A Gram matrix filled from one triangle, its rows read back counting down, and a soft maximum. */
          @Differentiable
          static double gram(double[] x, double[] c) {
            int n = x.length;
            double[][] K = new double[n][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j <= i; j++) {
                K[i][j] = K[j][i] = Math.exp(-(x[i] - x[j]) * (x[i] - x[j]));
              }
            }
            double s = 0.0;
            int i = n;
            while (i-- > 0) {
              for (int j = 0; j < n; j++) {
                s += c[i] * K[i][j] * c[j];
              }
            }
            return logSumExp(s, c[0], x[0] * c[0]);
          }
        }
        """));
    assertGolden(c, "fit.KernelGrad", "LanguageGoldenTest/chainsCountdownsAndVarargsAsUsersWriteThem/KernelGrad.java");
    assertGradient(load(c), "fit.KernelGrad", "gram", new double[] {0.3, -0.4, 0.9}, new double[] {0.5, 1.2, -0.7});
  }

  @Test
  void settingsObjectsAsUsersPassThem() {
    Compilation c = compileOk(source("""
        package fit;

        import dev.flatgrad.annotations.Differentiable;

        public class Regression {
          public record Hyper(double lambda, double delta, int every) {}

          public enum Penalty { L1, L2, NONE }

          /** A Huber loss of a linear model with a penalty chosen by an enum, its weights in a record. */
          @Differentiable
          public static double loss(double[] w, double[][] X, double[] y, Hyper h, Penalty p) {
            double s = 0.0;
            for (int i = 0; i < X.length; i++) {
              double r = -y[i];
              for (int j = 0; j < w.length; j++) {
                r += X[i][j] * w[j];
              }
              double a = Math.abs(r);
              s += a <= h.delta() ? 0.5 * r * r : h.delta() * (a - 0.5 * h.delta());
            }
            double reg = switch (p) {
              case L1 -> {
                double t = 0.0;
                for (double v : w) {
                  t += Math.abs(v);
                }
                yield t;
              }
              case L2 -> {
                double t = 0.0;
                for (double v : w) {
                  t += v * v;
                }
                yield 0.5 * t;
              }
              case NONE -> 0.0;
            };
            return s / X.length + h.lambda() * reg;
          }
        }
        """));
    assertGolden(c, "fit.RegressionGrad", "LanguageGoldenTest/settingsObjectsAsUsersPassThem/RegressionGrad.java");
    Loaded l = load(c);
    double[] w = {0.5, -1.0, 0.25};
    double[][] X = {{1.0, 2.0, -0.5}, {0.3, -0.7, 1.5}, {2.0, 0.1, 0.4}, {-1.0, 0.5, 0.5}};
    double[] y = {0.2, -1.0, 3.0, 0.5};
    try {
      Object h = l.loadClass("fit.Regression$Hyper").getDeclaredConstructors()[0].newInstance(0.1, 1.0, 2);
      for (Object p : l.loadClass("fit.Regression$Penalty").getEnumConstants()) {
        assertGradient(l, "fit.RegressionGrad", "loss", w, X, y, h, p);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void recordsOfParametersAsUsersPassThem() {
    Compilation c = compileOk(source("""
        package mlp;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        public class Mlp {
          public record Params(double[][] W1, double[] b1, double[][] W2, double[] b2) {}

          /** A two-layer net's softmax cross-entropy with L2, its parameters in a record, as numpy code reads them. */
          @Differentiable(tangent = true)
          public static double loss(Params p, double[][] X, int[] y, double reg) {
            var W1 = p.W1();
            var W2 = p.W2();
            double[][] h = Nd.relu(Nd.add(Nd.dot(X, W1), p.b1()));
            double[][] logp = Nd.logSoftmax(Nd.add(Nd.dot(h, W2), p.b2()));
            double data = 0.0;
            for (int n = 0; n < X.length; n++) {
              data -= logp[n][y[n]];
            }
            return data / X.length + 0.5 * reg * (Nd.sum(Nd.square(W1)) + Nd.sum(Nd.square(W2)));
          }
        }
        """));
    assertGolden(c, "mlp.MlpGrad", "LanguageGoldenTest/recordsOfParametersAsUsersPassThem/MlpGrad.java");
    Loaded l = load(c);
    double[][] X = {{1.0, 2.0, -0.5}, {0.3, -0.7, 1.5}, {2.0, 0.1, 0.4}, {-1.0, 0.5, 0.5}};
    int[] y = {0, 1, 1, 0};
    try {
      var params = l.loadClass("mlp.Mlp$Params").getDeclaredConstructors()[0];
      Object p = params.newInstance(new double[][] {{0.5, -0.2, 0.1, 0.3}, {0.4, 0.2, -0.6, 0.1}, {-0.3, 0.8, 0.2, 0.5}},
          new double[] {0.1, -0.1, 0.05, 0.2}, new double[][] {{0.3, -0.4}, {0.2, 0.6}, {-0.5, 0.1}, {0.7, 0.2}},
          new double[] {0.05, -0.05});
      assertGradient(l, "mlp.MlpGrad", "loss", p, X, y, 0.1);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rowsWrittenThroughALocalAreWritesIntoTheirMatrix() {
    Compilation c = compileOk(source("""
        package fit;

        import dev.flatgrad.annotations.Differentiable;

        class Scaling {
          /** Each row copied, scaled in place through a local naming it, then the sum of squares. */
          @Differentiable
          static double scaledRows(double[][] m, double[] s) {
            double[][] a = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
              a[i] = m[i].clone();
              double[] row = a[i];
              for (int j = 0; j < row.length; j++) {
                row[j] = row[j] * s[j];
              }
            }
            double t = 0;
            for (double[] row : a) {
              for (double v : row) {
                t += v * v;
              }
            }
            return t;
          }
        }
        """));
    assertGolden(c, "fit.ScalingGrad", "LanguageGoldenTest/rowsWrittenThroughALocalAreWritesIntoTheirMatrix/ScalingGrad.java");
    assertGradient(load(c), "fit.ScalingGrad", "scaledRows", new double[][] {{0.3, -0.4, 0.9}, {1.1, 0.2, -0.6}},
        new double[] {0.5, 1.2, -0.7});
  }

  @Test
  void aHelperFillingAnArrayItIsGivenIsWrittenWhereItIsCalled() {
    Compilation c = compileOk(source("""
        package helpers;

        import dev.flatgrad.annotations.Differentiable;

        class Layer {
          static void matVec(double[][] W, double[] x, double[] out) {
            for (int i = 0; i < W.length; i++) {
              double s = 0.0;
              for (int j = 0; j < x.length; j++) {
                s += W[i][j] * x[j];
              }
              out[i] = s;
            }
          }

          static void tanhInPlace(double[] v) {
            if (v.length == 0) {
              return;
            }
            for (int i = 0; i < v.length; i++) {
              v[i] = Math.tanh(v[i]);
            }
          }

          @Differentiable(wrt = "W")
          static double energy(double[][] W, double[] x) {
            double[] h = new double[W.length];
            matVec(W, x, h);
            tanhInPlace(h);
            double e = 0.0;
            for (double v : h) {
              e += v * v;
            }
            return e;
          }
        }
        """));
    assertGolden(c, "helpers.LayerGrad", "LanguageGoldenTest/aHelperFillingAnArrayItIsGivenIsWrittenWhereItIsCalled/LayerGrad.java");
    assertGradient(load(c), "helpers.LayerGrad", "energy", new double[][] {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.6}},
        new double[] {1.0, -0.5});
  }
}
