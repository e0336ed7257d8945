package dev.flatgrad.maven.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.maven.sources.DifferentiableMethods;
import dev.flatgrad.maven.sources.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodFilterTest {

  private static final List<DifferentiableMethod> METHODS = DifferentiableMethods.find(List.of(
      new SourceFile(Path.of("/src"), Path.of("/src/nn/Net.java"), "nn/Net.java", """
          package nn;
          import dev.flatgrad.annotations.Differentiable;
          class Net {
            @Differentiable static double loss(double w) { return w * w; }
            @Differentiable static double reg(double w) { return w; }
          }
          """, "d1"),
      new SourceFile(Path.of("/src"), Path.of("/src/lecture/Neuron.java"), "lecture/Neuron.java", """
          package lecture;
          import dev.flatgrad.annotations.Differentiable;
          class Neuron {
            @Differentiable static double neuron(double w) { return w * w; }
          }
          """, "d2")), 0);

  private static List<String> selected(String... patterns) {
    MethodFilter f = new MethodFilter(List.of(patterns));
    return METHODS.stream().filter(f::selects).map(DifferentiableMethod::id).toList();
  }

  @Test
  void patterns() {
    assertEquals(List.of("nn.Net#loss", "nn.Net#reg", "lecture.Neuron#neuron"), selected());
    assertEquals(List.of("nn.Net#loss"), selected("nn.Net#loss"));
    assertEquals(List.of("nn.Net#loss"), selected("Net#loss"));
    assertEquals(List.of("nn.Net#loss", "nn.Net#reg"), selected("nn.Net"));
    assertEquals(List.of("nn.Net#loss", "nn.Net#reg"), selected("nn.*"));
    assertEquals(List.of("nn.Net#reg", "lecture.Neuron#neuron"), selected("*#reg", "lecture.*"));
    assertEquals(List.of(), selected("Nope"));
  }
}
