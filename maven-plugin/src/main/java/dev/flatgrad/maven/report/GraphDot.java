package dev.flatgrad.maven.report;

import dev.flatgrad.processor.base.Graph;
import java.util.HashMap;
import java.util.Map;

/**
 * The computational graph as Graphviz DOT for the report's picture: forward values left to right,
 * each drawn as its name and the operation that computes it, over the adjoint the backward pass
 * computes for it. Graphviz (in the page, compiled to WebAssembly) lays it out; this class only
 * says what to draw. Node ids are {@code v:<name>:<n>}, which the page's script reads to link a
 * node with the same name in the sources.
 */
final class GraphDot {

  /** What the backward pass gives a node whose adjoint is not a variable of its own. */
  static final String INLINE = "(inline)";

  private static final String INPUT_BG = "#ffffff";
  private static final String VALUE_BG = "#eef4ff";
  private static final String OUTPUT_BG = "#e6f6ea";
  private static final String BORDER = "#4f6fa8";
  private static final String OUTPUT_BORDER = "#2f8a45";
  private static final String ADJOINT = "#cf222e";
  private static final String MUTED = "#8c959f";
  private static final String OP = "#57606a";

  private GraphDot() {}

  static String of(String name, Graph graph) {
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quote(name)).append(" {\n");
    dot.append("  graph [rankdir=LR, bgcolor=\"transparent\", nodesep=0.25, ranksep=0.45, pad=0.15];\n");
    // Courier: Graphviz in the page measures text with built-in font metrics, and Courier's are
    // those of every monospaced font the page then draws with.
    dot.append("  node [shape=plain, fontname=\"Courier\", fontsize=12];\n");
    dot.append("  edge [color=\"").append(MUTED).append("\", arrowsize=0.6, penwidth=1.1];\n");
    Map<String, Graph.Node> byId = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Graph.Node n : graph.nodes()) {
      byId.put(n.id(), n);
      int k = seen.merge(n.label(), 1, Integer::sum);
      dot.append("  ").append(quote(n.id()))
          .append(" [id=").append(quote("v:" + n.label() + ":" + k))
          .append(", class=").append(quote(cssClass(n)))
          .append(", tooltip=").append(quote(tooltip(n)))
          .append(", label=<").append(label(n)).append(">];\n");
    }
    for (Graph.Edge e : graph.edges()) {
      Graph.Node from = byId.get(e.from());
      dot.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
      if (from != null && from.adjoint() == null) {
        dot.append(" [style=dashed, color=\"#d0d7de\"]");
      }
      dot.append(";\n");
    }
    return dot.append("}\n").toString();
  }

  private static String label(Graph.Node n) {
    boolean active = n.adjoint() != null;
    String text = active ? "#1f2328" : MUTED;
    String bg = switch (n.kind()) {
      case INPUT -> INPUT_BG;
      case VALUE -> VALUE_BG;
      case OUTPUT -> OUTPUT_BG;
    };
    String border = !active ? "#d0d7de" : n.kind() == Graph.Kind.OUTPUT ? OUTPUT_BORDER : BORDER;
    String style = active ? "rounded" : "rounded,dashed";
    StringBuilder l = new StringBuilder();
    l.append("<table border=\"").append(n.kind() == Graph.Kind.OUTPUT ? 2 : 1)
        .append("\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"3\" style=\"").append(style)
        .append("\" color=\"").append(border).append("\" bgcolor=\"").append(bg).append("\">");
    l.append("<tr><td align=\"left\"><font color=\"").append(text).append("\"><b>")
        .append(escape(n.label())).append("</b>");
    String op = n.kind() == Graph.Kind.INPUT ? "" : n.op();
    if (!op.isEmpty() || n.loopDepth() > 0) {
      l.append("<font color=\"").append(active ? OP : MUTED).append("\" point-size=\"10\">");
      if (!op.isEmpty()) {
        l.append(" = ").append(escape(op));
      }
      if (n.loopDepth() > 0) {
        l.append(" \u21bb").append(n.loopDepth() > 1 ? String.valueOf(n.loopDepth()) : "");
      }
      l.append("</font>");
    }
    l.append("</font></td></tr>");
    if (active) {
      l.append("<hr/><tr><td align=\"left\"><font color=\"").append(ADJOINT).append("\" point-size=\"11\">");
      l.append(n.adjoint().equals(INLINE) ? "\u2190 inline" : "\u2190 " + escape(n.adjoint()));
      l.append("</font></td></tr>");
    }
    return l.append("</table>").toString();
  }

  private static String cssClass(Graph.Node n) {
    return "fg-" + n.kind().name().toLowerCase(java.util.Locale.ROOT) + (n.adjoint() == null ? " fg-inactive" : "");
  }

  private static String tooltip(Graph.Node n) {
    String what = switch (n.kind()) {
      case INPUT -> n.label() + ": input";
      case VALUE -> n.label() + " = " + n.op() + "(\u2026)";
      case OUTPUT -> n.label() + " = " + n.op() + "(\u2026), the result";
    };
    if (n.loopDepth() > 0) {
      what += ", in " + (n.loopDepth() == 1 ? "a loop" : n.loopDepth() + " nested loops");
    }
    if (n.adjoint() == null) {
      return what + ". No adjoint: not differentiated, or does not reach the result";
    }
    if (n.adjoint().equals(INLINE)) {
      return what + ". Its adjoint is folded into the backward code that uses it";
    }
    return what + ". Its adjoint: " + n.adjoint();
  }

  /** Text inside a Graphviz HTML-like label. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
