package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the generated method within Java's definite-assignment rules (JLS 16). A local the user
 * declares without a value ({@code double s;}) and assigns on some paths only is fine in the
 * forward pass, which reads it only where it was assigned, but the backward pass reads it after
 * the branches have joined, where javac cannot tell it was: such a declaration gets its type's
 * zero as a value, which no path that reads it ever sees.
 */
public final class DefiniteAssignment {

  private DefiniteAssignment() {}

  /** The forward statements, with a value for each declaration the backward pass needs one for. */
  public static List<Stmt> initialize(List<Stmt> forward, List<Stmt> backward) {
    Set<Variable> readBack = Stmts.read(backward);
    Set<Variable> assigned = assignedAfter(forward, new HashSet<>());
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : forward) {
      if (s instanceof Stmt.Declare d && d.target().kind() != Variable.Kind.STACK && readBack.contains(d.target())
          && !assigned.contains(d.target())) {
        out.add(new Stmt.Assign(d.target(), null, ForwardSweep.defaultOf(d.target().type()), true, d.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The variables javac knows to be assigned after the statements, given those assigned before;
   * null when the statements cannot complete normally (then every variable is, vacuously). A
   * conservative reading of JLS 16: assignments inside loop bodies are not counted.
   */
  private static Set<Variable> assignedAfter(List<Stmt> stmts, Set<Variable> before) {
    Set<Variable> now = new HashSet<>(before);
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return) {
        return null;
      }
      if (s instanceof Stmt.Assign a) {
        now.add(a.target());
      } else if (s instanceof Stmt.If f) {
        Set<Variable> then = assignedAfter(f.then().stmts(), now);
        Set<Variable> otherwise = assignedAfter(f.otherwise().stmts(), now);
        if (then == null && otherwise == null) {
          return null;
        }
        if (then == null || otherwise == null) {
          now = then == null ? otherwise : then;
        } else {
          then.retainAll(otherwise);
          now = then;
        }
      } else if (s instanceof Stmt.Loop l) {
        Set<Variable> init = assignedAfter(l.init(), now);
        if (init != null) {
          now = init;
        }
      }
    }
    return now;
  }
}
