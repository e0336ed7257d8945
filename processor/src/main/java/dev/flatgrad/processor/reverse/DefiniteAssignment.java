package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
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
 * user's method, which reads it only where it was assigned; but the generated code reads it
 * also where javac cannot tell it was: a push at the end of its block, the backward pass after
 * the branches have joined. Such a declaration gets its type's zero as a value, which no path
 * that reads it ever sees.
 */
public final class DefiniteAssignment {

  private final Set<Variable> declaredWithoutValue = new HashSet<>();
  private final Set<Variable> readUnassigned = new HashSet<>();

  private DefiniteAssignment() {}

  /**
   * The locals declared without a value that the method's code (forward statements, then
   * backward ones) reads where javac cannot prove them assigned.
   */
  public static Set<Variable> readUnassigned(List<Stmt> forward, List<Stmt> backward) {
    DefiniteAssignment d = new DefiniteAssignment();
    List<Stmt> all = new ArrayList<>(forward);
    all.addAll(backward);
    for (Stmt s : all) {
      Stmts.walk(s, x -> {
        if (x instanceof Stmt.Declare decl && decl.target().kind() != Variable.Kind.STACK) {
          d.declaredWithoutValue.add(decl.target());
        }
      });
    }
    d.after(all, new HashSet<>());
    return d.readUnassigned;
  }

  /** The statements with each declaration of those variables given its type's zero. */
  public static List<Stmt> initialize(List<Stmt> stmts, Set<Variable> variables) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Declare d && variables.contains(d.target())) {
        out.add(new Stmt.Assign(d.target(), null, ForwardSweep.defaultOf(d.target().type()), true, d.pos()));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), initialize(f.then(), variables), initialize(f.otherwise(), variables), f.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), initialize(l.body(), variables), l.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static Block initialize(Block b, Set<Variable> variables) {
    return new Block(initialize(b.stmts(), variables));
  }

  /**
   * The variables javac knows to be assigned after the statements, given those assigned before;
   * null when the statements cannot complete normally (then every variable is, vacuously). A
   * conservative reading of JLS 16: what a loop body assigns does not count after the loop.
   */
  private Set<Variable> after(List<Stmt> stmts, Set<Variable> before) {
    Set<Variable> now = new HashSet<>(before);
    for (Stmt s : stmts) {
      now = after(s, now);
      if (now == null) {
        return null;
      }
    }
    return now;
  }

  private Set<Variable> after(Stmt s, Set<Variable> now) {
    if (s instanceof Stmt.If f) {
      read(f.cond(), now);
      Set<Variable> then = after(f.then().stmts(), now);
      Set<Variable> otherwise = after(f.otherwise().stmts(), now);
      if (then == null || otherwise == null) {
        return then == null ? otherwise : then;
      }
      then.retainAll(otherwise);
      return then;
    }
    if (s instanceof Stmt.Loop l) {
      Set<Variable> init = after(l.init(), now);
      if (l.kind() != Stmt.LoopKind.DO_WHILE) {
        read(l.cond(), init);
      }
      Set<Variable> body = after(l.body().stmts(), init);
      if (l.kind() == Stmt.LoopKind.DO_WHILE && body != null) {
        read(l.cond(), body);
      }
      after(l.update(), init);
      return init;
    }
    for (Expr e : Stmts.ownExprs(s)) {
      read(e, now);
    }
    if (s instanceof Stmt.Assign a) {
      if (a.compound() != null) {
        read(new Expr.Ref(a.target()), now);
      }
      now.add(a.target());
    } else if (s instanceof Stmt.Store st) {
      read(new Expr.Ref(st.array()), now);
    } else if (s instanceof Stmt.Declare d) {
      now.remove(d.target());
    } else if (Stmts.leaves(s)) {
      return null;
    }
    return now;
  }

  private void read(Expr e, Set<Variable> assigned) {
    for (Variable v : Exprs.reads(e)) {
      if (declaredWithoutValue.contains(v) && !assigned.contains(v)) {
        readUnassigned.add(v);
      }
    }
  }
}
