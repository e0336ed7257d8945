package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import dev.flatgrad.processor.rules.AdjointRule;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chain rule on one expression tree: given the adjoint of the tree's value, walks it from the
 * root and, at each operation, applies the operation's rule to pass each active child its share.
 * What happens to a share that reaches a variable or an element is up to the {@link Sink}: the
 * reverser emits code, the read analysis only records what the code would read.
 */
public final class Propagation {

  /** Where the chain rule's results go. */
  public interface Sink {
    /** A non-trivial adjoint about to be used more than once: return a variable holding it. */
    Expr share(Expr adjoint, String hint, Type type);

    /**
     * A share of {@code primal}'s adjoint about to be used more than once (see {@link
     * Variable#shareOf}): return a variable holding it.
     */
    default Expr shareOf(Expr adjoint, Variable primal) {
      return share(adjoint, Hints.adjoint(primal.hint()), primal.type());
    }

    /** A value that must be read now, even a variable: return a new variable holding it. */
    default Expr keep(Expr value, String hint, Type type) {
      return share(value, hint, type);
    }

    /** A contribution to the adjoint of an active variable. */
    void toVariable(Variable v, Expr contribution);

    /** A contribution to the adjoint of an element ({@code node} is the element read). */
    void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr contribution);

    /**
     * A callee's pullback, which adds the shares of {@code inputs} into adjoint arrays itself:
     * {@code call} takes, after its arguments, one array for each input to add its share to. For
     * each input, null if the sink passes the input's own adjoint (or the input is inactive), or
     * else a temporary the pullback adds into, to be passed on to the input as its share. {@code
     * reads} are the forward values the pullback reads through its record beside its arguments
     * (the arrays the call was given, and its result when it is an array): they must be as they
     * were when the call ran.
     */
    List<Expr> pullback(Expr.Call call, List<Expr> inputs, List<Expr> reads);

    /** A replayed conditional: run one of the two propagations depending on {@code cond}. */
    void branch(Expr cond, Set<Variable> touched, Runnable whenTrue, Runnable whenFalse);

    /** Called once the root's shares are computed, before descending (restores go here). */
    void afterRoot();
  }

  private final Differentiation diff;
  private final Activity activity;
  private final ForwardValues values;

  public Propagation(Differentiation diff, Activity activity, ForwardValues values) {
    this.diff = diff;
    this.activity = activity;
    this.values = values;
  }

  /**
   * Propagates {@code adjoint}, the adjoint of {@code root}'s value, into the tree.
   *
   * @param out the root's value after the statement (the assigned variable or element), which the
   *     root's rule may read
   * @param target the variable the statement assigns (or whose element it assigns)
   * @param restored whether {@link Sink#afterRoot()} restores {@code target} to its value before
   *     the statement: then a share reading the result is computed before it, and one reading
   *     both the result and the old value reads the result from a copy
   */
  public void propagate(Expr root, Expr adjoint, Expr out, Variable target, boolean restored, Sink sink) {
    Optional<Differentiation.Gate> rule = activity.isActive(root) ? diff.gate(root) : Optional.empty();
    if (rule.isEmpty()) {
      sink.afterRoot();
      descend(root, adjoint, sink);
      return;
    }
    if (out == null) {
      // Not the root of an assignment (the value added by +=): nothing reads a result.
      for (Share s : shares(root, rule.get(), adjoint, null, sink)) {
        descend(s.child(), s.adjoint(), sink);
      }
      return;
    }
    Variable result = Variable.temp(target.hint() + "Out", out.type());
    List<Stmt.Assign> deferred = new ArrayList<>();
    // A pullback reads the result through its record, not in code the restore could come between.
    Expr given = rule.get().rule().pullback() != null ? out : new Expr.Ref(result);
    List<Share> shares = shares(root, rule.get(), adjoint, given, sink, deferred);
    // Before the restore: what reads the result (and not the old value). After: the rest.
    Expr copy = null;
    Map<Variable, Expr> bound = new java.util.HashMap<>();
    List<Stmt.Assign> later = new ArrayList<>();
    for (Stmt.Assign local : deferred) {
      Expr value = Exprs.substitute(local.value(), bound);
      if (restored && Exprs.reads(value, target)) {
        later.add(new Stmt.Assign(local.target(), null, value, true, local.pos()));
        continue;
      }
      value = Exprs.substitute(value, Map.of(result, out));
      bound.put(local.target(), name(sink, value, local.target()));
    }
    for (int k = 0; k < shares.size(); k++) {
      Share s = shares.get(k);
      Expr a = Exprs.substitute(s.adjoint(), bound);
      if (Exprs.reads(a, result)) {
        if (!restored) {
          a = Exprs.substitute(a, Map.of(result, out));
        } else if (!Exprs.reads(a, target) && later.stream().noneMatch(l -> Exprs.reads(s.adjoint(), l.target()))) {
          Expr now = Exprs.substitute(a, Map.of(result, out));
          a = Exprs.isAtom(now) ? now : sink.share(now, Hints.adjoint(Hints.of(s.child())), s.child().type());
        } else {
          if (copy == null) {
            copy = sink.keep(out, target.hint() + "Out", out.type());
          }
          a = Exprs.substitute(a, Map.of(result, copy));
        }
      }
      shares.set(k, new Share(s.child(), a));
    }
    sink.afterRoot();
    for (Stmt.Assign local : later) {
      Expr value = Exprs.substitute(local.value(), bound);
      if (Exprs.reads(value, result)) {
        if (copy == null) {
          throw new IllegalStateException("a shared value reads the result after its restore");
        }
        value = Exprs.substitute(value, Map.of(result, copy));
      }
      bound.put(local.target(), name(sink, value, local.target()));
    }
    for (Share s : shares) {
      descend(s.child(), Exprs.substitute(s.adjoint(), bound), sink);
    }
  }

  /**
   * Whether propagating into {@code root} (assigned to {@code target}) replays a conditional as
   * an if statement whose branches pass shares to {@code target} or its elements: then those
   * shares cannot wait until after the statement clears the target's adjoint, as shares outside
   * a branch do.
   */
  public boolean sharesInBranch(Expr root, Variable target) {
    boolean[] found = {false};
    int[] depth = {0};
    propagate(root, new Expr.Ref(Variable.temp("d", root.type())), new Expr.Ref(target), target, false, new Sink() {
      @Override
      public Expr share(Expr value, String hint, Type type) {
        return new Expr.Ref(Variable.temp(hint, type));
      }

      @Override
      public void toVariable(Variable v, Expr contribution) {
        found[0] |= depth[0] > 0 && v == target;
      }

      @Override
      public void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr contribution) {
        found[0] |= depth[0] > 0 && array == target;
      }

      @Override
      public List<Expr> pullback(Expr.Call call, List<Expr> inputs, List<Expr> reads) {
        return inputs.stream().<Expr>map(i -> new Expr.Ref(Variable.temp("d", i.type()))).toList();
      }

      @Override
      public void branch(Expr cond, Set<Variable> touched, Runnable whenTrue, Runnable whenFalse) {
        depth[0]++;
        whenTrue.run();
        whenFalse.run();
        depth[0]--;
      }

      @Override
      public void afterRoot() {}
    });
    return found[0];
  }

  private record Share(Expr child, Expr adjoint) {}

  /** A variable holding a rule's shared value {@code local}: a share of an adjoint is named as one. */
  private static Expr name(Sink sink, Expr value, Variable local) {
    return local.primal() != null
        ? sink.shareOf(value, local.primal())
        : sink.share(value, local.hint(), local.type());
  }

  /** Applies the node's rule: the share of each active input, simplified, zeros dropped. */
  private List<Share> shares(Expr node, Differentiation.Gate gate, Expr adjoint, Expr out, Sink sink) {
    return shares(node, gate, adjoint, out, sink, null);
  }

  /**
   * The shares of the node's inputs. The rule's shared values are named through the sink at
   * once, or, when {@code deferred} is given, left to the caller as declarations to make.
   */
  private List<Share> shares(Expr node, Differentiation.Gate gate, Expr adjoint, Expr out, Sink sink,
      List<Stmt.Assign> deferred) {
    AdjointRule rule = gate.rule();
    List<Expr> inputs = gate.inputs();
    Set<Integer> wanted = new LinkedHashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (activity.isActive(inputs.get(i)) && rule.contributions().containsKey(rule.inputs().get(i))) {
        wanted.add(i);
      }
    }
    List<Share> result = new ArrayList<>();
    if (wanted.isEmpty() || Simplifier.isZero(adjoint)) {
      return result;
    }
    if (rule.pullback() != null) {
      return pullback(node, rule.pullback(), inputs, adjoint, out, sink);
    }
    Expr dout = adjoint;
    if (!isCheap(dout) && doutUses(rule, wanted) > 1) {
      dout = sink.share(dout, Hints.adjoint(Hints.of(node)), node.type());
    }
    AdjointRule.Instance inst = rule.instantiate(inputs, out, dout, wanted);
    Map<Integer, Expr> contributions = new java.util.LinkedHashMap<>(inst.contributions());
    for (Stmt.Assign local : inst.locals()) {
      int uses = 0;
      for (Expr c : contributions.values()) {
        uses += Exprs.countReads(c, local.target());
      }
      Expr value = values.substitute(Simplifier.simplify(local.value()));
      Expr replacement;
      if (uses <= 1) {
        replacement = value;
      } else if (deferred != null) {
        Variable named = local.target().primal() != null
            ? Variable.shareOf(local.target().primal())
            : Variable.temp(local.target().hint(), local.target().type());
        deferred.add(new Stmt.Assign(named, null, value, true, Pos.NONE));
        replacement = new Expr.Ref(named);
      } else {
        replacement = name(sink, value, local.target());
      }
      contributions.replaceAll((i, c) -> Exprs.substitute(c, Map.of(local.target(), replacement)));
    }
    for (int i : wanted) {
      Expr c = values.substitute(Simplifier.simplify(ShapeProxy.substitute(contributions.get(i), diff.rules())));
      if (Simplifier.isZero(c)) {
        continue;
      }
      int same = indexOfSameVariable(result, inputs.get(i));
      if (same >= 0) {
        // x * x: both shares go to x, as one sum.
        Share first = result.get(same);
        result.set(same, new Share(first.child(), Simplifier.add(first.adjoint(), c)));
      } else {
        result.add(new Share(inputs.get(i), c));
      }
    }
    return result;
  }

  /**
   * The call's pullback, given the arguments it was called with, its result ({@code out}, or
   * null where no variable holds it) and the call's adjoint; what the sink could not add in place
   * comes back as shares.
   */
  private List<Share> pullback(Expr node, AdjointRule.Pullback p, List<Expr> inputs, Expr adjoint, Expr out,
      Sink sink) {
    Expr dout = isCheap(adjoint) ? adjoint : sink.share(adjoint, Hints.adjoint(Hints.of(node)), node.type());
    List<Expr> args = List.of(new Expr.Ref(p.record()), dout);
    List<Expr> reads = new ArrayList<>();
    for (Expr input : inputs) {
      if (input.type().isArray() && (input instanceof Expr.Ref || input instanceof Expr.Index)) {
        reads.add(values.substitute(input));
      }
    }
    if (out != null && out.type().isArray()) {
      reads.add(out);
    }
    List<Expr> accumulated = p.accumulated().stream().map(inputs::get).toList();
    List<Expr> left = sink.pullback(new Expr.Call(null, p.callee(), args, Pos.NONE), accumulated, reads);
    List<Share> result = new ArrayList<>();
    for (int k = 0; k < accumulated.size(); k++) {
      if (left.get(k) != null) {
        result.add(new Share(accumulated.get(k), left.get(k)));
      }
    }
    return result;
  }

  /**
   * {@code c ? a : b} whose branches only pass shares to variables becomes one conditional share
   * per variable ({@code dx = c ? dout : 0.0}) instead of an if statement.
   */
  private boolean mergeBranches(Expr.Cond c, Expr adjoint, Sink sink) {
    Map<Variable, Expr> whenTrue = new java.util.LinkedHashMap<>();
    Map<Variable, Expr> whenFalse = new java.util.LinkedHashMap<>();
    if (!collect(c.whenTrue(), adjoint, whenTrue) || !collect(c.whenFalse(), adjoint, whenFalse)) {
      return false;
    }
    Set<Variable> targets = new LinkedHashSet<>(whenTrue.keySet());
    targets.addAll(whenFalse.keySet());
    Expr zero = Expr.Const.ofDouble(0.0);
    for (Variable v : targets) {
      Expr share = new Expr.Cond(c.cond(), whenTrue.getOrDefault(v, zero), whenFalse.getOrDefault(v, zero), v.type());
      sink.toVariable(v, Simplifier.simplify(share));
    }
    return true;
  }

  /** The shares {@code e} passes to variables, if that is all it does (no names, no elements). */
  private boolean collect(Expr e, Expr adjoint, Map<Variable, Expr> shares) {
    class NotSimple extends RuntimeException {
      private static final long serialVersionUID = 1L;

      NotSimple() {
        super(null, null, false, false);
      }
    }
    try {
      descend(e, adjoint, new Sink() {
        @Override
        public Expr share(Expr value, String hint, Type type) {
          throw new NotSimple();
        }

        @Override
        public void toVariable(Variable v, Expr contribution) {
          if (!v.type().isScalar()) {
            throw new NotSimple();
          }
          shares.merge(v, contribution, Simplifier::add);
        }

        @Override
        public void toElement(Expr.Index node, Variable array, List<Expr> indices, Expr contribution) {
          throw new NotSimple();
        }

        @Override
        public List<Expr> pullback(Expr.Call call, List<Expr> inputs, List<Expr> reads) {
          throw new NotSimple();
        }

        @Override
        public void branch(Expr cond, Set<Variable> touched, Runnable whenTrue, Runnable whenFalse) {
          throw new NotSimple();
        }

        @Override
        public void afterRoot() {}
      });
      return true;
    } catch (NotSimple notSimple) {
      return false;
    }
  }

  /** Variables, constants and element reads: repeated rather than named. */
  private static boolean isCheap(Expr e) {
    if (e instanceof Expr.Index i) {
      return isCheap(i.array()) && isCheapIndex(i.index());
    }
    return Exprs.isAtom(e);
  }

  /** An index computed from variables by a little integer arithmetic: {@code i}, {@code y[i]}, {@code i % 2}. */
  private static boolean isCheapIndex(Expr e) {
    if (Exprs.isAtom(e)) {
      return true;
    }
    if (e instanceof Expr.Index i) {
      return isCheap(i);
    }
    return e instanceof Expr.Binary b && !b.type().isDifferentiable()
        && isCheapIndex(b.left()) && isCheapIndex(b.right());
  }

  private static int indexOfSameVariable(List<Share> shares, Expr child) {
    if (!(child instanceof Expr.Ref) && !(child instanceof Expr.Index)) {
      return -1;
    }
    for (int k = 0; k < shares.size(); k++) {
      if (shares.get(k).child().equals(child)) {
        return k;
      }
    }
    return -1;
  }

  private static int doutUses(AdjointRule rule, Set<Integer> wanted) {
    int uses = 0;
    for (int i : wanted) {
      Expr c = rule.contributions().get(rule.inputs().get(i));
      uses += Exprs.countReads(c, rule.dout());
      for (Stmt.Assign local : rule.locals()) {
        if (Exprs.reads(c, local.target())) {
          uses += Exprs.countReads(local.value(), rule.dout());
        }
      }
    }
    return uses;
  }

  /** Passes {@code adjoint}, the adjoint of {@code e}, on to the variables and elements under it. */
  private void descend(Expr e, Expr adjoint, Sink sink) {
    if (!activity.isActive(e) || Simplifier.isZero(adjoint)) {
      return;
    }
    if (e instanceof Expr.Ref r) {
      sink.toVariable(r.var(), adjoint);
      return;
    }
    if (e instanceof Expr.Index index) {
      List<Expr> indices = new ArrayList<>();
      Expr base = index;
      while (base instanceof Expr.Index i) {
        indices.add(0, i.index());
        base = i.array();
      }
      if (base instanceof Expr.Ref r) {
        sink.toElement(index, r.var(), indices, adjoint);
        return;
      }
      throw new IllegalStateException("element of a computed array: " + e);
    }
    Optional<Differentiation.Gate> rule = diff.gate(e);
    if (rule.isPresent()) {
      for (Share s : shares(e, rule.get(), adjoint, null, sink)) {
        descend(s.child(), s.adjoint(), sink);
      }
      return;
    }
    if (e instanceof Expr.Cond c) {
      Expr shared = isCheap(adjoint) ? adjoint : sink.share(adjoint, "dsel", c.type());
      if (c.type().isScalar() && mergeBranches(c, shared, sink)) {
        return;
      }
      Set<Variable> touched = new LinkedHashSet<>();
      touched.addAll(Exprs.reads(c.whenTrue()));
      touched.addAll(Exprs.reads(c.whenFalse()));
      touched.removeIf(v -> !activity.isActive(v));
      sink.branch(
          c.cond(),
          touched,
          () -> descend(c.whenTrue(), shared, sink),
          () -> descend(c.whenFalse(), shared, sink));
      return;
    }
    if (e instanceof Expr.Cast c) {
      descend(c.operand(), adjoint, sink);
      return;
    }
    if (e instanceof Expr.Call c && Intrinsics.isClone(c.callee())) {
      descend(c.receiver(), adjoint, sink);
      return;
    }
    if (e instanceof Expr.ArrayLit a) {
      Expr shared = Exprs.isAtom(adjoint) ? adjoint : sink.share(adjoint, "dvalues", a.type());
      for (int i = 0; i < a.elements().size(); i++) {
        descend(a.elements().get(i), new Expr.Index(shared, Expr.Const.ofInt(i)), sink);
      }
      return;
    }
    throw new IllegalStateException("no adjoint for " + e);
  }

}
