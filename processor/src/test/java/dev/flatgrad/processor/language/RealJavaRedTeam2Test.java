package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.UsersMethods.assertArrayAt;
import static dev.flatgrad.processor.language.UsersMethods.assertAt;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.language.UsersMethods.compiled;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Programs Q01 on, reverse mode, as users write them from textbooks: ML (logistic regression with
 * L2 and a bias, soft nearest neighbours, a Gaussian mixture, attention, layer and batch norm, GRU
 * and LSTM cells, strided padded convolution, max pooling, label smoothing, Huber), physics and
 * finance (Verlet with its energy, Black-Scholes Greeks through helpers, seeded Monte Carlo, an
 * American binomial tree, RK4), numerics (Horner, Newton, bisection polished by Newton, prefix
 * sums, Welford, Cholesky, triangular solves, power iteration), in mixed styles: helpers calling
 * helpers, early returns, breaks, ternaries, compound element writes, matrices built row by row,
 * reused local arrays, index arithmetic, static final constants, {@code var}, several declarators
 * in one statement, a local named {@code var}. Each is checked against centred differences and its
 * value bit for bit against the method's own.
 */
class RealJavaRedTeam2Test {

  @Test
  void q01LogisticRegressionWithL2AndABias() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q01 {
          static final double LAMBDA = 0.01;

          static double sigmoid(double z) {
            return 1.0 / (1.0 + Math.exp(-z));
          }

          static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * b[i];
            return s;
          }

          @Differentiable
          static double loss(double[] w, double b, double[][] X, double[] y) {
            double total = 0.0;
            int n = X.length;
            for (int i = 0; i < n; i++) {
              var p = sigmoid(dot(w, X[i]) + b);
              total -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
            }
            double reg = 0;
            for (double wi : w) reg += wi * wi;
            return total / n + 0.5 * LAMBDA * reg;
          }
        }
        """, "Q01", "loss",
        at(new double[] {0.4, -0.3, 0.8}, 0.1,
            new double[][] {{1.0, 0.5, -0.2}, {-0.7, 1.2, 0.3}, {0.2, -0.4, 1.5}, {1.1, 0.9, -1.0}},
            new double[] {1, 0, 1, 0}));
  }

  @Test
  void q02SoftNearestNeighboursNormalisedInPlace() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q02 {
          @Differentiable
          static double predict(double[] q, double[][] pts, double[] ys, double tau) {
            double[] wts = new double[pts.length];
            double sum = 0;
            for (int i = 0; i < pts.length; i++) {
              double d2 = 0;
              for (int j = 0; j < q.length; j++) {
                double diff = q[j] - pts[i][j];
                d2 += diff * diff;
              }
              wts[i] = Math.exp(-d2 / tau);
              sum += wts[i];
            }
            double pred = 0;
            for (int i = 0; i < wts.length; i++) {
              wts[i] /= sum;
              pred += wts[i] * ys[i];
            }
            return pred;
          }
        }
        """, "Q02", "predict",
        at(new double[] {0.2, -0.1}, new double[][] {{0.0, 0.0}, {1.0, 0.5}, {-0.5, 0.3}}, new double[] {1.0, 2.0, -1.0}, 0.7));
  }

  @Test
  void q03GaussianMixtureLogLikelihoodWithALogSumExpHelper() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q03 {
          static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

          static double logSumExp(double[] a) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : a) m = Math.max(m, v);
            double s = 0;
            for (double v : a) s += Math.exp(v - m);
            return m + Math.log(s);
          }

          @Differentiable
          static double logLik(double[] x, double[] mu, double[] logSigma, double[] logits) {
            int k = mu.length;
            double lse = logSumExp(logits);
            double[] comp = new double[k];
            double ll = 0;
            for (double xi : x) {
              for (int c = 0; c < k; c++) {
                double z = (xi - mu[c]) / Math.exp(logSigma[c]);
                comp[c] = logits[c] - lse - 0.5 * z * z - logSigma[c] - LOG_SQRT_2PI;
              }
              ll += logSumExp(comp);
            }
            return ll;
          }
        }
        """, "Q03", "logLik",
        at(new double[] {0.3, -1.2, 2.1, 0.8}, new double[] {-1.0, 0.5, 2.0}, new double[] {0.1, -0.3, 0.2}, new double[] {0.2, 0.5, -0.4}));
  }

  @Test
  void q04AttentionWithASoftmaxOverScores() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q04 {
          @Differentiable
          static double attend(double[] q, double[][] K, double[][] V, double[] target) {
            int n = K.length, d = q.length;
            double scale = 1.0 / Math.sqrt(d);
            double[] scores = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
              double s = 0;
              for (int j = 0; j < d; j++) s += q[j] * K[i][j];
              scores[i] = s * scale;
              if (scores[i] > max) max = scores[i];
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
              scores[i] = Math.exp(scores[i] - max);
              sum += scores[i];
            }
            for (int i = 0; i < n; i++) scores[i] /= sum;
            double[] out = new double[V[0].length];
            for (int i = 0; i < n; i++)
              for (int j = 0; j < out.length; j++)
                out[j] += scores[i] * V[i][j];
            double loss = 0;
            for (int j = 0; j < out.length; j++) {
              double e = out[j] - target[j];
              loss += e * e;
            }
            return loss;
          }
        }
        """, "Q04", "attend",
        at(new double[] {0.5, -0.2, 0.9},
            new double[][] {{0.1, 0.4, -0.3}, {1.0, -0.5, 0.2}, {-0.6, 0.8, 0.7}, {0.3, 0.3, 0.3}},
            new double[][] {{1.0, 0.0}, {0.5, -1.0}, {-0.2, 0.4}, {0.9, 0.9}},
            new double[] {0.2, -0.1}));
  }

  @Test
  void q05LayerNormHelperWithALocalNamedVar() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q05 {
          static final double EPS = 1e-5;

          static double[] layerNorm(double[] x, double[] gamma, double[] beta) {
            int n = x.length;
            double mean = 0;
            for (double v : x) mean += v;
            mean /= n;
            double var = 0;
            for (double v : x) var += (v - mean) * (v - mean);
            var /= n;
            double inv = 1.0 / Math.sqrt(var + EPS);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = gamma[i] * (x[i] - mean) * inv + beta[i];
            return y;
          }

          @Differentiable
          static double loss(double[] x, double[] gamma, double[] beta, double[] w) {
            double[] h = layerNorm(x, gamma, beta);
            double s = 0;
            for (int i = 0; i < h.length; i++) s += w[i] * Math.tanh(h[i]);
            return s;
          }
        }
        """, "Q05", "loss",
        at(new double[] {0.5, -1.0, 2.0, 0.3}, new double[] {1.0, 0.8, 1.2, 0.9}, new double[] {0.0, 0.1, -0.1, 0.2},
            new double[] {0.7, -0.4, 0.3, 1.1}));
  }

  @Test
  void q06BatchNormBuildingTheOutputRowByRow() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q06 {
          private static final double EPS = 1e-5;

          @Differentiable
          static double bnLoss(double[][] X, double[] gamma, double[] beta) {
            int B = X.length, F = X[0].length;
            double[] mu = new double[F], var = new double[F];
            for (int f = 0; f < F; f++) {
              for (int b = 0; b < B; b++) mu[f] += X[b][f];
              mu[f] /= B;
              for (int b = 0; b < B; b++) {
                double c = X[b][f] - mu[f];
                var[f] += c * c;
              }
              var[f] /= B;
            }
            double[][] Y = new double[B][];
            for (int b = 0; b < B; b++) {
              double[] row = new double[F];
              for (int f = 0; f < F; f++) row[f] = gamma[f] * (X[b][f] - mu[f]) / Math.sqrt(var[f] + EPS) + beta[f];
              Y[b] = row;
            }
            double loss = 0;
            for (double[] row : Y)
              for (int f = 0; f < F; f++) loss += row[f] * row[f] * (f + 1);
            return loss;
          }
        }
        """, "Q06", "bnLoss",
        at(new double[][] {{0.5, -1.0, 2.0}, {1.5, 0.3, -0.2}, {-0.4, 0.9, 0.6}, {0.1, 0.2, 1.1}},
            new double[] {1.0, 0.5, 2.0}, new double[] {0.1, -0.2, 0.3}));
  }

  @Test
  void q07GruCellStepsThroughHelpersCallingHelpers() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q07 {
          static double sigmoid(double z) {
            return 1 / (1 + Math.exp(-z));
          }

          static double[] matVec(double[][] W, double[] x) {
            double[] y = new double[W.length];
            for (int i = 0; i < W.length; i++)
              for (int j = 0; j < x.length; j++)
                y[i] += W[i][j] * x[j];
            return y;
          }

          static double[] gruStep(double[] x, double[] h, double[][] Wz, double[][] Uz, double[][] Wr, double[][] Ur,
              double[][] Wh, double[][] Uh) {
            double[] az = matVec(Wz, x), bz = matVec(Uz, h);
            double[] ar = matVec(Wr, x), br = matVec(Ur, h);
            int H = h.length;
            double[] z = new double[H], r = new double[H], rh = new double[H];
            for (int i = 0; i < H; i++) {
              z[i] = sigmoid(az[i] + bz[i]);
              r[i] = sigmoid(ar[i] + br[i]);
              rh[i] = r[i] * h[i];
            }
            double[] ah = matVec(Wh, x), bh = matVec(Uh, rh);
            double[] next = new double[H];
            for (int i = 0; i < H; i++) next[i] = (1 - z[i]) * h[i] + z[i] * Math.tanh(ah[i] + bh[i]);
            return next;
          }

          @Differentiable
          static double run(double[][] xs, double[] h0, double[][] Wz, double[][] Uz, double[][] Wr, double[][] Ur,
              double[][] Wh, double[][] Uh) {
            double[] h = h0;
            for (double[] x : xs) h = gruStep(x, h, Wz, Uz, Wr, Ur, Wh, Uh);
            double s = 0;
            for (double v : h) s += v * v;
            return s;
          }
        }
        """, "Q07", "run",
        at(new double[][] {{0.5, -0.3}, {1.0, 0.2}, {-0.4, 0.8}}, new double[] {0.1, -0.2},
            new double[][] {{0.3, -0.1}, {0.2, 0.4}}, new double[][] {{0.5, 0.1}, {-0.3, 0.2}},
            new double[][] {{-0.2, 0.6}, {0.1, 0.1}}, new double[][] {{0.4, -0.5}, {0.3, 0.2}},
            new double[][] {{0.7, 0.2}, {-0.6, 0.3}}, new double[][] {{0.1, 0.9}, {-0.2, 0.5}}));
  }

  @Test
  void q08LstmWithGatesInOneMatrixAndConcatenationByArraycopy() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q08 {
          static double sig(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
          }

          @Differentiable
          static double lstm(double[][] xs, double[][] W, double[] b) {
            int H = b.length / 4;
            int D = xs[0].length;
            double[] h = new double[H], c = new double[H];
            double[] xh = new double[D + H];
            for (int t = 0; t < xs.length; t++) {
              System.arraycopy(xs[t], 0, xh, 0, D);
              System.arraycopy(h, 0, xh, D, H);
              double[] g = new double[4 * H];
              for (int r = 0; r < 4 * H; r++) {
                double s = b[r];
                for (int k = 0; k < D + H; k++) s += W[r][k] * xh[k];
                g[r] = s;
              }
              for (int j = 0; j < H; j++) {
                double i = sig(g[j]), f = sig(g[H + j]), o = sig(g[2 * H + j]), u = Math.tanh(g[3 * H + j]);
                c[j] = f * c[j] + i * u;
                h[j] = o * Math.tanh(c[j]);
              }
            }
            double out = 0;
            for (int j = 0; j < H; j++) out += h[j] * (j + 1);
            return out;
          }
        }
        """, "Q08", "lstm",
        at(new double[][] {{0.5, -0.3}, {1.0, 0.2}, {-0.4, 0.8}},
            new double[][] {{0.3, -0.1, 0.2, 0.1}, {0.2, 0.4, -0.3, 0.5}, {0.5, 0.1, 0.1, -0.2}, {-0.3, 0.2, 0.6, 0.3},
                {-0.2, 0.6, 0.2, 0.2}, {0.1, 0.1, -0.4, 0.1}, {0.4, -0.5, 0.3, 0.3}, {0.3, 0.2, 0.1, -0.6}},
            new double[] {0.1, -0.1, 0.5, 0.4, 0.0, 0.2, -0.3, 0.1}));
  }

  @Test
  void q09StridedPaddedConvolutionReturningItsOutput() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q09 {
          static final int STRIDE = 2, PAD = 1;

          @Differentiable
          static double[] conv(double[] x, double[] k, double bias) {
            int n = x.length, m = k.length;
            int outLen = (n + 2 * PAD - m) / STRIDE + 1;
            double[] out = new double[outLen];
            for (int o = 0; o < outLen; o++) {
              double s = bias;
              for (int j = 0; j < m; j++) {
                int idx = o * STRIDE + j - PAD;
                if (idx < 0 || idx >= n) continue;
                s += k[j] * x[idx];
              }
              out[o] = s;
            }
            return out;
          }
        }
        """);
    assertArrayAt(l, "Q09", "conv", new double[] {1.0, -2.0, 0.5, 3.0},
        new double[] {0.5, -1.0, 2.0, 0.3, 1.4, -0.7, 0.9}, new double[] {0.2, -0.5, 1.0}, 0.1);
  }

  @Test
  void q10ConvReluMaxPoolAndALinearReadout() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q10 {
          static final int POOL = 2;

          static double[] conv(double[] x, double[] k) {
            double[] out = new double[x.length - k.length + 1];
            for (int i = 0; i < out.length; i++) {
              for (int j = 0; j < k.length; j++) {
                out[i] += x[i + j] * k[j];
              }
              out[i] = out[i] > 0 ? out[i] : 0.01 * out[i];
            }
            return out;
          }

          static double[] maxPool(double[] x) {
            double[] out = new double[x.length / POOL];
            for (int o = 0; o < out.length; o++) {
              double best = x[o * POOL];
              for (int j = 1; j < POOL; j++) {
                if (x[o * POOL + j] > best) best = x[o * POOL + j];
              }
              out[o] = best;
            }
            return out;
          }

          @Differentiable
          static double score(double[] signal, double[] kernel, double[] w) {
            double[] pooled = maxPool(conv(signal, kernel));
            double s = 0;
            for (int i = 0; i < pooled.length; i++) s += w[i] * pooled[i];
            return s;
          }
        }
        """, "Q10", "score",
        at(new double[] {0.5, -1.0, 2.0, 0.3, 1.4, -0.7, 0.9, 1.6, -0.2}, new double[] {0.2, -0.5, 1.0},
            new double[] {1.0, -0.5, 0.25, 2.0}));
  }

  @Test
  void q11CrossEntropyWithLabelSmoothing() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q11 {
          static final double SMOOTH = 0.1;

          @Differentiable
          static double loss(double[][] logits, int[] labels) {
            double total = 0;
            for (int i = 0; i < logits.length; i++) {
              double[] z = logits[i];
              int C = z.length;
              double max = z[0];
              for (int c = 1; c < C; c++) max = Math.max(max, z[c]);
              double sum = 0;
              for (double v : z) sum += Math.exp(v - max);
              double logZ = max + Math.log(sum);
              for (int c = 0; c < C; c++) {
                double target = c == labels[i] ? 1.0 - SMOOTH + SMOOTH / C : SMOOTH / C;
                total -= target * (z[c] - logZ);
              }
            }
            return total / logits.length;
          }
        }
        """, "Q11", "loss",
        at(new double[][] {{2.0, -1.0, 0.5}, {0.1, 0.2, 0.3}, {-1.5, 3.0, 0.0}}, new int[] {0, 2, 1}));
  }

  @Test
  void q12HuberLossOfALinearModelWithAnEarlyReturn() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q12 {
          static double huber(double r, double delta) {
            double a = Math.abs(r);
            if (a <= delta) return 0.5 * r * r;
            return delta * (a - 0.5 * delta);
          }

          @Differentiable
          static double fit(double[] w, double[][] X, double[] y, double delta) {
            if (X.length == 0) return 0.0;
            double s = 0;
            for (int i = 0; i < X.length; i++) {
              double pred = 0;
              for (int j = 0; j < w.length; j++) pred += w[j] * X[i][j];
              s += huber(pred - y[i], delta);
            }
            return s / X.length;
          }
        }
        """, "Q12", "fit",
        at(new double[] {0.5, -1.0}, new double[][] {{1.0, 2.0}, {0.5, -0.3}, {3.0, 1.0}}, new double[] {0.2, 3.0, -1.0}, 1.0),
        at(new double[] {0.5, -1.0}, new double[0][], new double[0], 1.0));
  }

  @Test
  void q13VelocityVerletWithEnergyDrift() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q13 {
          static final int STEPS = 50;

          static double force(double x, double k) {
            return -k * x - 0.1 * x * x * x;
          }

          static double energy(double x, double v, double k, double m) {
            return 0.5 * m * v * v + 0.5 * k * x * x + 0.025 * x * x * x * x;
          }

          @Differentiable
          static double simulate(double x0, double v0, double k, double m, double dt) {
            double x = x0, v = v0;
            double a = force(x, k) / m;
            final double e0 = energy(x0, v0, k, m);
            double drift = 0;
            for (int s = 0; s < STEPS; s++) {
              x += v * dt + 0.5 * a * dt * dt;
              double aNew = force(x, k) / m;
              v += 0.5 * (a + aNew) * dt;
              a = aNew;
              double de = energy(x, v, k, m) - e0;
              drift += de * de;
            }
            return x + v + drift;
          }
        }
        """, "Q13", "simulate", at(1.0, 0.3, 2.0, 1.5, 0.05));
  }

  @Test
  void q14BlackScholesGreeksThroughHelpers() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q14 {
          static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

          static double pdf(double x) {
            return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
          }

          // Abramowitz and Stegun 26.2.17
          static double cdf(double x) {
            double ax = Math.abs(x);
            double t = 1.0 / (1.0 + 0.2316419 * ax);
            double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
            double upper = pdf(ax) * poly;
            return x >= 0 ? 1.0 - upper : upper;
          }

          static double d1(double S, double K, double r, double sigma, double T) {
            return (Math.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * Math.sqrt(T));
          }

          static double call(double S, double K, double r, double sigma, double T) {
            double a = d1(S, K, r, sigma, T);
            double b = a - sigma * Math.sqrt(T);
            return S * cdf(a) - K * Math.exp(-r * T) * cdf(b);
          }

          static double delta(double S, double K, double r, double sigma, double T) {
            return cdf(d1(S, K, r, sigma, T));
          }

          static double gamma(double S, double K, double r, double sigma, double T) {
            return pdf(d1(S, K, r, sigma, T)) / (S * sigma * Math.sqrt(T));
          }

          @Differentiable
          static double hedgedBook(double S, double K, double r, double sigma, double T, double qty) {
            double price = call(S, K, r, sigma, T);
            double dlt = delta(S, K, r, sigma, T);
            double gmm = gamma(S, K, r, sigma, T);
            return qty * (price - dlt * S) + 0.5 * gmm * S * S * 0.01;
          }
        }
        """, "Q14", "hedgedBook", at(100.0, 95.0, 0.03, 0.25, 0.75, 10.0), at(80.0, 95.0, 0.03, 0.25, 0.5, -3.0));
  }

  @Test
  void q15MonteCarloWithASeededRandom() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Random;

        class Q15 {
          @Differentiable
          static double mcCall(double S0, double K, double r, double sigma, double T, long seed) {
            Random rng = new Random(seed);
            int paths = 64, steps = 4;
            double dt = T / steps;
            double drift = (r - 0.5 * sigma * sigma) * dt, vol = sigma * Math.sqrt(dt);
            double sum = 0;
            for (int p = 0; p < paths; p++) {
              double s = S0;
              for (int k = 0; k < steps; k++) s *= Math.exp(drift + vol * rng.nextGaussian());
              sum += Math.max(s - K, 0.0);
            }
            return Math.exp(-r * T) * sum / paths;
          }
        }
        """, "Q15", "mcCall", at(100.0, 100.0, 0.02, 0.2, 1.0, 42L));
  }

  @Test
  void q16AmericanPutOnABinomialTreeByBackwardInduction() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q16 {
          @Differentiable
          static double americanPut(double S, double K, double r, double sigma, double T) {
            final int N = 30;
            double dt = T / N;
            double u = Math.exp(sigma * Math.sqrt(dt)), d = 1 / u;
            double p = (Math.exp(r * dt) - d) / (u - d);
            double disc = Math.exp(-r * dt);
            double[] v = new double[N + 1];
            for (int i = 0; i <= N; i++) {
              double st = S * Math.pow(u, N - i) * Math.pow(d, i);
              v[i] = Math.max(K - st, 0);
            }
            for (int step = N - 1; step >= 0; step--) {
              for (int i = 0; i <= step; i++) {
                double cont = disc * (p * v[i] + (1 - p) * v[i + 1]);
                double st = S * Math.pow(u, step - i) * Math.pow(d, i);
                v[i] = Math.max(cont, K - st);
              }
            }
            return v[0];
          }
        }
        """, "Q16", "americanPut", at(100.0, 105.0, 0.05, 0.3, 1.0));
  }

  @Test
  void q17Rk4WithAHelperForTheDerivative() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q17 {
          static double[] deriv(double[] y, double a, double b) {
            return new double[] {a * y[0] - b * y[0] * y[1], -y[1] + b * y[0] * y[1]};
          }

          static double[] axpy(double[] y, double h, double[] k) {
            double[] r = new double[y.length];
            for (int i = 0; i < y.length; i++) r[i] = y[i] + h * k[i];
            return r;
          }

          @Differentiable
          static double rk4(double[] y0, double a, double b, double t1) {
            int n = 40;
            double h = t1 / n;
            double[] y = y0.clone();
            for (int s = 0; s < n; s++) {
              double[] k1 = deriv(y, a, b);
              double[] k2 = deriv(axpy(y, h / 2, k1), a, b);
              double[] k3 = deriv(axpy(y, h / 2, k2), a, b);
              double[] k4 = deriv(axpy(y, h, k3), a, b);
              for (int i = 0; i < y.length; i++) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
            return y[0] * y[1];
          }
        }
        """, "Q17", "rk4", at(new double[] {1.0, 0.5}, 1.1, 0.4, 2.0));
  }

  @Test
  void q18HornerForAPolynomialAndItsSlopeTogether() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q18 {
          @Differentiable
          static double fitLoss(double[] c, double[] xs, double[] ys, double slopeWeight) {
            int n = c.length;
            double loss = 0;
            for (int k = 0; k < xs.length; k++) {
              double x = xs[k];
              double p = c[n - 1], dp = 0;
              for (int i = n - 2; i >= 0; i--) {
                dp = dp * x + p;
                p = p * x + c[i];
              }
              double r = p - ys[k];
              loss += r * r + slopeWeight * dp * dp;
            }
            return loss;
          }
        }
        """, "Q18", "fitLoss",
        at(new double[] {0.5, -1.0, 0.25, 0.1}, new double[] {-1.0, 0.0, 0.5, 2.0}, new double[] {1.0, 0.4, -0.3, 2.2}, 0.01));
  }

  @Test
  void q19NewtonForKeplersEquationWithAFixedCount() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q19 {
          private static final int ITERATIONS = 8;

          @Differentiable
          static double trueAnomaly(double M, double e) {
            double E = M;
            for (int it = 0; it < ITERATIONS; it++) {
              E -= (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
            }
            return Math.atan2(Math.sqrt(1 - e * e) * Math.sin(E), Math.cos(E) - e);
          }
        }
        """, "Q19", "trueAnomaly", at(1.2, 0.3), at(0.4, 0.7));
  }

  @Test
  void q20BisectionByComparisonsPolishedByOneNewtonStep() throws Exception {
    // Bisection alone has slope 0 in a and b; the Newton step after it carries the implicit slope,
    // first order only (its H.v is that of x - f(x) / f'(x) at a fixed x, not the root's), so only
    // the gradient is asked for.
    Loaded l = load(compileOk(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q20 {
          static double f(double x, double a, double b) {
            return x * x * x + a * x - b;
          }

          @Differentiable
          static double root(double a, double b) {
            double lo = -10, hi = 10;
            for (int i = 0; i < 100; i++) {
              double mid = 0.5 * (lo + hi);
              if (mid == lo || mid == hi) break;
              if (f(mid, a, b) > 0) hi = mid;
              else lo = mid;
            }
            double x = 0.5 * (lo + hi);
            return x - f(x, a, b) / (3 * x * x + a);
          }
        }
        """)));
    assertAt(l, "Q20", "root", 1.5, 2.0);
    assertAt(l, "Q20", "root", 0.5, -3.0);
  }

  @Test
  void q21PrefixSumsForMovingAveragesAndAnInPlaceCumsum() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q21 {
          @Differentiable
          static double smoothness(double[] x, int w) {
            double[] c = new double[x.length + 1];
            for (int i = 0; i < x.length; i++) c[i + 1] = c[i] + x[i];
            double s = 0;
            for (int i = w; i <= x.length; i++) {
              double avg = (c[i] - c[i - w]) / w;
              s += avg * avg;
            }
            double[] run = x.clone();
            for (int i = 1; i < run.length; i++) run[i] += run[i - 1];
            return s + run[run.length - 1] * run[run.length / 2];
          }
        }
        """, "Q21", "smoothness", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.4, -0.7}, 3));
  }

  @Test
  void q22WelfordRunningVariance() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q22 {
          @Differentiable
          static double zScoreOfLast(double[] x) {
            double mean = 0, m2 = 0;
            int n = 0;
            for (double v : x) {
              n++;
              double delta = v - mean;
              mean += delta / n;
              m2 += delta * (v - mean);
            }
            if (n < 2) return 0.0;
            double sd = Math.sqrt(m2 / (n - 1));
            return (x[n - 1] - mean) / sd;
          }
        }
        """, "Q22", "zScoreOfLast", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.4}), at(new double[] {3.0}));
  }

  @Test
  void q23GaussianProcessLikelihoodThroughACholeskyByHand() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q23 {
          static double kernel(double a, double b, double ell) {
            double d = (a - b) / ell;
            return Math.exp(-0.5 * d * d);
          }

          static double[][] cholesky(double[][] A) {
            int n = A.length;
            double[][] L = new double[n][n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j <= i; j++) {
                double s = A[i][j];
                for (int k = 0; k < j; k++) s -= L[i][k] * L[j][k];
                if (i == j) L[i][i] = Math.sqrt(s);
                else L[i][j] = s / L[j][j];
              }
            }
            return L;
          }

          static double[] forwardSolve(double[][] L, double[] b) {
            int n = b.length;
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
              double s = b[i];
              for (int k = 0; k < i; k++) s -= L[i][k] * z[k];
              z[i] = s / L[i][i];
            }
            return z;
          }

          @Differentiable
          static double gpNll(double[] xs, double[] ys, double ell, double noise) {
            int n = xs.length;
            double[][] K = new double[n][];
            for (int i = 0; i < n; i++) {
              double[] row = new double[n];
              for (int j = 0; j < n; j++) row[j] = kernel(xs[i], xs[j], ell) + (i == j ? noise * noise : 0.0);
              K[i] = row;
            }
            double[][] L = cholesky(K);
            double[] z = forwardSolve(L, ys);
            double quad = 0, logDet = 0;
            for (int i = 0; i < n; i++) {
              quad += z[i] * z[i];
              logDet += Math.log(L[i][i]);
            }
            return 0.5 * quad + logDet + 0.5 * n * Math.log(2 * Math.PI);
          }
        }
        """, "Q23", "gpNll", at(new double[] {0.0, 0.7, 1.5, 2.2}, new double[] {0.3, -0.5, 1.0, 0.2}, 0.8, 0.3));
  }

  @Test
  void q24TriangularSolvesInPlaceOnCopies() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q24 {
          @Differentiable
          static double solveNormal(double[][] L, double[] b) {
            int n = b.length;
            double[] y = b.clone();
            for (int i = 0; i < n; i++) {
              for (int k = 0; k < i; k++) y[i] -= L[i][k] * y[k];
              y[i] /= L[i][i];
            }
            // then L^T x = y, from the bottom
            double[] x = y.clone();
            for (int i = n - 1; i >= 0; i--) {
              for (int k = i + 1; k < n; k++) x[i] -= L[k][i] * x[k];
              x[i] /= L[i][i];
            }
            double s = 0;
            for (double v : x) s += v * v;
            return s;
          }
        }
        """, "Q24", "solveNormal",
        at(new double[][] {{2.0, 0, 0}, {0.5, 1.5, 0}, {-0.3, 0.4, 1.2}}, new double[] {1.0, -2.0, 0.5}));
  }

  @Test
  void q25PowerIterationNormalisingEachStep() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Q25 {
          @Differentiable
          static double topEigen(double[][] A) {
            int n = A.length;
            double[] v = new double[n];
            Arrays.fill(v, 1.0 / Math.sqrt(n));
            for (int it = 0; it < 30; it++) {
              double[] w = new double[n];
              for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                  w[i] += A[i][j] * v[j];
              double norm = 0;
              for (double x : w) norm += x * x;
              norm = Math.sqrt(norm);
              for (int i = 0; i < n; i++) w[i] /= norm;
              v = w;
            }
            double lambda = 0;
            for (int i = 0; i < n; i++) {
              double Av = 0;
              for (int j = 0; j < n; j++) Av += A[i][j] * v[j];
              lambda += v[i] * Av;
            }
            return lambda;
          }
        }
        """, "Q25", "topEigen", at((Object) new double[][] {{4.0, 1.0, 0.5}, {1.0, 3.0, 0.2}, {0.5, 0.2, 1.0}}));
  }

  @Test
  void q26GradientDescentUnrolledInsideTheLoss() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q26 {
          static final int STEPS = 5;

          @Differentiable
          static double metaLoss(double lr, double[] w0, double[][] X, double[] y) {
            double[] w = w0.clone();
            double[] grad = new double[w.length];
            for (int step = 0; step < STEPS; step++) {
              java.util.Arrays.fill(grad, 0.0);
              for (int i = 0; i < X.length; i++) {
                double err = -y[i];
                for (int j = 0; j < w.length; j++) err += w[j] * X[i][j];
                for (int j = 0; j < w.length; j++) grad[j] += 2 * err * X[i][j] / X.length;
              }
              for (int j = 0; j < w.length; j++) w[j] -= lr * grad[j];
            }
            double loss = 0;
            for (int i = 0; i < X.length; i++) {
              double e = -y[i];
              for (int j = 0; j < w.length; j++) e += w[j] * X[i][j];
              loss += e * e;
            }
            return loss / X.length;
          }
        }
        """, "Q26", "metaLoss",
        at(0.1, new double[] {0.0, 0.5}, new double[][] {{1.0, 2.0}, {0.5, -0.3}, {3.0, 1.0}}, new double[] {0.2, 3.0, -1.0}));
  }

  @Test
  void q27SoftmaxRegressionSkippingUnlabelledRows() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q27 {
          static final int IGNORE = -1;

          static double[] softmax(double[] z) {
            double m = z[0];
            for (double v : z) if (v > m) m = v;
            double[] p = new double[z.length];
            double s = 0;
            for (int i = 0; i < z.length; i++) {
              p[i] = Math.exp(z[i] - m);
              s += p[i];
            }
            for (int i = 0; i < z.length; i++) p[i] /= s;
            return p;
          }

          static double[] logits(double[][] W, double[] b, double[] x) {
            double[] z = b.clone();
            for (int c = 0; c < W.length; c++)
              for (int j = 0; j < x.length; j++)
                z[c] += W[c][j] * x[j];
            return z;
          }

          @Differentiable
          static double nll(double[][] W, double[] b, double[][] X, int[] labels) {
            double loss = 0;
            int counted = 0;
            for (int i = 0; i < X.length; i++) {
              if (labels[i] == IGNORE) continue;
              double[] p = softmax(logits(W, b, X[i]));
              loss -= Math.log(p[labels[i]]);
              counted++;
            }
            return counted == 0 ? 0 : loss / counted;
          }
        }
        """, "Q27", "nll",
        at(new double[][] {{0.2, -0.1}, {0.5, 0.3}, {-0.4, 0.8}}, new double[] {0.0, 0.1, -0.1},
            new double[][] {{1.0, 2.0}, {0.5, -0.3}, {3.0, 1.0}, {-1.0, 0.4}}, new int[] {2, -1, 0, 1}));
  }

  @Test
  void q28InterpolationTableFoundByBinarySearchWithEarlyReturns() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q28 {
          static final double[] GRID = {0.0, 0.5, 1.0, 2.0, 4.0};

          static double lerp(double[] ys, double x) {
            if (x <= GRID[0]) return ys[0];
            if (x >= GRID[GRID.length - 1]) return ys[ys.length - 1];
            int lo = 0, hi = GRID.length - 1;
            while (hi - lo > 1) {
              int mid = (lo + hi) >>> 1;
              if (GRID[mid] <= x) lo = mid;
              else hi = mid;
            }
            double t = (x - GRID[lo]) / (GRID[hi] - GRID[lo]);
            return ys[lo] + t * (ys[hi] - ys[lo]);
          }

          @Differentiable
          static double curve(double[] ys, double[] xs) {
            double s = 0;
            for (double x : xs) s += lerp(ys, x * x);
            return s;
          }
        }
        """, "Q28", "curve", at(new double[] {1.0, 0.7, -0.2, 0.5, 2.0}, new double[] {-3.0, 0.3, 0.9, 1.3, 1.7}));
  }

  @Test
  void q29KalmanFilterInnovationLikelihood() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q29 {
          @Differentiable
          static double negLogLik(double[] obs, double q, double r, double phi) {
            double m = 0, P = 1;
            double nll = 0;
            for (int t = 0; t < obs.length; t++) {
              // predict
              m *= phi;
              P = phi * P * phi + q;
              // update
              double S = P + r;
              double innov = obs[t] - m;
              nll += 0.5 * (Math.log(2 * Math.PI * S) + innov * innov / S);
              double gain = P / S;
              m += gain * innov;
              P *= 1 - gain;
            }
            return nll;
          }
        }
        """, "Q29", "negLogLik", at(new double[] {0.3, 0.5, -0.1, 0.8, 1.2}, 0.1, 0.2, 0.9));
  }

  @Test
  void q30ClippedGradientStepsOfAnMlpBuiltRowByRow() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q30 {
          static final double MAX_NORM = 1.0;

          static double relu(double v) {
            return v > 0 ? v : 0;
          }

          static double[] dense(double[][] W, double[] x, boolean act) {
            double[] y = new double[W.length];
            for (int i = 0; i < W.length; i++) {
              double s = 0;
              for (int j = 0; j < x.length; j++) s += W[i][j] * x[j];
              y[i] = act ? relu(s) : s;
            }
            return y;
          }

          @Differentiable
          static double clippedOutput(double[][] W1, double[][] W2, double[] x) {
            double[] h = dense(W1, x, true);
            double[] o = dense(W2, h, false);
            double norm = 0;
            for (double v : o) norm += v * v;
            norm = Math.sqrt(norm);
            double scale = norm > MAX_NORM ? MAX_NORM / norm : 1.0;
            double[][] table = new double[o.length][];
            for (int i = 0; i < o.length; i++) {
              table[i] = new double[] {o[i] * scale, o[i]};
            }
            double s = 0;
            for (int i = 0; i < table.length; i++) s += table[i][0] * (i + 1) - 0.1 * table[i][1];
            return s;
          }
        }
        """, "Q30", "clippedOutput",
        at(new double[][] {{0.5, -0.2}, {0.3, 0.8}, {-0.6, 0.1}}, new double[][] {{1.0, 0.5, -0.3}, {0.2, -0.7, 0.4}},
            new double[] {1.0, 2.0}),
        at(new double[][] {{0.05, -0.02}, {0.03, 0.08}, {-0.06, 0.01}}, new double[][] {{0.1, 0.5, -0.3}, {0.2, -0.7, 0.4}},
            new double[] {1.0, 2.0}));
  }

  @Test
  void q31SimpsonsRuleWithWeightsFromANestedTernary() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q31 {
          static double integrand(double t, double a, double b) {
            return Math.exp(-a * t * t) * Math.cos(b * t);
          }

          @Differentiable
          static double integral(double a, double b, double upper) {
            final int n = 20; // even
            double h = upper / n;
            double sum = 0;
            for (int i = 0; i <= n; i++) {
              double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
              sum += w * integrand(i * h, a, b);
            }
            return sum * h / 3;
          }
        }
        """, "Q31", "integral", at(0.7, 1.3, 2.0));
  }

  @Test
  void q32GaussLegendreFromStaticTablesOverSubintervals() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q32 {
          private static final double[] NODES = {-0.7745966692414834, 0.0, 0.7745966692414834};
          private static final double[] WEIGHTS = {5.0 / 9, 8.0 / 9, 5.0 / 9};

          static double f(double x, double[] c) {
            return c[0] / (1 + c[1] * x * x) + Math.sin(c[2] * x);
          }

          @Differentiable
          static double quad(double[] c, double lo, double hi) {
            int pieces = 4;
            double width = (hi - lo) / pieces;
            double total = 0;
            for (int p = 0; p < pieces; p++) {
              double mid = lo + (p + 0.5) * width;
              for (int k = 0; k < NODES.length; k++) {
                total += WEIGHTS[k] * f(mid + 0.5 * width * NODES[k], c) * 0.5 * width;
              }
            }
            return total;
          }
        }
        """, "Q32", "quad", at(new double[] {1.0, 0.5, 2.0}, -1.0, 1.5));
  }

  @Test
  void q33LuDecompositionInPlaceWithPartialPivotingForALogDeterminant() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q33 {
          @Differentiable
          static double logAbsDet(double[][] A) {
            int n = A.length;
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) a[i] = A[i].clone();
            double logDet = 0;
            for (int k = 0; k < n; k++) {
              int piv = k;
              for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) piv = i;
              }
              if (piv != k) {
                double[] t = a[k];
                a[k] = a[piv];
                a[piv] = t;
              }
              logDet += Math.log(Math.abs(a[k][k]));
              for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) a[i][j] -= f * a[k][j];
              }
            }
            return logDet;
          }
        }
        """, "Q33", "logAbsDet", at((Object) new double[][] {{1.0, 2.0, 0.5}, {3.0, -1.0, 2.0}, {0.5, 4.0, 1.0}}));
  }

  @Test
  void q34PairwiseForcesWithNewtonsThirdLawOnRows() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q34 {
          static final double SOFT = 0.01;

          @Differentiable
          static double step(double[][] pos, double[][] vel, double[] mass, double dt) {
            int n = pos.length;
            double[][] F = new double[n][2];
            for (int i = 0; i < n; i++) {
              for (int j = i + 1; j < n; j++) {
                double dx = pos[j][0] - pos[i][0], dy = pos[j][1] - pos[i][1];
                double r2 = dx * dx + dy * dy + SOFT;
                double inv = mass[i] * mass[j] / (r2 * Math.sqrt(r2));
                F[i][0] += inv * dx;
                F[i][1] += inv * dy;
                F[j][0] -= inv * dx;
                F[j][1] -= inv * dy;
              }
            }
            double ke = 0;
            for (int i = 0; i < n; i++) {
              double vx = vel[i][0] + dt * F[i][0] / mass[i];
              double vy = vel[i][1] + dt * F[i][1] / mass[i];
              ke += 0.5 * mass[i] * (vx * vx + vy * vy);
            }
            return ke;
          }
        }
        """, "Q34", "step",
        at(new double[][] {{0.0, 0.0}, {1.0, 0.2}, {-0.5, 0.9}}, new double[][] {{0.1, 0.0}, {0.0, -0.2}, {0.3, 0.1}},
            new double[] {1.0, 2.0, 0.5}, 0.1));
  }

  @Test
  void q35InterleavedComplexDftPowerSpectrum() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q35 {
          @Differentiable
          static double spectralPower(double[] x, double[] weights) {
            int N = x.length;
            double[] spec = new double[2 * N]; // re, im, re, im ...
            for (int k = 0; k < N; k++) {
              for (int n = 0; n < N; n++) {
                double angle = -2 * Math.PI * k * n / N;
                spec[2 * k] += x[n] * Math.cos(angle);
                spec[2 * k + 1] += x[n] * Math.sin(angle);
              }
            }
            double p = 0;
            for (int i = 0; i < spec.length; i += 2) {
              double re = spec[i], im = spec[i + 1];
              p += weights[i / 2] * (re * re + im * im);
            }
            return p;
          }
        }
        """, "Q35", "spectralPower", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.4}, new double[] {1.0, 0.5, 0.25, 0.5, 1.0}));
  }

  @Test
  void q36FirFilterWithADelayLineShiftedByArraycopy() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q36 {
          @Differentiable
          static double filterEnergy(double[] signal, double[] taps) {
            double[] delay = new double[taps.length];
            double energy = 0;
            for (double s : signal) {
              System.arraycopy(delay, 0, delay, 1, delay.length - 1);
              delay[0] = s;
              double y = 0;
              for (int k = 0; k < taps.length; k++) y += taps[k] * delay[k];
              energy += y * y;
            }
            return energy;
          }
        }
        """, "Q36", "filterEnergy", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.4, -0.6}, new double[] {0.5, 0.3, -0.2}));
  }

  @Test
  void q37CircularConvolutionWithFloorModAndFlattenedMatrix() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q37 {
          @Differentiable
          static double blur(double[] img, int rows, int cols, double[] k) {
            double[] out = new double[rows * cols];
            int r = k.length / 2;
            for (int i = 0; i < rows; i++) {
              for (int j = 0; j < cols; j++) {
                double acc = 0;
                for (int t = -r; t <= r; t++) {
                  int jj = Math.floorMod(j + t, cols);
                  acc += k[t + r] * img[i * cols + jj];
                }
                out[i * cols + j] = acc;
              }
            }
            double s = 0;
            for (int idx = 0; idx < out.length; idx++) s += out[idx] * out[idx] * (1 + idx % 3);
            return s;
          }
        }
        """, "Q37", "blur",
        at(new double[] {0.5, -1.0, 2.0, 0.3, 1.4, -0.6, 0.8, 0.1}, 2, 4, new double[] {0.25, 0.5, 0.25}));
  }

  @Test
  void q38AdamStepsUnrolledWithBiasCorrection() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q38 {
          static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;

          static double[] grad(double[] w) {
            // gradient of the Rosenbrock function, by hand
            return new double[] {-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] * w[0]), 200 * (w[1] - w[0] * w[0])};
          }

          @Differentiable
          static double finalLoss(double[] w0, double lr) {
            var w = w0.clone();
            var m = new double[w.length];
            var v = new double[w.length];
            for (int t = 1; t <= 6; t++) {
              double[] g = grad(w);
              for (int i = 0; i < w.length; i++) {
                m[i] = B1 * m[i] + (1 - B1) * g[i];
                v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(B1, t));
                double vHat = v[i] / (1 - Math.pow(B2, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + EPS);
              }
            }
            double a = 1 - w[0], b = w[1] - w[0] * w[0];
            return a * a + 100 * b * b;
          }
        }
        """, "Q38", "finalLoss", at(new double[] {-0.5, 0.8}, 0.01));
  }

  @Test
  void q39KahanSummationOfSquares() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q39 {
          @Differentiable
          static double sumSquares(double[] x) {
            double sum = 0.0, c = 0.0;
            for (double v : x) {
              double y = v * v - c;
              double t = sum + y;
              c = (t - sum) - y;
              sum = t;
            }
            return sum;
          }
        }
        """, "Q39", "sumSquares", at(new double[] {0.5, -1.0, 2.0, 0.3, 1e-3, 1.4}));
  }

  @Test
  void q40MatrixPowerBySquaringOnTheBitsOfAnInt() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q40 {
          static double[][] mul(double[][] A, double[][] B) {
            int n = A.length;
            double[][] C = new double[n][n];
            for (int i = 0; i < n; i++)
              for (int k = 0; k < n; k++)
                for (int j = 0; j < n; j++)
                  C[i][j] += A[i][k] * B[k][j];
            return C;
          }

          static double[][] identity(int n) {
            double[][] I = new double[n][n];
            for (int i = 0; i < n; i++) I[i][i] = 1.0;
            return I;
          }

          @Differentiable
          static double tracePower(double[][] A, int e) {
            double[][] result = identity(A.length);
            double[][] base = A;
            while (e > 0) {
              if ((e & 1) == 1) result = mul(result, base);
              base = mul(base, base);
              e >>= 1;
            }
            double tr = 0;
            for (int i = 0; i < result.length; i++) tr += result[i][i];
            return tr;
          }
        }
        """, "Q40", "tracePower", at(new double[][] {{0.5, 0.2}, {-0.3, 0.8}}, 5), at(new double[][] {{0.5, 0.2}, {-0.3, 0.8}}, 0));
  }

  @Test
  void q41EluNetworkWithEnhancedForOverRowsAndACounter() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q41 {
          static final double ALPHA = 1.0;

          @Differentiable
          static double mse(double[][] X, double[] y, double[] w, double b) {
            double s = 0;
            int i = 0;
            for (double[] row : X) {
              double z = b;
              for (int j = 0; j < row.length; j++) z += row[j] * w[j];
              double a = z > 0 ? z : ALPHA * (Math.exp(z) - 1);
              double e = a - y[i++];
              s += e * e;
            }
            return s / i;
          }
        }
        """, "Q41", "mse",
        at(new double[][] {{1.0, 2.0}, {0.5, -0.3}, {-3.0, 1.0}}, new double[] {0.2, 3.0, -1.0}, new double[] {0.4, -0.6}, 0.1));
  }

  @Test
  void q42SearchWithAnAndConditionThenLinearInterpolation() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q42 {
          @Differentiable
          static double quantile(double[] sortedKnots, double[] values, double q) {
            int i = 0;
            while (i < sortedKnots.length - 1 && sortedKnots[i + 1] < q) i++;
            if (i == sortedKnots.length - 1) return values[i];
            double t = (q - sortedKnots[i]) / (sortedKnots[i + 1] - sortedKnots[i]);
            t = Math.min(1.0, Math.max(0.0, t));
            return (1 - t) * values[i] + t * values[i + 1];
          }
        }
        """, "Q42", "quantile",
        at(new double[] {0.0, 0.3, 0.7, 1.0}, new double[] {1.0, 2.5, 2.0, 4.0}, 0.5),
        at(new double[] {0.0, 0.3, 0.7, 1.0}, new double[] {1.0, 2.5, 2.0, 4.0}, 1.7));
  }

  @Test
  void q43CholeskyThatThrowsWhenNotPositiveDefinite() throws Exception {
    Loaded l = assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q43 {
          static double[][] chol(double[][] A) {
            int n = A.length;
            double[][] L = new double[n][n];
            for (int j = 0; j < n; j++) {
              double d = A[j][j];
              for (int k = 0; k < j; k++) d -= L[j][k] * L[j][k];
              if (d <= 0) throw new IllegalArgumentException("not positive definite at " + j);
              L[j][j] = Math.sqrt(d);
              for (int i = j + 1; i < n; i++) {
                double s = A[i][j];
                for (int k = 0; k < j; k++) s -= L[i][k] * L[j][k];
                L[i][j] = s / L[j][j];
              }
            }
            return L;
          }

          @Differentiable
          static double mahalanobis(double[][] S, double[] x) {
            double[][] L = chol(S);
            int n = x.length;
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
              double s = x[i];
              for (int k = 0; k < i; k++) s -= L[i][k] * z[k];
              z[i] = s / L[i][i];
            }
            double q = 0;
            for (double v : z) q += v * v;
            return q;
          }
        }
        """, "Q43", "mahalanobis", at(new double[][] {{4.0, 1.0, 0.5}, {1.0, 3.0, 0.2}, {0.5, 0.2, 2.0}}, new double[] {1.0, -0.5, 0.3}));
    UsersMethods.assertThrowsAsTheMethod(l, "Q43", "mahalanobis", new double[][] {{1.0, 2.0}, {2.0, 1.0}}, new double[] {1.0, 1.0});
  }

  @Test
  void q44ArrayOfStringsIsAnErrorOnItsParameter() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q44 {
          @Differentiable
          static double net(double[] x, String[] acts) {
            double s = 0;
            for (int l = 0; l < acts.length; l++) {
              s += acts[l].equals("tanh") ? Math.tanh(x[l]) : x[l];
            }
            return s;
          }
        }
        """), "String[] acts", "String[]", "one by one or in a record");
  }

  @Test
  void q44ActivationChosenByAStringSwitchInAHelperFromAList() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.List;

        class Q44b {
          static double act(String name, double z) {
            switch (name) {
              case "tanh":
                return Math.tanh(z);
              case "softplus":
                return Math.log1p(Math.exp(z));
              case "swish":
                return z / (1 + Math.exp(-z));
              default:
                throw new IllegalArgumentException("unknown activation " + name);
            }
          }

          @Differentiable
          static double net(double[] x, double[][] W, List<String> acts) {
            double[] h = x;
            for (int l = 0; l < acts.size(); l++) {
              double[] next = new double[W.length];
              for (int i = 0; i < W.length; i++) {
                double z = 0;
                for (int j = 0; j < h.length; j++) z += W[i][j] * h[j];
                next[i] = act(acts.get(l), z);
              }
              h = next;
            }
            double s = 0;
            for (double v : h) s += v;
            return s;
          }
        }
        """, "Q44b", "net",
        at(new double[] {0.5, -1.0}, new double[][] {{0.3, 0.8}, {-0.5, 0.2}}, java.util.List.of("tanh", "swish", "softplus")));
  }

  @Test
  void q45SumOfSquaredRowsBuiltFromOneRowBufferClonedEachTime() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q45 {
          @Differentiable
          static double gram(double[] x, int n) {
            double[][] M = new double[n][];
            double[] row = new double[x.length];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < x.length; j++) row[j] = Math.pow(x[j], i + 1) / (i + 1);
              M[i] = row.clone();
            }
            double s = 0;
            for (int i = 0; i < n; i++)
              for (int k = 0; k < n; k++) {
                double d = 0;
                for (int j = 0; j < x.length; j++) d += M[i][j] * M[k][j];
                s += d * (i == k ? 1 : 0.5);
              }
            return s;
          }
        }
        """, "Q45", "gram", at(new double[] {0.5, -1.2, 0.9}, 3));
  }

  @Test
  void q46NewtonToAToleranceWithABreakAndAnIterationCap() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q46 {
          static final double TOL = 1e-12;
          static final int MAX_IT = 50;

          @Differentiable
          static double impliedRate(double price, double[] cashflows) {
            double r = 0.05;
            for (int it = 0; it < MAX_IT; it++) {
              double f = -price, df = 0;
              double disc = 1;
              for (int t = 0; t < cashflows.length; t++) {
                disc /= 1 + r;
                f += cashflows[t] * disc;
                df -= (t + 1) * cashflows[t] * disc / (1 + r);
              }
              double step = f / df;
              r -= step;
              if (Math.abs(step) < TOL) break;
            }
            return r;
          }
        }
        """, "Q46", "impliedRate", at(95.0, new double[] {5.0, 5.0, 5.0, 105.0}));
  }

  @Test
  void q47HiddenMarkovForwardAlgorithmScaledEachStep() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q47 {
          @Differentiable
          static double logLikelihood(double[] pi, double[][] A, double[][] B, int[] obs) {
            int S = pi.length;
            double[] alpha = new double[S];
            for (int s = 0; s < S; s++) alpha[s] = pi[s] * B[s][obs[0]];
            double logL = 0;
            for (int t = 1; t <= obs.length; t++) {
              double c = 0;
              for (double a : alpha) c += a;
              logL += Math.log(c);
              for (int s = 0; s < S; s++) alpha[s] /= c;
              if (t == obs.length) break;
              double[] next = new double[S];
              for (int j = 0; j < S; j++) {
                for (int i = 0; i < S; i++) next[j] += alpha[i] * A[i][j];
                next[j] *= B[j][obs[t]];
              }
              alpha = next;
            }
            return logL;
          }
        }
        """, "Q47", "logLikelihood",
        at(new double[] {0.6, 0.4}, new double[][] {{0.7, 0.3}, {0.4, 0.6}}, new double[][] {{0.5, 0.4, 0.1}, {0.1, 0.3, 0.6}},
            new int[] {0, 1, 2, 2, 0}));
  }

  @Test
  void q48LabelledBreakOutOfAGridSearchThenRefine() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q48 {
          static double f(double x, double y, double[] p) {
            return p[0] * x * x + p[1] * y * y + p[2] * x * y - x;
          }

          @Differentiable
          static double refined(double[] p) {
            double bx = 0, by = 0, best = Double.MAX_VALUE;
            search:
            for (int i = -5; i <= 5; i++) {
              for (int j = -5; j <= 5; j++) {
                double v = f(i * 0.2, j * 0.2, p);
                if (v < best) {
                  best = v;
                  bx = i * 0.2;
                  by = j * 0.2;
                }
                if (best < -10) break search;
              }
            }
            // one gradient step from the grid's best point, with the gradient by hand
            double gx = 2 * p[0] * bx + p[2] * by - 1, gy = 2 * p[1] * by + p[2] * bx;
            return f(bx - 0.1 * gx, by - 0.1 * gy, p);
          }
        }
        """, "Q48", "refined", at(new double[] {1.3, 0.9, 0.35}));
  }

  @Test
  void q49DoWhileBackoffLineSearch() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q49 {
          static double loss(double[] w, double[] t) {
            double s = 0;
            for (int i = 0; i < w.length; i++) s += Math.cosh(w[i] - t[i]);
            return s;
          }

          @Differentiable
          static double afterStep(double[] w, double[] t) {
            double[] g = new double[w.length];
            for (int i = 0; i < w.length; i++) g[i] = Math.sinh(w[i] - t[i]);
            double step = 1.0;
            double f0 = loss(w, t);
            double[] trial = new double[w.length];
            int tries = 0;
            do {
              for (int i = 0; i < w.length; i++) trial[i] = w[i] - step * g[i];
              step *= 0.5;
              tries++;
            } while (loss(trial, t) > f0 && tries < 20);
            return loss(trial, t);
          }
        }
        """, "Q49", "afterStep", at(new double[] {2.0, -1.5, 0.3}, new double[] {0.1, 0.2, 0.3}));
  }

  @Test
  void q50ReturningAMatrixOfPairwiseKernelsBuiltRowByRow() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q50 {
          @Differentiable
          static double[] rowSums(double[][] X, double gamma) {
            int n = X.length;
            double[][] K = new double[n][];
            for (int i = 0; i < n; i++) {
              K[i] = new double[n];
              for (int j = 0; j <= i; j++) {
                double d2 = 0;
                for (int k = 0; k < X[i].length; k++) {
                  double diff = X[i][k] - X[j][k];
                  d2 += diff * diff;
                }
                K[i][j] = Math.exp(-gamma * d2);
                if (j < i) K[j][i] = K[i][j];
              }
            }
            double[] sums = new double[n];
            for (int i = 0; i < n; i++)
              for (int j = 0; j < n; j++) sums[i] += K[i][j];
            return sums;
          }
        }
        """);
    assertArrayAt(l, "Q50", "rowSums", new double[] {1.0, -0.5, 2.0},
        new double[][] {{0.0, 0.5}, {1.0, -0.2}, {0.3, 0.9}}, 0.8);
  }

  @Test
  void q51CountsKeptInDoublesWithIncrements() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q51 {
          @Differentiable
          static double shiftedMean(double[] x, double shift) {
            double count = 0, total = 0;
            for (double v : x) {
              if (v > 0) {
                count++;
                total += v;
              }
            }
            double y = shift;
            y++;
            y *= shift;
            --y;
            return count == 0 ? y : total / count + y;
          }
        }
        """, "Q51", "shiftedMean", at(new double[] {0.5, -1.0, 2.0, 0.3}, 0.7), at(new double[] {-0.5}, 0.7));
  }

  @Test
  void q52ArrayInitialisersOfDifferentiatedValues() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q52 {
          static double det2(double[][] M) {
            return M[0][0] * M[1][1] - M[0][1] * M[1][0];
          }

          @Differentiable
          static double rotatedArea(double theta, double sx, double sy) {
            double c = Math.cos(theta), s = Math.sin(theta);
            double[][] R = {{c, -s}, {s, c}};
            double[] scale = {sx, sy};
            double[][] M = new double[2][2];
            for (int i = 0; i < 2; i++)
              for (int j = 0; j < 2; j++)
                M[i][j] = R[i][j] * scale[j];
            double[] corners = {M[0][0] + M[0][1], M[1][0] + M[1][1], sx * sy};
            return det2(M) + corners[0] * corners[1] - corners[2];
          }
        }
        """, "Q52", "rotatedArea", at(0.4, 1.5, 0.8));
  }

  @Test
  void q53ReverseInPlaceWithTwoIndicesInOneFor() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q53 {
          @Differentiable
          static double reversedDot(double[] a, double[] w) {
            double[] r = a.clone();
            for (int i = 0, j = r.length - 1; i < j; i++, j--) {
              double t = r[i];
              r[i] = r[j];
              r[j] = t;
            }
            double s = 0;
            for (int i = 0; i < r.length; i++) s += r[i] * w[i] * r[i];
            return s;
          }
        }
        """, "Q53", "reversedDot", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, new double[] {1.0, 2.0, 3.0, 4.0, 5.0}));
  }

  @Test
  void q54IirFilterInPlaceReadingEarlierOutputs() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q54 {
          @Differentiable
          static double lowpass(double[] x, double a1, double a2, double b0) {
            double[] y = x.clone();
            for (int n = 0; n < y.length; n++) {
              y[n] *= b0;
              if (n >= 1) y[n] -= a1 * y[n - 1];
              if (n >= 2) y[n] -= a2 * y[n - 2];
            }
            double e = 0;
            for (double v : y) e += v * v;
            return e;
          }
        }
        """, "Q54", "lowpass", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1, -0.4}, -0.5, 0.2, 0.8));
  }

  @Test
  void q55TransposeInPlaceBySwappingAcrossTheDiagonal() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q55 {
          @Differentiable
          static double asymmetry(double[][] A) {
            int n = A.length;
            double[][] T = new double[n][n];
            for (int i = 0; i < n; i++) T[i] = A[i].clone();
            for (int i = 0; i < n; i++) {
              for (int j = i + 1; j < n; j++) {
                double tmp = T[i][j];
                T[i][j] = T[j][i];
                T[j][i] = tmp;
              }
            }
            double s = 0;
            for (int i = 0; i < n; i++)
              for (int j = 0; j < n; j++) {
                double d = A[i][j] - T[i][j];
                s += d * d * A[i][j];
              }
            return s;
          }
        }
        """, "Q55", "asymmetry", at((Object) new double[][] {{1.0, 2.0, 0.5}, {3.0, -1.0, 2.0}, {0.5, 4.0, 1.0}}));
  }

  @Test
  void q56AccumulatorChosenByATernaryIndex() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q56 {
          @Differentiable
          static double balance(double[] x, double[] w) {
            double[] acc = new double[2];
            int[] counts = new int[2];
            for (int i = 0; i < x.length; i++) {
              int side = x[i] * w[i] > 0 ? 0 : 1;
              acc[side] += x[i] * w[i];
              counts[side]++;
            }
            double pos = counts[0] > 0 ? acc[0] / counts[0] : 0;
            double neg = counts[1] > 0 ? acc[1] / counts[1] : 0;
            return pos * pos + neg * neg + pos * neg;
          }
        }
        """, "Q56", "balance", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, new double[] {1.0, 0.5, -0.3, 2.0, 0.7}));
  }

  @Test
  void q57InfinityNormAndARunningMaxOfAbsoluteDifferences() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q57 {
          @Differentiable
          static double spread(double[] a, double[] b) {
            double m = 0;
            int where = -1;
            for (int i = 0; i < a.length; i++) {
              double d = Math.abs(a[i] - b[i]);
              if (d > m) {
                m = d;
                where = i;
              }
            }
            m = Math.max(m, Math.abs(a[0] * b[0]));
            return where < 0 ? 0 : m * (where + 1) + a[where];
          }
        }
        """, "Q57", "spread", at(new double[] {0.5, -1.0, 2.0}, new double[] {1.0, 0.5, -0.3}));
  }

  @Test
  void q58WhileWithTwoConditionsAndAGrowingStep() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q58 {
          @Differentiable
          static double bracket(double[] c, double x0) {
            double x = x0, step = 0.1;
            int i = 0;
            double f = c[0] * x * x + c[1] * x;
            while (i < 12 && f > c[2]) {
              x -= step;
              step *= 1.5;
              f = c[0] * x * x + c[1] * x;
              i++;
            }
            return x * f + step;
          }
        }
        """, "Q58", "bracket", at(new double[] {1.0, 0.5, -0.01}, 2.0));
  }

  @Test
  void q59RaggedArraysMadeEachTripOfTheirOwnLength() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q59 {
          @Differentiable
          static double pyramid(double[] x) {
            double total = 0;
            double[] prev = x;
            while (prev.length > 1) {
              double[] seg = new double[prev.length - 1];
              for (int i = 0; i < seg.length; i++) seg[i] = Math.sqrt(prev[i] * prev[i] + prev[i + 1] * prev[i + 1]);
              total += seg[seg.length - 1];
              prev = seg;
            }
            return total + prev[0];
          }
        }
        """, "Q59", "pyramid", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}));
  }

  @Test
  void q60GridScaledThroughTheRowsOfAnEnhancedFor() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q60 {
          @Differentiable
          static double normalisedGrid(double[][] G) {
            double[][] grid = new double[G.length][G[0].length];
            double total = 0;
            for (int i = 0; i < G.length; i++)
              for (int j = 0; j < G[i].length; j++) {
                grid[i][j] = Math.exp(G[i][j]);
                total += grid[i][j];
              }
            for (double[] r : grid)
              for (int j = 0; j < r.length; j++) r[j] /= total;
            double h = 0;
            for (double[] r : grid)
              for (double p : r) h -= p * Math.log(p);
            return h;
          }
        }
        """, "Q60", "normalisedGrid", at((Object) new double[][] {{0.5, -1.0, 2.0}, {0.3, 1.1, -0.4}}));
  }

  @Test
  void q61HelpersCallingHelpersWithEarlyReturnsInLoops() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q61 {
          static double firstAbove(double[] x, double t) {
            for (int i = 0; i < x.length; i++) {
              if (x[i] > t) return x[i] * (i + 1);
            }
            return t;
          }

          static double clamp(double v, double lo, double hi) {
            return v < lo ? lo : v > hi ? hi : v;
          }

          static double score(double[] x, double t) {
            double f = firstAbove(x, t);
            return clamp(f, -2, 5) + Math.log1p(f * f);
          }

          @Differentiable
          static double total(double[] x, double[] ts) {
            double s = 0;
            for (double t : ts) s += score(x, t);
            return s;
          }
        }
        """, "Q61", "total", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, new double[] {0.4, 1.5, 3.0, -2.0}));
  }

  @Test
  void q62ExponentialMovingAverageSkippingMissingValues() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q62 {
          @Differentiable
          static double ema(double[] x, double beta) {
            double m = 0;
            int t = 0;
            for (int i = 0; i < x.length; i++) {
              if (Double.isNaN(x[i])) continue;
              t++;
              m = beta * m + (1 - beta) * x[i];
            }
            return t == 0 ? Double.NaN : m / (1 - Math.pow(beta, t));
          }
        }
        """, "Q62", "ema", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, 0.8));
  }

  @Test
  void q63ParameterReassignedToItsCloneThenWritten() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q63 {
          @Differentiable
          static double smoothed(double[] x, int passes) {
            x = x.clone();
            for (int p = 0; p < passes; p++) {
              double prev = x[0];
              for (int i = 1; i < x.length - 1; i++) {
                double cur = x[i];
                x[i] = 0.25 * prev + 0.5 * cur + 0.25 * x[i + 1];
                prev = cur;
              }
            }
            double s = 0;
            for (int i = 0; i < x.length; i++) s += x[i] * x[i] * x[i];
            return s;
          }
        }
        """, "Q63", "smoothed", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, 3));
  }

  @Test
  void q64NumericalDerivativeInsideTheMethod() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q64 {
          static final double H = 1e-3;

          static double f(double x, double a) {
            return Math.sin(a * x) * Math.exp(-x * x);
          }

          @Differentiable
          static double slopePenalty(double a, double[] xs) {
            double s = 0;
            for (double x : xs) {
              double slope = (f(x + H, a) - f(x - H, a)) / (2 * H);
              s += slope * slope + f(x, a);
            }
            return s;
          }
        }
        """, "Q64", "slopePenalty", at(1.3, new double[] {-0.5, 0.2, 0.9}));
  }

  @Test
  void q65CompoundIntAssignmentsNarrowingDoublesAreErrorsSayingToCast() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q65 {
          @Differentiable
          static double hashed(double[] emb, double[] x) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              int k = i;
              k += 2.5;
              s += emb[k % emb.length] * x[i];
            }
            return s;
          }
        }
        """), "k += 2.5;", "`+=` of a double into an integer", "cast explicitly");
  }

  @Test
  void q65CastsWrittenOutForAnIndexAsTheErrorSays() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q65b {
          @Differentiable
          static double hashed(double[] emb, double[] x) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              int k = i;
              k = (int) (k + 2.5);
              k = (int) (k * 1.5);
              k %= emb.length;
              s += emb[k] * x[i];
            }
            return s;
          }
        }
        """, "Q65b", "hashed", at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, new double[] {1.0, 0.5, -0.3, 2.0}));
  }

  @Test
  void q66LookupOnAUniformGridByAFlooredCast() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q66 {
          static final double X0 = -1.0, DX = 0.5;

          static double interp(double[] table, double x) {
            double u = (x - X0) / DX;
            int i = (int) Math.floor(u);
            if (i < 0) return table[0];
            if (i >= table.length - 1) return table[table.length - 1];
            double frac = u - i;
            return table[i] * (1 - frac) + table[i + 1] * frac;
          }

          @Differentiable
          static double fit(double[] table, double[] xs, double[] ys) {
            double s = 0;
            for (int k = 0; k < xs.length; k++) {
              double r = interp(table, xs[k]) - ys[k];
              s += r * r;
            }
            return s;
          }
        }
        """, "Q66", "fit",
        at(new double[] {0.1, 0.5, 0.2, -0.3, 0.8}, new double[] {-1.7, -0.8, 0.1, 0.66, 1.3}, new double[] {0.0, 0.4, 0.1, 0.2, 0.9}));
  }

  @Test
  void q67BilinearSamplingOfAnImageAtDifferentiatedCoordinates() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q67 {
          static double sample(double[][] img, double x, double y) {
            int x0 = (int) x, y0 = (int) y;
            int x1 = Math.min(x0 + 1, img[0].length - 1), y1 = Math.min(y0 + 1, img.length - 1);
            double fx = x - x0, fy = y - y0;
            double top = img[y0][x0] * (1 - fx) + img[y0][x1] * fx;
            double bottom = img[y1][x0] * (1 - fx) + img[y1][x1] * fx;
            return top * (1 - fy) + bottom * fy;
          }

          @Differentiable
          static double warp(double[][] img, double dx, double dy, double angle) {
            double s = 0;
            for (int r = 0; r < 2; r++) {
              for (int c = 0; c < 2; c++) {
                double x = c * Math.cos(angle) - r * Math.sin(angle) + dx;
                double y = c * Math.sin(angle) + r * Math.cos(angle) + dy;
                s += sample(img, x, y) * (r + 2 * c + 1);
              }
            }
            return s;
          }
        }
        """, "Q67", "warp",
        at(new double[][] {{0.1, 0.5, 0.2, 0.4}, {0.3, 0.8, -0.1, 0.6}, {0.9, 0.2, 0.7, 0.0}, {0.5, 0.5, 0.3, 0.2}}, 0.7, 0.4, 0.3));
  }

  @Test
  void q68RobotArmForwardKinematicsWithCumulativeAngles() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q68 {
          static double[] tip(double[] lengths, double[] angles) {
            double x = 0, y = 0, theta = 0;
            for (int i = 0; i < lengths.length; i++) {
              theta += angles[i];
              x += lengths[i] * Math.cos(theta);
              y += lengths[i] * Math.sin(theta);
            }
            return new double[] {x, y};
          }

          @Differentiable
          static double reachError(double[] angles, double[] lengths, double tx, double ty) {
            double[] p = tip(lengths, angles);
            double d = Math.hypot(p[0] - tx, p[1] - ty);
            return d + 0.01 * Math.atan2(p[1], p[0]);
          }
        }
        """, "Q68", "reachError", at(new double[] {0.3, -0.5, 0.8}, new double[] {1.0, 0.7, 0.4}, 1.2, 0.6));
  }

  @Test
  void q69ComplexNumbersAsARecordWithMethods() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q69 {
          record Complex(double re, double im) {
            Complex plus(Complex o) {
              return new Complex(re + o.re, im + o.im);
            }

            Complex times(Complex o) {
              return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
            }

            double abs2() {
              return re * re + im * im;
            }
          }

          @Differentiable
          static double polyAtRootOfUnity(double[] coeffs, double angle) {
            Complex z = new Complex(Math.cos(angle), Math.sin(angle));
            Complex acc = new Complex(0, 0);
            for (int i = coeffs.length - 1; i >= 0; i--) {
              acc = acc.times(z).plus(new Complex(coeffs[i], 0));
            }
            return acc.abs2();
          }
        }
        """, "Q69", "polyAtRootOfUnity", at(new double[] {0.5, -1.0, 2.0, 0.3}, 0.7));
  }

  @Test
  void q70TryCatchIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q70 {
          @Differentiable
          static double safeLog(double[] x) {
            double s = 0;
            for (double v : x) {
              try {
                s += Math.log(v);
              } catch (ArithmeticException e) {
                s -= 1;
              }
            }
            return s;
          }
        }
        """), "try {", "try");
  }

  @Test
  void q71EnumConstantsWithTheirOwnMethodsGivenADifferentiatedValue() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q71 {
          enum Act {
            RELU {
              double f(double z) {
                return Math.max(0, z);
              }
            },
            TANH {
              double f(double z) {
                return Math.tanh(z);
              }
            };

            abstract double f(double z);
          }

          @Differentiable
          static double layer(double[] z, Act act) {
            double s = 0;
            for (double v : z) s += act.f(v);
            return s;
          }
        }
        """), "s += act.f(v)", "act.f", "static method");
  }

  @Test
  void q72TimeSteppingWithADoubleCounter() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q72 {
          @Differentiable
          static double damped(double k, double c, double x0, double tEnd) {
            double x = x0, v = 0, dt = 0.01;
            for (double t = 0; t < tEnd; t += dt) {
              double a = -k * x - c * v;
              v += a * dt;
              x += v * dt;
            }
            return x;
          }
        }
        """, "Q72", "damped", at(4.0, 0.3, 1.0, 1.005));
  }

  @Test
  void q73PaddedCopyThenValidConvolution() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Q73 {
          @Differentiable
          static double smooth(double[] x, double[] k) {
            int pad = k.length - 1;
            double[] padded = Arrays.copyOf(x, x.length + pad);
            for (int i = x.length; i < padded.length; i++) padded[i] = x[x.length - 1];
            double s = 0;
            for (int i = 0; i + k.length <= padded.length; i++) {
              double y = 0;
              for (int j = 0; j < k.length; j++) y += k[j] * padded[i + j];
              s += Math.tanh(y);
            }
            return s;
          }
        }
        """, "Q73", "smooth", at(new double[] {0.5, -1.0, 2.0, 0.3}, new double[] {0.2, 0.5, 0.3}));
  }

  @Test
  void q74HelperResultsStoredAsRowsThenWrittenThrough() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q74 {
          static double[] features(double x) {
            return new double[] {1, x, x * x, Math.sin(x)};
          }

          @Differentiable
          static double design(double[] xs, double[] w) {
            double[][] Phi = new double[xs.length][];
            for (int i = 0; i < xs.length; i++) {
              Phi[i] = features(xs[i]);
              Phi[i][0] = xs[i] > 0 ? 1 : -1;
              Phi[i][3] *= w[3];
            }
            double s = 0;
            for (double[] row : Phi) {
              double p = 0;
              for (int j = 0; j < w.length; j++) p += row[j] * w[j];
              s += p * p;
            }
            return s;
          }
        }
        """, "Q74", "design", at(new double[] {0.5, -1.0, 2.0}, new double[] {0.2, 0.5, 0.3, -0.4}));
  }

  @Test
  void q75InstanceMethodReadingFieldsThroughInstanceHelpers() throws Exception {
    String code = """
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q75 {
          private final double[] centers;
          private final double width;

          Q75(double[] centers, double width) {
            this.centers = centers;
            this.width = width;
          }

          private double rbf(double x, int i) {
            double d = (x - centers[i]) / width;
            return Math.exp(-d * d);
          }

          double predict(double[] w, double x) {
            double s = 0;
            for (int i = 0; i < centers.length; i++) s += w[i] * rbf(x, i);
            return s;
          }

          @Differentiable(wrt = "w")
          double loss(double[] w, double[] xs, double[] ys) {
            double s = 0;
            for (int k = 0; k < xs.length; k++) {
              double r = predict(w, xs[k]) - ys[k];
              s += r * r;
            }
            return s;
          }
        }
        """;
    Loaded l = compiled(code);
    var make = l.loadClass("rt.Q75").getDeclaredConstructor(double[].class, double.class);
    make.setAccessible(true);
    Object model = make.newInstance(new double[] {-1.0, 0.0, 1.0}, 0.8);
    dev.flatgrad.processor.numeric.GradAsserts.assertGradient(l, "rt.Q75Grad", "loss", model,
        new double[] {0.5, -0.2, 0.9}, new double[] {-0.7, 0.1, 0.6}, new double[] {0.3, 0.0, 0.5});
  }

  @Test
  void q76SwitchExpressionOnAFlooredDifferentiatedValue() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q76 {
          @Differentiable
          static double piecewise(double[] xs, double a) {
            double s = 0;
            for (double x : xs) {
              int region = (int) Math.floor(x * a);
              s += switch (region) {
                case 0 -> x * x;
                case 1, 2 -> {
                  double t = x - 1;
                  yield t * t * a;
                }
                default -> region < 0 ? Math.exp(x) : a * x;
              };
            }
            return s;
          }
        }
        """, "Q76", "piecewise", at(new double[] {0.2, 0.9, 1.7, -0.6, 3.4}, 0.9));
  }

  @Test
  void q77LabelledContinueSkippingMaskedRows() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q77 {
          @Differentiable
          static double maskedLoss(double[][] X, double[] w, boolean[][] mask) {
            double s = 0;
            rows:
            for (int i = 0; i < X.length; i++) {
              double z = 0;
              for (int j = 0; j < w.length; j++) {
                if (!mask[i][j]) continue rows;
                z += X[i][j] * w[j];
              }
              s += Math.log1p(Math.exp(z));
            }
            return s;
          }
        }
        """, "Q77", "maskedLoss",
        at(new double[][] {{1.0, 2.0}, {0.5, -0.3}, {-3.0, 1.0}}, new double[] {0.4, -0.6},
            new boolean[][] {{true, true}, {true, false}, {true, true}}));
  }

  @Test
  void q78FillAndArraycopyBetweenRowsWithDifferentiatedValues() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class Q78 {
          @Differentiable
          static double tiles(double[] x, double bias) {
            double[][] T = new double[3][x.length];
            Arrays.fill(T[0], bias);
            System.arraycopy(x, 0, T[1], 0, x.length);
            for (int j = 0; j < x.length; j++) T[0][j] += x[j] * x[j];
            System.arraycopy(T[0], 1, T[2], 0, x.length - 1);
            Arrays.fill(T[2], x.length - 1, x.length, bias * bias);
            double s = 0;
            for (double[] row : T)
              for (double v : row) s += Math.sin(v);
            return s;
          }
        }
        """, "Q78", "tiles", at(new double[] {0.5, -1.0, 2.0, 0.3}, 0.7));
  }

  @Test
  void q79SincAndPolarCoordinatesWithGuards() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q79 {
          static double sinc(double x) {
            return x == 0 ? 1 : Math.sin(x) / x;
          }

          @Differentiable
          static double field(double[] px, double[] py, double k) {
            double s = 0;
            for (int i = 0; i < px.length; i++) {
              double r = Math.hypot(px[i], py[i]);
              double phi = Math.atan2(py[i], px[i]);
              s += sinc(k * r) * Math.cos(2 * phi);
            }
            return s;
          }
        }
        """, "Q79", "field", at(new double[] {0.5, -1.0, 2.0}, new double[] {0.3, 0.8, -1.1}, 1.7));
  }

  @Test
  void q80ElementsReadThroughAStaticNestedUtilityClass() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q80 {
          static final class Vec {
            private Vec() {}

            static double dot(double[] a, double[] b) {
              double s = 0;
              for (int i = 0; i < a.length; i++) s += a[i] * b[i];
              return s;
            }

            static double[] scaled(double[] a, double c) {
              double[] r = new double[a.length];
              for (int i = 0; i < a.length; i++) r[i] = a[i] * c;
              return r;
            }

            static double norm(double[] a) {
              return Math.sqrt(dot(a, a));
            }
          }

          @Differentiable
          static double cosine(double[] a, double[] b) {
            double[] ua = Vec.scaled(a, 1 / Vec.norm(a));
            double[] ub = Vec.scaled(b, 1 / Vec.norm(b));
            return Vec.dot(ua, ub);
          }
        }
        """, "Q80", "cosine", at(new double[] {0.5, -1.0, 2.0}, new double[] {0.3, 0.8, -1.1}));
  }

  @Test
  void q81StaticImportsOfMath() throws Exception {
    assertProgram("""
        package rt;

        import static java.lang.Math.*;

        import dev.flatgrad.annotations.Differentiable;

        class Q81 {
          @Differentiable
          static double gaussianMix(double x, double mu, double sigma) {
            double z = (x - mu) / sigma;
            return exp(-0.5 * z * z) / (sigma * sqrt(2 * PI)) + max(0, x) * pow(abs(mu), 1.5) + log1p(hypot(x, mu));
          }
        }
        """, "Q81", "gaussianMix", at(0.7, -0.3, 1.2));
  }

  @Test
  void q82HelpersNamedAsMathsFunctionsAreTheUsers() throws Exception {
    // exp, max and sum here are the user's own: a Taylor polynomial, a soft max, a weighted sum.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q82 {
          static double exp(double x) {
            return 1 + x + x * x / 2;
          }

          static double max(double a, double b) {
            return Math.log(Math.exp(a) + Math.exp(b));
          }

          static double sum(double[] a) {
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * (i + 1);
            return s;
          }

          static double tanh(double x) {
            return x / (1 + Math.abs(x));
          }

          @Differentiable
          static double f(double[] a, double b) {
            return exp(b) + max(a[0], b) + sum(a) + tanh(a[1] * b);
          }
        }
        """, "Q82", "f", at(new double[] {0.5, -1.0, 2.0}, 0.7));
  }

  @Test
  void q83StaticImportOfAnotherClassesHelper() throws Exception {
    assertProgram("""
        package rt;

        import static java.lang.Math.exp;

        import dev.flatgrad.annotations.Differentiable;

        class Q83 {
          static double sigmoid(double z) {
            return 1 / (1 + exp(-z));
          }

          @Differentiable
          static double loss(double[] w, double[] x, double y) {
            double z = 0;
            for (int i = 0; i < w.length; i++) z += w[i] * x[i];
            double p = sigmoid(z);
            return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
          }
        }
        """, "Q83", "loss", at(new double[] {0.5, -1.0, 2.0}, new double[] {0.3, 0.8, -1.1}, 1.0));
  }

  @Test
  void q84GreekNamesAndFieldsShadowedByParameters() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q84 {
          static double σ = 3.0;
          static final double w = 100.0;

          @Differentiable
          static double normal(double x, double μ, double σ, double w) {
            double z = (x - μ) / σ;
            return w * Math.exp(-z * z / 2) / (σ * Math.sqrt(2 * Math.PI)) + Q84.σ * Q84.w * 0.0 + Q84.σ;
          }
        }
        """, "Q84", "normal", at(0.7, -0.3, 1.2, 2.0));
  }

  @Test
  void q85LocalsNamedAsTheGeneratedCodesNames() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q85 {
          @Differentiable
          static double f(double[] x, double value, double dvalue) {
            double dx = 0, grad = 1, out = 0, tape = 0.5, stack = 2;
            double[] dout = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              dout[i] = x[i] * value + dvalue;
              dx += dout[i] * dout[i];
              grad *= 1 + 0.1 * x[i];
            }
            double saved = dx * grad;
            out = saved + tape * stack;
            return out;
          }
        }
        """, "Q85", "f", at(new double[] {0.5, -1.0, 2.0}, 0.7, 0.2));
  }

  @Test
  void q86OverloadedDifferentiableMethods() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q86 {
          @Differentiable
          static double energy(double x) {
            return x * x * x;
          }

          @Differentiable
          static double energy(double[] x) {
            double s = 0;
            for (double v : x) s += energy(v);
            return s;
          }

          @Differentiable
          static double energy(double[] x, double scale) {
            return scale * energy(x);
          }
        }
        """);
    // Each overload's check (value bit for bit, gradient against differences), numbered as generated.
    ((GradCheck.Report) l.call("rt.Q86Grad", "checkEnergy", 0.7)).assertPassed();
    ((GradCheck.Report) l.call("rt.Q86Grad", "checkEnergy2", (Object) new double[] {0.5, -1.0, 2.0})).assertPassed();
    ((GradCheck.Report) l.call("rt.Q86Grad", "checkEnergy3", new double[] {0.5, -1.0, 2.0}, 1.5)).assertPassed();
  }

  @Test
  void q87EmptyBodiedSearchLoopsAndForsWithoutParts() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q87 {
          @Differentiable
          static double tail(double[] x, double t) {
            int i;
            for (i = 0; i < x.length && x[i] < t; i++);
            int j = x.length - 1;
            for (; j > i && x[j] > t; ) j--;
            double s = 0;
            for (;;) {
              if (i > j) break;
              s += x[i] * x[i] * t;
              i++;
            }
            return s + (i < x.length ? x[i] : t);
          }
        }
        """, "Q87", "tail", at(new double[] {0.1, 0.5, 2.0, 1.5, 0.2, 3.0}, 1.0), at(new double[] {3.0, 4.0}, 1.0));
  }

  @Test
  void q88AssignmentInsideAConditionIsAnErrorSayingToWriteItApart() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q88 {
          static int bucket(double v) {
            return v < 0 ? -1 : (int) (v * 2);
          }

          @Differentiable
          static double histogramLoss(double[] x, double[] w) {
            double s = 0;
            int k;
            for (int i = 0; i < x.length; i++) {
              if ((k = bucket(x[i])) >= 0 && k < w.length) {
                s += w[k] * x[i];
              }
            }
            return s;
          }
        }
        """), "if ((k = bucket(x[i])) >= 0", "assignment inside an expression", "its own statement");
  }

  @Test
  void q88AssignmentWrittenApartAsTheErrorSays() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q88b {
          static int bucket(double v) {
            return v < 0 ? -1 : (int) (v * 2);
          }

          @Differentiable
          static double histogramLoss(double[] x, double[] w) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              int k = bucket(x[i]);
              if (k >= 0 && k < w.length) {
                s += w[k] * x[i];
              } else {
                s -= x[i] * x[i];
              }
            }
            return s;
          }
        }
        """, "Q88b", "histogramLoss", at(new double[] {0.1, -0.5, 1.2, 0.7, 3.0}, new double[] {1.0, 2.0, 3.0}));
  }

  @Test
  void q89XorshiftInlineForAMonteCarloEstimate() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q89 {
          @Differentiable
          static double expectedPayoff(double mu, double sigma, long seed) {
            long state = seed;
            double sum = 0;
            final int N = 200;
            for (int i = 0; i < N; i++) {
              state ^= state << 13;
              state ^= state >>> 7;
              state ^= state << 17;
              double u1 = ((state >>> 11) + 0.5) / (double) (1L << 53);
              state ^= state << 13;
              state ^= state >>> 7;
              state ^= state << 17;
              double u2 = ((state >>> 11) + 0.5) / (double) (1L << 53);
              double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
              double x = mu + sigma * z;
              sum += x * x / (1 + x * x);
            }
            return sum / N;
          }
        }
        """, "Q89", "expectedPayoff", at(0.3, 1.2, 12345L));
  }

  @Test
  void q90BracelessIfElseChainsAndParenthesisedReturns() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q90 {
          static double piece(double x, double a) {
            if (x < -1) return (-a * (x + 1) - a / 2);
            else if (x < 1) return (a * x * x / 2);
            else return (a * (x - 1) + a / 2);
          }

          @Differentiable
          static double total(double[] xs, double a) {
            double s = 0;
            for (double x : xs)
              if (x != 0)
                s += piece(x, a);
              else
                s -= a;
            return (s);
          }
        }
        """, "Q90", "total", at(new double[] {-2.0, -0.5, 0.4, 0.7, 3.0}, 1.3),
        // At x == 0 exactly (the else branch) only the gradient is checked: a tangent moving that
        // x leaves the branch, as the differences along it see.
        at(new double[] {-2.0, -0.5, 0.0, 0.7, 3.0}, 1.3));
  }

  @Test
  void q91SelfAssignmentsNegationsInPlaceAndFinalVar() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q91 {
          @Differentiable
          static double flip(double[] x, double c) {
            final var y = x.clone();
            for (int i = 0; i < y.length; i += 2) {
              y[i] = -y[i];
              y[i] = y[i];
            }
            c = c;
            double s = 0;
            for (var v : y) s += v * c;
            return s * s;
          }
        }
        """, "Q91", "flip", at(new double[] {0.1, -0.5, 1.2, 0.7, 3.0}, 1.3));
  }

  @Test
  void q92MultiplicativeUpdatesAndCastsOfIntRatios() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q92 {
          @Differentiable
          static double schedule(double lr0, double[] w) {
            double lr = lr0;
            double loss = 0;
            int n = w.length;
            double[] v = w.clone();
            for (int epoch = 0; epoch < 6; epoch++) {
              double frac = (double) epoch / n;
              double warm = epoch < 2 ? (epoch + 1) / 2.0 : 1.0;
              for (int i = 0; i < n; i++) {
                v[i] *= 1 - lr * warm * (1 + frac);
                loss += v[i] * v[i] * (i + 1) / n;
              }
              lr *= epoch % 2 == 1 ? 0.5 : 1;
            }
            return loss;
          }
        }
        """, "Q92", "schedule", at(0.1, new double[] {0.1, -0.5, 1.2, 0.7}));
  }

  @Test
  void q93LocalClassInsideTheMethodIsAnErrorOnItsLine() {
    assertErrorsOn(source("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q93 {
          @Differentiable
          static double f(double[] x) {
            class Acc {
              double total;
            }
            Acc a = new Acc();
            for (double v : x) a.total += v * v;
            return a.total;
          }
        }
        """), "class Acc", "class");
  }

  @Test
  void q94MatrixVectorProductsWrittenWithRowLocalsAndCompoundsOnRows() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q94 {
          @Differentiable
          static double residual(double[][] A, double[] x, double[] b) {
            int n = A.length;
            double[][] R = new double[n][];
            for (int i = 0; i < n; i++) {
              double[] row = new double[x.length];
              final double[] a = A[i];
              for (int j = 0; j < x.length; j++) {
                row[j] = a[j] * x[j];
                row[j] -= j == i ? b[i] : 0;
              }
              R[i] = row;
            }
            double s = 0;
            for (double[] row : R) {
              double r = 0;
              for (double e : row) r += e;
              s += r * r;
            }
            return s;
          }
        }
        """, "Q94", "residual",
        at(new double[][] {{1.0, 2.0, 0.5}, {3.0, -1.0, 2.0}}, new double[] {0.3, -0.4, 0.9}, new double[] {1.0, -2.0}));
  }

  @Test
  void q95WhileLoopConsumingAQueueOfIndicesHeldInAnIntArray() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q95 {
          @Differentiable
          static double treeSum(double[] nodeValues, int[] left, int[] right) {
            int[] queue = new int[nodeValues.length];
            int head = 0, tail = 0;
            queue[tail++] = 0;
            double[] depthWeight = new double[nodeValues.length];
            depthWeight[0] = 1.0;
            double s = 0;
            while (head < tail) {
              int node = queue[head++];
              s += depthWeight[node] * Math.tanh(nodeValues[node]);
              if (left[node] >= 0) {
                depthWeight[left[node]] = depthWeight[node] * 0.5 * nodeValues[node];
                queue[tail++] = left[node];
              }
              if (right[node] >= 0) {
                depthWeight[right[node]] = depthWeight[node] * 0.5;
                queue[tail++] = right[node];
              }
            }
            return s;
          }
        }
        """, "Q95", "treeSum",
        at(new double[] {0.5, -1.0, 2.0, 0.3, 1.1}, new int[] {1, 3, -1, -1, -1}, new int[] {2, 4, -1, -1, -1}));
  }

  @Test
  void q96MatrixResultBuiltRowByRowFromAHelper() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q96 {
          static double[] rotate(double[] p, double theta) {
            double c = Math.cos(theta), s = Math.sin(theta);
            return new double[] {c * p[0] - s * p[1], s * p[0] + c * p[1]};
          }

          @Differentiable
          static double[][] orbit(double[] p0, double theta, int steps) {
            double[][] path = new double[steps + 1][];
            path[0] = p0.clone();
            for (int k = 1; k <= steps; k++) {
              path[k] = rotate(path[k - 1], theta * k);
              path[k][1] *= 0.9;
            }
            return path;
          }
        }
        """);
    double[][] dout = {{1.0, 0.5}, {-0.3, 2.0}, {0.7, -1.1}, {0.2, 0.4}};
    ((GradCheck.Report) l.call("rt.Q96Grad", "checkOrbit", new double[] {1.0, 0.3}, 0.4, 3, dout)).assertPassed();
  }

  @Test
  void q97HelperReturningACopyFromInsideNestedLoops() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q97 {
          static double[] firstRowAbove(double[][] M, double t) {
            for (int i = 0; i < M.length; i++) {
              for (int j = 0; j < M[i].length; j++) {
                if (M[i][j] > t) return M[i].clone();
              }
            }
            return new double[M[0].length];
          }

          @Differentiable
          static double picked(double[][] M, double t, double[] w) {
            double[] r = firstRowAbove(M, t);
            r[0] += t;
            double s = 0;
            for (int j = 0; j < r.length; j++) s += r[j] * w[j];
            return s * s;
          }
        }
        """, "Q97", "picked",
        at(new double[][] {{0.1, 0.2}, {0.5, 1.7}, {2.0, 0.3}}, 1.0, new double[] {0.5, -1.5}),
        at(new double[][] {{0.1, 0.2}, {0.5, 0.7}}, 1.0, new double[] {0.5, -1.5}));
  }

  @Test
  void q98MultiHeadProjectionsFromAStackOfMatrices() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q98 {
          static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) s += a[i] * b[i];
            return s;
          }

          @Differentiable
          static double heads(double[][][] Wq, double[] x, double[][] keys) {
            double total = 0;
            for (double[][] W : Wq) {
              double[] q = new double[W.length];
              for (int r = 0; r < W.length; r++) q[r] = dot(W[r], x);
              double m = Double.NEGATIVE_INFINITY;
              double[] sc = new double[keys.length];
              for (int k = 0; k < keys.length; k++) {
                sc[k] = dot(q, keys[k]);
                m = Math.max(m, sc[k]);
              }
              double z = 0;
              for (int k = 0; k < sc.length; k++) {
                sc[k] = Math.exp(sc[k] - m);
                z += sc[k];
              }
              for (int k = 0; k < sc.length; k++) sc[k] /= z;
              total += sc[0] - sc[sc.length - 1];
            }
            return total;
          }
        }
        """, "Q98", "heads",
        at(new double[][][] {{{0.3, -0.2}, {0.5, 0.1}}, {{-0.4, 0.8}, {0.2, 0.2}}}, new double[] {1.0, -0.5},
            new double[][] {{1.0, 0.0}, {0.5, 0.5}, {-0.2, 1.0}}));
  }

  @Test
  void q99StepCountFromADifferentiatedDuration() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q99 {
          @Differentiable
          static double cooled(double T, double k, double dtMax) {
            int steps = (int) Math.ceil(T / dtMax);
            double dt = T / steps;
            double temp = 100;
            for (int s = 0; s < steps; s++) temp -= k * (temp - 20) * dt;
            return temp;
          }
        }
        """, "Q99", "cooled", at(2.35, 0.4, 0.1));
  }

  @Test
  void q100DifferentiableMethodOfAnEnumNamingItsConstantsUnqualified() throws Exception {
    // LARGE and SMALL once were "cannot resolve": an enum's own constants, as javac resolves them.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        enum Q100 {
          SMALL(0.1), LARGE(2.0);

          final double scale;

          Q100(double scale) {
            this.scale = scale;
          }

          interface Kernels {
            static double gauss(double d, double s) {
              return Math.exp(-d * d / (2 * s * s));
            }
          }

          @Differentiable
          static double density(double[] xs, double at, double bandwidth) {
            double s = 0;
            Q100 mode = LARGE;
            for (double x : xs) s += Kernels.gauss(x - at, bandwidth * LARGE.scale) + SMALL.scale * x;
            return mode == SMALL ? s : s / xs.length;
          }
        }
        """, "Q100", "density", at(new double[] {0.3, -1.2, 2.0}, 0.4, 0.8));
  }

  @Test
  void q101RowsOfANewMatrixFromAHelperAfterACloneInRowZero() throws Exception {
    // The backward pass restores path[1] to the null of new double[2][] and its adjoint row to
    // null; the adjoint matrix was then copied by an Nd.copy that threw on null rows.
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q101 {
          static double[] scaled(double[] p, double t) {
            return new double[] {p[0] * t, p[1] * t};
          }

          @Differentiable
          static double sum(double[] p0, double t) {
            double[][] path = new double[2][];
            path[0] = p0.clone();
            path[1] = scaled(path[0], t);
            return path[1][0] + path[1][1];
          }
        }
        """, "Q101", "sum", at(new double[] {1.0, 0.3}, 0.4));
  }

  @Test
  void q102RowsOfANewMatrixAssignedOnlyWhereATestHolds() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Q102 {
          static double[] scaled(double[] p, double t) {
            double[] r = new double[p.length];
            for (int i = 0; i < p.length; i++) r[i] = p[i] * t;
            return r;
          }

          @Differentiable
          static double sparse(double[] x) {
            int n = x.length;
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
              if (x[i] > 0) rows[i] = scaled(x, x[i]);
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
              if (x[i] > 0) s += rows[i][0] * rows[i][n - 1];
            }
            return s;
          }
        }
        """, "Q102", "sparse", at(new double[] {1.0, -0.3, 0.5, 0.7}));
  }
}
