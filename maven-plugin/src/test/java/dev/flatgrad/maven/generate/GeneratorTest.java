package dev.flatgrad.maven.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.maven.testing.Project;
import dev.flatgrad.processor.base.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {

  private static final String NEURON = """
      package lecture;

      import dev.flatgrad.annotations.Differentiable;

      public class Neuron {
        @Differentiable
        static double neuron(double w0, double x0, double w1, double x1, double w2) {
          return 1.0 / (1.0 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
        }
      }
      """;

  private static final String SQUARE = """
      package lecture;

      import dev.flatgrad.annotations.Differentiable;

      public class Square {
        @Differentiable
        static double square(double x) {
          return x * x;
        }
      }
      """;

  @TempDir Path dir;

  private GenerateRequest request(Project p) {
    return request(p, 0);
  }

  private GenerateRequest request(Project p, int release) {
    return new GenerateRequest(List.of(p.sources()), dir.resolve("out"), dir.resolve("state/generate.state"),
        StandardCharsets.UTF_8, Project.userClasspath(), "test", false, release);
  }

  /** A pattern switch (Java 21) beside a plain differentiated method. */
  private static final String SHAPES = """
      package shapes;

      import dev.flatgrad.annotations.Differentiable;

      public class Shapes {
        sealed interface Shape permits Circle, Square {}

        record Circle(double r) implements Shape {}

        record Square(double side) implements Shape {}

        static double area(Shape s) {
          return switch (s) {
            case Circle(double r) -> Math.PI * r * r;
            case Square(double side) -> side * side;
          };
        }

        @Differentiable
        static double ring(double r, double width) {
          var outer = r + width;
          return Math.PI * (outer * outer - r * r);
        }
      }
      """;

  @Test
  void sourcesAreReadAtTheReleaseTheyAreCompiledAt() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("shapes/Shapes.java", SHAPES);

    GenerateResult at21 = new Generator().run(request(p, 21));
    assertFalse(at21.hasErrors(), at21.diagnostics()::toString);
    assertTrue(Files.readString(dir.resolve("out/shapes/ShapesGrad.java")).contains("double douter = "));

    GenerateResult at17 = new Generator().run(request(p, 17));
    assertTrue(at17.hasErrors());
    assertTrue(at17.diagnostics().get(0).toString().contains("'JAVA_21' language level"),
        at17.diagnostics()::toString);
  }

  @Test
  void writesTheSameSourceAsTheAnnotationProcessor() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Neuron.java", NEURON);

    GenerateResult result = new Generator().run(request(p));

    assertFalse(result.hasErrors(), result.diagnostics()::toString);
    Path generated = dir.resolve("out/lecture/NeuronGrad.java");
    assertEquals(List.of(generated), result.written());
    p.compile(true);
    assertEquals(Files.readString(p.processorOutput().resolve("lecture/NeuronGrad.java")), Files.readString(generated));
  }

  @Test
  void settingsObjectsOfOtherFilesAsTheProcessorSeesThem() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("fit/Settings.java", """
        package fit;

        public record Settings(double lambda, int steps) {
          public enum Penalty { L1, L2 }
        }
        """);
    p.write("fit/Fit.java", """
        package fit;

        import dev.flatgrad.annotations.Differentiable;
        import fit.Settings.Penalty;
        import java.util.List;

        class Fit {
          @Differentiable
          static double loss(double[] w, Settings s, Penalty p, String name, List<Double> scales) {
            double t = 0.0;
            for (int i = 0; i < w.length && i < s.steps(); i++) {
              double v = p == Penalty.L1 ? Math.abs(w[i]) : w[i] * w[i];
              t += name.equals("scaled") ? scales.get(i) * v : v;
            }
            return s.lambda() * t;
          }
        }
        """);

    GenerateResult result = new Generator().run(request(p));

    assertFalse(result.hasErrors(), result.diagnostics()::toString);
    Path generated = dir.resolve("out/fit/FitGrad.java");
    p.compile(true);
    assertEquals(Files.readString(p.processorOutput().resolve("fit/FitGrad.java")), Files.readString(generated));
  }

  @Test
  void secondRunHasNothingToDo() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Neuron.java", NEURON);
    p.write("lecture/Square.java", SQUARE);
    new Generator().run(request(p));

    GenerateResult again = new Generator().run(request(p));

    assertTrue(again.upToDate());
    assertEquals(2, again.sources());
    assertEquals(0, again.regenerated());
  }

  @Test
  void regeneratesOnlyTheSourceThatChanged() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Neuron.java", NEURON);
    p.write("lecture/Square.java", SQUARE);
    new Generator().run(request(p));
    Path neuronGrad = dir.resolve("out/lecture/NeuronGrad.java");
    Files.setLastModifiedTime(neuronGrad, java.nio.file.attribute.FileTime.fromMillis(0));

    p.write("lecture/Square.java", SQUARE.replace("x * x", "x * x * x"));
    GenerateResult result = new Generator().run(request(p));

    assertFalse(result.upToDate());
    assertEquals(List.of("lecture/Square.java changed"), result.reasons());
    assertEquals(1, result.regenerated());
    assertEquals(List.of(dir.resolve("out/lecture/SquareGrad.java")), result.written());
    assertEquals(0, Files.getLastModifiedTime(neuronGrad).toMillis(), "NeuronGrad.java was not touched");
  }

  @Test
  void regeneratesWhenAGeneratedFileWasDeleted() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Square.java", SQUARE);
    new Generator().run(request(p));
    Files.delete(dir.resolve("out/lecture/SquareGrad.java"));

    GenerateResult result = new Generator().run(request(p));

    assertEquals(List.of("lecture/SquareGrad.java was deleted"), result.reasons());
    assertTrue(Files.isRegularFile(dir.resolve("out/lecture/SquareGrad.java")));
  }

  @Test
  void removesWhatARemovedSourceGenerated() throws IOException {
    Project p = new Project(dir.resolve("p"));
    Path square = p.write("lecture/Square.java", SQUARE);
    p.write("lecture/Neuron.java", NEURON);
    new Generator().run(request(p));

    Files.delete(square);
    GenerateResult result = new Generator().run(request(p));

    assertEquals(List.of("lecture/Square.java was removed"), result.reasons());
    assertEquals(List.of(dir.resolve("out/lecture/SquareGrad.java")), result.deleted());
    assertFalse(Files.exists(dir.resolve("out/lecture/SquareGrad.java")));
    assertTrue(Files.exists(dir.resolve("out/lecture/NeuronGrad.java")));
  }

  @Test
  void regeneratesAnUnchangedSourceWhenAClassItUsesChanges() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Consts.java", """
        package lecture;

        public class Consts {
          public static final double SCALE = 2.0;
        }
        """);
    p.write("lecture/Scaled.java", """
        package lecture;

        import dev.flatgrad.annotations.Differentiable;

        public class Scaled {
          @Differentiable
          static double scaled(double x) {
            return Consts.SCALE * x;
          }
        }
        """);
    GenerateResult first = new Generator().run(request(p));
    assertFalse(first.hasErrors(), first.diagnostics()::toString);

    // Another class without @Differentiable changes: nothing Scaled asked about is different.
    p.write("lecture/Other.java", "package lecture;\nclass Other {}\n");
    assertEquals(List.of(), new Generator().run(request(p)).reasons());

    p.write("lecture/Consts.java", """
        package lecture;

        public class Consts {
          public static final int SCALE = 2;
        }
        """);
    GenerateResult result = new Generator().run(request(p));

    assertEquals(List.of("lecture/Scaled.java uses lecture.Consts, which changed"), result.reasons());
  }

  @Test
  void unsupportedCodeIsReportedWithFileLineAndColumn() throws IOException {
    Project p = new Project(dir.resolve("p"));
    Path file = p.write("lecture/Branchy.java", """
        package lecture;

        import dev.flatgrad.annotations.Differentiable;

        public class Branchy {
          @Differentiable
          static double pick(double x, int k) {
            switch (k) {
              case 0: x = -x;
              default: return 2 * x;
            }
          }
        }
        """);

    GenerateResult result = new Generator().run(request(p));

    assertTrue(result.hasErrors());
    Diagnostic error = result.errors().get(0);
    assertEquals(file.toString(), error.file());
    assertEquals(8, error.pos().line());
    assertTrue(error.toString().startsWith(file + ":[8,"), error::toString);
    assertFalse(Files.exists(dir.resolve("out/lecture/BranchyGrad.java")));

    // Still failing on the next run: a source with errors is never up to date.
    assertTrue(new Generator().run(request(p)).hasErrors());
  }

  @Test
  void aNewPluginVersionRegeneratesEverything() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Square.java", SQUARE);
    new Generator().run(request(p));
    GenerateRequest newer = new GenerateRequest(List.of(p.sources()), dir.resolve("out"),
        dir.resolve("state/generate.state"), StandardCharsets.UTF_8, Project.userClasspath(), "test-2", false, 0);

    GenerateResult result = new Generator().run(newer);

    assertFalse(result.upToDate());
    assertEquals(1, result.regenerated());
    assertTrue(result.reasons().get(0).startsWith("the plugin, its configuration or the classpath changed"));
  }

  @Test
  void classesFromTheClasspathAreSeenAsJavacSeesThem() throws IOException {
    Project lib = new Project(dir.resolve("lib"));
    lib.write("lib/Consts.java", """
        package lib;

        public final class Consts {
          private Consts() {}

          public static final double SCALE = 2.0;
        }
        """);
    Path libClasses = lib.compile(false);
    Project p = new Project(dir.resolve("p"));
    p.write("lecture/Scaled.java", """
        package lecture;

        import dev.flatgrad.annotations.Differentiable;
        import lib.Consts;

        public class Scaled {
          @Differentiable
          static double scaled(double x) {
            return Consts.SCALE * x * x;
          }
        }
        """);
    List<Path> classpath = new java.util.ArrayList<>(Project.userClasspath());
    classpath.add(libClasses);

    GenerateResult result = new Generator().run(new GenerateRequest(List.of(p.sources()), dir.resolve("out"),
        dir.resolve("state/generate.state"), StandardCharsets.UTF_8, classpath, "test", false, 0));

    assertFalse(result.hasErrors(), result.diagnostics()::toString);
    p.compileAgainst(true, libClasses);
    assertEquals(Files.readString(p.processorOutput().resolve("lecture/ScaledGrad.java")),
        Files.readString(dir.resolve("out/lecture/ScaledGrad.java")));
  }

  @Test
  void callsToDifferentiableMethodsOfOtherClassesMatchTheProcessor() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("nn/Activations.java", """
        package nn;

        import dev.flatgrad.annotations.Differentiable;

        public final class Activations {
          private Activations() {}

          @Differentiable
          public static double sigmoid(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
          }
        }
        """);
    p.write("nn/Neuron.java", """
        package nn;

        import dev.flatgrad.annotations.Differentiable;

        public final class Neuron {
          private Neuron() {}

          @Differentiable
          public static double neuron(double w, double x, double b) {
            return Activations.sigmoid(w * x + b);
          }
        }
        """);

    GenerateResult result = new Generator().run(request(p));

    String javac = p.tryCompile(true);
    org.junit.jupiter.api.Assumptions.assumeTrue(javac.isEmpty(), () -> "the engine does not call across classes:\n" + javac);
    assertFalse(result.hasErrors(), result.diagnostics()::toString);
    for (String name : List.of("nn/NeuronGrad.java", "nn/ActivationsGrad.java")) {
      assertEquals(Files.readString(p.processorOutput().resolve(name)), Files.readString(dir.resolve("out").resolve(name)));
    }

    // What Neuron knows of the method it calls changes: Neuron is differentiated again, though its
    // own text is the same.
    p.write("nn/Activations.java", Files.readString(p.sources().resolve("nn/Activations.java"))
        .replace("@Differentiable\n", "@Differentiable(wrt = {\"x\"})\n"));
    GenerateResult again = new Generator().run(request(p));
    assertTrue(again.reasons().contains("nn/Neuron.java uses nn.Activations, which changed"), again.reasons()::toString);
  }

  @Test
  void nestedClassesAndTheDefaultPackage() throws IOException {
    Project p = new Project(dir.resolve("p"));
    p.write("Outer.java", """
        import dev.flatgrad.annotations.Differentiable;

        public class Outer {
          public static class Inner {
            @Differentiable
            static double cube(double x) {
              return x * x * x;
            }
          }
        }
        """);

    GenerateResult result = new Generator().run(request(p));

    assertFalse(result.hasErrors(), result.diagnostics()::toString);
    p.compile(true);
    assertEquals(Files.readString(p.processorOutput().resolve("Outer_InnerGrad.java")),
        Files.readString(dir.resolve("out/Outer_InnerGrad.java")));
  }
}
