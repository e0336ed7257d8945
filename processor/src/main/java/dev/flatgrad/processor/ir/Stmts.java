package dev.flatgrad.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Walking statements: every statement in a block, the variables they assign. */
public final class Stmts {

  private Stmts() {}

  /** Visits every statement in the block, nested ones included, parents first. */
  public static void walk(Block block, Consumer<Stmt> visitor) {
    for (Stmt s : block.stmts()) {
      walk(s, visitor);
    }
  }

  public static void walk(Stmt s, Consumer<Stmt> visitor) {
    visitor.accept(s);
    if (s instanceof Stmt.If f) {
      walk(f.then(), visitor);
      walk(f.otherwise(), visitor);
    } else if (s instanceof Stmt.Loop l) {
      l.init().forEach(i -> walk(i, visitor));
      walk(l.body(), visitor);
      l.update().forEach(u -> walk(u, visitor));
    }
  }

  /**
   * Whether control leaves the block at {@code s}: a break, continue, return or throw (what
   * follows it in the block never runs).
   */
  public static boolean leaves(Stmt s) {
    return s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return || s instanceof Stmt.Throw;
  }

  /** The expressions a statement evaluates itself (not those of nested statements). */
  public static List<Expr> ownExprs(Stmt s) {
    List<Expr> out = new ArrayList<>();
    if (s instanceof Stmt.Assign a) {
      out.add(a.value());
    } else if (s instanceof Stmt.Store st) {
      out.addAll(st.indices());
      out.add(st.value());
    } else if (s instanceof Stmt.If f) {
      out.add(f.cond());
    } else if (s instanceof Stmt.Loop l) {
      out.add(l.cond());
    } else if (s instanceof Stmt.Return r) {
      out.add(r.value());
    } else if (s instanceof Stmt.Eval e) {
      out.add(e.expr());
    } else if (s instanceof Stmt.Throw t) {
      out.addAll(t.values());
    }
    return out;
  }

  /** The variable a statement writes itself (the array for an element store), or null. */
  public static Variable target(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return a.target();
    }
    if (s instanceof Stmt.Store st) {
      return st.array();
    }
    return null;
  }

  /** Every variable declared anywhere in the statements (with a value, or hoisted without). */
  public static Set<Variable> declared(List<Stmt> stmts) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      walk(s, x -> {
        if (x instanceof Stmt.Assign a && a.declares()) {
          out.add(a.target());
        } else if (x instanceof Stmt.Declare d) {
          out.add(d.target());
        }
      });
    }
    return out;
  }

  /** Every variable written anywhere in the statements (element stores count as writes). */
  public static Set<Variable> assigned(List<Stmt> stmts) {
    return written(stmts, Stmt.class);
  }

  /**
   * The variables statements of {@code kind} write anywhere in the statements: the targets of
   * {@link Stmt.Assign}s, the arrays of {@link Stmt.Store}s (stored into), or both for {@code Stmt}.
   */
  public static Set<Variable> written(List<Stmt> stmts, Class<? extends Stmt> kind) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      walk(s, x -> {
        Variable t = target(x);
        if (t != null && kind.isInstance(x)) {
          out.add(t);
        }
      });
    }
    return out;
  }

  /** The statement with every variable (read or written) replaced as {@code rename} says. */
  public static Stmt rename(Stmt s, Map<Variable, Variable> rename) {
    if (rename.isEmpty()) {
      return s;
    }
    Map<Variable, Expr> reads = new java.util.HashMap<>();
    rename.forEach((from, to) -> reads.put(from, new Expr.Ref(to)));
    return map(s, x -> Exprs.substitute(x, reads), x -> rename.getOrDefault(x, x));
  }

  public static Block rename(Block b, Map<Variable, Variable> rename) {
    return new Block(b.stmts().stream().map(x -> rename(x, rename)).toList());
  }

  /**
   * The statement (and those inside it) with every expression replaced by {@code e} of it; a
   * comment's statement, the user's as written, stays.
   */
  public static Stmt mapExprs(Stmt s, java.util.function.UnaryOperator<Expr> e) {
    return map(s, e, java.util.function.UnaryOperator.identity());
  }

  private static Stmt map(Stmt s, java.util.function.UnaryOperator<Expr> e,
      java.util.function.UnaryOperator<Variable> v) {
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(v.apply(a.target()), a.compound(), e.apply(a.value()), a.declares(), a.pos());
    }
    if (s instanceof Stmt.Store st) {
      return new Stmt.Store(v.apply(st.array()), st.indices().stream().map(e).toList(), st.compound(),
          e.apply(st.value()), st.pos());
    }
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(v.apply(d.target()), d.pos());
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(e.apply(f.cond()), map(f.then(), e, v), map(f.otherwise(), e, v), f.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.kind(), l.init().stream().map(x -> map(x, e, v)).toList(),
          e.apply(l.cond()), l.update().stream().map(x -> map(x, e, v)).toList(), map(l.body(), e, v), l.pos());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(e.apply(r.value()), r.pos());
    }
    if (s instanceof Stmt.Eval ev) {
      return new Stmt.Eval(e.apply(ev.expr()), ev.pos());
    }
    if (s instanceof Stmt.Throw t) {
      return t.mapValues(e);
    }
    return s;
  }

  private static Block map(Block b, java.util.function.UnaryOperator<Expr> e,
      java.util.function.UnaryOperator<Variable> v) {
    return new Block(b.stmts().stream().map(x -> map(x, e, v)).toList());
  }

  /**
   * The statements with {@code f} applied to the statements of each if's branches and each loop's
   * body among them, in a new list the caller may change: for a rewrite of neighbouring statements,
   * {@code f} itself, at every level.
   */
  public static List<Stmt> withNestedBlocks(List<Stmt> code, UnaryOperator<List<Stmt>> f) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : code) {
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.cond(), new Block(f.apply(i.then().stmts())), new Block(f.apply(i.otherwise().stmts())),
            i.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(f.apply(l.body().stmts())), l.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The statements without those {@code dropped} says, at every level: each if's branches, each
   * loop's initialisation, update and body (an if or a loop itself is kept unless dropped too).
   */
  public static List<Stmt> without(List<Stmt> code, Predicate<Stmt> dropped) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : code) {
      if (dropped.test(s)) {
        continue;
      }
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), new Block(without(f.then().stmts(), dropped)),
            new Block(without(f.otherwise().stmts(), dropped)), f.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), without(l.init(), dropped), l.cond(), without(l.update(), dropped),
            new Block(without(l.body().stmts(), dropped)), l.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Every variable read anywhere in the statements. */
  public static Set<Variable> read(List<Stmt> stmts) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      walk(s, x -> {
        for (Expr e : ownExprs(x)) {
          out.addAll(Exprs.reads(e));
        }
        if (x instanceof Stmt.Assign a && a.compound() != null) {
          out.add(a.target());
        }
      });
    }
    return out;
  }
}
