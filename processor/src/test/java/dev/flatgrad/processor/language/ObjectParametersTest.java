package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.check;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Objects as users pass their settings: records, classes with public fields, interfaces, enums
 * (compared with {@code ==}, {@code !=}, switched on in every form), strings, nested and imported
 * types, {@code List<Double>}, as parameters and as locals reassigned in loops. They are never
 * differentiated: each method's gradient, tangent and H·v are checked against centred differences
 * and its value against the method's own.
 */
class ObjectParametersTest {

  private static final String SETTINGS = """
      package obj.settings;

      public class Settings {
        public final double scale;
        public final int steps;

        public Settings(double scale, int steps) {
          this.scale = scale;
          this.steps = steps;
        }

        public double weight(int i) {
          return 1.0 / (i + 1);
        }

        public double scaled(double v) {
          return scale * v;
        }
      }
      """;

  private static final String FIT = """
      package obj;

      import dev.flatgrad.annotations.CustomGradient;
      import dev.flatgrad.annotations.CustomTangent;
      import dev.flatgrad.annotations.Differentiable;
      import java.util.List;
      import obj.settings.Settings;

      public class Fit {
        public record Hyper(double lambda, double delta, int steps) {
          public double weight(int i) {
            return lambda / (i + 1);
          }
        }

        public enum Penalty { L1, L2, NONE }

        public interface Schedule {
          double rate(int step);
          boolean decays();
        }

        public record Harmonic(double base) implements Schedule {
          public double rate(int step) {
            return base / (step + 1);
          }

          public boolean decays() {
            return true;
          }
        }

        public static final class Box {
          public double lo = -1.0;
          public double hi = 1.0;
          public Penalty penalty = Penalty.L2;
        }

        /** The brief's example: a record's accessors, an enum compared with ==. */
        @Differentiable
        public static double loss(double[] w, double[] x, Hyper h, Penalty p) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            double r = w[i] * x[i] - h.delta();
            s += r * r;
            if (p == Penalty.L2) s += h.lambda() * w[i] * w[i];
            else if (p == Penalty.L1) s += h.lambda() * Math.abs(w[i]);
          }
          return s;
        }

        /** Switches on an enum: a statement with arrows, one with colons, an expression yielding a double. */
        @Differentiable
        static double switched(double[] w, Penalty p, Hyper h) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            switch (p) {
              case L1 -> s += Math.abs(w[i]);
              case L2 -> s += w[i] * w[i];
              default -> s += 0.0;
            }
            switch (p) {
              case L1:
                s += h.weight(i) * w[i];
                break;
              case NONE:
                break;
              default:
                s -= h.weight(i) * Math.sin(w[i]);
                break;
            }
          }
          double factor = switch (p) {
            case L1 -> h.lambda();
            case L2 -> 2.0 * h.lambda();
            case NONE -> 0.0;
          };
          return s * (1.0 + factor) + switch (p) { case L1 -> w[0]; case L2 -> w[0] * w[0]; case NONE -> 0.0; };
        }

        /** A class with public fields, an interface read through its methods, != on an enum field. */
        @Differentiable
        static double clipped(double[] w, Box box, Schedule schedule) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            double v = Math.min(box.hi, Math.max(box.lo, w[i]));
            s += schedule.rate(i) * v * v;
            if (schedule.decays() && box.penalty != Penalty.NONE) {
              s += 0.5 * w[i];
            }
          }
          return s;
        }

        /** A String compared with equals, an imported class, List<Double> read by get and size. */
        @Differentiable
        static double named(double[] w, String activation, Settings settings, List<Double> weights) {
          double s = 0.0;
          for (int i = 0; i < w.length && i < weights.size(); i++) {
            double a = activation.equals("tanh") ? Math.tanh(w[i]) : Math.max(0.0, w[i]);
            s += weights.get(i) * settings.scale * a + settings.weight(i) * w[i];
          }
          return s * settings.steps;
        }

        /** Object locals, reassigned in a loop, whose old values the backward pass needs; var too. */
        @Differentiable
        static double locals(double[] w, Hyper first, Hyper second, Penalty p) {
          Hyper h = first;
          var q = p;
          double s = 1.0;
          for (int i = 0; i < w.length; i++) {
            s = s * Math.sin(w[i] * h.lambda()) + h.delta();
            if (q == Penalty.L1) {
              s += Math.exp(w[i] * h.weight(i));
            }
            h = i % 2 == 0 ? second : first;
            q = q == Penalty.L1 ? Penalty.L2 : Penalty.L1;
          }
          return s;
        }

        /** A nested type named from outside (Fit.Hyper), an object passed on to a @Differentiable callee. */
        @Differentiable
        static double caller(double[] w, double[] x, Fit.Hyper h) {
          double[] y = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            y[i] = w[i] * 2.0;
          }
          double[] v = vector(y, h);
          return loss(y, x, h, Penalty.L2) + v[0];
        }

        /** A helper of the file taking the settings (differentiated as if marked), one with a hand-written gradient. */
        @Differentiable
        static double helpers(double[] w, Hyper h, Penalty p) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            s += penalty(w[i], h, p) + soft(w[i], h);
          }
          return s;
        }

        static double penalty(double v, Hyper h, Penalty p) {
          return switch (p) {
            case L1 -> h.lambda() * Math.abs(v);
            case L2 -> h.lambda() * v * v;
            case NONE -> 0.0;
          };
        }

        static double soft(double u, Hyper h) {
          return Math.log1p(Math.exp(h.lambda() * u));
        }

        @CustomGradient(of = "soft")
        static double softGrad(double u, Hyper h, double out, double dout) {
          return dout * h.lambda() / (1.0 + Math.exp(-h.lambda() * u));
        }

        @Differentiable
        @CustomTangent(of = "soft")
        static double softTangent(double u, Hyper h, double uDot, double out) {
          return uDot * h.lambda() / (1.0 + Math.exp(-h.lambda() * u));
        }

        @Differentiable
        static double[] vector(double[] w, Hyper h) {
          double[] out = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            out[i] = Math.tanh(w[i]) * h.lambda() + h.delta();
          }
          return out;
        }
      }
      """;

  private static final String MODEL = """
      package obj;

      import dev.flatgrad.annotations.Differentiable;

      class Model {
        private final Fit.Hyper hyper;
        final Fit.Penalty penalty;

        Model(Fit.Hyper hyper, Fit.Penalty penalty) {
          this.hyper = hyper;
          this.penalty = penalty;
        }

        /** An instance method whose class has object fields, calling a static method that takes one. */
        @Differentiable
        double loss(double[] w, double[] x) {
          double s = Fit.loss(w, x, hyper, penalty);
          if (penalty == Fit.Penalty.L1) {
            s += hyper.lambda() * w[0];
          }
          return s;
        }
      }
      """;

  private static Compilation compilation;
  private static Loaded loaded;

  @BeforeAll
  static void compileOnce() {
    compilation = compileOk(source(SETTINGS), source(withSecondOrder(FIT)), source(MODEL));
    loaded = load(compilation);
  }

  private static Object hyper(double lambda, double delta, int steps) throws ReflectiveOperationException {
    return loaded.loadClass("obj.Fit$Hyper").getDeclaredConstructors()[0].newInstance(lambda, delta, steps);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object penalty(String name) throws ClassNotFoundException {
    return Enum.valueOf((Class) loaded.loadClass("obj.Fit$Penalty"), name);
  }

  private static final double[] W = {0.3, -1.1, 0.7, 1.9};
  private static final double[] X = {1.2, 0.4, -0.8, 0.5};

  @Test
  void aRecordAndAnEnumOfSettings() throws Exception {
    for (String p : List.of("L1", "L2", "NONE")) {
      assertGradient(loaded, "obj.FitGrad", "loss", W, X, hyper(0.1, 0.3, 2), penalty(p));
    }
    String grad = generated(compilation, "obj.FitGrad");
    assertThat(grad).contains("Fit.Hyper h, Fit.Penalty p");
    assertThat(grad).contains("p == Fit.Penalty.L2");
  }

  @Test
  void switchesOnAnEnum() throws Exception {
    for (String p : List.of("L1", "L2", "NONE")) {
      assertGradient(loaded, "obj.FitGrad", "switched", W, penalty(p), hyper(0.4, 0.0, 1));
    }
  }

  @Test
  void aClassWithPublicFieldsAndAnInterface() throws Exception {
    Object box = loaded.loadClass("obj.Fit$Box").getDeclaredConstructor().newInstance();
    Object decaying = loaded.loadClass("obj.Fit$Harmonic").getDeclaredConstructors()[0].newInstance(0.8);
    assertGradient(loaded, "obj.FitGrad", "clipped", W, box, decaying);
  }

  @Test
  void aStringAnImportedClassAndAListOfDoubles() throws Exception {
    Object settings = loaded.loadClass("obj.settings.Settings").getDeclaredConstructor(double.class, int.class)
        .newInstance(1.5, 3);
    List<Double> weights = List.of(0.5, -0.25, 2.0);
    assertGradient(loaded, "obj.FitGrad", "named", W, "tanh", settings, weights);
    assertGradient(loaded, "obj.FitGrad", "named", W, "relu", settings, weights);
    assertThat(generated(compilation, "obj.FitGrad")).contains("List<Double> weights");
  }

  @Test
  void objectLocalsReassignedInALoop() throws Exception {
    for (String p : List.of("L1", "L2")) {
      assertGradient(loaded, "obj.FitGrad", "locals", W, hyper(0.5, 0.1, 1), hyper(-0.7, 0.2, 1), penalty(p));
    }
  }

  @Test
  void callersPassObjectsOnAndPullbacksTakeThem() throws Exception {
    assertGradient(loaded, "obj.FitGrad", "caller", W, X, hyper(0.3, 0.2, 1));
    assertGradient(loaded, "obj.FitGrad", "vector", W, hyper(0.3, 0.2, 1), new double[] {1.0, -0.5, 0.25, 2.0});
  }

  @Test
  void helpersTakingTheSettings() throws Exception {
    for (String p : List.of("L1", "L2", "NONE")) {
      assertGradient(loaded, "obj.FitGrad", "helpers", W, hyper(0.6, 0.0, 1), penalty(p));
    }
  }

  @Test
  void anInstanceMethodWhoseClassHoldsObjects() throws Exception {
    var make = loaded.loadClass("obj.Model").getDeclaredConstructors()[0];
    make.setAccessible(true);
    for (String p : List.of("L1", "L2")) {
      Object model = make.newInstance(hyper(0.2, 0.1, 1), penalty(p));
      assertGradient(loaded, "obj.ModelGrad", "loss", model, W, X);
    }
  }

  @Test
  void cutIntoPartsTheObjectsPassFromPartToPart() throws Exception {
    Compilation cut;
    System.setProperty("flatgrad.splitLimit", "60");
    try {
      cut = compileOk(source(SETTINGS), source(withSecondOrder(FIT)));
    } finally {
      System.clearProperty("flatgrad.splitLimit");
    }
    Loaded l = load(cut);
    assertThat(generated(cut, "obj.FitGrad")).contains("lossForward1(");
    Class<?> hyper = l.loadClass("obj.Fit$Hyper");
    Object first = hyper.getDeclaredConstructors()[0].newInstance(0.5, 0.1, 1);
    Object second = hyper.getDeclaredConstructors()[0].newInstance(-0.7, 0.2, 1);
    for (Object p : l.loadClass("obj.Fit$Penalty").getEnumConstants()) {
      assertGradient(l, "obj.FitGrad", "locals", W, first, second, p);
      assertGradient(l, "obj.FitGrad", "switched", W, p, first);
      assertGradient(l, "obj.FitGrad", "loss", W, X, second, p);
    }
  }

  /** A settings record's method given differentiated numbers: a record has no subclass, so it is written where it is called. */
  @Test
  void aMethodOfASettingsRecordOnTheDifferentiatedPathIsWrittenWhereItIsCalled() throws Exception {
    Loaded l = UsersMethods.compiled("""
        package rt;

        import dev.flatgrad.annotations.Differentiable;

        class Scaled {
          record Hyper(double k) {
            double scale(double v) {
              return k * v * v;
            }
          }

          @Differentiable
          static double f(double[] w, Hyper h) {
            double s = 0.0;
            for (int i = 0; i < w.length; i++) {
              s += h.scale(w[i]);
            }
            return s;
          }
        }
        """);
    UsersMethods.assertAt(l, "Scaled", "f", new double[] {0.3, -1.2, 2.0}, RecordPoints.make(l, "rt.Scaled$Hyper", 1.5));
  }

  /** A record with an int beside its double is differentiated in the double (RecordPassThroughTest); a float cannot be. */
  @Test
  void wrtNamingAnObjectIsAnError() {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Wrt {
          record Hyper(double k, float steps) {}

          @Differentiable(wrt = {"w", "h"})
          static double f(double[] w, Hyper h) {
            return w[0] * h.k();
          }
        }
        """), "@Differentiable(wrt", "wrt names \"h\"", "float steps can be neither differentiated nor passed through");
  }
}
