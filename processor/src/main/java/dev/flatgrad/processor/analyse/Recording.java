package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.chain.BackwardReads;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stage: what to record. A forward data-flow analysis of the values the backward pass will read
 * ("to be recorded", as in Tapenade): a value read by the backward code of some statement must
 * still be there when that code runs, so every later overwrite of it is saved (pushed, and popped
 * back at its mirror) — and only those: an accumulation {@code s += a[i] * b[i]} saves nothing;
 * a counter's {@code k++} is undone by {@code k--} instead ({@link InvertibleUpdates}).
 * Values local to a loop body are pushed once at the end of the body and popped when the
 * backward body starts, or recomputed there when cheap. Straight-line overwrites outside loops
 * are reported for renaming instead ({@link Renaming}). An array whose length alone the backward
 * pass reads (the shape of an adjoint) is watched as a shape ({@link #shapeOf}): writing its
 * elements saves nothing (a row made fresh each trip and filled), replacing it or its rows does.
 * A matrix whose adjoint the backward code of an earlier statement reads has its rows' shapes
 * watched ({@link #rowShapeOf}): a row replaced by one of another length saves the old one.
 */
public final class Recording {

  private final BackwardReads reads;
  private final Staging staging;
  private final SavePlan plan = new SavePlan();
  private final Map<Variable, Variable> valueStacks = new HashMap<>();
  /** The stacks of an array's overwritten elements, by how deep the writes index it (rows, entries). */
  private final Map<Variable, Map<Integer, Variable>> elementStacks = new HashMap<>();
  private final Set<Stmt.Assign> renameable = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /** For each variable, the last statement of the method body that writes it (at any depth). */
  private final Map<Variable, Integer> lastWrite = new HashMap<>();
  private final InvertibleUpdates invertible;
  /** Each watched array's shape, a variable of the analysis only, and back. */
  private final Map<Variable, Variable> shapes = new HashMap<>();
  /**
   * Each matrix's rows as the backward pass needs their shapes in its adjoint (a variable of the
   * analysis only, mapped back in {@link #shapeArrays} too): see {@link #rowShapeOf}.
   */
  private final Map<Variable, Variable> rowShapes = new HashMap<>();
  private final Map<Variable, Variable> shapeArrays = new HashMap<>();

  /** The method's statements, and the variables each array variable may share its array with. */
  private final List<Stmt> code;
  private final Map<Variable, Set<Variable>> sharers = new HashMap<>();
  /** The element stores into a vector no other variable holds there. */
  private final Set<Stmt.Store> ownStores;

  private Recording(BackwardReads reads, Staging staging, InvertibleUpdates invertible, List<Stmt> code) {
    this.reads = reads;
    this.staging = staging;
    this.invertible = invertible;
    this.code = code;
    this.ownStores = OwnArrays.of(code);
  }

  /** The result: the plan, and the top-level overwrites better handled by renaming. */
  public record Result(SavePlan plan, Set<Stmt.Assign> renameable) {}

  public static Result of(IrMethod m, BackwardReads reads, Staging staging) {
    Recording r = new Recording(reads, staging, InvertibleUpdates.of(m), m.body().stmts());
    List<Stmt> body = m.body().stmts();
    for (int k = 0; k < body.size(); k++) {
      for (Variable v : Stmts.assigned(List.of(body.get(k)))) {
        // a write through q = p writes p too
        for (Variable w : v.type().isArray() ? r.sharers(v) : Set.of(v)) {
          r.lastWrite.put(w, k);
        }
      }
    }
    Set<Variable> tbr = new LinkedHashSet<>();
    Context top = new Context(0, true, Set.of());
    for (int k = 0; k < body.size(); k++) {
      r.stmt(body.get(k), tbr, top);
      // A value nothing writes any more needs no watching: it stays as the backward pass reads it.
      int done = k;
      tbr.removeIf(v -> r.lastWrite.getOrDefault(r.shapeArrays.getOrDefault(v, v), -1) <= done);
    }
    FirstWrites.find(m.body(), r.plan.firstWrites);
    return new Result(r.plan, r.renameable);
  }

  /**
   * Where a block sits.
   *
   * @param loops how many loops enclose it
   * @param topLevel whether it is the method body or a block directly under it in straight-line
   *     order (where overwrites can be renamed)
   * @param counters loop indices the backward pass recomputes rather than restores
   */
  private record Context(int loops, boolean topLevel, Set<Variable> counters) {
    Context nested(boolean inLoop, Set<Variable> moreCounters) {
      Set<Variable> c = new LinkedHashSet<>(counters);
      c.addAll(moreCounters);
      return new Context(loops + (inLoop ? 1 : 0), false, c);
    }
  }

  private Set<Variable> block(Block b, Set<Variable> tbr, Context ctx) {
    for (Stmt s : b.stmts()) {
      stmt(s, tbr, ctx);
    }
    return tbr;
  }

  /** Block end: what the backward block must restore at its start. */
  private void blockEnd(Block b, Set<Variable> tbr, Context ctx) {
    List<Stmt.Assign> declarations = new ArrayList<>();
    for (Stmt s : b.stmts()) {
      if (s instanceof Stmt.Assign a && a.declares()) {
        declarations.add(a);
      } else if (s instanceof Stmt.Declare d) {
        declarations.add(new Stmt.Assign(d.target(), null, null, true, d.pos()));
      }
    }
    adjointShapes(b, declarations).forEach(a -> tbr.add(shapeOf(a)));
    List<SavePlan.Restore> restores = new ArrayList<>();
    for (int k = declarations.size() - 1; k >= 0; k--) {
      Stmt.Assign decl = declarations.get(k);
      Variable w = decl.target();
      if (!forget(tbr, w)) {
        continue;
      }
      if (decl.value() != null && recomputable(decl, b)) {
        restores.add(0, new SavePlan.Restore(w, null, decl));
        tbr.addAll(Exprs.reads(decl.value()));
      } else if (ctx.loops == 0) {
        plan.hoisted.add(w);
      } else {
        restores.add(0, new SavePlan.Restore(w, valueStack(w), null));
      }
    }
    if (!restores.isEmpty()) {
      plan.blockRestores.put(b, restores);
    }
  }

  /**
   * The arrays declared in a block (a loop body or a branch) whose adjoints its backward code adds
   * to (an active statement reads them): the adjoint is made in the array's shape, at the start of
   * the backward block when it is kept across an inner loop's trips or an inner branch's two ways,
   * so the array is needed there even when no rule reads its values ({@code double[] de = new
   * double[e.length]} for {@code for (double[] e : M)} whose rows only reach {@code Nd.col(e)}, or
   * {@code double[] dv = new double[v.length]} for {@code out = b ? v : Nd.tanh(v)} written as an
   * if).
   */
  private Set<Variable> adjointShapes(Block b, List<Stmt.Assign> declarations) {
    Set<Variable> arrays = new LinkedHashSet<>();
    for (Stmt.Assign d : declarations) {
      if (d.target().type().isArray()) {
        arrays.add(d.target());
      }
    }
    Set<Variable> read = new LinkedHashSet<>();
    for (Stmt s : b.stmts()) {
      Stmts.walk(s, x -> {
        if (reads.isActive(x)) {
          Stmts.ownExprs(x).forEach(e -> read.addAll(Exprs.reads(e)));
        }
      });
    }
    arrays.retainAll(read);
    return arrays;
  }

  /**
   * A block-local value the backward block can compute again at its start: cheap (or the saved
   * values of a call that are, see {@link Staging#recomputes}), assigned once, and reading nothing
   * the block changes after it.
   */
  private boolean recomputable(Stmt.Assign decl, Block b) {
    if (!staging.cheap(decl.value()) && !Recompute.isArithmetic(decl.value()) && !staging.recomputes(decl.value())) {
      return false;
    }
    List<Stmt> after = b.stmts().subList(b.stmts().indexOf(decl) + 1, b.stmts().size());
    Set<Variable> changedAfter = Stmts.assigned(after);
    if (changedAfter.contains(decl.target())) {
      return false;
    }
    for (Variable v : Exprs.reads(decl.value())) {
      if (changedAfter.contains(v)) {
        return false;
      }
    }
    return true;
  }

  private void stmt(Stmt s, Set<Variable> tbr, Context ctx) {
    if (s instanceof Stmt.Assign a) {
      BackwardReads.Reads r = reads.of(a);
      addReads(tbr, r, ctx);
      adjointRowsRead(a, a.value(), tbr);
      Variable v = a.target();
      if (!a.declares() && watched(tbr, v) && !ctx.counters.contains(v)) {
        if (invertible.contains(a)) {
          plan.kills.put(a, SavePlan.Save.byInverse(a));
        } else if (ctx.topLevel) {
          renameable.add(a);
        } else {
          plan.kills.put(a, save(v.hint(), v.type(), ctx, () -> valueStack(v)));
        }
      }
      forget(tbr, v);
      tbr.remove(rowShapes.get(v));
      addAll(tbr, r.after(), ctx);
      if (reads.isActive(a) && v.type().rank() > 1) {
        tbr.add(rowShapeOf(v)); // v's adjoint, passed on to the value, has the rows v has here
      }
      if (plan.kills.containsKey(a) && plan.kills.get(a).inverse() != null) {
        // k-- at the mirror of k++ reads the k after it (and the step): every earlier update of
        // k is undone too, down to where the backward pass reads k.
        tbr.add(v);
        addAll(tbr, Exprs.reads(a.value()), ctx);
      }
    } else if (s instanceof Stmt.Store st) {
      BackwardReads.Reads r = reads.of(st);
      addReads(tbr, r, ctx);
      adjointRowsRead(st, st.value(), tbr);
      // An element written leaves the array's shape; a row replaced changes it.
      boolean replacesRow = st.indices().size() < st.array().type().rank();
      if (!replacesRow && reads.isActive(st)) {
        tbr.add(rowShapeOf(st.array())); // the element's adjoint is read in the row it is in here
      }
      Set<Variable> written = ownStores.contains(st) ? Set.of(st.array()) : sharers(st.array());
      if (written.stream().anyMatch(v -> replacesRow ? watched(tbr, v) || tbr.contains(rowShapes.get(v)) : tbr.contains(v))) {
        plan.kills.put(st, save(st.array().hint() + "Element", st.element().type(), ctx,
            () -> elementStack(st.array(), st.indices().size())));
      }
      addAll(tbr, r.after(), ctx);
      if (replacesRow && reads.isActive(st)) {
        tbr.add(rowShapeOf(st.array())); // the new row's adjoint is read as long as the new row
      }
    } else if (s instanceof Stmt.Declare d) {
      forget(tbr, d.target());
      tbr.remove(rowShapes.get(d.target()));
    } else if (s instanceof Stmt.If f) {
      branch(f, tbr, ctx);
    } else if (s instanceof Stmt.Loop l) {
      loop(l, tbr, ctx);
    }
  }

  private void addReads(Set<Variable> tbr, BackwardReads.Reads r, Context ctx) {
    addAll(tbr, r.before(), ctx);
    r.shapes().forEach(a -> tbr.add(shapeOf(a)));
  }

  /** The variable that stands for the length (and the rows' lengths) of {@code array} in the analysis. */
  private Variable shapeOf(Variable array) {
    return shapes.computeIfAbsent(array, a -> {
      Variable shape = Variable.temp(a.hint() + "Shape", Type.INT);
      shapeArrays.put(shape, a);
      return shape;
    });
  }

  /**
   * The variable that stands, in the analysis, for the shapes of {@code matrix}'s rows as its
   * adjoint must have them where the backward code of an earlier statement reads it: an element's
   * share added in, a row's adjoint passed on, the whole adjoint passed to what the matrix was made
   * from ({@code Nd.addInPlace(dW, dC)} for {@code C = Nd.copy(W)}). A row replaced while it is
   * watched is saved, so that the backward pass makes the row's adjoint zero in the old row's shape
   * ({@code C[0] = W[1]} in a ragged matrix, {@code C[0] = new double[k]}). Rows only ever made
   * and then read ({@code h[i] = ...} into {@code new double[n][]}) save nothing.
   */
  private Variable rowShapeOf(Variable matrix) {
    return rowShapes.computeIfAbsent(matrix, a -> {
      Variable rows = Variable.temp(a.hint() + "Rows", Type.INT);
      shapeArrays.put(rows, a);
      return rows;
    });
  }

  /** The matrices whose adjoints the backward code of an active statement adds to: their rows' shapes are watched. */
  private void adjointRowsRead(Stmt s, Expr value, Set<Variable> tbr) {
    if (value != null && reads.isActive(s)) {
      for (Variable u : Exprs.reads(value)) {
        if (u.type().rank() > 1) {
          tbr.add(rowShapeOf(u));
        }
      }
    }
  }

  /**
   * {@code array} and the variables that may hold its array ({@code q = p}): a write through one
   * changes what the backward pass reads through the other, which Aliasing allows where the
   * forward pass reads it no more ({@code s = p[0] * p[0]; q = p; q[0] = 5;}); unless the store is
   * into a vector only its variable holds there ({@link OwnArrays}).
   */
  private Set<Variable> sharers(Variable array) {
    return sharers.computeIfAbsent(array, a -> Aliasing.mayShareWith(a, code));
  }

  /** Whether the value of {@code v}, or its shape, is to be recorded. */
  private boolean watched(Set<Variable> tbr, Variable v) {
    return tbr.contains(v) || shapes.containsKey(v) && tbr.contains(shapes.get(v));
  }

  /** Stops watching {@code v} and its shape; whether either was watched. */
  private boolean forget(Set<Variable> tbr, Variable v) {
    boolean value = tbr.remove(v);
    boolean shape = shapes.containsKey(v) && tbr.remove(shapes.get(v));
    return value || shape;
  }

  private void addAll(Set<Variable> tbr, Set<Variable> vars, Context ctx) {
    for (Variable v : vars) {
      if (!ctx.counters.contains(v)) {
        tbr.add(v);
      }
    }
  }

  private void branch(Stmt.If f, Set<Variable> tbr, Context ctx) {
    Context inner = ctx.nested(false, Set.of());
    Set<Variable> then = block(f.then(), new LinkedHashSet<>(tbr), inner);
    blockEnd(f.then(), then, inner);
    Set<Variable> otherwise = block(f.otherwise(), new LinkedHashSet<>(tbr), inner);
    blockEnd(f.otherwise(), otherwise, inner);
    tbr.clear();
    tbr.addAll(then);
    tbr.addAll(otherwise);
    if (!reversed(f)) {
      return; // nothing in it has backward code: its direction is never needed
    }
    Set<Variable> condReads = Exprs.reads(f.cond());
    Set<Variable> assignedInside = Stmts.assigned(List.of(f));
    boolean record = condReads.stream().anyMatch(v -> assignedInside.contains(v) && !ctx.counters.contains(v))
        || !Exprs.isRepeatable(f.cond());
    if (!record) {
      // Replayed by evaluating the condition again, on values nothing inside the branch changes.
      addAll(tbr, condReads, ctx);
    } else if (!plan.branches.containsKey(f)) {
      Variable recorded =
          ctx.loops > 0 ? stack("branch", Type.BOOLEAN) : Variable.tape("taken", Type.BOOLEAN);
      plan.branches.put(f, new SavePlan.Branch(recorded, ctx.loops > 0));
    }
  }

  /** Whether the backward pass replays this branch: something in it has backward code. */
  private boolean reversed(Stmt.If f) {
    boolean[] found = {false};
    Stmts.walk(f.then(), s -> found[0] |= hasBackward(s));
    Stmts.walk(f.otherwise(), s -> found[0] |= hasBackward(s));
    return found[0];
  }

  private boolean hasBackward(Stmt s) {
    if (plan.kills.containsKey(s) || s instanceof Stmt.Loop l && plan.loops.containsKey(l)
        && !(plan.loops.get(l) instanceof SavePlan.Canonical c && c.trips() == null)) {
      return true;
    }
    return reads.isActive(s) || reads.zeroesAdjoint(s) || reads.of(s).any();
  }

  /**
   * The active arrays of outside the body that it replaces before anything reads them ({@code next =
   * new double[cur.length + 1]} first): the backward trip ends with their adjoint zero, carried to
   * the trip before, in the shape the array had when the trip began, which may be another length.
   */
  private Set<Variable> replacedBeforeRead(Block body) {
    Set<Variable> declared = Stmts.declared(body.stmts());
    Set<Variable> out = new LinkedHashSet<>();
    Set<Variable> touched = new LinkedHashSet<>();
    for (Stmt s : body.stmts()) {
      if (s instanceof Stmt.Assign a && a.target().type().isArray() && a.compound() == null
          && !declared.contains(a.target()) && !touched.contains(a.target()) && !Exprs.reads(a.value(), a.target())
          && (reads.isActive(a) || reads.zeroesAdjoint(a))) {
        out.add(a.target());
      }
      touched.addAll(Stmts.read(List.of(s)));
      touched.addAll(Stmts.assigned(List.of(s)));
    }
    return out;
  }

  private void loop(Stmt.Loop l, Set<Variable> tbr, Context ctx) {
    Context outer = ctx.nested(false, Set.of());
    for (Stmt init : l.init()) {
      stmt(init, tbr, outer);
    }
    Optional<Loops.Counting> counting = Loops.counting(l);
    Set<Variable> counters = counting.map(c -> Set.of(c.index())).orElse(Set.of());
    Context inner = ctx.nested(true, counters);
    Set<Variable> disjoint = counting.map(c -> disjointArrays(l, c.index())).orElse(Set.of());
    Set<Variable> entry = new LinkedHashSet<>(tbr);
    replacedBeforeRead(l.body()).forEach(v -> entry.add(shapeOf(v)));
    Set<Variable> in = new LinkedHashSet<>(entry);
    Set<Variable> end;
    while (true) {
      end = block(l.body(), new LinkedHashSet<>(in), inner);
      blockEnd(l.body(), end, inner);
      for (Stmt u : l.update()) {
        stmt(u, end, inner);
      }
      // The next trip starts from what this one needs, except the elements (and rows' shapes) of
      // arrays whose trips touch disjoint elements: a trip cannot overwrite what another one reads.
      Set<Variable> next = new LinkedHashSet<>(entry);
      for (Variable v : end) {
        if (!disjoint.contains(shapeArrays.getOrDefault(v, v))) {
          next.add(v);
        }
      }
      if (next.equals(in)) {
        break;
      }
      in = next;
    }
    keepHeaderValuesAtBreaks(l);
    // After the loop, everything some trip reads is needed, disjoint arrays included.
    tbr.clear();
    tbr.addAll(in);
    tbr.addAll(end);
    tbr.removeAll(counters);
    if (counting.isPresent()) {
      addAll(tbr, Exprs.reads(counting.get().from()), ctx);
      addAll(tbr, Exprs.reads(counting.get().last()), ctx);
    }
    if (plan.loops.containsKey(l)) {
      return;
    }
    Variable tripStack = null;
    Variable trips = null;
    if (counting.isEmpty() || counting.get().recordsTrips()) {
      trips = Variable.tape("trips", Type.INT);
      if (ctx.loops > 0) {
        tripStack = stack("trips", Type.INT);
      }
    }
    if (counting.isPresent()) {
      Loops.Counting c = counting.get();
      Variable trip = c.byIndex() ? null : Variable.tape("trip", Type.INT);
      plan.loops.put(l, new SavePlan.Canonical(c.index(), c.from(), c.last(), c.step(), trips, tripStack, trip));
    } else {
      plan.loops.put(l, new SavePlan.Counted(trips, tripStack, Variable.tape("trip", Type.INT)));
    }
  }

  /**
   * A variable of the loop's header that its update overwrites is saved by the update and popped
   * back at the update's mirror; but a trip left by a break never reaches the update, and the
   * backward trip would read what the variable held before (an index -1). So in a loop a break
   * can leave, such a variable is also pushed where the body ends or is left, and popped where
   * the backward body starts; on a trip that ran the update, the update's own save (pushed before,
   * or after if the update sits in the body) is popped in the matching order.
   */
  private void keepHeaderValuesAtBreaks(Stmt.Loop l) {
    if (!Loops.containsBreak(l.body().stmts())) {
      return;
    }
    List<SavePlan.Restore> restores = new ArrayList<>(plan.restoresOf(l.body()));
    Set<Variable> header = Stmts.declared(l.init());
    java.util.function.Consumer<Stmt> headerKill = x -> {
      if (x instanceof Stmt.Assign a && header.contains(a.target()) && plan.kills.containsKey(a)
          && plan.kills.get(a).stack() != null && restores.stream().noneMatch(r -> r.var().equals(a.target()))) {
        restores.add(new SavePlan.Restore(a.target(), plan.kills.get(a).stack(), null));
      }
    };
    l.update().forEach(u -> Stmts.walk(u, headerKill));
    Stmts.walk(l.body(), headerKill); // an update after a jumping branch has moved into the body
    if (!restores.isEmpty()) {
      plan.blockRestores.put(l.body(), restores);
    }
  }

  /**
   * Arrays every access of which, inside the counting loop over {@code index}, uses the index at
   * the same position: the loop's iterations touch disjoint elements, so one iteration's reads
   * cannot be overwritten by another's writes. An array read or written at an element that is
   * not the index's ({@code tmp[0]}), assigned, or used as a whole (an Nd call, an alias) is not.
   */
  private static Set<Variable> disjointArrays(Stmt.Loop l, Variable index) {
    Map<Variable, Integer> position = new HashMap<>();
    Set<Variable> shared = new LinkedHashSet<>();
    Stmts.walk(l.body(), s -> {
      if (s instanceof Stmt.Assign a && a.target().type().isArray()) {
        shared.add(a.target());
      }
      if (s instanceof Stmt.Store st) {
        access(st.array(), st.indices(), index, position, shared);
      }
      for (Expr e : Stmts.ownExprs(s)) {
        uses(e, index, position, shared);
      }
    });
    Set<Variable> result = new LinkedHashSet<>(position.keySet());
    result.removeAll(shared);
    return result;
  }

  /** Records the array uses in {@code e}: element reads by their indices, anything else as whole. */
  private static void uses(Expr e, Variable index, Map<Variable, Integer> position, Set<Variable> shared) {
    if (e instanceof Expr.Index) {
      List<Expr> indices = new ArrayList<>();
      Expr base = e;
      while (base instanceof Expr.Index i) {
        indices.add(0, i.index());
        base = i.array();
      }
      if (base instanceof Expr.Ref r) {
        access(r.var(), indices, index, position, shared);
        for (Expr i : indices) {
          uses(i, index, position, shared);
        }
        return;
      }
    }
    if (e instanceof Expr.Ref r && r.var().type().isArray()) {
      shared.add(r.var());
    }
    if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref) {
      return; // the length is no element
    }
    for (Expr c : Exprs.children(e)) {
      uses(c, index, position, shared);
    }
  }

  private static void access(Variable a, List<Expr> indices, Variable index, Map<Variable, Integer> position, Set<Variable> shared) {
    int at = -1;
    for (int k = 0; k < indices.size(); k++) {
      if (indices.get(k) instanceof Expr.Ref r && r.var() == index) {
        at = k;
      }
    }
    Integer previous = position.putIfAbsent(a, at);
    if (at < 0 || (previous != null && previous != at)) {
      shared.add(a);
    }
  }

  /**
   * How an overwrite keeps the value it destroys: on a stack in a loop; outside any loop (in a
   * branch: the method body renames instead) it runs at most once, so a local declared at the top of
   * the method is enough.
   */
  private SavePlan.Save save(String hint, Type type, Context ctx, java.util.function.Supplier<Variable> stack) {
    if (ctx.loops > 0) {
      return SavePlan.Save.onStack(stack.get());
    }
    Variable kept = Variable.tape(hint + "Saved", type);
    plan.hoisted.add(kept);
    return SavePlan.Save.inLocal(kept);
  }

  private Variable valueStack(Variable v) {
    return valueStacks.computeIfAbsent(v, x -> {
      Variable s = Variable.stackOf(x);
      plan.stacks.add(s);
      return s;
    });
  }

  private Variable elementStack(Variable array, int depth) {
    Type element = array.type();
    for (int i = 0; i < depth; i++) {
      element = element.element();
    }
    Type t = element;
    return elementStacks.computeIfAbsent(array, x -> new HashMap<>())
        .computeIfAbsent(depth, d -> stack(array.hint() + (t.isArray() ? "Row" : "Element"), t));
  }

  private Variable stack(String hint, Type type) {
    Variable s = Variable.stack(hint + "Stack", type);
    plan.stacks.add(s);
    return s;
  }
}
