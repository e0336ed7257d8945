package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.analyse.SavePlan;
import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.chain.ForwardValues;
import dev.flatgrad.processor.chain.Propagation;
import dev.flatgrad.processor.chain.Stores;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage: reverse. Builds the backward pass from the (staged) forward IR: statements in reverse
 * order, each assignment's gates through {@link Propagation}, branches replaying the direction
 * taken, loops run backwards, overwritten values restored as the {@link SavePlan} says. The
 * adjoint bookkeeping ({@link Adjoints}) keeps the output flat: one gate a line, first
 * contributions declared, copies aliased.
 */
public final class Reverser {

  /** The backward pass: its statements, and the gradient of each {@code wrt} parameter. */
  public record Backward(List<Stmt> code, Map<Variable, Expr> gradients) {}

  private final Propagation propagation;
  private final Activity activity;
  private final SavePlan plan;
  private final Deque<List<Stmt>> blocks = new ArrayDeque<>();
  private final Adjoints adj;
  private Stmt pendingComment;

  public Reverser(Differentiation diff, Activity activity, SavePlan plan, ForwardValues values) {
    this.propagation = new Propagation(diff, activity, values);
    this.activity = activity;
    this.plan = plan;
    blocks.push(new ArrayList<>());
    this.adj = new Adjoints(this::emit);
  }

  /**
   * Reverses {@code body} (whose last statement returns {@code output}) seeded with {@code seed},
   * the adjoint of the output. The adjoints of {@code given} (arrays among {@code wrt}; none for a
   * gradient method, all of them for a pullback) are the caller's arrays, added into: the gradient
   * of each is its adjoint variable, to be declared as a parameter. The others are declared where
   * their first share is known, which is why a gradient method and a pullback are two reversals.
   */
  public Backward reverse(Block body, Variable output, Expr seed, List<Variable> wrt, Set<Variable> given) {
    for (Variable p : wrt) {
      if (given.contains(p)) {
        adj.given(p);
      }
    }
    adj.seed(output, seed);
    List<Stmt> stmts = body.stmts();
    reverseStmts(stmts.subList(0, stmts.size() - 1));
    Map<Variable, Expr> gradients = new LinkedHashMap<>();
    for (Variable p : wrt) {
      gradients.put(p, adj.value(p));
    }
    return new Backward(List.copyOf(blocks.peek()), gradients);
  }

  private void emit(Stmt s) {
    if (pendingComment != null && !(s instanceof Stmt.Comment)) {
      blocks.peek().add(new Stmt.Comment(null, pendingComment, Pos.NONE));
      pendingComment = null;
    }
    blocks.peek().add(s);
  }

  private void reverseStmts(List<Stmt> stmts) {
    for (int i = stmts.size() - 1; i >= 0; i--) {
      reverse(stmts.get(i));
    }
  }

  private void reverse(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      pendingComment = a;
      assign(a);
      pendingComment = null;
    } else if (s instanceof Stmt.Store st) {
      pendingComment = st;
      store(st);
      pendingComment = null;
    } else if (s instanceof Stmt.If f) {
      branch(f);
    } else if (s instanceof Stmt.Loop l) {
      loop(l);
    } else if (s instanceof Stmt.Return) {
      throw new IllegalStateException("return before the end of the body");
    }
    // Declare, Eval, Break, Continue, Comment: nothing to reverse; after a Throw the backward pass never runs.
  }

  // ------------------------------------------------------------------ assignments

  private void assign(Stmt.Assign a) {
    Variable v = a.target();
    SavePlan.Save save = plan.kills.get(a);
    Expr adjoint = activity.isActive(v) ? adj.read(v) : null;
    Runnable restore = save == null ? () -> {} : () -> restore(v, save);
    if (adjoint == null) {
      restore.run();
      adj.kill(v);
      return;
    }
    adjoint = stable(adjoint, a.effectiveValue(), v);
    if (Stores.accumulates(a.compound())) {
      // v += e: v's adjoint stays; e gets it (negated for -=).
      restore.run();
      accumulate(a.value(), a.compound(), adjoint, v, new Expr.Ref(adj.adjointVar(v)));
      return;
    }
    Expr root = a.effectiveValue();
    Variable source = wholeOf(root);
    if (source != null && source != v && activity.isActive(source)
        && adjoint.equals(new Expr.Ref(adj.adjointVar(v))) && adj.canHandOver(v, source)) {
      // h = hn, or next = tmp.clone() (a swap's copy): hn's adjoint is h's array, whose own
      // adjoint is zero from here on (backwards), as a copy's adjoint passes through unchanged.
      restore.run();
      adj.handOver(v, source);
      adj.kill(v);
      return;
    }
    boolean selfReferencing = Exprs.reads(root, v);
    if (selfReferencing && propagation.sharesInBranch(root, v)) {
      // v = c ? v : x: the old v's adjoint is cleared first, and each branch adds its share.
      if (Exprs.reads(adjoint, adj.adjointVar(v))) {
        adjoint = keep(adjoint, Hints.adjoint(v.hint()) + "Out", adjoint.type());
      }
      adj.kill(v);
      Sink sink = new Sink(restore);
      propagation.propagate(root, adjoint, new Expr.Ref(v), v, save != null, sink);
      sink.flush();
      return;
    }
    List<Expr> selfShares = new ArrayList<>();
    record ElementShare(List<Expr> indices, Expr contribution) {}
    List<ElementShare> elementShares = new ArrayList<>();
    Sink sink = new Sink(restore) {
      @Override
      public void toVariable(Variable u, Expr c) {
        if (u == v && selfReferencing) {
          selfShares.add(c);
        } else {
          super.toVariable(u, c);
        }
      }

      @Override
      public void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr c) {
        if (array == v && selfReferencing) {
          elementShares.add(new ElementShare(indices, c));
        } else {
          super.toElement(node, array, indices, c);
        }
      }

      @Override
      boolean direct(Variable u) {
        return u != v;
      }
    };
    propagation.propagate(root, adjoint, new Expr.Ref(v), v, save != null, sink);
    sink.flush();
    // x = Nd.fullLike(x, x[0]): the old element's share is computed from the new x's adjoint,
    // which the old x's replaces, and added to that.
    List<ElementShare> kept = new ArrayList<>();
    for (ElementShare share : elementShares) {
      Expr c = share.contribution();
      kept.add(Exprs.reads(c, adj.adjointVar(v)) ? new ElementShare(share.indices(),
          keep(c, "d" + v.hint() + "Element", c.type())) : share);
    }
    adj.kill(v);
    if (!selfShares.isEmpty()) {
      Expr sum = selfShares.get(0);
      for (Expr c : selfShares.subList(1, selfShares.size())) {
        sum = Simplifier.add(sum, c);
      }
      adj.contribute(v, sum);
    }
    for (ElementShare share : kept) {
      adj.contributeElement(v, share.indices(), share.contribution());
    }
  }

  /**
   * The statement's adjoint, kept in a variable first if it reads the adjoint of something the
   * statement reads (an alias, {@code dquot = dt} for {@code quot = t / a}): the shares about to
   * be added there must not change it halfway.
   */
  private Expr stable(Expr adjoint, Expr value, Variable target) {
    if (Exprs.isAtom(adjoint) && !(adjoint instanceof Expr.Ref)) {
      return adjoint;
    }
    Set<Variable> read = Exprs.reads(adjoint);
    for (Variable u : Exprs.reads(value)) {
      if (u != target && activity.isActive(u) && read.contains(adj.adjointVar(u))) {
        Expr held = adj.hold(target);
        return held != null ? held : keep(adjoint, Hints.adjoint(target.hint()), adjoint.type());
      }
    }
    return adjoint;
  }

  /**
   * The reversal of {@code v += e} (or {@code -=}, or of an element): {@code e} gets the target's
   * adjoint, which itself stays. If {@code e} reads the target, the adjoint is copied first, so
   * that its shares, which add to it, all see the value it had.
   */
  private void accumulate(Expr value, BinaryOp op, Expr adjoint, Variable target, Expr adjointOfTarget) {
    Expr share = adjoint;
    if (Exprs.reads(value, target) && Exprs.reads(adjoint, adjointOfTarget instanceof Expr.Ref r ? r.var() : null)) {
      share = keep(adjoint, Hints.adjoint(target.hint()) + "Before", adjoint.type());
    }
    if (op == BinaryOp.SUB) {
      share = share.type().isArray() ? NdCalls.call("negative", share.type(), share) : Simplifier.negate(share);
    }
    Sink sink = new Sink(() -> {});
    propagation.propagate(value, share, null, null, false, sink);
    sink.flush();
  }

  private void store(Stmt.Store st) {
    Variable a = st.array();
    SavePlan.Save save = plan.kills.get(st);
    Runnable restore = save == null ? () -> {} : () -> {
      adj.beforeWrite(a);
      emit(new Stmt.Store(a, st.indices(), null, save.restored(), Pos.NONE));
    };
    Expr whole = activity.isActive(a) ? adj.read(a) : null;
    if (whole == null) {
      restore.run();
      return;
    }
    if (st.compound() == null && st.value() instanceof Expr.Ref r && r.var() != a
        && r.var().type().isArray() && activity.isActive(r.var()) && adj.canTakeRow(a, r.var())) {
      // p[r] = row: the row's adjoint is taken out of the matrix's, not copied, and a zero row
      // put in its place (what the element holds before is overwritten, or the allocation's zero).
      adj.takeRow(a, st.indices(), r.var());
      restore.run();
      adj.zeroElement(a, st.indices(), save != null);
      return;
    }
    Expr adjoint = whole;
    for (Expr i : st.indices()) {
      adjoint = new Expr.Index(adjoint, i);
    }
    adjoint = stable(adjoint, st.value(), a);
    if (Stores.accumulates(st.compound())) {
      restore.run();
      accumulate(st.value(), st.compound(), adjoint, a, whole);
      return;
    }
    Expr element = st.element();
    if (Exprs.reads(st.effectiveValue(), a)) {
      adjoint = keep(adjoint, Hints.adjoint(a.hint()) + "Element", adjoint.type());
    }
    if (propagation.sharesInBranch(st.effectiveValue(), a)) {
      // a[i] = c ? a[j] : x: the element's adjoint is cleared first, and each branch adds its share.
      if (!plan.firstWrites.contains(st)) {
        adj.zeroElement(a, st.indices());
      }
      Sink sink = new Sink(restore);
      propagation.propagate(st.effectiveValue(), adjoint, element, a, save != null, sink);
      sink.flush();
      return;
    }
    record SelfShare(List<Expr> indices, Expr contribution) {}
    List<SelfShare> selfShares = new ArrayList<>();
    boolean[] wholeShare = {false};
    Sink sink = new Sink(restore) {
      @Override
      public void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr c) {
        if (array == a) {
          selfShares.add(new SelfShare(indices, c));
        } else {
          super.toElement(node, array, indices, c);
        }
      }

      @Override
      public void toVariable(Variable v, Expr c) {
        wholeShare[0] |= v == a;
        super.toVariable(v, c);
      }

      @Override
      boolean direct(Variable u) {
        return u != a;
      }
    };
    propagation.propagate(st.effectiveValue(), adjoint, element, a, save != null, sink);
    // The element's old value's share replaces its adjoint (c[i] *= 5: dc[i] = 5 * dcElement).
    Expr own = null;
    for (SelfShare share : selfShares) {
      if (share.indices().equals(st.indices()) && share.contribution().type().isScalar()) {
        own = own == null ? share.contribution() : Simplifier.add(own, share.contribution());
      }
    }
    Expr ownShare = own;
    Runnable replaceOwn = () -> {
      if (ownShare != null && !plan.firstWrites.contains(st)) {
        adj.setElement(a, st.indices(), ownShare);
      } else if (ownShare != null) {
        adj.contributeElement(a, st.indices(), ownShare);
      } else if (!plan.firstWrites.contains(st)) {
        adj.zeroElement(a, st.indices(), save != null && !wholeShare[0]);
      }
    };
    if (wholeShare[0]) {
      // A[0] = Nd.flatten(A): a share of the whole array lands in the replaced row too, so the
      // row's adjoint is replaced first and the shares are added to it.
      replaceOwn.run();
      sink.flush();
    } else {
      sink.flush();
      replaceOwn.run();
    }
    for (SelfShare share : selfShares) {
      if (!share.indices().equals(st.indices()) || !share.contribution().type().isScalar()) {
        adj.contributeElement(a, share.indices(), share.contribution());
      }
    }
  }

  private void restore(Variable v, SavePlan.Save save) {
    adj.beforeWrite(v);
    emit(save.putBack(v));
  }

  private Expr share(Expr value, String hint, Type type) {
    if (Exprs.isAtom(value)) {
      return value;
    }
    return keep(value, hint, type);
  }

  /** A new variable holding {@code value} now, whatever happens to what it reads. */
  private Expr keep(Expr value, String hint, Type type) {
    Variable temp = Variable.temp(hint, type);
    emit(new Stmt.Assign(temp, null, value, true, Pos.NONE));
    return new Expr.Ref(temp);
  }

  /** Sends the chain rule's shares into the adjoint bookkeeping. */
  /**
   * Where one statement's propagation sends its contributions. They are added at the end, in the
   * order they came, those to one scalar summed first ({@code dr = r} for {@code 0.5 * r * r},
   * not {@code dr = 0.5 * r; dr += 0.5 * r}); a branch of a conditional expression adds its own
   * before it closes.
   */
  private class Sink implements Propagation.Sink {
    private final Runnable afterRoot;
    private final Map<Variable, Expr> scalars = new LinkedHashMap<>();
    private final List<Runnable> additions = new ArrayList<>();

    Sink(Runnable afterRoot) {
      this.afterRoot = afterRoot;
    }

    @Override
    public Expr share(Expr adjoint, String hint, Type type) {
      return Reverser.this.share(adjoint, hint, type);
    }

    @Override
    public Expr keep(Expr value, String hint, Type type) {
      return Reverser.this.keep(value, hint, type);
    }

    @Override
    public Expr shareOf(Expr adjoint, Variable primal) {
      if (Exprs.isAtom(adjoint)) {
        return adjoint;
      }
      Variable share = Variable.shareOf(primal);
      emit(new Stmt.Assign(share, null, adjoint, true, Pos.NONE));
      return new Expr.Ref(share);
    }

    @Override
    public void toVariable(Variable v, Expr contribution) {
      if (v.type().isArray()) {
        additions.add(() -> adj.contribute(v, contribution));
      } else if (scalars.containsKey(v)) {
        scalars.put(v, Simplifier.add(scalars.get(v), contribution));
      } else {
        scalars.put(v, contribution);
        additions.add(() -> adj.contribute(v, scalars.get(v)));
      }
    }

    /** Adds what came so far. */
    void flush() {
      additions.forEach(Runnable::run);
      additions.clear();
      scalars.clear();
    }

    @Override
    public void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr contribution) {
      additions.add(() -> adj.contributeElement(array, indices, contribution));
    }

    /**
     * Whether a pullback may add into the adjoint of {@code v} directly; not where the statement
     * handles the shares of its own target apart.
     */
    boolean direct(Variable v) {
      return true;
    }

    @Override
    public List<Expr> pullback(Expr.Call call, List<Expr> inputs, List<Expr> reads) {
      List<Expr> left = new ArrayList<>();
      List<Variable> temps = new ArrayList<>();
      for (Expr input : inputs) {
        Variable base = arrayUnder(input);
        boolean active = activity.isActive(input);
        String hint = input instanceof Expr.Ref r ? r.var().hint() : Hints.of(input);
        Variable temp = !active || base != null && direct(base) ? null : Variable.temp(Hints.adjoint(hint), input.type());
        temps.add(temp);
        left.add(temp != null ? new Expr.Ref(temp) : null);
      }
      additions.add(() -> {
        List<Expr> args = new ArrayList<>(call.args());
        for (int k = 0; k < inputs.size(); k++) {
          Expr input = inputs.get(k);
          Variable temp = temps.get(k);
          if (!activity.isActive(input)) {
            // No gradient needed: the pullback skips a null array (SkippedAdjoints).
            args.add(Expr.Const.zero(input.type()));
          } else if (temp == null) {
            Variable base = arrayUnder(input);
            adj.own(base);
            args.add(onAdjoint(input, adj.adjointVar(base)));
          } else {
            emit(new Stmt.Assign(temp, null, zerosLike(input), true, Pos.NONE));
            args.add(new Expr.Ref(temp));
          }
        }
        emit(new Stmt.Eval(new Expr.Call(null, call.callee(), args, Pos.NONE), Pos.NONE));
      });
      return left;
    }

    @Override
    public void branch(Expr cond, Set<Variable> touched, Runnable whenTrue, Runnable whenFalse) {
      flush();
      Reverser.this.branch(cond, touched, Set.of(), Set.of(), Set.of(),
          () -> { whenTrue.run(); flush(); }, () -> { whenFalse.run(); flush(); });
    }

    @Override
    public void afterRoot() {
      afterRoot.run();
    }
  }

  /**
   * The array variable whose adjoint an input's share can be added into in place: the variable
   * itself, or the matrix of a row ({@code w[j]}); null for a computed value.
   */
  private static Variable arrayUnder(Expr input) {
    Expr e = input;
    while (e instanceof Expr.Index i) {
      e = i.array();
    }
    return e instanceof Expr.Ref r && r.var().type().isArray() ? r.var() : null;
  }

  /** The same element of the adjoint: {@code dw[j]} for {@code w[j]}. */
  private static Expr onAdjoint(Expr input, Variable adjoint) {
    return input instanceof Expr.Index i
        ? new Expr.Index(onAdjoint(i.array(), adjoint), i.index())
        : new Expr.Ref(adjoint);
  }

  /** A zero array shaped like {@code value}. */
  private static Expr zerosLike(Expr value) {
    return value.type().rank() == 1
        ? new Expr.NewArray(value.type(), List.of(new Expr.Length(value)))
        : NdCalls.call("zerosLike", value.type(), value);
  }

  // ------------------------------------------------------------------ control flow

  private void branch(Stmt.If f) {
    SavePlan.Branch recorded = plan.branches.get(f);
    Expr cond = f.cond();
    if (recorded != null) {
      cond = recorded.onStack() ? Tapes.pop(recorded.recorded()) : new Expr.Ref(recorded.recorded());
    }
    List<Stmt> both = List.of(f);
    List<Stmt> inside = new ArrayList<>(f.then().stmts());
    inside.addAll(f.otherwise().stmts());
    branch(
        cond,
        touchedReads(inside), // not the condition's reads: their adjoints get nothing here
        Stmts.assigned(both),
        declaredIn(f.then()),
        declaredIn(f.otherwise()),
        () -> reverseBlock(f.then()),
        () -> reverseBlock(f.otherwise()));
  }

  private void branch(
      Expr cond,
      Set<Variable> read,
      Set<Variable> written,
      Set<Variable> thenLocals,
      Set<Variable> elseLocals,
      Runnable whenTrue,
      Runnable whenFalse) {
    List<Stmt> outerBlock = blocks.peek();
    int mark = outerBlock.size();
    Adjoints.Snapshot before = adj.snapshot();
    Stmt comment = pendingComment;
    Set<Variable> outer = new LinkedHashSet<>(written);
    outer.removeAll(thenLocals);
    outer.removeAll(elseLocals);
    outer.removeIf(v -> !activity.isActive(v));
    Set<Variable> held = new LinkedHashSet<>(read);
    List<Stmt> then;
    List<Stmt> otherwise;
    while (true) {
      adj.prepare(held, written);
      Stmt unflushed = pendingComment;
      pendingComment = null;
      Adjoints.Snapshot start = adj.snapshot();
      then = nested(held, thenLocals, whenTrue);
      Adjoints.Snapshot thenEnd = innerEnd;
      Adjoints.Snapshot thenExit = adj.snapshot();
      adj.restore(start);
      start.close();
      otherwise = nested(held, elseLocals, whenFalse);
      Adjoints.Snapshot elseEnd = innerEnd;
      Set<Variable> differing = adj.differing(thenEnd, elseEnd, outer);
      thenEnd.close();
      elseEnd.close();
      differing.removeAll(held);
      if (!differing.isEmpty()) {
        // One branch assigned a primal the other did not: its adjoint must live in one variable
        // declared before the branch. Start again with those held too.
        thenExit.close();
        outerBlock.subList(mark, outerBlock.size()).clear();
        adj.restore(before);
        pendingComment = comment;
        held.addAll(differing);
        continue;
      }
      adj.intersectOwnership(thenExit);
      thenExit.close();
      pendingComment = unflushed;
      break;
    }
    before.close();
    if (then.isEmpty() && otherwise.isEmpty()) {
      return;
    }
    if (then.equals(otherwise) && !Tapes.pops(cond)) {
      // Both ways do the same (a loop update replayed on every path): no need to ask which.
      then.forEach(this::emit);
      return;
    }
    if (then.isEmpty()) {
      emit(new Stmt.If(Simplifier.simplify(new Expr.Unary(UnaryOp.NOT, cond, Type.BOOLEAN)),
          new Block(otherwise), Block.EMPTY, Pos.NONE));
    } else {
      emit(new Stmt.If(cond, new Block(then), new Block(otherwise), Pos.NONE));
    }
  }

  /**
   * Generates a nested backward block; the touched adjoints hold their values at its end. The
   * bookkeeping as it was at the end of the block, before leaving it, is kept in {@link #innerEnd}
   * (open: the caller closes it).
   */
  private List<Stmt> nested(Set<Variable> touched, Set<Variable> locals, Runnable body) {
    blocks.push(new ArrayList<>());
    adj.enter();
    body.run();
    adj.settle(touched);
    adj.forget(locals);
    innerEnd = adj.snapshot();
    adj.exit();
    return blocks.pop();
  }

  private Adjoints.Snapshot innerEnd;

  private void reverseBlock(Block b) {
    Set<Variable> restored = new LinkedHashSet<>();
    Set<Variable> declared = declaredIn(b.stmts(), false);
    for (SavePlan.Restore r : plan.restoresOf(b)) {
      Expr value = r.recompute() != null ? r.recompute().value() : Tapes.pop(r.stack());
      // a loop body's own locals are declared here; its header's, around it
      emit(new Stmt.Assign(r.var(), null, value, declared.contains(r.var()), Pos.NONE));
      restored.add(r.var());
    }
    for (Variable v : declared) {
      if (!restored.contains(v) && !plan.hoisted.contains(v) && restoredInside(b.stmts(), v)) {
        // Popped back inside the block before it is read; its value at the end is not needed.
        emit(new Stmt.Assign(v, null, ForwardSweep.defaultOf(v.type()), true, Pos.NONE));
      }
    }
    reverseStmts(b.stmts());
  }

  /** Whether some saved overwrite of {@code v} in the statements is undone in the backward pass. */
  private boolean restoredInside(List<Stmt> stmts, Variable v) {
    boolean[] found = {false};
    for (Stmt s : stmts) {
      Stmts.walk(s, x -> found[0] |= x instanceof Stmt.Assign a && a.target() == v && plan.kills.containsKey(x));
    }
    return found[0];
  }

  /**
   * The variable {@code root} reads as a whole: itself, or copied whole (a vector's
   * {@code clone()}, {@code Nd.copy}), whose adjoint rule passes the adjoint on as it is; else null.
   */
  private static Variable wholeOf(Expr root) {
    if (root instanceof Expr.Call c && Intrinsics.isClone(c.callee()) && c.type().rank() == 1) {
      root = c.receiver();
    } else if (NdCalls.is(root, "copy")) {
      root = ((Expr.Call) root).args().get(0);
    }
    return root instanceof Expr.Ref r ? r.var() : null;
  }

  private void loop(Stmt.Loop l) {
    SavePlan.LoopPlan lp = plan.loops.get(l);
    List<Stmt> whole = List.of(l);
    Set<Variable> outer = touched(whole);
    Set<Variable> written = Stmts.assigned(whole);
    Set<Variable> locals = declaredIn(l.body());
    List<Stmt> outerBlock = blocks.peek();
    int mark = outerBlock.size();
    Adjoints.Snapshot before = adj.snapshot();
    Stmt comment = pendingComment;
    Set<Variable> held = new LinkedHashSet<>();
    Set<Variable> ownedBefore = new LinkedHashSet<>();
    Set<Variable> ownedOnlyAfterATrip = new LinkedHashSet<>();
    List<Stmt> body;
    while (true) {
      // Every trip of the backward body must start from the same bookkeeping: adjoints the body
      // changes live in variables declared before the loop. Find them by trying.
      ownedBefore.forEach(adj::own);
      adj.prepare(held, written);
      Adjoints.Snapshot start = adj.snapshot();
      body = nested(held, locals, () -> reverseBlock(l.body()));
      Set<Variable> changed = adj.differing(start, innerEnd, outer);
      innerEnd.close();
      changed.removeAll(held);
      Set<Variable> lostOwnership = new LinkedHashSet<>();
      for (Variable v : held) {
        if (adj.isOwnedIn(start, v) && !adj.isOwned(v)) {
          lostOwnership.add(v);
        }
      }
      ownedOnlyAfterATrip.clear();
      for (Variable v : outer) {
        if (v.type().isArray() && !adj.isOwnedIn(start, v) && adj.isOwned(v)) {
          ownedOnlyAfterATrip.add(v);
        }
      }
      start.close();
      // An adjoint array the body copies to update in place is copied once, before the loop.
      Set<Variable> copiedInside = new LinkedHashSet<>();
      for (Variable v : outer) {
        if (v.type().isArray() && !ownedBefore.contains(v) && copies(body, adj.adjointVar(v))) {
          copiedInside.add(v);
        }
      }
      if (changed.isEmpty() && lostOwnership.isEmpty() && copiedInside.isEmpty()) {
        break;
      }
      ownedBefore.addAll(copiedInside);
      outerBlock.subList(mark, outerBlock.size()).clear();
      adj.restore(before);
      pendingComment = comment;
      held.addAll(changed);
      // An adjoint array the body updates in place but hands out inside cannot stay owned
      // across trips: from the start it is treated as shared.
      lostOwnership.forEach(v -> adj.disownFromNowOn(v));
    }
    before.close();
    // The backward loop may run no trip: an adjoint array the body made its own (dres = Nd.add(...))
    // may still be the one it shared before (dres = dout), and is copied before it is updated in place.
    ownedOnlyAfterATrip.forEach(adj::disown);
    if (body.isEmpty()) {
      reverseStmts(l.init());
      return;
    }
    if (lp instanceof SavePlan.Canonical c && c.trip() != null) {
      popTrips(c.trips(), c.tripStack());
      emit(tripByTrip(c, body, l.pos()));
    } else if (lp instanceof SavePlan.Canonical c) {
      popTrips(c.trips(), c.tripStack());
      Expr start = Simplifier.simplify(c.last());
      if (c.trips() != null) {
        // Left early: the last trip is the trips-th from the start.
        Expr done = new Expr.Binary(BinaryOp.SUB, new Expr.Ref(c.trips()), Expr.Const.ofInt(1), Type.INT);
        if (Math.abs(c.step()) != 1) {
          done = new Expr.Binary(BinaryOp.MUL, done, Expr.Const.ofInt(Math.abs(c.step())), Type.INT);
        }
        Type arithmetic = c.from().type().equals(Type.LONG) ? Type.LONG : Type.INT;
        start = Simplifier.simplify(new Expr.Binary(c.ascending() ? BinaryOp.ADD : BinaryOp.SUB, c.from(), done, arithmetic));
      }
      if (c.index().type().equals(Type.CHAR) && !start.type().equals(Type.CHAR)) {
        start = new Expr.Cast(c.index().type(), start); // a char index: 'z' - 1 is an int
      }
      BinaryOp test = c.ascending() ? BinaryOp.GE : BinaryOp.LE; // i <= n - 1 is styled i < n later
      Expr bound = c.from();
      emit(new Stmt.Loop(
          Stmt.LoopKind.FOR,
          List.of(new Stmt.Assign(c.index(), null, start, true, Pos.NONE)),
          new Expr.Binary(test, new Expr.Ref(c.index()), bound, Type.BOOLEAN),
          List.of(new Stmt.Assign(c.index(), c.ascending() ? BinaryOp.SUB : BinaryOp.ADD,
              Expr.Const.ofInt(Math.abs(c.step())), false, Pos.NONE)),
          new Block(body),
          l.pos()));
    } else if (lp instanceof SavePlan.Counted c) {
      popTrips(c.trips(), c.tripStack());
      List<Stmt> init = new ArrayList<>();
      init.add(new Stmt.Assign(c.step(), null, new Expr.Ref(c.trips()), true, Pos.NONE));
      for (Variable v : declaredIn(l.init(), false)) {
        if (restoredInside(List.of(l), v)) {
          // The loop's own variables, popped back inside: declared where the forward loop had them.
          Stmt.Assign declaration = new Stmt.Assign(v, null, ForwardSweep.defaultOf(v.type()), true, Pos.NONE);
          if (v.type().equals(Type.INT)) {
            init.add(declaration);
          } else {
            emit(declaration);
          }
        }
      }
      emit(new Stmt.Loop(
          Stmt.LoopKind.FOR,
          init,
          new Expr.Binary(BinaryOp.GT, new Expr.Ref(c.step()), Expr.Const.ofInt(0), Type.BOOLEAN),
          List.of(new Stmt.Assign(c.step(), BinaryOp.SUB, Expr.Const.ofInt(1), false, Pos.NONE)),
          new Block(body),
          l.pos()));
    } else {
      throw new IllegalStateException("no plan for loop at " + l.pos());
    }
    reverseStmts(l.init());
  }

  /**
   * {@code for (int trip = trips; trip > 0; trip--) { int i = from + (trip - 1) * step; body }}: a
   * counting loop whose index cannot count back past {@code from} without wrapping round, as
   * {@code i--} from {@code MIN_VALUE} does. Each trip's index is one the forward loop had, which
   * the computation gives exactly though {@code (trip - 1) * step} may wrap (in the index's type).
   */
  private static Stmt.Loop tripByTrip(SavePlan.Canonical c, List<Stmt> body, Pos pos) {
    Type arithmetic = c.index().type().equals(Type.LONG) ? Type.LONG : Type.INT;
    Expr done = new Expr.Binary(BinaryOp.SUB, new Expr.Ref(c.trip()), Expr.Const.ofInt(1), Type.INT);
    if (Math.abs(c.step()) != 1) {
      Expr wide = arithmetic.equals(Type.LONG) ? new Expr.Cast(Type.LONG, done) : done;
      done = new Expr.Binary(BinaryOp.MUL, wide, Expr.Const.ofInt(Math.abs(c.step())), arithmetic);
    }
    Expr index = Simplifier.simplify(new Expr.Binary(c.ascending() ? BinaryOp.ADD : BinaryOp.SUB, c.from(), done, arithmetic));
    if (!index.type().equals(c.index().type())) {
      index = new Expr.Cast(c.index().type(), index); // a char index: 'z' - (trip - 1) is an int
    }
    List<Stmt> trip = new ArrayList<>();
    trip.add(new Stmt.Assign(c.index(), null, index, true, Pos.NONE));
    trip.addAll(body);
    return new Stmt.Loop(
        Stmt.LoopKind.FOR,
        List.of(new Stmt.Assign(c.trip(), null, new Expr.Ref(c.trips()), true, Pos.NONE)),
        new Expr.Binary(BinaryOp.GT, new Expr.Ref(c.trip()), Expr.Const.ofInt(0), Type.BOOLEAN),
        List.of(new Stmt.Assign(c.trip(), BinaryOp.SUB, Expr.Const.ofInt(1), false, Pos.NONE)),
        new Block(trip),
        pos);
  }

  private void popTrips(Variable trips, Variable stack) {
    if (trips != null && stack != null) {
      emit(new Stmt.Assign(trips, null, Tapes.pop(stack), true, Pos.NONE));
    }
  }

  /** Active variables declared outside the statements that the statements read. */
  /** Whether the statements copy the array {@code adjoint} into itself ({@code d = Nd.copy(d)}). */
  private static boolean copies(List<Stmt> stmts, Variable adjoint) {
    boolean[] found = {false};
    Expr copy = NdCalls.copy(new Expr.Ref(adjoint));
    for (Stmt s : stmts) {
      Stmts.walk(s, x -> found[0] |= x instanceof Stmt.Assign a && a.target().equals(adjoint)
          && a.value().equals(copy));
    }
    return found[0];
  }

  private Set<Variable> touchedReads(List<Stmt> stmts) {
    Set<Variable> result = touched(stmts);
    result.retainAll(Stmts.read(stmts));
    return result;
  }

  /** Active variables declared outside the statements whose adjoints the statements touch. */
  private Set<Variable> touched(List<Stmt> stmts) {
    Set<Variable> inside = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      Stmts.walk(s, x -> {
        if (x instanceof Stmt.Assign a && a.declares()) {
          inside.add(a.target());
        } else if (x instanceof Stmt.Declare d) {
          inside.add(d.target());
        }
      });
    }
    Set<Variable> result = new LinkedHashSet<>();
    Set<Variable> candidates = new LinkedHashSet<>(Stmts.read(stmts));
    candidates.addAll(Stmts.assigned(stmts));
    for (Variable v : candidates) {
      if (activity.isActive(v) && !inside.contains(v)) {
        result.add(v);
      }
    }
    return result;
  }

  private static Set<Variable> declaredIn(Block b) {
    return declaredIn(b.stmts(), true);
  }

  /** The variables the statements declare: at their own level, or also in nested blocks. */
  private static Set<Variable> declaredIn(List<Stmt> stmts, boolean deep) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      java.util.function.Consumer<Stmt> add = x -> {
        if (x instanceof Stmt.Assign a && a.declares()) {
          out.add(a.target());
        } else if (x instanceof Stmt.Declare d) {
          out.add(d.target());
        }
      };
      if (deep) {
        Stmts.walk(s, add);
      } else {
        add.accept(s);
      }
    }
    return out;
  }
}
