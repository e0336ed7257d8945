package dev.flatgrad.maven.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.processor.base.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphDotTest {

  private static final Graph GRAPH = new Graph(
      List.of(
          new Graph.Node("x", "x", Graph.Kind.INPUT, "", "dx", 0),
          new Graph.Node("k", "k", Graph.Kind.INPUT, "", null, 0),
          new Graph.Node("s", "s", Graph.Kind.VALUE, "<", "ds", 1),
          new Graph.Node("s#2", "s", Graph.Kind.VALUE, "+", "ds", 2),
          new Graph.Node("out", "out", Graph.Kind.OUTPUT, "exp", "(inline)", 0)),
      List.of(new Graph.Edge("x", "s"), new Graph.Edge("k", "s"), new Graph.Edge("s", "s#2"),
          new Graph.Edge("s#2", "out")));

  private final String dot = GraphDot.of("p.Foo#f", GRAPH);

  @Test
  void isADirectedGraphLaidOutLeftToRight() {
    assertTrue(dot.startsWith("digraph \"p.Foo#f\" {\n"), dot);
    assertTrue(dot.contains("rankdir=LR"), dot);
    assertTrue(dot.endsWith("}\n"), dot);
  }

  @Test
  void drawsEachValueWithItsOperationAndItsAdjoint() {
    assertTrue(dot.contains("<b>x</b>"), dot);
    assertTrue(dot.contains("\u2190 dx"), dot);
    assertTrue(dot.contains(" = exp"), dot);
    assertTrue(dot.contains("\u2190 inline"), dot);
    assertTrue(dot.contains("\"out\" [id=\"v:out:1\", class=\"fg-output\""), dot);
  }

  @Test
  void namesNodesSoThePageCanFindThemByVariable() {
    assertTrue(dot.contains("\"s\" [id=\"v:s:1\""), dot);
    assertTrue(dot.contains("\"s#2\" [id=\"v:s:2\""), dot);
  }

  @Test
  void greysOutValuesWithoutAnAdjoint() {
    String k = dot.lines().filter(l -> l.startsWith("  \"k\" [")).findFirst().orElseThrow();
    assertTrue(k.contains("fg-inactive"), k);
    assertTrue(k.contains("rounded,dashed"), k);
    assertFalse(k.contains("\u2190"), k);
    assertTrue(dot.contains("\"k\" -> \"s\" [style=dashed"), dot);
    assertTrue(dot.contains("\"x\" -> \"s\";"), dot);
  }

  @Test
  void marksLoopsAndEscapesOperations() {
    assertTrue(dot.contains(" = &lt; \u21bb</font>"), dot);
    assertTrue(dot.contains(" = + \u21bb2</font>"), dot);
  }
}
