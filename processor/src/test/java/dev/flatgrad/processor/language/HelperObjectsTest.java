package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.language.RecordPoints.make;
import static dev.flatgrad.processor.language.UsersMethods.assertAt;
import static dev.flatgrad.processor.language.UsersMethods.compiled;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A record of parameters given to an instance method of a helper object of the file ({@code
 * model.predict(p, x)}: a final field holding a new object, a static one, a local, a parameter of a
 * final class), written where it is called with the object's fields and methods read on it; and
 * where the method that runs could be a subclass's, an error on the call's line saying what to
 * write. Each value bit for bit, each gradient against centred differences, with tangent and H·v.
 */
class HelperObjectsTest {

  private static final String MODEL = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class Fit {
        record Params(double[] w, double b) {}

        static class Model {
          final double l2;

          Model(double l2) {
            this.l2 = l2;
          }

          double predict(Params p, double[] x) {
            double s = p.b();
            for (int i = 0; i < x.length; i++) {
              s += p.w()[i] * x[i];
            }
            return squash(s);
          }

          double squash(double s) {
            return Math.tanh(s);
          }

          double penalty(Params p) {
            double s = 0;
            for (double v : p.w()) {
              s += v * v;
            }
            return this.l2 * s + l2 * p.b() * p.b();
          }

          double loss(Params p, double[] x, double y) {
            double r = predict(p, x) - y;
            return r * r + this.penalty(p);
          }
        }

        static final class Huber {
          double delta = 0.5;

          double of(Params p, double[] x, double y) {
            double s = p.b();
            for (int i = 0; i < x.length; i++) {
              s += p.w()[i] * x[i];
            }
            double r = Math.abs(s - y);
            return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
          }
        }

        static final Model SHARED = new Model(0.1);
        final Model model = new Model(0.01);

        @Differentiable
        double onAField(Params p, double[] x, double y) {
          double r = model.predict(p, x) - y;
          return r * r + model.penalty(p) + this.model.loss(p, x, 2 * y);
        }

        @Differentiable
        static double onALocalAndAStaticField(Params p, double[][] X, double[] y) {
          Model m = new Model(0.05);
          double s = 0;
          for (int n = 0; n < X.length; n++) {
            s += m.loss(p, X[n], y[n]);
          }
          return s / X.length + SHARED.penalty(p);
        }

        @Differentiable(wrt = {"p", "y"})
        static double onAParameterOfAFinalClass(Huber h, Params p, double[] x, double y) {
          return h.of(p, x, y) + h.of(p, x, -y);
        }
      }
      """;

  @Test
  void helperObjectsMethodsGivenARecordAreWrittenWhereTheyAreCalled() throws Exception {
    Loaded l = compiled(MODEL);
    Object p = make(l, "rt.Fit$Params", new double[] {0.3, -0.5, 0.2}, 0.1);
    double[] x = {1.0, 0.4, -1.5};
    var fit = l.loadClass("rt.Fit").getDeclaredConstructor();
    fit.setAccessible(true);
    assertGradient(l, "rt.FitGrad", "onAField", fit.newInstance(), p, x, 0.7);
    assertAt(l, "Fit", "onALocalAndAStaticField", p, new double[][] {x, {0.2, -0.1, 0.9}}, new double[] {0.7, -0.3});
    var huber = l.loadClass("rt.Fit$Huber").getDeclaredConstructor();
    huber.setAccessible(true);
    assertAt(l, "Fit", "onAParameterOfAFinalClass", huber.newInstance(), p, x, 0.2);
    assertAt(l, "Fit", "onAParameterOfAFinalClass", huber.newInstance(), p, x, 3.5);
  }

  @Test
  void aMethodASubclassCouldOverrideIsAnErrorOnTheCall() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Fit {
          record Params(double[] w, double b) {}

          static class Model {
            double predict(Params p, double[] x) {
              return p.b() + p.w()[0] * x[0];
            }
          }

          @Differentiable(wrt = "p")
          static double loss(Model model, Params p, double[] x) {
            return model.predict(p, x);
          }
        }
        """), "return model.predict(p, x);", "`model` may hold a subclass's object", "make Model or `predict` final");
  }

  private static final String NUMBERS = """
      package rt;

      import dev.flatgrad.annotations.Differentiable;

      class Net {
        static final class Model {
          final double[] w;
          final double b;

          Model(double[] w, double b) {
            this.w = w;
            this.b = b;
          }

          double predict(double[] x) {
            double s = b;
            for (int i = 0; i < x.length; i++) {
              s += w[i] * x[i];
            }
            return Math.tanh(s);
          }
        }

        static class Scaler {
          final double k;

          Scaler(double k) {
            this.k = k;
          }

          double apply(double v) {
            return k * v * v;
          }
        }

        private static class Squash {
          double of(double v) {
            return v / (1 + Math.abs(v));
          }
        }

        record Poly(double a, double b) {
          double at(double v) {
            return a * v * v + b * v;
          }
        }

        @Differentiable
        static double onALocal(double[] x, double y) {
          Model model = new Model(new double[] {0.5, -0.2, 0.1}, 0.3);
          double r = model.predict(x) - y;
          return r * r;
        }

        static Squash squash = new Squash();

        @Differentiable(wrt = "x")
        static double onParameters(Model model, Poly poly, double[] x) {
          Scaler sc = new Scaler(2.0);
          return sc.apply(model.predict(x)) + poly.at(x[0]) + squash.of(x[1]);
        }
      }
      """;

  @Test
  void aHelperObjectsMethodGivenOnlyNumbersIsWrittenWhereItIsCalled() throws Exception {
    Loaded l = compiled(NUMBERS);
    double[] x = {1.0, 0.4, -1.5};
    assertAt(l, "Net", "onALocal", x, 0.7);
    Object model = make(l, "rt.Net$Model", new double[] {0.3, -0.5, 0.2}, 0.1);
    Object poly = make(l, "rt.Net$Poly", 0.7, -1.2);
    assertAt(l, "Net", "onParameters", model, poly, x);
    assertAt(l, "Net", "onParameters", model, poly, new double[] {-0.3, 2.0, 0.5});
  }

  @Test
  void aMethodGivenNumbersThatASubclassCouldOverrideIsAnErrorSayingSo() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Net {
          static class Model {
            double predict(double[] x) {
              return 0.5 * x[0] * x[0];
            }
          }

          @Differentiable(wrt = "x")
          static double loss(Model model, double[] x) {
            return model.predict(x);
          }
        }
        """), "return model.predict(x);", "`model.predict` has no gradient", "where no subclass could override it",
        "make Model or `predict` final");
  }
}
