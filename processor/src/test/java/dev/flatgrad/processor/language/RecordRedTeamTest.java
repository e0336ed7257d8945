package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.RecordPoints.make;
import static dev.flatgrad.processor.language.UsersMethods.assertAt;
import static dev.flatgrad.processor.language.UsersMethods.assertThrowsAsTheMethod;
import static dev.flatgrad.processor.language.UsersMethods.compiled;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * Programs P177 on, in RealJavaRedTeamTest's style, as users write them with records: optimizers
 * stepping records of parameters and moments, simulations stepping state records until an event,
 * nets of layer records given to helper objects, quotes and statistics as records, searches keeping
 * the better record; from P195, models as records of weights with methods, optimiser states
 * remade in loops, builder-style withX methods, nested records, static factories, and the records
 * flatgrad keeps as objects (in arrays, with a constructor of their own, compared) with the errors
 * saying what to write. Each value bit for bit against the method's own, each gradient against
 * centred differences, with the tangent and H·v.
 */
class RecordRedTeamTest {

  /** Adam on a record of parameters, moments as records remade each step. */
  @Test
  void p177AdamOnARecordWithMomentsRemadeEachStep() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P177 {
          record Params(double[] w, double b) {}

          record Moments(double[] m, double[] v, int t) {
            Moments update(double[] g, double beta1, double beta2) {
              double[] m2 = new double[m.length];
              double[] v2 = new double[v.length];
              for (int i = 0; i < m.length; i++) {
                m2[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v2[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
              }
              return new Moments(m2, v2, t + 1);
            }
          }

          static double[] grad(Params p, double[] x, double y) {
            double z = p.b();
            for (int i = 0; i < x.length; i++) {
              z += p.w()[i] * x[i];
            }
            double r = z - y;
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              g[i] = 2 * r * x[i];
            }
            return g;
          }

          @Differentiable
          static double adam(Params p0, double[] x, double y, double lr) {
            Params p = p0;
            Moments mo = new Moments(new double[x.length], new double[x.length], 0);
            for (int k = 0; k < 3; k++) {
              double[] g = grad(p, x, y);
              mo = mo.update(g, 0.9, 0.999);
              double c1 = 1 - Math.pow(0.9, mo.t());
              double c2 = 1 - Math.pow(0.999, mo.t());
              double[] w = new double[x.length];
              for (int i = 0; i < w.length; i++) {
                w[i] = p.w()[i] - lr * (mo.m()[i] / c1) / (Math.sqrt(mo.v()[i] / c2) + 1e-8);
              }
              p = new Params(w, p.b() - lr * g[0] * 0.1);
            }
            double z = p.b();
            for (int i = 0; i < x.length; i++) {
              z += p.w()[i] * x[i];
            }
            return (z - y) * (z - y);
          }
        }
        """);
    Object p = make(l, "rt.P177$Params", new double[] {0.2, -0.4, 0.1}, 0.05);
    assertAt(l, "P177", "adam", p, new double[] {1.0, -0.5, 2.0}, 0.7, 0.05);
  }

  /** Projectile with drag: a State record stepped until it lands (early return), with ternary wind. */
  @Test
  void p178ProjectileStateSteppedUntilItLands() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P178 {
          record State(double x, double y, double vx, double vy) {
            State step(double dt, double drag, double wind) {
              double speed = Math.sqrt(vx * vx + vy * vy);
              double ax = -drag * speed * vx + wind;
              double ay = -9.81 - drag * speed * vy;
              return new State(x + dt * vx, y + dt * vy, vx + dt * ax, vy + dt * ay);
            }
          }

          @Differentiable
          static double range(double v0, double angle, double drag) {
            State s = new State(0, 0, v0 * Math.cos(angle), v0 * Math.sin(angle));
            for (int k = 0; k < 200; k++) {
              double wind = s.y() > 5 ? 0.3 : -0.1;
              State next = s.step(0.02, drag, wind);
              if (next.y() < 0) {
                double f = s.y() / (s.y() - next.y());
                return s.x() + f * (next.x() - s.x());
              }
              s = next;
            }
            return s.x();
          }
        }
        """);
    // Points where no step of centred differences moves the wind's switch by a step (elsewhere, as
    // at (20, 0.7, 0.01), the range jumps within h and differences disagree; steps of 1e-8 agree).
    assertAt(l, "P178", "range", 18.0, 0.6, 0.012);
    assertAt(l, "P178", "range", 12.0, 1.1, 0.03);
  }

  /** A two-layer net whose layers are records with a forward method; the model is a helper object. */
  @Test
  void p179LayersOfANetGivenToALossObject() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P179 {
          record Layer(double[][] W, double[] b) {
            double[] forward(double[] x, boolean relu) {
              double[] z = new double[b.length];
              for (int j = 0; j < b.length; j++) {
                double s = b[j];
                for (int i = 0; i < x.length; i++) {
                  s += W[j][i] * x[i];
                }
                z[j] = relu ? Math.max(0, s) : s;
              }
              return z;
            }
          }

          record Net(Layer hidden, Layer out) {}

          static final class Loss {
            final double smoothing;

            Loss(double smoothing) {
              this.smoothing = smoothing;
            }

            double of(Net net, double[] x, int label) {
              double[] h = net.hidden().forward(x, true);
              return crossEntropy(net.out().forward(h, false), label);
            }

            double crossEntropy(double[] logits, int label) {
              double max = Double.NEGATIVE_INFINITY;
              for (double v : logits) {
                max = Math.max(max, v);
              }
              double sum = 0;
              for (double v : logits) {
                sum += Math.exp(v - max);
              }
              double logZ = max + Math.log(sum);
              double loss = 0;
              for (int k = 0; k < logits.length; k++) {
                double target = k == label ? 1 - smoothing : smoothing / (logits.length - 1);
                loss -= target * (logits[k] - logZ);
              }
              return loss;
            }
          }

          static final Loss LOSS = new Loss(0.1);

          @Differentiable
          static double batch(Net net, double[][] X, int[] labels) {
            double total = 0;
            for (int n = 0; n < X.length; n++) {
              total += LOSS.of(net, X[n], labels[n]);
            }
            return total / X.length;
          }
        }
        """);
    Object hidden = make(l, "rt.P179$Layer", new double[][] {{0.3, -0.2}, {0.5, 0.4}, {-0.6, 0.1}}, new double[] {0.1, -0.1, 0.2});
    Object out = make(l, "rt.P179$Layer", new double[][] {{0.2, -0.3, 0.5}, {-0.4, 0.6, 0.1}}, new double[] {0.05, -0.05});
    Object net = make(l, "rt.P179$Net", hidden, out);
    assertAt(l, "P179", "batch", net, new double[][] {{1.0, 0.5}, {-0.3, 0.8}, {0.2, -1.1}}, new int[] {0, 1, 1});
  }

  /** Black-Scholes call and greeks-by-AD with a Quote record and a helper pricing object. */
  @Test
  void p180OptionQuotesAsRecordsChosenByATernary() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P180 {
          record Quote(double spot, double strike, double rate, double vol, double t) {
            double d1() {
              return (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * t) / (vol * Math.sqrt(t));
            }
          }

          static double cdf(double x) {
            double t = 1 / (1 + 0.2316419 * Math.abs(x));
            double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
            double n = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            double c = 1 - n * poly;
            return x >= 0 ? c : 1 - c;
          }

          @Differentiable
          static double call(double spot, double strike, double rate, double vol, double t) {
            Quote q = new Quote(spot, strike, rate, vol, t);
            if (q.t() <= 0) {
              return Math.max(q.spot() - q.strike(), 0);
            }
            double d1 = q.d1();
            double d2 = d1 - q.vol() * Math.sqrt(q.t());
            return q.spot() * cdf(d1) - q.strike() * Math.exp(-q.rate() * q.t()) * cdf(d2);
          }

          @Differentiable
          static double bumped(double spot, double vol) {
            Quote base = new Quote(spot, 100, 0.02, vol, 1.0);
            Quote up = new Quote(base.spot() * 1.01, base.strike(), base.rate(), base.vol(), base.t());
            Quote q = spot > 100 ? up : base;
            return call(q.spot(), q.strike(), q.rate(), q.vol(), q.t());
          }
        }
        """);
    assertAt(l, "P180", "call", 105.0, 100.0, 0.02, 0.25, 1.5);
    assertAt(l, "P180", "call", 95.0, 100.0, 0.01, 0.3, 0.0);
    assertAt(l, "P180", "bumped", 103.0, 0.2);
    assertAt(l, "P180", "bumped", 97.0, 0.35);
  }

  /** Spring-mass chain: positions in an array, a Spring record of settings, velocity Verlet with a record of state arrays. */
  @Test
  void p181SpringChainStateArraysInARecord() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P181 {
          record Spring(double k, double rest) {}

          record Chain(double[] pos, double[] vel) {}

          static double[] forces(double[] pos, Spring s) {
            double[] f = new double[pos.length];
            for (int i = 0; i + 1 < pos.length; i++) {
              double stretch = pos[i + 1] - pos[i] - s.rest();
              f[i] += s.k() * stretch;
              f[i + 1] -= s.k() * stretch;
            }
            return f;
          }

          @Differentiable
          static double energy(double[] x0, double k) {
            Spring s = new Spring(k, 1.0);
            Chain c = new Chain(x0.clone(), new double[x0.length]);
            double dt = 0.05;
            for (int step = 0; step < 10; step++) {
              double[] f = forces(c.pos(), s);
              double[] v = new double[x0.length];
              double[] p = new double[x0.length];
              for (int i = 0; i < x0.length; i++) {
                v[i] = c.vel()[i] + dt * f[i];
                p[i] = c.pos()[i] + dt * v[i];
              }
              c = new Chain(p, v);
            }
            double e = 0;
            for (int i = 0; i < x0.length; i++) {
              e += 0.5 * c.vel()[i] * c.vel()[i];
            }
            return e + c.pos()[x0.length - 1];
          }
        }
        """);
    assertAt(l, "P181", "energy", new double[] {0.0, 1.3, 2.1, 3.4}, 2.5);
  }

  /** A running Stats record (Welford) over a data set, a z-score loss with a ternary clip. */
  @Test
  void p182RunningStatisticsRecordAndClippedScores() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P182 {
          record Stats(double mean, double m2, int n) {
            Stats add(double v) {
              int n1 = n + 1;
              double d = v - mean;
              double mean1 = mean + d / n1;
              return new Stats(mean1, m2 + d * (v - mean1), n1);
            }

            double variance() {
              return n > 1 ? m2 / (n - 1) : 0.0;
            }
          }

          @Differentiable
          static double zLoss(double[] x, double shift) {
            Stats s = new Stats(0, 0, 0);
            for (double v : x) {
              s = s.add(v + shift);
            }
            double sd = Math.sqrt(s.variance() + 1e-9);
            double loss = 0;
            for (double v : x) {
              double z = (v + shift - s.mean()) / sd;
              loss += Math.abs(z) > 2 ? 2 * Math.abs(z) - 2 : 0.5 * z * z;
            }
            return loss;
          }
        }
        """);
    assertAt(l, "P182", "zLoss", new double[] {0.3, 1.9, -0.4, 2.2, 0.8, -3.5}, 0.25);
  }

  /** Newton iteration for an implied root, with a Guess record and a break on convergence. */
  @Test
  void p183NewtonGuessRecordWithABreakOnConvergence() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P183 {
          record Guess(double x, double fx) {}

          static double f(double x, double a) {
            return x * x * x - a * x - 1;
          }

          @Differentiable
          static double root(double a) {
            Guess g = new Guess(1.5, f(1.5, a));
            for (int k = 0; k < 30; k++) {
              double slope = 3 * g.x() * g.x() - a;
              double x = g.x() - g.fx() / slope;
              g = new Guess(x, f(x, a));
              if (Math.abs(g.fx()) < 1e-12) {
                break;
              }
            }
            return g.x();
          }
        }
        """);
    assertAt(l, "P183", "root", 1.3);
    assertAt(l, "P183", "root", -0.4);
  }

  /** A portfolio: assets as a record of arrays, a helper object of weights' rules called with the record. */
  @Test
  void p184PortfolioAssetsGivenToARiskObject() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P184 {
          record Assets(double[] mu, double[][] cov) {}

          static final class Risk {
            final double aversion = 3.0;

            double variance(Assets a, double[] w) {
              double v = 0;
              for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w.length; j++) {
                  v += w[i] * a.cov()[i][j] * w[j];
                }
              }
              return v;
            }

            double utility(Assets a, double[] w) {
              double r = 0;
              for (int i = 0; i < w.length; i++) {
                r += w[i] * a.mu()[i];
              }
              return r - 0.5 * aversion * variance(a, w);
            }
          }

          @Differentiable
          static double objective(Assets a, double[] raw) {
            double[] w = new double[raw.length];
            double sum = 0;
            for (int i = 0; i < raw.length; i++) {
              w[i] = Math.exp(raw[i]);
              sum += w[i];
            }
            for (int i = 0; i < raw.length; i++) {
              w[i] /= sum;
            }
            Risk risk = new Risk();
            double u = risk.utility(a, w);
            return u < -10 ? -10 + 0.01 * u : u;
          }
        }
        """);
    Object assets = make(l, "rt.P184$Assets", new double[] {0.05, 0.08, 0.03},
        new double[][] {{0.04, 0.01, 0.0}, {0.01, 0.09, 0.02}, {0.0, 0.02, 0.01}});
    assertAt(l, "P184", "objective", assets, new double[] {0.1, -0.3, 0.4});
  }

  /** A GRU-like cell over a sequence: hidden state as a record remade each step, weights a record of parameters. */
  @Test
  void p185RecurrentCellOverAHiddenStateRecord() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P185 {
          record Cell(double[] wz, double[] uz, double[] wh, double[] uh) {
            Hidden step(Hidden prev, double x) {
              double[] h = new double[prev.h().length];
              for (int j = 0; j < h.length; j++) {
                double z = 1 / (1 + Math.exp(-(wz[j] * x + uz[j] * prev.h()[j])));
                double cand = Math.tanh(wh[j] * x + uh[j] * prev.h()[j]);
                h[j] = (1 - z) * prev.h()[j] + z * cand;
              }
              return new Hidden(h, prev.steps() + 1);
            }
          }

          record Hidden(double[] h, int steps) {}

          @Differentiable
          static double sequence(Cell cell, double[] xs) {
            Hidden state = new Hidden(new double[cell.wz().length], 0);
            for (double x : xs) {
              state = cell.step(state, x);
            }
            double s = 0;
            for (double v : state.h()) {
              s += v * v;
            }
            return s / state.steps();
          }
        }
        """);
    Object cell = make(l, "rt.P185$Cell", new double[] {0.3, -0.2}, new double[] {0.5, 0.1}, new double[] {-0.4, 0.7},
        new double[] {0.2, 0.6});
    assertAt(l, "P185", "sequence", cell, new double[] {0.5, -1.0, 0.25, 0.8});
  }

  /** Bounding box of points as a record min/max updated in a loop with ternaries, then a soft area. */
  @Test
  void p186BoundingBoxRecordGrownWithTernaries() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P186 {
          record Box(double minX, double maxX, double minY, double maxY) {
            Box include(double x, double y) {
              return new Box(x < minX ? x : minX, x > maxX ? x : maxX, Math.min(y, minY), Math.max(y, maxY));
            }

            double area() {
              return (maxX - minX) * (maxY - minY);
            }
          }

          @Differentiable
          static double area(double[] xs, double[] ys) {
            Box b = new Box(xs[0], xs[0], ys[0], ys[0]);
            for (int i = 1; i < xs.length; i++) {
              b = b.include(xs[i], ys[i]);
            }
            return b.area() + 0.1 * (b.maxX() + b.minY());
          }
        }
        """);
    assertAt(l, "P186", "area", new double[] {0.3, -1.2, 2.5, 0.7}, new double[] {1.1, 0.2, -0.9, 3.0});
  }

  /** Line search on a record of parameters: a trial record kept only if it improves (record chosen by an if). */
  @Test
  void p187LineSearchKeepingATrialRecordThatImproves() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P187 {
          record Params(double[] w) {
            Params minus(double[] g, double step) {
              double[] out = new double[w.length];
              for (int i = 0; i < w.length; i++) {
                out[i] = w[i] - step * g[i];
              }
              return new Params(out);
            }

            double loss() {
              double s = 0;
              for (int i = 0; i < w.length; i++) {
                s += (w[i] - i) * (w[i] - i) + 0.1 * w[i] * w[i] * w[i] * w[i];
              }
              return s;
            }
          }

          @Differentiable
          static double searched(Params p0) {
            Params best = p0;
            double bestLoss = best.loss();
            double[] g = new double[p0.w().length];
            for (int i = 0; i < g.length; i++) {
              g[i] = 2 * (p0.w()[i] - i);
            }
            double step = 1.0;
            for (int k = 0; k < 5; k++) {
              Params trial = best.minus(g, step);
              double l = trial.loss();
              if (l < bestLoss) {
                best = trial;
                bestLoss = l;
              } else {
                step *= 0.5;
              }
            }
            return bestLoss + 0.01 * best.w()[0];
          }
        }
        """);
    assertAt(l, "P187", "searched", make(l, "rt.P187$Params", (Object) new double[] {2.0, -1.0, 0.5}));
  }

  /** A tracker record with a boolean, an enum and a count beside its level, remade through a switch. */
  @Test
  void p188TrackerRecordWithFlagsAndAnEnumRemadeThroughASwitch() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P188 {
          enum Phase { RISE, FALL }

          record Tracker(double level, boolean above, Phase phase, int flips) {}

          @Differentiable
          static double track(double[] xs, double gain) {
            Tracker t = new Tracker(0, false, Phase.RISE, 0);
            for (double x : xs) {
              double level = t.level() + gain * (x - t.level());
              boolean above = level > 0.5;
              Phase phase = switch (t.phase()) {
                case RISE -> level < t.level() ? Phase.FALL : Phase.RISE;
                case FALL -> level > t.level() ? Phase.RISE : Phase.FALL;
              };
              t = new Tracker(level, above, phase, t.flips() + (phase != t.phase() ? 1 : 0));
            }
            return t.level() * (t.above() ? 2 : 1) + t.flips();
          }
        }
        """);
    assertAt(l, "P188", "track", new double[] {0.2, 0.9, 0.4, 1.3, 0.1}, 0.6);
  }

  /** A record copied, then both stepped by a static helper of the file taking and returning the record. */
  @Test
  void p189ARecordCopiedAndSteppedByAStaticHelper() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P189 {
          record Pair(double[] w, double s) {}

          static Pair step(Pair p, double k) {
            double[] w = p.w().clone();
            for (int i = 0; i < w.length; i++) {
              w[i] = w[i] * k + p.s();
            }
            return new Pair(w, p.s() * 0.5);
          }

          @Differentiable
          static double aliased(double[] x, double k) {
            Pair a = new Pair(x.clone(), k);
            Pair b = a;
            b = new Pair(b.w(), b.s() * k);
            a = step(a, k);
            a = step(a, 2 * k);
            return a.w()[0] + b.w()[0] * b.s() + a.s();
          }
        }
        """);
    assertAt(l, "P189", "aliased", new double[] {0.5, -1.5}, 0.8);
  }

  /** A record made by its static factory, then rotated by its own method. */
  @Test
  void p190ARecordFromItsStaticFactoryRotated() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P190 {
          record Point(double x, double y) {
            static Point polar(double r, double th) {
              return new Point(r * Math.cos(th), r * Math.sin(th));
            }

            Point rotate(double a) {
              return new Point(x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a));
            }
          }

          @Differentiable
          static double polar(double r, double th) {
            Point p = Point.polar(r, th);
            p = p.rotate(0.3);
            return p.x() * p.x() + 3 * p.y();
          }
        }
        """);
    assertAt(l, "P190", "polar", 1.7, 0.4);
  }

  /** A record method returning a record from inside a loop (an early return), its index read after. */
  @Test
  void p191ARecordReturnedFromInsideALoopOfARecordMethod() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P191 {
          record Hit(double t, int index) {}

          record Ray(double origin, double dir) {
            Hit first(double[] walls) {
              for (int i = 0; i < walls.length; i++) {
                double t = (walls[i] - origin) / dir;
                if (t > 0) {
                  return new Hit(t, i);
                }
              }
              return new Hit(1e3, -1);
            }
          }

          @Differentiable
          static double cast(double origin, double dir, double[] walls) {
            Ray ray = new Ray(origin, dir);
            Hit h = ray.first(walls);
            if (h.index() < 0) {
              return 0;
            }
            return h.t() * (h.index() + 1);
          }
        }
        """);
    assertAt(l, "P191", "cast", 0.5, 1.5, new double[] {-1.0, 0.2, 2.0, 3.0});
    assertAt(l, "P191", "cast", 0.5, -1.5, new double[] {1.0, 2.0});
  }

  /** Records of a mean and a spread read inside stream lambdas. */
  @Test
  void p192RecordsReadInsideStreamLambdas() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;

        class P192 {
          record Scale(double mean, double sd) {}

          @Differentiable
          static double standardised(double[] xs) {
            double mean = Arrays.stream(xs).average().orElse(0);
            Scale s = new Scale(mean, 1.0);
            double var = Arrays.stream(xs).map(v -> (v - s.mean()) * (v - s.mean())).sum() / xs.length;
            Scale t = new Scale(s.mean(), Math.sqrt(var));
            return Arrays.stream(xs).map(v -> Math.tanh((v - t.mean()) / t.sd())).sum();
          }
        }
        """);
    assertAt(l, "P192", "standardised", new double[] {0.3, 1.9, -0.4, 2.2});
  }

  /** A grid record of a matrix smoothed by its own method, rows read by a for-each. */
  @Test
  void p193AGridRecordSmoothedByItsOwnMethod() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P193 {
          record Grid(double[][] u) {
            Grid smooth(double a) {
              double[][] next = new double[u.length][u[0].length];
              for (int i = 0; i < u.length; i++) {
                for (int j = 0; j < u[0].length; j++) {
                  double up = i > 0 ? u[i - 1][j] : u[i][j];
                  double down = i + 1 < u.length ? u[i + 1][j] : u[i][j];
                  next[i][j] = (1 - a) * u[i][j] + a * 0.5 * (up + down);
                }
              }
              return new Grid(next);
            }
          }

          @Differentiable
          static double heat(double[][] u0, double a) {
            Grid g = new Grid(u0);
            for (int k = 0; k < 4; k++) {
              g = g.smooth(a);
            }
            double s = 0;
            for (double[] row : g.u()) {
              for (double v : row) {
                s += v * v;
              }
            }
            return s;
          }
        }
        """);
    assertAt(l, "P193", "heat", new double[][] {{1.0, 0.5, -0.2}, {0.3, -0.8, 0.9}, {0.0, 0.4, 1.2}}, 0.3);
  }

  /** An interval record widened in a while loop until it covers half the points. */
  @Test
  void p194AnIntervalRecordWidenedInAWhileLoop() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P194 {
          record Interval(double lo, double hi) {
            boolean contains(double x) {
              return x >= lo && x <= hi;
            }

            Interval widen(double by) {
              return new Interval(lo - by, hi + by);
            }

            double width() {
              return hi - lo;
            }
          }

          @Differentiable
          static double coverage(double[] xs, double center, double half) {
            Interval iv = new Interval(center - half, center + half);
            int inside = 0;
            while (inside < xs.length / 2) {
              inside = 0;
              for (double x : xs) {
                if (iv.contains(x)) {
                  inside++;
                }
              }
              if (inside < xs.length / 2) {
                iv = iv.widen(0.25 * iv.width());
              }
            }
            return iv.width() * inside;
          }
        }
        """);
    assertAt(l, "P194", "coverage", new double[] {0.1, 0.4, 1.5, -0.7, 2.2, 0.9}, 0.3, 0.1);
  }

  /** Two layers as records of weights with an apply method, the net a record of them with predict and loss methods. */
  @Test
  void p195ATwoLayerNetAsNestedRecordsWithMethodsCallingEachOther() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P195 {
          record Linear(double[][] W, double[] b) {
            double[] apply(double[] x) {
              double[] out = new double[b.length];
              for (int j = 0; j < b.length; j++) {
                double s = b[j];
                for (int i = 0; i < x.length; i++) s += W[j][i] * x[i];
                out[j] = s;
              }
              return out;
            }
          }

          record Mlp(Linear hidden, Linear output) {
            double predict(double[] x) {
              double[] h = hidden.apply(x);
              for (int j = 0; j < h.length; j++) h[j] = Math.tanh(h[j]);
              return output.apply(h)[0];
            }

            double loss(double[][] X, double[] y) {
              double total = 0;
              for (int n = 0; n < X.length; n++) {
                double r = predict(X[n]) - y[n];
                total += r * r;
              }
              return total / X.length;
            }
          }

          @Differentiable
          static double mse(Mlp net, double[][] X, double[] y) {
            return net.loss(X, y);
          }
        }
        """);
    Object hidden = make(l, "rt.P195$Linear", new double[][] {{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.7}},
        new double[] {0.1, -0.1, 0.2});
    Object output = make(l, "rt.P195$Linear", new double[][] {{0.6, -0.3, 0.2}}, new double[] {0.05});
    assertAt(l, "P195", "mse", make(l, "rt.P195$Mlp", hidden, output), new double[][] {{1, 2}, {-0.5, 0.3}, {0.2, -1}},
        new double[] {0.5, -0.2, 0.1});
  }

  /** An optimiser state record of momentum remade by its method each step, its learning rate differentiated. */
  @Test
  void p196MomentumStateRecordRemadeEachStep() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P196 {
          record Momentum(double lr, double beta, double[] v) {
            Momentum next(double[] g) {
              double[] v2 = new double[v.length];
              for (int i = 0; i < v.length; i++) v2[i] = beta * v[i] + g[i];
              return new Momentum(lr, beta, v2);
            }
          }

          static double[] grad(double[] w, double[] x, double y) {
            double z = 0;
            for (int i = 0; i < w.length; i++) z += w[i] * x[i];
            double[] g = new double[w.length];
            for (int i = 0; i < w.length; i++) g[i] = 2 * (z - y) * x[i];
            return g;
          }

          @Differentiable
          static double trained(double[] w0, double[] x, double y, double lr) {
            double[] w = w0.clone();
            Momentum opt = new Momentum(lr, 0.9, new double[w.length]);
            for (int step = 0; step < 5; step++) {
              double[] g = grad(w, x, y);
              opt = opt.next(g);
              for (int i = 0; i < w.length; i++) w[i] -= opt.lr() * opt.v()[i];
            }
            double z = 0;
            for (int i = 0; i < w.length; i++) z += w[i] * x[i];
            return (z - y) * (z - y);
          }
        }
        """);
    assertAt(l, "P196", "trained", new double[] {0.2, -0.1, 0.4}, new double[] {1, 0.5, -0.3}, 0.7, 0.05);
  }

  /** Builder-style withX methods chained on a static factory's record, of differentiated values. */
  @Test
  void p197BuilderStyleWithMethodsOnAStaticFactorysRecord() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P197 {
          record Config(double lr, double decay, int steps) {
            Config withLr(double v) {
              return new Config(v, decay, steps);
            }

            Config withDecay(double v) {
              return new Config(lr, v, steps);
            }

            static Config defaults() {
              return new Config(0.1, 0.5, 3);
            }
          }

          @Differentiable
          static double schedule(double lr, double decay, double x) {
            Config c = Config.defaults().withLr(lr).withDecay(decay);
            double v = x;
            double rate = c.lr();
            for (int k = 0; k < c.steps(); k++) {
              v = v - rate * Math.sin(v);
              rate *= c.decay();
            }
            return v * v;
          }
        }
        """);
    assertAt(l, "P197", "schedule", 0.3, 0.8, 1.2);
  }

  /** Nested records (a segment of two points) made in a loop, methods of both calling each other. */
  @Test
  void p198SegmentsOfPointsNestedRecordsMadeInALoop() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P198 {
          record Point(double x, double y) {
            Point minus(Point o) {
              return new Point(x - o.x, y - o.y);
            }

            double norm() {
              return Math.hypot(x, y);
            }
          }

          record Segment(Point a, Point b) {
            double length() {
              return b.minus(a).norm();
            }
          }

          @Differentiable
          static double perimeter(double[] xs, double[] ys) {
            double total = 0;
            for (int i = 0; i < xs.length; i++) {
              int j = (i + 1) % xs.length;
              Segment s = new Segment(new Point(xs[i], ys[i]), new Point(xs[j], ys[j]));
              total += s.length();
            }
            return total;
          }
        }
        """);
    assertAt(l, "P198", "perimeter", new double[] {0, 1, 1.5, 0.2}, new double[] {0, 0.1, 1, 0.8});
  }

  /** A record's static factory fitting it to data, its method scoring test points. */
  @Test
  void p200AGaussianFittedByItsStaticFactoryThenScored() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P200 {
          record Gaussian(double mu, double sigma) {
            static Gaussian fit(double[] xs) {
              double m = 0;
              for (double v : xs) m += v;
              m /= xs.length;
              double s = 0;
              for (double v : xs) s += (v - m) * (v - m);
              return new Gaussian(m, Math.sqrt(s / xs.length));
            }

            double logpdf(double x) {
              double z = (x - mu) / sigma;
              return -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
            }
          }

          @Differentiable
          static double likelihood(double[] xs, double[] test) {
            Gaussian g = Gaussian.fit(xs);
            double ll = 0;
            for (double t : test) ll += g.logpdf(t);
            return ll;
          }
        }
        """);
    assertAt(l, "P200", "likelihood", new double[] {0.3, 1.2, -0.4, 0.9}, new double[] {0.1, 0.5});
  }

  /** A static helper of the class returning statistics as a record. */
  @Test
  void p201StatisticsReturnedAsARecordByAStaticHelper() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P201 {
          record Stats(double mean, double var) {}

          static Stats stats(double[] x) {
            double m = 0;
            for (double v : x) m += v;
            m /= x.length;
            double s = 0;
            for (double v : x) s += (v - m) * (v - m);
            return new Stats(m, s / (x.length - 1));
          }

          @Differentiable
          static double zscoreLoss(double[] x) {
            Stats st = stats(x);
            double loss = 0;
            for (double v : x) {
              double z = (v - st.mean()) / Math.sqrt(st.var() + 1e-6);
              loss += z * z * z;
            }
            return loss;
          }
        }
        """);
    assertAt(l, "P201", "zscoreLoss", new double[] {0.3, 1.2, -0.4, 0.9});
  }

  /** Adam's state as a record from a static factory, remade in a while loop that breaks when the steps are small. */
  @Test
  void p202AdamStateRecordInAWhileLoopWithABreak() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P202 {
          record Adam(double[] m, double[] v, int t) {
            static Adam start(int n) {
              return new Adam(new double[n], new double[n], 0);
            }
          }

          @Differentiable
          static double minimise(double[] x0, double lr) {
            double[] x = x0.clone();
            Adam st = Adam.start(x.length);
            int k = 0;
            while (k < 20) {
              double[] g = new double[x.length];
              for (int i = 0; i < x.length; i++) g[i] = 2 * (x[i] - i) + Math.cos(x[i]);
              double[] m = new double[x.length];
              double[] v = new double[x.length];
              for (int i = 0; i < x.length; i++) {
                m[i] = 0.9 * st.m()[i] + 0.1 * g[i];
                v[i] = 0.999 * st.v()[i] + 0.001 * g[i] * g[i];
              }
              st = new Adam(m, v, st.t() + 1);
              double norm = 0;
              for (int i = 0; i < x.length; i++) {
                double step = lr * (m[i] / (1 - Math.pow(0.9, st.t()))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, st.t()))) + 1e-8);
                x[i] -= step;
                norm += step * step;
              }
              if (norm < 1e-12) break;
              k++;
            }
            double f = 0;
            for (int i = 0; i < x.length; i++) f += (x[i] - i) * (x[i] - i) + Math.sin(x[i]);
            return f;
          }
        }
        """);
    assertAt(l, "P202", "minimise", new double[] {0.3, 1.7, -0.4}, 0.05);
  }

  /** A helper object (a local given a new Trainer) whose methods take a record of parameters and an array of them. */
  @Test
  void p205ATrainerObjectGivenARecordAndAnArray() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P205 {
          record Params(double[] w, double b) {}

          static class Trainer {
            final double l2;
            final double temperature;

            Trainer(double l2, double temperature) {
              this.l2 = l2;
              this.temperature = temperature;
            }

            double score(Params p, double[] x) {
              double s = p.b();
              for (int i = 0; i < x.length; i++) s += p.w()[i] * x[i];
              return s / temperature;
            }

            double penalty(double[] w) {
              double s = 0;
              for (double v : w) s += v * v;
              return l2 * s;
            }
          }

          @Differentiable
          static double objective(Params p, double[][] X, double[] y) {
            Trainer t = new Trainer(0.01, 2.0);
            double loss = 0;
            for (int n = 0; n < X.length; n++) {
              double m = y[n] * t.score(p, X[n]);
              loss += Math.log1p(Math.exp(-m));
            }
            return loss / X.length + t.penalty(p.w());
          }
        }
        """);
    assertAt(l,
        "P205",
        "objective",
        make(l, "rt.P205$Params", new double[] {0.3, -0.2}, 0.1),
        new double[][] {{1, 2}, {-0.5, 0.3}},
        new double[] {1, -1});
  }

  /** Coordinate descent on a record of parameters through withW (cloning its array) and withB. */
  @Test
  void p206CoordinateDescentThroughWithMethodsThatCloneAComponent() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P206 {
          record Params(double[] w, double b) {
            Params withW(int i, double v) {
              double[] w2 = w.clone();
              w2[i] = v;
              return new Params(w2, b);
            }

            Params withB(double v) {
              return new Params(w, v);
            }
          }

          static double f(Params p, double[] x) {
            double s = p.b();
            for (int i = 0; i < x.length; i++) s += Math.sin(p.w()[i] * x[i]);
            return s * s;
          }

          @Differentiable
          static double coordinateDescent(Params p0, double[] x, double step) {
            Params p = p0;
            for (int sweep = 0; sweep < 2; sweep++) {
              for (int i = 0; i < x.length; i++) {
                double g = 2 * Math.sqrt(f(p, x)) * Math.cos(p.w()[i] * x[i]) * x[i];
                p = p.withW(i, p.w()[i] - step * g);
              }
              p = p.withB(p.b() * 0.9);
            }
            return f(p, x);
          }
        }
        """);
    assertAt(l,
        "P206",
        "coordinateDescent",
        make(l, "rt.P206$Params", new double[] {0.3, -0.2}, 0.4),
        new double[] {1, 0.5},
        0.05);
  }

  /** A state record declared and advanced in a for header, with a break on a method's test and a continue. */
  @Test
  void p207AStateRecordInAForHeaderWithBreakAndContinue() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P207 {
          record State(double pos, double vel, int steps) {
            State advance(double dt, double k) {
              double a = -k * pos - 0.1 * vel;
              return new State(pos + dt * vel, vel + dt * a, steps + 1);
            }

            boolean settled() {
              return Math.abs(vel) < 1e-3 && Math.abs(pos) < 1e-3;
            }
          }

          @Differentiable
          static double energyAfter(double x0, double v0, double k) {
            double work = 0;
            for (State s = new State(x0, v0, 0); s.steps() < 50; s = s.advance(0.05, k)) {
              if (s.settled()) break;
              if (s.steps() % 5 != 0) continue;
              work += s.vel() * s.vel();
            }
            return work;
          }
        }
        """);
    assertAt(l, "P207", "energyAfter", 1.0, 0.3, 2.0);
  }

  /** A bounds record grown by its method, then the widest of shifted copies kept. */
  @Test
  void p209BoundsGrownThenTheWidestKept() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P209 {
          record Bounds(double lo, double hi) {
            Bounds include(double v) {
              return new Bounds(Math.min(lo, v), Math.max(hi, v));
            }

            double width() {
              return hi - lo;
            }
          }

          @Differentiable
          static double softRange(double[] x) {
            Bounds b = new Bounds(x[0], x[0]);
            for (int i = 1; i < x.length; i++) {
              b = b.include(x[i]);
            }
            double best = Double.NEGATIVE_INFINITY;
            Bounds widest = b;
            for (int k = 0; k < 3; k++) {
              Bounds shifted = new Bounds(b.lo() - k * 0.1, b.hi() + k * k * 0.05);
              if (shifted.width() > best) {
                best = shifted.width();
                widest = shifted;
              }
            }
            return widest.width() * widest.lo();
          }
        }
        """);
    assertAt(l, "P209", "softRange", new double[] {0.3, 1.2, -0.4, 0.9});
  }

  /** Layer[] layers: arrays of records are not supported (README); the error says what to pass instead. */
  @Test
  void p199AnArrayOfLayerRecordsIsAnErrorSayingWhatToPass() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class P199 {
          record Layer(double[][] W, double[] b) {}

          @Differentiable(wrt = "x")
          static double forward(Layer[] layers, double[] x) {
            double[] h = x;
            for (Layer layer : layers) {
              double[] next = new double[layer.b().length];
              for (int j = 0; j < next.length; j++) {
                double s = layer.b()[j];
                for (int i = 0; i < h.length; i++) s += layer.W()[j][i] * h[i];
                next[j] = Math.tanh(s);
              }
              h = next;
            }
            return h[0];
          }
        }
        """), "static double forward(Layer[] layers, double[] x) {",
        "arrays of objects (Layer[]) are not supported", "layers as a record holding each layer");
  }

  /** Sample[] data, as ML code keeps samples: the error says to pass them as arrays of double. */
  @Test
  void p204AnArrayOfSampleRecordsIsAnErrorSayingWhatToPass() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class P204 {
          record Sample(double[] x, double y) {}

          @Differentiable(wrt = "w")
          static double loss(double[] w, Sample[] data) {
            double total = 0;
            for (Sample s : data) {
              double z = 0;
              for (int i = 0; i < w.length; i++) z += w[i] * s.x()[i];
              total += Math.log1p(Math.exp(-s.y() * z));
            }
            return total / data.length;
          }
        }
        """), "static double loss(double[] w, Sample[] data) {",
        "arrays of objects (Sample[]) are not supported", "double[][] X and double[] y");
  }

  /**
   * A record whose compact constructor checks its component: written as its component with the check
   * before it, on the value given, so the gradient throws where the method does; one whose compact
   * constructor normalises its components stays an object, and made of differentiated values is an
   * error saying to normalise in a static factory.
   */
  @Test
  void p203RecordsCheckingTheirComponentsInACompactConstructor() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P203 {
          record Prob(double p) {
            Prob {
              if (p < 0 || p > 1) {
                throw new IllegalArgumentException("not a probability: " + p);
              }
            }
          }

          record Rate(double r, int steps) {
            Rate {
              if (r <= 0 || Double.isNaN(r)) throw new IllegalArgumentException("rate " + r);
              if (steps < 1) throw new IllegalArgumentException("steps " + steps);
            }
          }

          @Differentiable
          static double entropy(double[] logits, double k) {
            double z = 0;
            for (double l : logits) {
              z += Math.exp(l);
            }
            double h = 0;
            for (double l : logits) {
              Prob q = new Prob(Math.exp(l) / z);
              h -= q.p() * Math.log(q.p());
            }
            Rate rate = new Rate(k * h, logits.length);
            return rate.r() * rate.steps();
          }
        }
        """);
    assertAt(l, "P203", "entropy", new double[] {0.3, 1.2, -0.4}, 0.7);
    assertThrowsAsTheMethod(l, "P203", "entropy", new double[] {0.3, 1.2, -0.4}, -0.7);
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class P203 {
          record Unit(double x, double y) {
            Unit {
              double n = Math.hypot(x, y);
              x /= n;
              y /= n;
            }
          }

          @Differentiable
          static double angle(double a, double b) {
            Unit u = new Unit(a, b);
            return u.x() * 2 + u.y();
          }
        }
        """), "Unit u = new Unit(a, b);", "`new P203.Unit` makes an object", "declares its own constructor",
        "static factory method");
  }

  /** Records compared with == stay objects: made of differentiated values, an error saying why. */
  @Test
  void p208RecordsComparedByIdentityStayObjects() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class P208 {
          record Point(double x, double y) {
            static Point polar(double r, double th) {
              return new Point(r * Math.cos(th), r * Math.sin(th));
            }
          }

          record Segment(Point a, Point b) {}

          static Segment longer(Segment s, Segment t) {
            double ls = Math.hypot(s.b().x() - s.a().x(), s.b().y() - s.a().y());
            double lt = Math.hypot(t.b().x() - t.a().x(), t.b().y() - t.a().y());
            return ls >= lt ? s : t;
          }

          @Differentiable
          static double spread(double r1, double th1, double r2, double th2) {
            Point o = new Point(0, 0);
            var s = new Segment(o, Point.polar(r1, th1));
            var t = new Segment(o, Point.polar(r2, th2));
            Segment best = longer(s, t);
            Segment other = best == s ? t : s;
            return best.b().x() * other.b().y() - best.b().y() * other.b().x();
          }
        }
        """), "return new Point(r * Math.cos(th), r * Math.sin(th));",
        "`new P208.Point` makes an object", "one compared (==)",
        "where `Point.polar(r1, th1)` on line 23 and `Point.polar(r2, th2)` on line 24 call it");
  }

  /** A recurrent cell record stepped or decayed in branches of a for-each, the best cell so far kept. */
  @Test
  void p210ACellRecordSteppedInBranchesAndTheBestKept() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P210 {
          record Cell(double h, double c, int t) {
            Cell step(double x, double wh, double wx) {
              double z = Math.tanh(wh * h + wx * x);
              double c2 = 0.5 * c + 0.5 * z;
              return new Cell(z * c2, c2, t + 1);
            }
          }

          @Differentiable
          static double run(double[] xs, double wh, double wx) {
            Cell cell = new Cell(0, 0, 0);
            Cell best = cell;
            for (double x : xs) {
              if (x > 0) {
                cell = cell.step(x, wh, wx);
              } else {
                cell = new Cell(cell.h() * 0.5, cell.c(), cell.t());
              }
              if (cell.h() > best.h()) {
                best = cell;
              }
            }
            return best.h() + cell.c() * best.t();
          }
        }
        """);
    assertAt(l, "P210", "run", new double[] {0.3, 1.2, -0.4, 0.8}, 0.7, 1.1);
  }

  /** An argmax as a record of an int index and its value, returned by a static helper and read as an index. */
  @Test
  void p211AnArgmaxRecordOfAnIndexAndItsValue() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P211 {
          record Pick(int index, double value) {}

          static Pick argmax(double[] v) {
            Pick p = new Pick(0, v[0]);
            for (int i = 1; i < v.length; i++) {
              if (v[i] > p.value()) p = new Pick(i, v[i]);
            }
            return p;
          }

          @Differentiable
          static double softMaxMargin(double[] scores, double[] w) {
            double[] s = new double[scores.length];
            for (int i = 0; i < s.length; i++) s[i] = scores[i] * w[i];
            Pick top = argmax(s);
            double margin = 0;
            for (int i = 0; i < s.length; i++) {
              if (i != top.index()) margin += Math.exp(s[i] - top.value());
            }
            return Math.log1p(margin) + w[top.index()];
          }
        }
        """);
    assertAt(l, "P211", "softMaxMargin", new double[] {0.3, 1.2, -0.4, 0.8}, new double[] {1.0, 0.9, 1.2, 0.7});
  }

  /**
   * A helper object's methods given numbers: a model in a local (a new Model), written in place in a
   * while's test too; a logger whose body flatgrad does not take, given a setting, stays a call; given
   * a differentiated value, an error saying what flatgrad needs.
   */
  @Test
  void p212HelperObjectsGivenNumbersInALoopsTestAndALoggerLeftAsACall() throws Exception {
    String program = """
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P212 {
          static class Logger {
            final StringBuilder sb = new StringBuilder();

            double note(double v) {
              sb.append("v=").append(v);
              return v;
            }
          }

          static class Model {
            final double[] w;
            final double scale;

            Model(double[] w, double scale) {
              this.w = w;
              this.scale = scale;
            }

            double raw(double[] x) {
              double s = 0;
              for (int i = 0; i < x.length; i++) {
                s += w[i] * x[i];
              }
              return s;
            }

            double predict(double[] x) {
              double r = raw(x);
              if (r > 10) {
                return scale * 10;
              }
              return scale * Math.tanh(r);
            }

            double error(double[] x, double y) {
              double d = predict(x) - y;
              return d * d;
            }
          }

          @Differentiable(wrt = {"x", "w"})
          static double fit(double[] x, double y, double[] w) {
            Logger log = new Logger();
            Model m = new Model(new double[] {0.2, 0.1, -0.3}, 1.5);
            double total = log.note(y);
            int k = 0;
            while (m.error(x, y) > 1e-9 && k < 3) {
              total += m.predict(x) * w[k];
              k++;
            }
            return total + m.error(w, y);
          }
        }
        """;
    Loaded l = compiled(program);
    assertAt(l, "P212", "fit", new double[] {0.3, 1.2, -0.4}, 0.2, new double[] {0.5, -0.1, 0.9});
    String allDifferentiated = program.replace("package rt;", "package bad;")
        .replace("{\"x\", \"w\"}", "{\"x\", \"y\", \"w\"}");
    assertErrorsOn(source(allDifferentiated),
        "double total = log.note(y);", "`log.note` has no gradient", "its body is in the supported language");
  }

  /**
   * A record's method called on a record made in the same expression ({@code new Quote(b,
   * a).widen(f)}), in a loop with a continue.
   */
  @Test
  void p213AMethodCalledOnARecordMadeInTheSameExpression() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P213 {
          record Quote(double bid, double ask) {
            double mid() { return 0.5 * (bid + ask); }
            Quote widen(double f) { return new Quote(bid - f, ask + f); }
          }

          @Differentiable
          static double pnl(double[] bids, double[] asks, double spreadFactor) {
            Quote last = new Quote(bids[0], asks[0]);
            double pnl = 0;
            for (int t = 1; t < bids.length; t++) {
              Quote q = new Quote(bids[t], asks[t]).widen(spreadFactor * (asks[t] - bids[t]));
              pnl += q.mid() - last.mid();
              if (q.ask() - q.bid() > 1.0) {
                continue;
              }
              last = q;
            }
            return pnl * pnl + last.bid();
          }
        }
        """);
    assertAt(l, "P213", "pnl", new double[] {1.0, 1.1, 0.9, 1.3}, new double[] {1.2, 1.3, 1.25, 1.4}, 0.3);
    assertAt(l, "P213", "pnl", new double[] {1.0, 0.2, 0.9, 1.3}, new double[] {1.2, 1.3, 1.25, 1.4}, 0.1);
  }

  /** A body of vector records stepped by methods of both, nested records made of records' methods. */
  @Test
  void p214ABodyOfVectorRecordsSteppedInAnOrbit() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P214 {
          record Vec(double x, double y) {
            Vec plus(Vec o) { return new Vec(x + o.x, y + o.y); }
            Vec times(double k) { return new Vec(k * x, k * y); }
            double dot(Vec o) { return x * o.x + y * o.y; }
          }

          record Body(Vec pos, Vec vel) {
            Body step(Vec force, double dt) {
              Vec v2 = vel.plus(force.times(dt));
              return new Body(pos.plus(v2.times(dt)), v2);
            }
          }

          @Differentiable
          static double orbit(double px, double py, double vx, double vy, double gm) {
            Body b = new Body(new Vec(px, py), new Vec(vx, vy));
            double energy = 0;
            for (int k = 0; k < 30; k++) {
              double r2 = b.pos().dot(b.pos());
              double r = Math.sqrt(r2);
              Vec f = b.pos().times(-gm / (r2 * r));
              b = b.step(f, 0.01);
              energy += 0.5 * b.vel().dot(b.vel()) - gm / r;
            }
            return energy / 30 + b.pos().x();
          }
        }
        """);
    assertAt(l, "P214", "orbit", 1.0, 0.1, 0.05, 0.9, 1.2);
  }

  /** A record of weights scaled by its method (a matrix cloned row by row), then given to a static layer. */
  @Test
  void p215WeightsScaledByTheirMethodThenGivenToALayer() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P215 {
          record Weights(double[][] W, double[] b) {
            Weights scaled(double k) {
              double[][] W2 = new double[W.length][];
              for (int i = 0; i < W.length; i++) {
                W2[i] = W[i].clone();
                for (int j = 0; j < W2[i].length; j++) W2[i][j] *= k;
              }
              return new Weights(W2, b);
            }
          }

          static double[] layer(Weights w, double[] x) {
            double[] out = new double[w.b().length];
            for (int i = 0; i < out.length; i++) {
              double s = w.b()[i];
              for (int j = 0; j < x.length; j++) s += w.W()[i][j] * x[j];
              out[i] = Math.max(0, s);
            }
            return out;
          }

          @Differentiable
          static double dropoutFree(Weights w, double[] x, double keep) {
            Weights eval = w.scaled(keep);
            double[] h = layer(eval, x);
            double s = 0;
            for (double v : h) s += v * v;
            return s;
          }
        }
        """);
    Object w = make(l, "rt.P215$Weights", new double[][] {{0.3, -0.2}, {0.5, 0.4}}, new double[] {0.1, 0.2});
    assertAt(l, "P215", "dropoutFree", w, new double[] {1.0, 0.5}, 0.8);
  }

  /** A final kernel object given records of points, one made in the call's arguments each trip. */
  @Test
  void p216AKernelObjectGivenPointRecordsMadeInItsArguments() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P216 {
          record Point(double x, double y) {}

          static final class Kernel {
            final double bandwidth;

            Kernel(double bandwidth) {
              this.bandwidth = bandwidth;
            }

            double at(Point a, Point b) {
              double dx = a.x() - b.x();
              double dy = a.y() - b.y();
              return Math.exp(-(dx * dx + dy * dy) / (2 * bandwidth * bandwidth));
            }
          }

          @Differentiable
          static double density(double[] xs, double[] ys, double qx, double qy) {
            Kernel k = new Kernel(0.5);
            Point q = new Point(qx, qy);
            double s = 0;
            for (int i = 0; i < xs.length; i++) {
              s += k.at(new Point(xs[i], ys[i]), q);
            }
            return s / xs.length;
          }
        }
        """);
    assertAt(l, "P216", "density", new double[] {0, 1, 1.5}, new double[] {0.2, -0.1, 1}, 0.4, 0.3);
  }

  /** Gradient descent on a record of two parameters, the gradient itself a record a static helper returns. */
  @Test
  void p217GradientDescentWhoseGradientIsARecord() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P217 {
          record Params(double a, double b) {
            Params minus(Params g, double lr) {
              return new Params(a - lr * g.a, b - lr * g.b);
            }
          }

          static Params grad(Params p, double[] x, double[] y) {
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < x.length; i++) {
              double r = p.a() * x[i] + p.b() - y[i];
              ga += 2 * r * x[i];
              gb += 2 * r;
            }
            return new Params(ga / x.length, gb / x.length);
          }

          @Differentiable
          static double finalLoss(double a0, double b0, double lr, double[] x, double[] y) {
            Params p = new Params(a0, b0);
            for (int it = 0; it < 10; it++) {
              p = p.minus(grad(p, x, y), lr);
            }
            double loss = 0;
            for (int i = 0; i < x.length; i++) {
              double r = p.a() * x[i] + p.b() - y[i];
              loss += r * r;
            }
            return loss;
          }
        }
        """);
    assertAt(l, "P217", "finalLoss", 0.1, -0.2, 0.05, new double[] {0, 1, 2, 3}, new double[] {1, 2.9, 5.2, 7.1});
  }

  /** Intervals checked by their compact constructor, intersected by a method chained on a local. */
  @Test
  void p218IntervalsCheckedByTheirConstructorIntersected() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class P218 {
          record Interval(double lo, double hi) {
            Interval {
              if (lo > hi) throw new IllegalArgumentException("empty");
            }

            Interval intersect(Interval o) {
              return new Interval(Math.max(lo, o.lo), Math.min(hi, o.hi));
            }

            double length() {
              return hi - lo;
            }
          }

          @Differentiable
          static double overlap(double a, double b, double c, double d) {
            Interval i = new Interval(a, b);
            Interval j = new Interval(c, d);
            return i.intersect(j).length();
          }
        }
        """);
    assertAt(l, "P218", "overlap", 0.1, 1.2, 0.5, 2.0);
    assertThrowsAsTheMethod(l, "P218", "overlap", 0.1, 1.2, 1.5, 2.0);
  }
}
