package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.ExternalJdk;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modern Java around a differentiated method does not matter: records, sealed types, switch
 * expressions and pattern switches, text blocks, unnamed variables, module imports elsewhere in the
 * file, in other classes of it, in other methods of the same class. Sources are parsed at the
 * release javac compiles them at; only the differentiated bodies are held to flatgrad's language,
 * where {@code var} works wherever a type may be written (the Java 17 class's tangents and H·v
 * too). Java 17 code is compiled by the JDK running the tests; Java 21 and 25 code by an installed
 * JDK 21+ (Temurin 25 beside Java 17 on the project's machines), at {@code --release 21} and
 * {@code --release 25}; without one, those tests are skipped and say so.
 */
class ModernJavaTest {

  /** A differentiated method with {@code var} wherever a type may be written. */
  private static final String VAR_EVERYWHERE = """
        /** Squared error of a linear model, plus an L2 penalty; var in every position. */
        @Differentiable
        static double loss(double[] w, double[][] x, double[] y, double reg) {
          var total = 0.0;
          var n = x.length;
          var seen = 0L;
          for (var i = 0; i < n; i++) {
            var row = x[i];
            var score = 0.0;
            for (var j = 0; j < w.length; j++) {
              score += w[j] * row[j];
            }
            var margin = score - y[i];
            var big = Math.abs(margin) > 1.0;
            total += big ? Math.abs(margin) - 0.5 : 0.5 * margin * margin;
            seen++;
          }
          var norm = 0.0;
          for (var wj : w) {
            norm += wj * wj;
          }
          var grid = new double[2][2];
          grid[1][0] = norm;
          var copy = w.clone();
          return total / seen + reg * grid[1][0] + 0.0 * copy[0];
        }
      """;

  private static final double[] W = {0.4, -0.7, 1.1};
  private static final double[][] X = {{1.0, 2.0, -0.5}, {0.3, -1.2, 2.2}, {-0.8, 0.1, 0.9}};
  private static final double[] Y = {0.2, -0.4, 1.5};

  @Test
  void java17AroundADifferentiatedMethod() {
    Loaded l = load(compileOk(source(withSecondOrder("""
        package modern;

        import dev.flatgrad.annotations.Differentiable;

        public class Shapes17 {
          sealed interface Shape permits Circle, Square {}

          record Circle(double r) implements Shape {}

          record Square(double side) implements Shape {}

          static double area(Shape s) {
            if (s instanceof Circle c) {
              return Math.PI * c.r() * c.r();
            }
            return s instanceof Square q ? q.side() * q.side() : 0.0;
          }

          static String describe(int k) {
            return switch (k) {
              case 0 -> "none";
              default -> {
                String text = \"""
                    some
                    \""";
                yield text.strip();
              }
            };
          }

          enum Activation {
            SOFTPLUS;

            @Differentiable
            static double softplus(double x) {
              return Math.log1p(Math.exp(x));
            }
          }

          interface Kernel {
            @Differentiable
            static double gaussian(double d, double width) {
              return Math.exp(-d * d / (2.0 * width * width));
            }
          }

          /** A record with a differentiated method of its own, reading its components. */
          record Spring(double k, double rest) {
            @Differentiable
            double energy(double x) {
              var stretch = x - rest;
              return 0.5 * k * stretch * stretch;
            }
          }

        %s
        }
        """.formatted(VAR_EVERYWHERE)))));
    assertGradient(l, "modern.Shapes17Grad", "loss", W, X, Y, 0.1);
    Object spring = newSpring(l, 3.0, 0.5);
    assertGradient(l, "modern.Shapes17_SpringGrad", "energy", spring, 1.25);
    assertGradient(l, "modern.Shapes17_ActivationGrad", "softplus", 0.3);
    assertGradient(l, "modern.Shapes17_KernelGrad", "gaussian", 0.5, 1.2);
  }

  private static Object newSpring(Loaded l, double k, double rest) {
    try {
      var ctor = l.loadClass("modern.Shapes17$Spring").getDeclaredConstructor(double.class, double.class);
      ctor.setAccessible(true);
      return ctor.newInstance(k, rest);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Java 21 in the same file: pattern switches, record patterns and guards beside the method. */
  private static final String JAVA21 = """
      package modern;

      import dev.flatgrad.annotations.Differentiable;

      public class Shapes21 {
        sealed interface Shape permits Circle, Rect {}

        record Circle(double r) implements Shape {}

        record Rect(double w, double h) implements Shape {}

        static double area(Shape s) {
          return switch (s) {
            case Circle(var r) when r < 0 -> 0.0;
            case Circle(double r) -> Math.PI * r * r;
            case Rect(double w, double h) -> w * h;
          };
        }

        static String name(Object o) {
          return switch (o) {
            case Integer i when i > 0 -> "positive " + i;
            case String s -> s;
            default -> "other";
          };
        }

      %s

        public static void main(String[] args) {
          double[] w = {0.4, -0.7, 1.1};
          double[][] x = {{1.0, 2.0, -0.5}, {0.3, -1.2, 2.2}, {-0.8, 0.1, 0.9}};
          double[] y = {0.2, -0.4, 1.5};
          Shapes21Grad.checkLoss(w, x, y, 0.1).assertPassed();
          System.out.println("checked " + area(new Rect(2, 3)) + " " + name(5));
        }
      }
      """.formatted(VAR_EVERYWHERE);

  @Test
  void java21AroundADifferentiatedMethod(@TempDir Path dir) throws IOException {
    ExternalJdk jdk = jdk(21);
    Path src = write(dir, "Shapes21.java", JAVA21);
    ExternalJdk.Run javac = jdk.javac(21, dir.resolve("out"), List.of(src));
    assertWithMessage("javac %s --release 21:\n%s", jdk.feature(), javac.output()).that(javac.exitCode()).isEqualTo(0);
    assertThat(Files.exists(dir.resolve("out/modern/Shapes21Grad.java"))).isTrue();
    ExternalJdk.Run run = jdk.java(dir.resolve("out"), "modern.Shapes21");
    assertWithMessage("%s", run.output()).that(run.exitCode()).isEqualTo(0);
    assertThat(run.output()).contains("checked 6.0 positive 5");
  }

  /** The Java 21 class again, and one with Java 25 all around, compiled at --release 25. */
  @Test
  void java25AroundADifferentiatedMethod(@TempDir Path dir) throws IOException {
    ExternalJdk jdk = jdk(25);
    Path shapes = write(dir, "Shapes21.java", JAVA21);
    Path src = write(dir, "Compact25.java", """
        package modern;

        import module java.base;

        import dev.flatgrad.annotations.Differentiable;

        /// A class with Java 25 all around: a module import, markdown comments, unnamed
        /// variables, a constructor that validates before `super(...)`.
        public class Compact25 {
          static class Base {
            final double v;

            Base(double v) {
              this.v = v;
            }
          }

          static class Checked extends Base {
            Checked(double v) {
              if (v < 0) {
                throw new IllegalArgumentException("negative");
              }
              super(v);
            }
          }

          static int count(List<String> xs) {
            int n = 0;
            for (String _ : xs) {
              n++;
            }
            return n;
          }

          /// The mean of sin(x * v[i]); an unnamed variable counts the entries.
          @Differentiable
          static double meanSine(double[] v, double x) {
            var n = 0;
            for (var _ : v) {
              n++;
            }
            var s = 0.0;
            for (var e : v) {
              s += Math.sin(e * x);
            }
            return s / n;
          }

          public static void main(String[] args) {
            Shapes21.main(args);
            Compact25Grad.checkMeanSine(new double[] {0.5, -1.5, 2.0}, 0.7).assertPassed();
            System.out.println("checked " + count(List.of("a", "b")) + " " + new Checked(2.0).v);
          }
        }
        """);
    ExternalJdk.Run javac = jdk.javac(25, dir.resolve("out"), List.of(shapes, src));
    assertWithMessage("javac %s --release 25:\n%s", jdk.feature(), javac.output()).that(javac.exitCode()).isEqualTo(0);
    ExternalJdk.Run run = jdk.java(dir.resolve("out"), "modern.Compact25");
    assertWithMessage("%s", run.output()).that(run.exitCode()).isEqualTo(0);
    assertThat(run.output()).contains("checked 6.0 positive 5");
    assertThat(run.output()).contains("checked 2 2.0");
  }

  @Test
  void aPatternSwitchInADifferentiatedBodyIsAnErrorOnItsLine(@TempDir Path dir) throws IOException {
    ExternalJdk jdk = jdk(21);
    Path src = write(dir, "Pick.java", """
        package modern;

        import dev.flatgrad.annotations.Differentiable;

        class Pick {
          static Object choice = 1;

          @Differentiable
          static double pick(double x) {
            double scale = switch (choice) {
              case Integer i when i > 0 -> 2.0;
              default -> 1.0;
            };
            return x * scale;
          }
        }
        """);
    ExternalJdk.Run javac = jdk.javac(21, dir.resolve("out"), List.of(src));
    assertThat(javac.exitCode()).isNotEqualTo(0);
    assertThat(javac.output()).contains("Pick.java:10: error: [FlatgradUnsupported] case Integer i: a switch is"
        + " supported over int, char, String and enum constants only (no patterns or null); use if/else");
    assertThat(javac.output()).doesNotContain("Exception");
  }

  /** A JDK of at least {@code feature}, or the test is skipped with a message saying why. */
  private static ExternalJdk jdk(int feature) {
    Optional<ExternalJdk> jdk = ExternalJdk.atLeast(feature);
    if (jdk.isEmpty()) {
      String why = "SKIPPED: no JDK " + feature + "+ installed beside " + System.getProperty("java.home")
          + " (install one there, or point -Dflatgrad.jdk at its home)";
      System.err.println(why);
      Assumptions.abort(why);
    }
    return jdk.get();
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve("src/modern").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
