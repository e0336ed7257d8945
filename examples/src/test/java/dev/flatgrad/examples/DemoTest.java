package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.annotations.CustomGradient;
import dev.flatgrad.annotations.Differentiable;
import dev.flatgrad.examples.lecture.CircuitsGrad;
import dev.flatgrad.runtime.GradCheck;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoTest {

  private static String run(List<Demo.Example> examples, boolean expected) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertEquals(expected, Demo.run(out, examples, false));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyExamplePassesAndIsSummarised() {
    List<Demo.Example> examples = Demo.examples();
    String text = run(examples, true);
    assertTrue(text.contains("All " + examples.size() + " gradient checks passed"), text);
    for (Demo.Example e : examples) {
      assertTrue(text.contains(e.name()), e.name());
    }
    assertTrue(text.contains("dW     [[0.088, 0.176], [0.104, 0.208]]"), text);
    assertTrue(text.contains("dx     [4, 0, 5, 0]"), text);
    assertTrue(text.contains("lecture/CircuitsGrad.java"), text);
    // The showcase: the vectorized two-layer net's backward pass, printed in full.
    assertTrue(text.contains("| Nd.addTransposeDotInPlace(dW2, h1, dscores);"), text);
    assertTrue(text.contains("| double[] db2 = Nd.sum(dscores, 0);"), text);
  }

  /** Every method with a generated gradient in this module is one of the demo's examples. */
  @Test
  void theDemoChecksEveryExampleMethod() throws IOException, ClassNotFoundException {
    Path classes = Paths.get("target", "classes");
    List<String> methods = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace(File.separatorChar, '.');
        Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()));
        for (Method m : c.getDeclaredMethods()) {
          if (m.isAnnotationPresent(Differentiable.class)) {
            methods.add(c.getSimpleName() + "." + m.getName());
          }
          CustomGradient custom = m.getAnnotation(CustomGradient.class);
          if (custom != null) {
            methods.add(c.getSimpleName() + "." + custom.of());
          }
        }
      }
    }
    assertTrue(methods.size() >= 22, methods::toString);
    List<String> names = Demo.examples().stream().map(Demo.Example::name).toList();
    for (String m : methods) {
      assertTrue(names.contains(m), m + " is not in the demo");
    }
  }

  @Test
  void aFailedCheckIsNamedInTheSummary() {
    List<Demo.Example> examples = new ArrayList<>(Demo.examples().subList(0, 1));
    examples.add(new Demo.Example("Broken.square", "x^2 with a wrong gradient", "x = 1",
        CircuitsGrad.class, "addMultiply", () -> CircuitsGrad.addMultiply(1, 1, 1),
        () -> GradCheck.check(() -> 1.0, GradCheck.scalar("x", 1, 3))));
    String text = run(examples, false);
    assertTrue(text.contains("1 of 2 gradient checks FAILED: Broken.square"), text);
    assertFalse(text.contains("All 2"), text);
  }

  @Test
  void anExceptionIsAFailureNotACrash() {
    List<Demo.Example> examples = List.of(new Demo.Example("Broken.throws", "throws", "-",
        CircuitsGrad.class, "addMultiply",
        () -> {
          throw new IllegalStateException("boom");
        },
        () -> GradCheck.check(() -> 1.0, GradCheck.scalar("x", 1, 0))));
    String text = run(examples, false);
    assertTrue(text.contains("ERROR: java.lang.IllegalStateException: boom"), text);
    assertTrue(text.contains("1 of 1 gradient checks FAILED: Broken.throws"), text);
  }

  @Test
  void showIsCompact() {
    assertEquals("-4", Show.number(-4));
    assertEquals("0.731059", Show.number(0.7310585786300049));
    assertEquals("1.5e-12", Show.number(1.5e-12));
    assertEquals("[1, 0.5]", Show.value(new double[] {1, 0.5}));
    assertEquals("[[1, 2], [3, 4]]", Show.value(new double[][] {{1, 2}, {3, 4}}));
    assertEquals("double[10] [0, 1, 2, ...]  max |.| 9",
        Show.value(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    assertEquals("double[5][5] [[1, 0, 0, ...], [0, 1, 0, ...], ...]  max |.| 1",
        Show.value(new double[][] {
          {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}}));
  }
}
