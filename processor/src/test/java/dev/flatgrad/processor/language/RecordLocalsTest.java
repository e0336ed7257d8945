package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.RecordPoints.make;
import static dev.flatgrad.processor.language.UsersMethods.assertAt;
import static dev.flatgrad.processor.language.UsersMethods.assertProgram;
import static dev.flatgrad.processor.language.UsersMethods.at;
import static dev.flatgrad.processor.language.UsersMethods.compiled;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * Locals of a record that a method makes or reassigns, written as one local per component
 * ({@link dev.flatgrad.processor.fence.RecordLocals}): a record of parameters stepped by its own
 * method in a loop, a state record remade each step, points of a simulation through methods
 * returning records, a record method's result called on, chosen by {@code ?:}, swapped, passed to
 * a helper of the file. Each value bit for bit, each gradient against centred differences, with
 * the tangent and H·v.
 */
class RecordLocalsTest {

  @Test
  void aRecordOfParametersSteppedByItsOwnMethodInALoop() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Unrolled {
          record Params(double[] w, double b) {
            Params step(double lr, double[] g) {
              double[] next = new double[w.length];
              for (int i = 0; i < w.length; i++) {
                next[i] = w[i] - lr * g[i] * w[i];
              }
              return new Params(next, b - lr * g[0] * b);
            }

            double loss(double[] x) {
              double s = b;
              for (int i = 0; i < w.length; i++) {
                s += w[i] * x[i];
              }
              return s * s;
            }
          }

          @Differentiable
          static double unrolled(Params init, double[] x, double[] g) {
            Params p = init;
            for (int k = 0; k < 3; k++) {
              p = p.step(0.1, g);
            }
            return p.loss(x);
          }
        }
        """);
    Object init = make(l, "rt.Unrolled$Params", new double[] {0.4, -0.3, 0.8}, 0.2);
    assertAt(l, "Unrolled", "unrolled", init, new double[] {1.0, 0.5, -2.0}, new double[] {0.3, -0.7, 0.2});
  }

  @Test
  void aStateRecordRemadeEachStepFromItsOwnComponents() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Rnn {
          record State(double h, int t) {}

          @Differentiable
          static double rnn(double x, double w) {
            State s = new State(x, 0);
            for (int k = 0; k < 4; k++) {
              s = new State(Math.tanh(s.h() * w + x), s.t() + 1);
            }
            return s.h() * s.t();
          }
        }
        """, "Rnn", "rnn", at(0.7, 1.3), at(-0.2, 0.4));
  }

  @Test
  void pointsOfASimulationThroughMethodsReturningRecords() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Orbit {
          record Point(double x, double y) {
            Point plus(Point o) {
              return new Point(x + o.x, y + o.y());
            }

            Point times(double k) {
              return new Point(k * x, k * this.y);
            }

            double norm2() {
              return x * x + y * y;
            }
          }

          @Differentiable
          static double orbit(double px, double py, double vx, double vy, double dt) {
            Point p = new Point(px, py);
            Point v = new Point(vx, vy);
            for (int k = 0; k < 5; k++) {
              Point a = p.times(-1.0 / Math.pow(p.norm2(), 1.5));
              v = v.plus(a.times(dt));
              p = p.plus(v.times(dt));
            }
            return p.norm2() + 0.5 * v.norm2();
          }
        }
        """, "Orbit", "orbit", at(1.0, 0.1, 0.0, 0.9, 0.05), at(0.8, -0.4, 0.3, 0.7, 0.1));
  }

  @Test
  void aRecordMethodsResultCalledOn() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Chained {
          record Layer(double[] w, double b) {
            Layer scaled(double k) {
              return new Layer(scale(w, k), b * k);
            }

            static double[] scale(double[] v, double k) {
              double[] out = new double[v.length];
              for (int i = 0; i < v.length; i++) {
                out[i] = v[i] * k;
              }
              return out;
            }

            double apply(double[] x) {
              double s = b;
              for (int i = 0; i < w.length; i++) {
                s += w[i] * x[i];
              }
              return Math.tanh(s);
            }
          }

          @Differentiable
          static double chained(Layer layer, double[] x) {
            return layer.scaled(2).apply(x) + layer.scaled(0.5).scaled(3.0).apply(x) * layer.apply(x);
          }
        }
        """);
    Object layer = make(l, "rt.Chained$Layer", new double[] {0.3, -0.6}, 0.1);
    assertAt(l, "Chained", "chained", layer, new double[] {0.9, 0.4});
  }

  @Test
  void recordsChosenByATernarySwappedAndPassedToAHelper() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Picks {
          record Point(double x, double y) {}

          static double energy(Point p, double k) {
            return k * (p.x() * p.x() + p.y * p.y);
          }

          @Differentiable
          static double pick(double a, double b, boolean flip) {
            Point p = new Point(a, b);
            Point q = flip ? new Point(p.y(), p.x() * a) : p;
            q = new Point(q.y, q.x);
            var r = a > b ? q : new Point(b, a);
            int n = 0;
            while (r.x() < 4.0 && n < 6) {
              r = new Point(r.x() + Math.abs(r.y()) + 0.5, r.y() * 0.9);
              n++;
            }
            return q.x() * 3 + q.y() + energy(r, 0.5);
          }
        }
        """, "Picks", "pick", at(0.7, 1.3, true), at(0.7, 1.3, false), at(2.1, -0.4, true));
  }

  /** Records made of the parameters' values and read through accessors (each an error while records stayed objects). */
  @Test
  void recordsMadeOfTheParametersAndReadThroughTheirAccessors() throws Exception {
    Loaded l = compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Made {
          record Hyper(double lambda, int steps) {}

          record P(double[] w, double b) {
            P scaled(double a) {
              return new P(w, a * b);
            }
          }

          @Differentiable
          static double hyper(double[] w) {
            Hyper h = new Hyper(w[1] * 0.5, 3);
            return w[0] * h.lambda() * h.steps();
          }

          @Differentiable
          static double scaled(P p, double[] x) {
            P q = new P(p.w(), 2.0 * p.b());
            return p.scaled(2.0).b() * x[0] + q.b() * q.w()[1];
          }
        }
        """);
    assertAt(l, "Made", "hyper", new double[] {0.6, -1.4});
    assertAt(l, "Made", "scaled", make(l, "rt.Made$P", new double[] {0.6, -1.4}, 0.3), new double[] {1.5, 2.0});
  }

  @Test
  void nestedRecordsRemadeAndNamesReusedInSiblingBlocks() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Segments {
          record Point(double x, double y) {
            Point plus(Point o) {
              return new Point(x + o.x, y + o.y());
            }

            double dot(Point o) {
              return x * o.x + y * o.y;
            }
          }

          record Seg(Point a, Point b) {
            double len2() {
              Point d = new Point(b.x() - a.x(), b.y() - a.y());
              return d.dot(d);
            }
          }

          @Differentiable
          static double segments(double u, double v) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
              Point a = new Point(u * i, v);
              s += a.dot(a);
            }
            for (int j = 0; j < 2; j++) {
              Point a = new Point(v, u * j);
              a = a.plus(new Point(1, 1));
              s += a.x();
            }
            Seg g = new Seg(new Point(u, v), new Point(v, -u));
            g = new Seg(g.b(), g.a().plus(g.b()));
            if (s > 0) g = new Seg(g.a(), new Point(0, s));
            return s + g.len2() + g.a().x() * g.b.y;
          }
        }
        """, "Segments", "segments", at(0.7, -0.3), at(-1.2, 0.4));
  }

  @Test
  void aHelperOfTheFileSteppingAStateRecord() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Helped {
          record State(double h, int t) {}

          static double simulate(double x, double w) {
            State s = new State(x, 0);
            for (int k = 0; k < 3; k++) {
              s = new State(Math.tanh(s.h() * w), s.t() + 1);
            }
            return s.h() / s.t();
          }

          @Differentiable
          static double loss(double x, double w) {
            double y = simulate(x, w) + simulate(w, x);
            return y * y;
          }
        }
        """, "Helped", "loss", at(0.4, 1.2), at(-0.9, 0.3));
  }

  /** A record declared in a for's header and stepped in its update, with continues to it (plain and labelled). */
  @Test
  void aRecordDeclaredAndSteppedInAForsHeader() throws Exception {
    assertProgram("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Headers {
          record State(double h, int t) {}

          @Differentiable
          static double header(double x, double w) {
            double out = 0;
            for (State s = new State(x, 0); s.t() < 4; s = new State(Math.tanh(s.h() * w), s.t() + 1)) {
              if (s.t() == 2) {
                continue;
              }
              out += s.h();
            }
            outer:
            for (State s = new State(w, 0); s.t() < 3; s = new State(s.h() * x + 0.1, s.t() + 1)) {
              for (int k = 0; k < 3; k++) {
                if (s.h() * k > 1.0) {
                  continue outer;
                }
                out += s.h() * k;
              }
            }
            return out;
          }
        }
        """, "Headers", "header", at(0.7, 1.3), at(-0.4, 0.9));
  }
}
