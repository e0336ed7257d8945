package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.simplify.DeadBranches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Stage after reverse: assignments whose value no later statement reads (dead by liveness over
 * the forward and backward code, from what the method returns), removed until none is left. A
 * pullback returns no value, so the forward sum of a fused loop ({@code loss += r * r}) goes; so
 * does a forward loop whose locals only the backward loop's recomputation of them reads (the
 * backward loop assigns them again first), and an adjoint that ends up unread. Only values
 * without effects go: arithmetic, {@code Math}, {@code Nd} (not its in-place forms) and
 * differentiable calls (never a tape's push or pop, a method of an object or a helper of the user's,
 * which may change state, as {@code rng.nextGaussian()} does); and of the forward pass's values
 * of the user's, only those that cannot throw ({@code double unused = x[k];} checks {@code k}).
 * A variable stored into or passed to an in-place form is never removed, since another name may
 * hold its array; an element store goes only where it is a counting loop's own element of an
 * adjoint that no later trip and nothing after the loop reads ({@link UnreadTripElements}). Once
 * nothing is dead, an adjoint's copy of a parameter that nothing writes is read as the parameter
 * ({@link UnwrittenCopies}), and the search starts again.
 */
public final class DeadStores {

  /** The forward and backward passes with the dead stores removed. */
  public record Passes(List<Stmt> forward, List<Stmt> backward) {}

  /** The statements found dead (by identity: equal statements may stand in two loops). */
  private final Set<Stmt> dead = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Variables whose assignments always stay: arrays written through, impure values. */
  private final Set<Variable> kept = new HashSet<>();
  /** The loops' init and update statements, which always stay (a loop's counter). */
  private final Set<Stmt> counters = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Every variable the code names: what a {@code return} may read. */
  private final Set<Variable> all = new HashSet<>();
  /**
   * The forward pass's evaluations of the user's values that may throw ({@code double unused =
   * x[k];}): they stay, dead or not, unless the backward pass evaluates them again; so do its
   * branches and loops on tests that may throw, left with nothing to do.
   */
  private final Set<Stmt> checks = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The assignments whose target no later statement reads (dead or kept). */
  private final Set<Stmt> unread = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The backward pass's assignments, which replay the forward pass's where they are equal. */
  private final List<Stmt.Assign> replays = new ArrayList<>();

  /** The forward then the backward pass, where a variable assigned an array as a whole may hold it. */
  private List<Stmt> code = List.of();

  /** Which top-level statement each top-level statement of the rewritten code came from. */
  private final IdentityHashMap<Stmt, Stmt> origin = new IdentityHashMap<>();

  private DeadStores() {}

  /** {@code forward} then {@code backward}, whose results {@code returned} reads. */
  public static Passes remove(List<Stmt> forward, List<Stmt> backward, Set<Variable> returned) {
    return remove(forward, backward, returned, true);
  }

  /**
   * {@link #remove}, for a forward pass that runs the method's code again after the method itself
   * ran (a pullback's, after its {@code Saved} method called the method): what it could throw has
   * been thrown, so an unread check goes as any other dead store.
   */
  public static Passes removeInReplay(List<Stmt> forward, List<Stmt> backward, Set<Variable> returned) {
    return remove(forward, backward, returned, false);
  }

  /**
   * The assignments of {@code code} (by identity) whose target no later statement reads, by plain
   * liveness from {@code returned}: nothing else is taken as removed. A tape's pop into a variable
   * read before the pop but never after it ({@code cur} of {@code new double[cur.length]}) is one.
   */
  public static Set<Stmt> unreadAssignments(List<Stmt> code, Set<Variable> returned) {
    DeadStores d = new DeadStores();
    d.scan(code);
    d.kept.addAll(d.all);
    d.before(code, new HashSet<>(returned), Set.of());
    return d.unread;
  }

  private static Passes remove(List<Stmt> forward, List<Stmt> backward, Set<Variable> returned, boolean checked) {
    Passes passes = new Passes(forward, backward);
    while (true) {
      List<Stmt> code = new ArrayList<>(passes.forward());
      code.addAll(passes.backward());
      DeadStores d = new DeadStores();
      d.scan(code);
      if (checked) {
        d.findChecks(passes);
      }
      d.before(code, new HashSet<>(returned), Set.of());
      if (d.dead.isEmpty()) {
        DeadStores.Passes uncopied = UnwrittenCopies.drop(passes, returned);
        if (uncopied != passes) {
          passes = uncopied; // with the copy gone, what only led to it may be dead
          continue;
        }
        // A declaration kept without its dead value where javac cannot tell the variable is assigned.
        Set<Variable> unassigned = DefiniteAssignment.readUnassigned(passes.forward(), passes.backward());
        return new Passes(DefiniteAssignment.initialize(passes.forward(), unassigned),
            DefiniteAssignment.initialize(passes.backward(), unassigned));
      }
      List<Stmt> rewritten = d.without(code);
      // without() maps each top-level statement to at most one: the first ones are the forward pass's.
      passes = split(code, rewritten, passes.forward().size(), d);
    }
  }

  private static Passes split(List<Stmt> code, List<Stmt> rewritten, int forwardSize, DeadStores d) {
    List<Stmt> forward = new ArrayList<>();
    List<Stmt> backward = new ArrayList<>();
    int out = 0;
    for (int i = 0; i < code.size(); i++) {
      Stmt s = code.get(i);
      if (out < rewritten.size() && d.origin.get(rewritten.get(out)) == s) {
        (i < forwardSize ? forward : backward).add(rewritten.get(out++));
      }
    }
    return new Passes(forward, backward);
  }

  private void scan(List<Stmt> code) {
    this.code = code;
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        Variable t = Stmts.target(s);
        if (t != null) {
          all.add(t);
        }
        if (s instanceof Stmt.Declare decl) {
          all.add(decl.target());
        } else if (s instanceof Stmt.Loop l) {
          counters.addAll(l.init());
          counters.addAll(l.update());
        }
        if (s instanceof Stmt.Store st) {
          kept.add(st.array());
        } else if (s instanceof Stmt.Assign a && !Exprs.isRepeatable(a.value())) {
          kept.add(a.target());
        }
        for (Expr e : Stmts.ownExprs(s)) {
          all.addAll(Exprs.reads(e));
          Exprs.walk(e, x -> {
            if (x instanceof Expr.Call c && Exprs.isInPlace(c) && !c.args().isEmpty()) {
              kept.addAll(Exprs.reads(c.args().get(0)));
            }
          });
        }
      });
    }
  }

  private void findChecks(Passes passes) {
    new Checks(passes.forward()).find(passes.forward(), Set.of(), checks);
    for (Stmt top : passes.backward()) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a) {
          replays.add(a);
        }
      });
    }
  }

  /**
   * Whether dead assignment {@code a} stays for the throw it may make: a check of the forward pass
   * that no kept assignment of the backward pass evaluates again (where the recomputation of a
   * loop's locals throws as it would have: the backward pass runs the trips the forward one ran).
   */
  private boolean staysToThrow(Stmt.Assign a) {
    return checks.contains(a) && replays.stream().noneMatch(b -> !dead.contains(b) && b.target() == a.target()
        && Objects.equals(b.compound(), a.compound()) && b.value().equals(a.value()));
  }

  /**
   * The variables live before {@code stmts} given those live after, marking the dead assignments;
   * {@code jump} is what is live where a {@code break} or {@code continue} goes.
   */
  private Set<Variable> before(List<Stmt> stmts, Set<Variable> after, Set<Variable> jump) {
    Set<Variable> live = new HashSet<>(after);
    for (int i = stmts.size() - 1; i >= 0; i--) {
      live = before(stmts.get(i), live, jump);
    }
    return live;
  }

  private Set<Variable> before(Stmt s, Set<Variable> after, Set<Variable> jump) {
    Set<Variable> live = new HashSet<>(after);
    if (s instanceof Stmt.Assign a) {
      if (!after.contains(a.target())) {
        unread.add(a);
      }
      if (!after.contains(a.target()) && !kept.contains(a.target()) && !counters.contains(a) && !staysToThrow(a)) {
        dead.add(a);
        return live;
      }
      if (a.compound() == null) {
        live.remove(a.target());
      }
      live.addAll(Exprs.reads(a.effectiveValue()));
    } else if (s instanceof Stmt.Store st) {
      live.add(st.array());
      for (Expr i : st.indices()) {
        live.addAll(Exprs.reads(i));
      }
      live.addAll(Exprs.reads(st.value()));
    } else if (s instanceof Stmt.Eval e) {
      live.addAll(Exprs.reads(e.expr()));
    } else if (s instanceof Stmt.If f) {
      live = before(f.otherwise().stmts(), after, jump);
      live.addAll(before(f.then().stmts(), after, jump));
      live.addAll(Exprs.reads(f.cond()));
    } else if (s instanceof Stmt.Loop l) {
      live = beforeLoop(l, after);
      // A trip's own element stored and read by no later trip nor after the loop: da[i] = new double[n];
      UnreadTripElements.of(l, code).forEach((st, holders) -> {
        if (holders.stream().noneMatch(after::contains)) {
          dead.add(st);
        }
      });
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      live = new HashSet<>(jump);
    } else if (s instanceof Stmt.Return) {
      live = new HashSet<>(all);
    } else if (s instanceof Stmt.Throw t) {
      live = new HashSet<>();
      for (Expr v : t.values()) {
        live.addAll(Exprs.reads(v));
      }
    } else if (s instanceof Stmt.Declare d) {
      live.remove(d.target());
    }
    return live;
  }

  /**
   * A loop's live variables at its test, to a fixed point: what the test reads, what is live after
   * the loop, and what the body (then the update) needs with this set live at its end again (a
   * jump out of the body may go to either place). The marks are then made once more under the
   * final set: one made under a smaller set in between may not hold.
   */
  private Set<Variable> beforeLoop(Stmt.Loop l, Set<Variable> after) {
    List<Stmt> trip = new ArrayList<>(l.body().stmts());
    trip.addAll(l.update());
    Set<Variable> head = new HashSet<>(after);
    head.addAll(Exprs.reads(l.cond()));
    Set<Variable> start;
    while (true) {
      start = before(trip, head, head);
      Set<Variable> next = new HashSet<>(head);
      next.addAll(start);
      if (next.equals(head)) {
        break;
      }
      head = next;
    }
    dead.removeIf(s -> contains(l, s));
    unread.removeIf(s -> contains(l, s));
    start = before(trip, head, head);
    return before(l.init(), l.kind() == Stmt.LoopKind.DO_WHILE ? start : head, Set.of());
  }

  private static boolean contains(Stmt.Loop l, Stmt s) {
    boolean[] found = {false};
    Stmts.walk(l, x -> found[0] |= x == s);
    return found[0];
  }

  /** The statements without the dead ones, their declarations kept where the variable is used later. */
  private List<Stmt> without(List<Stmt> code) {
    List<Stmt> out = new ArrayList<>();
    Set<Stmt> declaring = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < code.size(); i++) {
      Stmt original = code.get(i);
      Stmt s = original;
      Stmt next = s instanceof Stmt.Assign a && dead.contains(a) && a.declares() ? nextNaming(a.target(), code, i + 1) : null;
      if (next instanceof Stmt.Assign b && b.target() == ((Stmt.Assign) s).target() && b.compound() == null) {
        // double a = x * 2.0; a = x * y;  becomes  double a = x * y;
        declaring.add(b);
        continue;
      }
      if (declaring.contains(s)) {
        s = new Stmt.Assign(((Stmt.Assign) s).target(), null, ((Stmt.Assign) s).value(), true, s.pos());
      }
      Stmt kept = rewritten(s, code.subList(i + 1, code.size()));
      if (kept != null) {
        origin.put(kept, original);
        out.add(kept);
      }
    }
    return DeadBranches.withoutOrphanComments(out);
  }

  private Stmt rewritten(Stmt s, List<Stmt> rest) {
    if (s instanceof Stmt.Assign a && dead.contains(a)) {
      return a.declares() && named(a.target(), rest) ? new Stmt.Declare(a.target(), a.pos()) : null;
    }
    if (s instanceof Stmt.Store && dead.contains(s)) {
      return null;
    }
    if (s instanceof Stmt.Declare d && !named(d.target(), rest)) {
      return null;
    }
    if (s instanceof Stmt.If f) {
      List<Stmt> then = without(f.then().stmts());
      List<Stmt> otherwise = without(f.otherwise().stmts());
      // A branch on a settings enum whose work all went: if (p == L1) {} else if (p == L2) {}
      boolean idle = then.stream().allMatch(x -> x instanceof Stmt.Comment)
          && otherwise.stream().allMatch(x -> x instanceof Stmt.Comment) && Exprs.isRepeatable(f.cond())
          && !checks.contains(s);
      return idle ? null : new Stmt.If(f.cond(), new Block(then), new Block(otherwise), f.pos());
    }
    if (s instanceof Stmt.Loop l) {
      List<Stmt> body = without(l.body().stmts());
      boolean idle = body.stream().allMatch(x -> x instanceof Stmt.Comment)
          && l.init().stream().allMatch(x -> x instanceof Stmt.Assign a && a.declares() && Exprs.isRepeatable(a.value()))
          && l.update().stream().allMatch(x -> x instanceof Stmt.Assign a && Exprs.isRepeatable(a.value()))
          && Exprs.isRepeatable(l.cond()) && !checks.contains(s);
      return idle ? null : new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(body), l.pos());
    }
    return s;
  }

  /** The first statement of {@code code} from {@code from} on that still names {@code v}, or null. */
  private Stmt nextNaming(Variable v, List<Stmt> code, int from) {
    for (Stmt s : code.subList(from, code.size())) {
      if (named(v, List.of(s))) {
        return s;
      }
    }
    return null;
  }

  /** Whether a statement of {@code rest} (nested ones included) still names {@code v}. */
  private boolean named(Variable v, List<Stmt> rest) {
    boolean[] found = {false};
    for (Stmt top : rest) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a && !dead.contains(a) && a.target() == v
            || s instanceof Stmt.Store st && !dead.contains(st) && st.array() == v) {
          found[0] = true;
        }
        for (Expr e : Stmts.ownExprs(s)) {
          found[0] |= !dead.contains(s) && Exprs.reads(e, v);
        }
      });
    }
    return found[0];
  }
}
