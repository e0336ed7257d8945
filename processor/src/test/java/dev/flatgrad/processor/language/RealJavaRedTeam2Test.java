package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.UsersMethods.assertArrayAt;
import static dev.flatgrad.processor.language.UsersMethods.assertAt;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.language.UsersMethods.compiled;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
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
}
