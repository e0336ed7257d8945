package dev.flatgrad.processor.naming;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage: naming, in one place and deterministic. User variables keep their names (they are named
 * first); an adjoint is {@code d} + its primal's name ({@code dx_} if the user already has a
 * {@code dx}); temporaries and versions get their operation's or variable's name, numbered when
 * taken ({@code sum2}, {@code x2}, {@code r1_2}). A temporary never looks like the adjoint of another variable
 * ({@code dsum} while a {@code sum} exists that it is not the adjoint of), nor like the primal of
 * such a name. Names are unique in a method, except that loop counters declared in a for header may
 * repeat where the loops do not nest, as people write them. A tangent is its primal's name +
 * {@code Dot}; a share of an adjoint a rule reads twice is named as that adjoint, numbered
 * ({@code dz2}, added into {@code dz}); the stack of one value's saved copies is its name + {@code Stack} ({@code
 * sum2Stack} keeps {@code sum2}). In code that reverses tangent code (Hessian-vector products) the adjoint of a
 * tangent {@code xDot} is the first-order adjoint of {@code x}, and the adjoint of {@code x} is
 * that adjoint's directional derivative: they are named {@code dx} and {@code dxDot}, as
 * forward-over-reverse code would name them.
 */
public final class Naming {

  private final Map<Variable, String> names = new LinkedHashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final Map<Variable, Set<Variable>> enclosingCounters = new HashMap<>();
  private final Set<Variable> counters = new HashSet<>();
  private final List<String> parameters = new ArrayList<>();
  private final Set<String> counterNames = new HashSet<>();
  private final Map<String, Integer> nextNumber = new HashMap<>();
  /** The names given to the generator's values (not the user's, not adjoints). */
  private final Set<String> temporaries = new HashSet<>();
  /** Every variable of the method, in the order the code mentions them. */
  private final Set<Variable> seen = new java.util.LinkedHashSet<>();
  /** The tangent of each primal that has one. */
  private final Map<Variable, Variable> tangents = new HashMap<>();

  private Naming() {}

  /**
   * Names every variable of the method, visiting the parameters and then the statements in
   * order; {@code reserved} are names that must not be used (the generated class's own).
   */
  public static Naming of(List<Variable> params, List<List<Stmt>> sections, Set<String> reserved) {
    Naming n = new Naming();
    n.taken.addAll(reserved);
    for (List<Stmt> section : sections) {
      n.findCounters(section, new ArrayList<>());
    }
    for (List<Stmt> section : sections) {
      n.dropCountersDeclaredOutsideHeaders(section);
    }
    params.forEach(n::noteTangent);
    for (List<Stmt> section : sections) {
      for (Stmt s : section) {
        Stmts.walk(s, x -> {
          Stmts.ownExprs(x).forEach(e -> Exprs.reads(e).forEach(n::noteTangent));
          n.noteTangent(Stmts.target(x));
          if (x instanceof Stmt.Declare d) {
            n.noteTangent(d.target());
          }
        });
      }
    }
    for (Variable p : params) {
      n.parameters.add(p.hint());
    }
    n.seen.addAll(params);
    for (List<Stmt> section : sections) {
      for (Stmt s : section) {
        n.visit(s);
      }
    }
    // The user's names first, then the generator's values in order, then the adjoints, whose
    // names (d + their primal's) no temporary can have taken, and the stacks named after the
    // values they keep (sum2Stack holds sum2, whichever stack was declared first).
    n.seen.stream().filter(Variable::isUserNamed).forEach(n::name);
    n.seen.stream().filter(v -> v.kind() != Variable.Kind.ADJOINT && !isStackOfOneValue(v)).forEach(n::name);
    n.seen.forEach(n::name);
    return n;
  }

  public String of(Variable v) {
    String name = names.get(v);
    if (name == null) {
      name = name(v);
    }
    return name;
  }

  /** Whether some variable of the method has this name. */
  public boolean uses(String name) {
    return isUsed(name);
  }

  private void findCounters(List<Stmt> stmts, List<Variable> enclosing) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Loop l) {
        List<Variable> inner = new ArrayList<>(enclosing);
        for (Stmt i : l.init()) {
          if (i instanceof Stmt.Assign a && a.declares()) {
            counters.add(a.target());
            enclosingCounters.computeIfAbsent(a.target(), k -> new HashSet<>()).addAll(enclosing);
            inner.add(a.target());
          }
        }
        findCounters(l.body().stmts(), inner);
      } else if (s instanceof Stmt.If f) {
        findCounters(f.then().stmts(), enclosing);
        findCounters(f.otherwise().stmts(), enclosing);
      }
    }
  }

  /**
   * A loop's variable that a backward loop declares before it (a {@code long} or {@code char} the
   * backward pass restores, which cannot share the header of the int counting its trips) is in the
   * method's scope, not the loop's: it may not share its name with another loop's.
   */
  private void dropCountersDeclaredOutsideHeaders(List<Stmt> stmts) {
    Set<Stmt> headers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    stmts.forEach(s -> Stmts.walk(s, x -> {
      if (x instanceof Stmt.Loop l) {
        headers.addAll(l.init());
      }
    }));
    stmts.forEach(s -> Stmts.walk(s, x -> {
      if (x instanceof Stmt.Assign a && a.declares() && !headers.contains(x)) {
        counters.remove(a.target());
      } else if (x instanceof Stmt.Declare d) {
        counters.remove(d.target());
      }
    }));
  }

  private void noteTangent(Variable v) {
    if (v != null && v.kind() == Variable.Kind.TANGENT) {
      tangents.putIfAbsent(v.primal(), v);
    }
  }

  /** The variable an adjoint of {@code primal} is named after (see the class comment). */
  private Variable adjointNamedAfter(Variable primal) {
    if (primal.kind() == Variable.Kind.TANGENT) {
      return primal.primal();
    }
    return tangents.getOrDefault(primal, primal);
  }

  private void visit(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      seen.add(a.target());
      mentions(a.value());
    } else if (s instanceof Stmt.Declare d) {
      seen.add(d.target());
    } else if (s instanceof Stmt.Store st) {
      seen.add(st.array());
      st.indices().forEach(this::mentions);
      mentions(st.value());
    } else if (s instanceof Stmt.If f) {
      mentions(f.cond());
      visit(f.then());
      visit(f.otherwise());
    } else if (s instanceof Stmt.Loop l) {
      l.init().forEach(this::visit);
      mentions(l.cond());
      l.update().forEach(this::visit);
      visit(l.body());
    } else if (s instanceof Stmt.Return r) {
      mentions(r.value());
    } else if (s instanceof Stmt.Eval e) {
      mentions(e.expr());
    } else if (s instanceof Stmt.Throw t) {
      t.values().forEach(this::mentions);
    }
  }

  private void visit(Block b) {
    b.stmts().forEach(this::visit);
  }

  private void mentions(Expr e) {
    seen.addAll(Exprs.reads(e));
  }

  /** Names the variables an expression reads (adjoints of the forward pass appear here first). */
  public void names(Expr e) {
    for (Variable v : Exprs.reads(e)) {
      name(v);
    }
  }

  private String name(Variable v) {
    String existing = names.get(v);
    if (existing != null) {
      return existing;
    }
    String name;
    if (v.kind() == Variable.Kind.ADJOINT) {
      // A parameter's adjoint is named as its record component, where that name is free.
      Variable after = adjointNamedAfter(v.primal());
      name = after == v.primal() && after.kind() == Variable.Kind.PARAMETER && parameters.contains(after.hint())
          ? GeneratedNames.gradientComponent(after.hint(), parameters)
          : Hints.adjoint(of(after));
      while (!free(name, v) || JavaNames.isKeyword(name)) {
        name = name + "_";
      }
    } else {
      String base = v.kind() == Variable.Kind.TANGENT ? Hints.tangent(of(v.primal()))
          : isStackOfOneValue(v) ? of(v.primal()) + "Stack"
          : v.kind() == Variable.Kind.TAPE && v.primal() != null ? withoutSuffix(of(v.primal()), "Stack") + v.hint()
          : v.kind() == Variable.Kind.TEMP && v.primal() != null ? Hints.adjoint(of(adjointNamedAfter(v.primal())))
          : v.hint();
      if (!JavaNames.isIdentifier(base) || JavaNames.isKeyword(base)) {
        base = base + "_";
      }
      name = base;
      // Where numbering left off for this base: a name once taken stays taken.
      int k = counters.contains(v) ? 2 : nextNumber.getOrDefault(base, 2);
      // r1's second version is r1_2, not r12, which reads as another variable
      String numbered = Character.isDigit(base.charAt(base.length() - 1)) ? base + "_" : base;
      for (; !free(name, v); k++) {
        name = numbered + k;
      }
      if (!counters.contains(v)) {
        nextNumber.put(base, k);
      }
    }
    names.put(v, name);
    if (!isNamedByUser(v)) {
      temporaries.add(name);
    }
    if (counters.contains(v)) {
      counterNames.add(name);
    } else {
      taken.add(name);
    }
    return name;
  }

  /** Whether {@code name} can be given to {@code v}. */
  private boolean free(String name, Variable v) {
    if (taken.contains(name) || looksLikeAnAdjoint(name, v)) {
      return false;
    }
    if (counters.contains(v)) {
      // Not the name of a counter of a loop around this one, nor of one inside it (the user's
      // inner for (int i ...) is named first, then the counter of an enhanced for around it).
      for (Variable other : counters) {
        boolean nested = enclosingCounters.getOrDefault(v, Set.of()).contains(other)
            || enclosingCounters.getOrDefault(other, Set.of()).contains(v);
        if (nested && name.equals(names.get(other))) {
          return false;
        }
      }
      return true;
    }
    return !counterNames.contains(name);
  }

  /**
   * Whether a temporary called {@code name} would read as an adjoint it is not: {@code dsum} while
   * a {@code sum} exists, or {@code sum} while a temporary {@code dsum} exists (not the adjoint of
   * this sum, which is named after it). The user's names and adjoints are what they say.
   */
  private boolean looksLikeAnAdjoint(String name, Variable v) {
    if (isNamedByUser(v) || standsForItsAdjoint(v)) {
      return false;
    }
    boolean dX = name.length() > 1 && name.charAt(0) == 'd' && isUsed(name.substring(1));
    return dX || temporaries.contains(Hints.adjoint(name));
  }

  /** A share of an adjoint that never gets a variable of its own (the share is all of it). */
  private boolean standsForItsAdjoint(Variable v) {
    return v.kind() == Variable.Kind.TEMP && v.primal() != null
        && seen.stream().noneMatch(x -> x.kind() == Variable.Kind.ADJOINT && x.primal() == v.primal());
  }

  private static String withoutSuffix(String name, String suffix) {
    return name.endsWith(suffix) && name.length() > suffix.length()
        ? name.substring(0, name.length() - suffix.length()) : name;
  }

  private static boolean isStackOfOneValue(Variable v) {
    return v.kind() == Variable.Kind.STACK && v.primal() != null;
  }

  private static boolean isNamedByUser(Variable v) {
    return v.isUserNamed() || v.kind() == Variable.Kind.ADJOINT;
  }

  private boolean isUsed(String name) {
    return taken.contains(name) || counterNames.contains(name);
  }

  /**
   * A name for a local of a generated method that the generator writes itself (a check's {@code
   * grad}, a Hessian's {@code k}): {@code base}, with {@code _} appended while it is in {@code
   * used}, which takes it.
   */
  public static String fresh(String base, Set<String> used) {
    String name = base;
    while (!used.add(name)) {
      name = name + "_";
    }
    return name;
  }
}
