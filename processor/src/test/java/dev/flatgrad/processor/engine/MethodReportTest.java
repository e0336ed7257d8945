package dev.flatgrad.processor.engine;

import static com.google.common.truth.Truth.assertThat;

import dev.flatgrad.processor.base.Graph;
import dev.flatgrad.processor.base.Symbols;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's report of a method: sources side by side and the computational graph. */
class MethodReportTest {

  private static final String SOURCE = """
      package lecture;

      import dev.flatgrad.annotations.Differentiable;

      class Circuit {
        @Differentiable
        static double f(double x, double y, double z) {
          double q = x + y;
          return q * z;
        }
      }
      """;

  @Test
  void graphHasAValuePerVariableAndItsAdjoint() {
    Engine.Result r = new Engine(Symbols.NONE, Engine.Options.DEFAULT.withReports(true)).differentiate(SOURCE, "Circuit.java");
    assertThat(r.reports()).hasSize(1);
    MethodReport report = r.reports().get(0);
    assertThat(report.owner()).isEqualTo("lecture.Circuit");
    assertThat(report.generatedClass()).isEqualTo("lecture.CircuitGrad");
    assertThat(report.line()).isEqualTo(7);
    assertThat(report.forwardSource()).startsWith("@Differentiable\nstatic double f(");
    assertThat(report.gradientSource()).contains("double dq = z;");
    Graph g = report.graph();
    assertThat(g.nodes().stream().map(Graph.Node::label).toList()).containsExactly("x", "y", "z", "q", "out");
    Graph.Node q = g.nodes().stream().filter(n -> n.label().equals("q")).findFirst().orElseThrow();
    assertThat(q.op()).isEqualTo("+");
    assertThat(q.adjoint()).isEqualTo("dq");
    assertThat(g.edges()).containsAtLeastElementsIn(List.of(
        new Graph.Edge("x", "q"), new Graph.Edge("y", "q"), new Graph.Edge("q", "out"), new Graph.Edge("z", "out")));
    assertThat(g.nodes().get(4).kind()).isEqualTo(Graph.Kind.OUTPUT);
    assertThat(g.toDot()).contains("\"q\" [shape=ellipse, label=\"q\\n+\\n← dq\"]");
    assertThat(g.toDot()).contains("\"x\" -> \"q\";");
  }

  @Test
  void theResultsAdjointIsTheSeedAndALoopUpdateIsWhatComputesAValue() {
    Engine.Result r = new Engine(Symbols.NONE, Engine.Options.DEFAULT.withReports(true)).differentiate("""
        package p;

        import dev.flatgrad.annotations.Differentiable;

        class Sums {
          @Differentiable
          static double sum(double[] x) {
            double s = 0.0;
            for (int i = 0; i < x.length; i++) {
              s += x[i] * x[i];
            }
            return Math.sqrt(s);
          }

          @Differentiable
          static double[] scaled(double[] x, double k) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              y[i] = k * x[i];
            }
            return y;
          }
        }
        """, "Sums.java");
    Graph sum = r.reports().get(0).graph();
    Graph.Node s = sum.nodes().stream().filter(n -> n.label().equals("s")).findFirst().orElseThrow();
    assertThat(s.op()).isEqualTo("+");
    assertThat(s.loopDepth()).isEqualTo(1);
    Graph.Node out = sum.nodes().stream().filter(n -> n.kind() == Graph.Kind.OUTPUT).findFirst().orElseThrow();
    assertThat(out.adjoint()).isEqualTo("1.0");
    Graph scaled = r.reports().get(1).graph();
    Graph.Node y = scaled.nodes().stream().filter(n -> n.kind() == Graph.Kind.OUTPUT).findFirst().orElseThrow();
    assertThat(y.label()).isEqualTo("y");
    assertThat(y.op()).isEqualTo("*");
    assertThat(y.adjoint()).isEqualTo("dout");
  }
}
