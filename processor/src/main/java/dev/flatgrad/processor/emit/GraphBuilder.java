package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.base.Graph;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws the computational graph of a method from its forward IR: a node per value of type
 * double or double array, an edge per value read, each labelled with the operation that computes
 * it and the adjoint the backward pass gives it (with the names of the generated code).
 */
final class GraphBuilder {

  private final Naming naming;
  private final Set<Variable> active;
  private final Map<Variable, Variable> adjoints = new HashMap<>();
  private final Map<Variable, Graph.Node> nodes = new LinkedHashMap<>();
  private final Set<Graph.Edge> edges = new LinkedHashSet<>();
  private final Set<String> ids = new java.util.HashSet<>();

  private GraphBuilder(Naming naming, Set<Variable> active, List<Stmt> backward) {
    this.naming = naming;
    this.active = active;
    for (Stmt s : backward) {
      Stmts.walk(s, x -> {
        Variable t = Stmts.target(x);
        if (t != null && t.kind() == Variable.Kind.ADJOINT) {
          adjoints.putIfAbsent(t.primal(), t);
        }
      });
    }
  }

  /**
   * The graph of {@code ir}; {@code seed} is the parameter holding the result's adjoint ({@code
   * dout}), or null when it is 1.
   */
  static Graph build(IrMethod ir, Set<Variable> active, List<Stmt> backward, Naming naming, Variable seed) {
    GraphBuilder g = new GraphBuilder(naming, active, backward);
    for (Variable p : ir.params()) {
      if (p.type().isDifferentiable()) {
        g.node(p, Graph.Kind.INPUT, "", 0);
      }
    }
    g.block(ir.body(), 0);
    Graph.Node out = g.nodes.get(ir.output());
    if (out != null) {
      // The result's adjoint is the seed, unless the backward pass keeps it in a variable.
      String adjoint = g.adjoints.containsKey(ir.output()) || out.adjoint() == null ? out.adjoint()
          : seed != null ? naming.of(seed) : "1.0";
      g.nodes.put(ir.output(), new Graph.Node(out.id(), out.label(), Graph.Kind.OUTPUT, out.op(), adjoint, out.loopDepth()));
    }
    return new Graph(new ArrayList<>(g.nodes.values()), new ArrayList<>(g.edges));
  }

  private void block(Block b, int depth) {
    for (Stmt s : b.stmts()) {
      if (s instanceof Stmt.Assign a && a.target().type().isDifferentiable()) {
        define(a.target(), a.effectiveValue(), depth);
      } else if (s instanceof Stmt.Store st && st.array().type().isDifferentiable()) {
        define(st.array(), st.value(), depth);
      } else if (s instanceof Stmt.If f) {
        block(f.then(), depth);
        block(f.otherwise(), depth);
      } else if (s instanceof Stmt.Loop l) {
        block(l.body(), depth + 1);
      }
    }
  }

  private void define(Variable target, Expr value, int depth) {
    Graph.Node to = nodes.containsKey(target) ? redefine(nodes.get(target), target, op(value), depth)
        : node(target, Graph.Kind.VALUE, op(value), depth);
    for (Variable v : Exprs.reads(value)) {
      if (v.type().isDifferentiable() && v != target || v == target && nodes.containsKey(v)) {
        if (!v.type().isDifferentiable()) {
          continue;
        }
        Graph.Node from = nodes.containsKey(v) ? nodes.get(v) : node(v, Graph.Kind.INPUT, "", depth);
        edges.add(new Graph.Edge(from.id(), to.id()));
      }
    }
  }

  /**
   * A value assigned again ({@code s = 0.0}, then {@code s += ...} in a loop): its operations are
   * those that compute it, after what only initialised it, and it is as deep as its deepest update.
   */
  private Graph.Node redefine(Graph.Node n, Variable v, String op, int depth) {
    List<String> ops = new ArrayList<>();
    for (String o : n.op().split(", ")) {
      if (!o.isEmpty() && !INITIALISATIONS.contains(o)) {
        ops.add(o);
      }
    }
    if (!ops.contains(op) && !(INITIALISATIONS.contains(op) && !ops.isEmpty())) {
      ops.add(op);
    }
    Graph.Node updated = new Graph.Node(n.id(), n.label(), n.kind(), String.join(", ", ops), n.adjoint(),
        Math.max(n.loopDepth(), depth));
    nodes.put(v, updated);
    return updated;
  }

  /** Operations that only give a value its start: a later update says what computes it. */
  private static final Set<String> INITIALISATIONS = Set.of("constant", "new");

  private Graph.Node node(Variable v, Graph.Kind kind, String op, int depth) {
    String name = naming.of(v);
    String id = name;
    for (int k = 2; isTaken(id); k++) {
      id = name + "#" + k;
    }
    Variable adjoint = adjoints.get(v);
    String adjointName = adjoint != null ? naming.of(adjoint) : active.contains(v) ? "(inline)" : null;
    ids.add(id);
    Graph.Node n = new Graph.Node(id, name, kind, op, adjointName, depth);
    nodes.put(v, n);
    return n;
  }

  private boolean isTaken(String id) {
    return ids.contains(id);
  }

  /** A short name for the operation at the root of an expression. */
  private static String op(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op().symbol();
    }
    if (e instanceof Expr.Unary u) {
      return u.op() == UnaryOp.NEG ? "neg" : u.op().symbol();
    }
    if (e instanceof Expr.Call c) {
      return c.callee().name();
    }
    if (e instanceof Expr.Precomputed p) {
      return p.call().callee().name();
    }
    if (e instanceof Expr.Ref) {
      return "copy";
    }
    if (e instanceof Expr.Index) {
      return "element";
    }
    if (e instanceof Expr.Cond) {
      return "?:";
    }
    if (e instanceof Expr.NewArray) {
      return "new";
    }
    if (e instanceof Expr.Const) {
      return "constant";
    }
    return e.getClass().getSimpleName().toLowerCase();
  }
}
