package dev.flatgrad.processor.base;

import java.util.List;

/**
 * The computational graph of a differentiated method, for pictures: one node per value the
 * forward pass computes (parameters, locals, named temporaries), an edge from each value read to
 * the value computed, and for each node the adjoint the backward pass computes for it.
 */
public record Graph(List<Node> nodes, List<Edge> edges) {

  /** What a node is. */
  public enum Kind {
    INPUT,
    VALUE,
    OUTPUT
  }

  /**
   * A value of the forward pass.
   *
   * @param id unique in the graph
   * @param label the variable's name in the generated code
   * @param op the operation that computes it ("" for an input)
   * @param adjoint the name of its adjoint in the backward pass, or null if it gets none
   * @param loopDepth how many loops its definition is in
   */
  public record Node(String id, String label, Kind kind, String op, String adjoint, int loopDepth) {}

  public record Edge(String from, String to) {}

  public Graph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** The graph in Graphviz's DOT language: inputs as boxes, adjoints beside each value. */
  public String toDot() {
    StringBuilder dot = new StringBuilder("digraph G {\n  rankdir=LR;\n  node [fontname=\"monospace\"];\n");
    for (Node n : nodes) {
      String shape = switch (n.kind()) {
        case INPUT -> "box";
        case OUTPUT -> "doubleoctagon";
        case VALUE -> "ellipse";
      };
      String label = n.label() + (n.op().isEmpty() ? "" : "\\n" + n.op())
          + (n.adjoint() == null ? "" : "\\n← " + n.adjoint());
      dot.append("  ").append(quote(n.id())).append(" [shape=").append(shape)
          .append(", label=").append(quote(label))
          .append(n.adjoint() == null ? ", color=gray, fontcolor=gray" : "")
          .append("];\n");
    }
    for (Edge e : edges) {
      dot.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(";\n");
    }
    return dot.append("}\n").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }
}
