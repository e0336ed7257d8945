package dev.flatgrad.processor.forward;

import dev.flatgrad.processor.analyse.Staging;
import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import dev.flatgrad.processor.rules.TangentRule;
import dev.flatgrad.processor.rules.TangentRules;
import dev.flatgrad.processor.simplify.Style;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage: forward mode. The tangent program of a lowered method: each statement followed by the
 * statement computing its tangent ({@code double yDot = ...}), from the tangent rules, loops and
 * branches as written, nothing saved. Only active values (varying with the differentiated
 * parameters and reaching the result) get tangents. A sub-expression is named, with its tangent
 * beside it, when a tangent rule reads its value and it is not cheap to evaluate again. A tangent
 * that reads the old value of the variable its statement overwrites comes before that statement.
 */
public final class Tangents {

  /**
   * A tangent program.
   *
   * @param method the method's parameters, then the directions; its differentiated parameters and
   *     their directions as {@code wrt}; a body ending in the return of the result's tangent, its
   *     {@code output}
   * @param directions the tangent of each differentiated parameter, in order
   * @param value the variable holding the method's value at the end
   */
  public record Program(IrMethod method, List<Variable> directions, Variable value) {}

  /** A value and its tangent, null where it is zero. */
  record Pair(Expr value, Expr tangent) {}

  private final Differentiation diff;
  private final Activity activity;
  private final Staging staging;
  private final TangentRules rules = TangentRules.get();
  private final CallTangents calls;
  private final Map<Variable, Variable> tangents = new HashMap<>();
  private final Set<Variable> writtenArrays = new HashSet<>();

  private Tangents(Differentiation diff, Activity activity, CallTangents calls) {
    this.diff = diff;
    this.activity = activity;
    this.staging = new Staging(diff, activity);
    this.calls = calls;
  }

  /**
   * The tangent program of {@code m} (lowered, not staged). With {@code keepValue} the value is
   * copied into a variable of its own just before the return, where nothing changes it later (code
   * that reverses the program restores what it overwrote).
   */
  public static Program of(IrMethod m, Differentiation diff, Activity activity, CallTangents calls, boolean keepValue) {
    Tangents t = new Tangents(diff, activity, calls);
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Store st) {
        t.writtenArrays.add(st.array());
      }
    });
    List<Variable> directions = m.wrtInOrder().stream().map(t::tangent).toList();
    List<Stmt> stmts = m.body().stmts();
    List<Stmt> body = new ArrayList<>();
    for (Variable p : m.params()) {
      if (!m.wrt().contains(p) && activity.isActive(p)) {
        // A parameter not differentiated that takes active values later: its tangent starts at zero.
        body.add(new Stmt.Assign(t.tangent(p), null, zeros(new Expr.Ref(p)), true, Pos.NONE));
      }
    }
    body.addAll(t.stmts(stmts.subList(0, stmts.size() - 1)));
    Variable output = m.output();
    Variable value = output;
    if (keepValue) {
      value = Variable.temp("value", output.type());
      body.add(new Stmt.Assign(value, null, new Expr.Ref(output), true, Pos.NONE));
    }
    Variable outputDot = t.tangent(output);
    if (!activity.isActive(output)) {
      body.add(new Stmt.Assign(outputDot, null, zeros(new Expr.Ref(output)), true, Pos.NONE));
    }
    body.add(new Stmt.Return(new Expr.Ref(outputDot), Pos.NONE));
    List<Variable> params = new ArrayList<>(m.params());
    params.addAll(directions);
    Set<Variable> wrt = new LinkedHashSet<>(m.wrtInOrder());
    wrt.addAll(directions);
    // A stabilising max the value does not move with moves neither its tangent: no gradient either.
    IrMethod program = new IrMethod(m.owner(), m.name(), params, wrt, m.returnType(), new Block(body), outputDot,
        m.pos(), List.of(), m.gradientFree());
    return new Program(program, directions, value);
  }

  private Variable tangent(Variable v) {
    return tangents.computeIfAbsent(v, Variable::tangentOf);
  }

  // ------------------------------------------------------------------ statements

  private List<Stmt> stmts(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      stmt(s, out);
    }
    return out;
  }

  private Block block(Block b) {
    return new Block(stmts(b.stmts()));
  }

  private void stmt(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Assign a && activity.isActive(a.target())) {
      assign(a, out);
    } else if (s instanceof Stmt.Store st && activity.isActive(st.array())) {
      store(st, out);
    } else if (s instanceof Stmt.Declare d) {
      out.add(d);
      if (activity.isActive(d.target())) {
        out.add(new Stmt.Declare(tangent(d.target()), d.pos()));
      }
    } else if (s instanceof Stmt.If f) {
      out.add(new Stmt.If(f.cond(), block(f.then()), block(f.otherwise()), f.pos()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.kind(), stmts(l.init()), l.cond(), stmts(l.update()), block(l.body()), l.pos()));
    } else if (s instanceof Stmt.Return) {
      throw new IllegalStateException("return before the end of the body");
    } else {
      out.add(s);
    }
  }

  private void assign(Stmt.Assign a, List<Stmt> out) {
    Variable v = a.target();
    Variable vDot = tangent(v);
    if (a.compound() == null && a.value() instanceof Expr.Cond c && needsNames(c, a.pos())) {
      // y = c ? a : b whose branches name values: if (c) { ...; y = a; yDot = ...; } else {...}
      if (a.declares()) {
        out.add(new Stmt.Declare(v, a.pos()));
        out.add(new Stmt.Declare(vDot, a.pos()));
      }
      out.add(branches(c, v, a.pos()));
      return;
    }
    write(new VariablePlace(a), a.compound(), a.value(), a.effectiveValue(), a.pos(), out);
  }

  /** Where a statement writes, and its tangent: a variable, or an element of an array. */
  private interface Place {
    /** The variable written (an element's array), whose old value a tangent may read. */
    Variable written();

    /** The value in the place after the write, for a rule that reads its result. */
    Expr read();

    /** Whether the write declares the variable (nothing old to read). */
    boolean declares();

    Stmt writeValue(BinaryOp compound, Expr value);

    /** The tangent's write; {@code value} is the primal's new value. */
    Stmt writeTangent(BinaryOp compound, Expr t, Expr value);
  }

  private final class VariablePlace implements Place {
    private final Stmt.Assign a;

    VariablePlace(Stmt.Assign a) {
      this.a = a;
    }

    @Override
    public Variable written() {
      return a.target();
    }

    @Override
    public Expr read() {
      return new Expr.Ref(a.target());
    }

    @Override
    public boolean declares() {
      return a.declares();
    }

    @Override
    public Stmt writeValue(BinaryOp compound, Expr value) {
      return new Stmt.Assign(a.target(), compound, value, a.declares(), a.pos());
    }

    /**
     * {@code vDot = t}. An array the method writes element by element needs a tangent of its own
     * where its value is new but the tangent reads another's (a sum with a constant: {@code
     * Nd.add(a, c)} has the tangent {@code aDot}), so that writing one does not change the other.
     */
    @Override
    public Stmt writeTangent(BinaryOp compound, Expr t, Expr value) {
      Variable v = a.target();
      if (v.type().isArray() && writtenArrays.contains(v) && isFresh(value) && !isFresh(t)) {
        t = NdCalls.copy(t);
      }
      return new Stmt.Assign(tangent(v), compound, t, a.declares(), a.pos());
    }
  }

  private final class ElementPlace implements Place {
    private final Stmt.Store st;

    ElementPlace(Stmt.Store st) {
      this.st = st;
    }

    @Override
    public Variable written() {
      return st.array();
    }

    @Override
    public Expr read() {
      return st.element();
    }

    @Override
    public boolean declares() {
      return false;
    }

    @Override
    public Stmt writeValue(BinaryOp compound, Expr value) {
      return new Stmt.Store(st.array(), st.indices(), compound, value, st.pos());
    }

    @Override
    public Stmt writeTangent(BinaryOp compound, Expr t, Expr value) {
      return new Stmt.Store(tangent(st.array()), st.indices(), compound, t, st.pos());
    }
  }

  private void store(Stmt.Store st, List<Stmt> out) {
    write(new ElementPlace(st), st.compound(), st.value(), st.effectiveValue(), st.pos(), out);
  }

  /**
   * A write and its tangent's: {@code v += e} adds {@code e}'s tangent (before the write if it
   * reads the old value, as {@code e} did); otherwise the tangent of
   * the whole new value, after the write if it reads the new value, before it if it reads the old
   * one, and from a named copy of the new value if it reads both.
   */
  private void write(Place place, BinaryOp compound, Expr value, Expr effective, Pos pos, List<Stmt> out) {
    List<Stmt> pre = new ArrayList<>();
    if (accumulates(compound)) {
      Pair p = visit(value, pre, pos, null);
      out.addAll(pre);
      Stmt primal = place.writeValue(compound, p.value());
      if (p.tangent() == null) {
        out.add(primal);
      } else if (!place.declares() && Exprs.reads(p.tangent(), place.written())) {
        // y += x * y: the tangent reads the old y, so it comes first (the primal reads no tangent)
        out.add(place.writeTangent(compound, p.tangent(), p.value()));
        out.add(primal);
      } else {
        out.add(primal);
        out.add(place.writeTangent(compound, p.tangent(), p.value()));
      }
      return;
    }
    Variable result = Variable.temp("out", effective.type());
    Pair p = visit(effective, pre, pos, result);
    Expr newValue = compound == null ? p.value() : ((Expr.Binary) p.value()).right();
    Expr t = p.tangent() != null ? p.tangent() : zeroLike(p.value(), result);
    boolean readsResult = Exprs.reads(t, result);
    boolean readsOld = !place.declares() && Exprs.reads(t, place.written());
    out.addAll(pre);
    if (readsResult && readsOld) {
      Variable staged = Variable.temp(Hints.of(value), effective.type());
      out.add(new Stmt.Assign(staged, null, p.value(), true, pos));
      out.add(place.writeTangent(null, Exprs.substitute(t, Map.of(result, new Expr.Ref(staged))), p.value()));
      out.add(place.writeValue(null, new Expr.Ref(staged)));
      return;
    }
    Stmt primal = place.writeValue(compound, newValue);
    Stmt tangent = place.writeTangent(null, Exprs.substitute(t, Map.of(result, place.read())), p.value());
    if (readsOld) {
      out.add(tangent);
      out.add(primal);
    } else {
      out.add(primal);
      out.add(tangent);
    }
  }

  private static boolean accumulates(BinaryOp compound) {
    return compound == BinaryOp.ADD || compound == BinaryOp.SUB;
  }

  /**
   * The tangent of a value that does not vary: zero, shaped like the value. A new array's is a new
   * array of the same dimensions; any other array's is shaped like the assigned {@code result}.
   */
  private static Expr zeroLike(Expr value, Variable result) {
    if (!value.type().isArray()) {
      return Expr.Const.ofDouble(0.0);
    }
    if (value instanceof Expr.NewArray) {
      return value;
    }
    return zeros(new Expr.Ref(result));
  }

  /** Zeros shaped like {@code like}: {@code new double[like.length]} or {@code Nd.zerosLike(like)}. */
  static Expr zeros(Expr like) {
    Type t = like.type();
    if (!t.isArray()) {
      return Expr.Const.ofDouble(0.0);
    }
    if (t.rank() == 1) {
      return new Expr.NewArray(t, List.of(new Expr.Length(like)));
    }
    return NdCalls.call("zerosLike", t, like);
  }

  /** Whether an array expression is certainly a new array nobody else holds. */
  private static boolean isFresh(Expr e) {
    if (e instanceof Expr.NewArray || e instanceof Expr.ArrayLit) {
      return true;
    }
    return e instanceof Expr.Call c && (Intrinsics.isClone(c.callee())
        || c.callee().kind() == Callee.Kind.ND && !c.callee().name().endsWith("broadcast"));
  }

  // ------------------------------------------------------------------ expressions

  /**
   * The value of {@code e} (rewritten where sub-expressions were named) and its tangent; what
   * they need first goes to {@code pre}. {@code result} is set for the right-hand side of a
   * statement: its rule reads its own value as that variable, which the statement replaces by what
   * it assigns; elsewhere a value a rule reads is named.
   */
  Pair visit(Expr e, List<Stmt> pre, Pos pos, Variable result) {
    if (!e.type().isDifferentiable() || !activity.isActive(e)) {
      return new Pair(e, null);
    }
    if (e instanceof Expr.Ref r) {
      return new Pair(e, activity.isActive(r.var()) ? new Expr.Ref(tangent(r.var())) : null);
    }
    if (e instanceof Expr.Index i) {
      Pair array = visit(i.array(), pre, pos, null);
      return new Pair(new Expr.Index(array.value(), i.index()),
          array.tangent() == null ? null : new Expr.Index(array.tangent(), i.index()));
    }
    if (e instanceof Expr.Cond c) {
      return conditional(c, pre, pos);
    }
    if (e instanceof Expr.Cast c) {
      Pair operand = visit(c.operand(), pre, pos, null);
      return new Pair(new Expr.Cast(c.type(), operand.value()),
          operand.tangent() == null ? null : new Expr.Cast(c.type(), operand.tangent()));
    }
    if (e instanceof Expr.ArrayLit a) {
      List<Expr> values = new ArrayList<>();
      List<Expr> dots = new ArrayList<>();
      for (Expr x : a.elements()) {
        Pair p = visit(x, pre, pos, null);
        values.add(p.value());
        dots.add(p.tangent() != null ? p.tangent() : zeros(p.value()));
      }
      return new Pair(new Expr.ArrayLit(a.type(), values), new Expr.ArrayLit(a.type(), dots));
    }
    if (e instanceof Expr.Call c && Intrinsics.isClone(c.callee())) {
      Pair receiver = visit(c.receiver(), pre, pos, null);
      return new Pair(new Expr.Call(receiver.value(), c.callee(), List.of(), c.pos()),
          new Expr.Call(receiver.tangent(), c.callee(), List.of(), c.pos()));
    }
    if (e instanceof Expr.Call c && c.callee().kind() == Callee.Kind.DIFFERENTIABLE) {
      return call(c, pre, pos, result);
    }
    Differentiation.Gate gate = diff.gate(e).orElseThrow(() -> new IllegalStateException("no tangent for " + e));
    return operation(e, gate, pre, pos, result);
  }

  /** An operation with a rule: its inputs first, then its tangent from the rule. */
  private Pair operation(Expr e, Differentiation.Gate gate, List<Stmt> pre, Pos pos, Variable result) {
    TangentRule rule = rules.of(gate.rule())
        .orElseThrow(() -> new IllegalStateException("no tangent rule for " + gate.rule().key()));
    List<Expr> inputs = gate.inputs();
    List<Pair> kids = new ArrayList<>();
    Set<Integer> varying = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      Pair kid = visit(inputs.get(i), pre, pos, null);
      kids.add(kid);
      if (kid.tangent() != null && rule.tangents().containsKey(i)) {
        varying.add(i);
      }
    }
    Expr spec = varying.isEmpty() ? null : rule.specialise(varying, rules.calls()).orElse(null);
    if (spec != null) {
      for (int i = 0; i < inputs.size(); i++) {
        boolean valueRead = Exprs.reads(spec, rule.inputs().get(i));
        Variable dot = rule.tangents().get(i);
        boolean tangentShared = dot != null && Exprs.countReads(spec, dot) > 1
            && kids.get(i).tangent() != null && !Exprs.isAtom(kids.get(i).tangent());
        if (valueRead && !staging.cheap(kids.get(i).value()) || tangentShared) {
          kids.set(i, named(inputs.get(i), kids.get(i), pre, pos));
        }
      }
    }
    Map<Expr, Expr> replaced = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      replaced.put(inputs.get(i), kids.get(i).value());
    }
    Expr value = Replace.nodes(e, replaced);
    if (spec == null) {
      return new Pair(value, null);
    }
    Map<Variable, Expr> bindings = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      bindings.put(rule.inputs().get(i), kids.get(i).value());
      Variable dot = rule.tangents().get(i);
      if (dot != null && kids.get(i).tangent() != null) {
        bindings.put(dot, kids.get(i).tangent());
      }
    }
    if (Exprs.reads(spec, rule.out())) {
      if (result == null) {
        // The rule reads this node's value: name it, with its tangent beside it.
        Variable named = Variable.temp(Hints.of(e), e.type());
        pre.add(new Stmt.Assign(named, null, value, true, pos));
        bindings.put(rule.out(), new Expr.Ref(named));
        Variable namedDot = tangent(named);
        pre.add(new Stmt.Assign(namedDot, null, indexable(tidy(Exprs.substitute(spec, bindings)), pre, pos), true, pos));
        return new Pair(new Expr.Ref(named), new Expr.Ref(namedDot));
      }
      bindings.put(rule.out(), new Expr.Ref(result));
    }
    return new Pair(value, indexable(tidy(Exprs.substitute(spec, bindings)), pre, pos));
  }

  /**
   * {@code t} with every array it indexes held in a variable ({@code double[] flatten =
   * Nd.flatten(xDot);} before {@code flatten[k]}), as the reverse stages need an element's array
   * to be a variable.
   */
  private Expr indexable(Expr t, List<Stmt> pre, Pos pos) {
    return Exprs.rewrite(t, x -> {
      if (x instanceof Expr.Index i && !(i.array() instanceof Expr.Ref) && !(i.array() instanceof Expr.Index)) {
        Variable array = Variable.temp(Hints.of(i.array()), i.array().type());
        pre.add(new Stmt.Assign(array, null, i.array(), true, pos));
        return new Expr.Index(new Expr.Ref(array), i.index());
      }
      return x;
    });
  }

  /** {@code kid} named: {@code double t = value; double tDot = tangent;}. */
  private Pair named(Expr node, Pair kid, List<Stmt> pre, Pos pos) {
    if (kid.value() instanceof Expr.Ref && (kid.tangent() == null || Exprs.isAtom(kid.tangent()))) {
      return kid;
    }
    Variable t = Variable.temp(Hints.of(node), node.type());
    pre.add(new Stmt.Assign(t, null, kid.value(), true, pos));
    if (kid.tangent() == null) {
      return new Pair(new Expr.Ref(t), null);
    }
    Variable tDot = tangent(t);
    pre.add(new Stmt.Assign(tDot, null, kid.tangent(), true, pos));
    return new Pair(new Expr.Ref(t), new Expr.Ref(tDot));
  }

  /**
   * {@code c ? a : b}: the tangent is {@code c ? aDot : bDot}; where a branch needs names of its
   * own, it becomes an if statement assigning a temporary, so that nothing is evaluated on the
   * path not taken.
   */
  private Pair conditional(Expr.Cond c, List<Stmt> pre, Pos pos) {
    if (needsNames(c, pos)) {
      Variable sel = Variable.temp(Hints.of(c), c.type());
      pre.add(new Stmt.Declare(sel, pos));
      pre.add(new Stmt.Declare(tangent(sel), pos));
      pre.add(branches(c, sel, pos));
      return new Pair(new Expr.Ref(sel), new Expr.Ref(tangent(sel)));
    }
    Pair a = visit(c.whenTrue(), new ArrayList<>(), pos, null);
    Pair b = visit(c.whenFalse(), new ArrayList<>(), pos, null);
    Expr tangent = a.tangent() == null && b.tangent() == null ? null
        : tidy(new Expr.Cond(c.cond(), orZero(a), orZero(b), c.type()));
    return new Pair(new Expr.Cond(c.cond(), a.value(), b.value(), c.type()), tangent);
  }

  /** Whether a branch of {@code c} names values of its own. */
  private boolean needsNames(Expr.Cond c, Pos pos) {
    List<Stmt> scratch = new ArrayList<>();
    visit(c.whenTrue(), scratch, pos, null);
    visit(c.whenFalse(), scratch, pos, null);
    return !scratch.isEmpty();
  }

  /** {@code if (c) { v = a, with its tangent } else { v = b, with its tangent }}. */
  private Stmt branches(Expr.Cond c, Variable v, Pos pos) {
    List<Stmt> then = new ArrayList<>();
    assign(new Stmt.Assign(v, null, c.whenTrue(), false, pos), then);
    List<Stmt> otherwise = new ArrayList<>();
    assign(new Stmt.Assign(v, null, c.whenFalse(), false, pos), otherwise);
    return new Stmt.If(c.cond(), new Block(then), new Block(otherwise), pos);
  }

  private static Expr orZero(Pair p) {
    return p.tangent() != null ? p.tangent() : zeros(p.value());
  }

  /** A call of one of the user's methods: its value and tangent through its generated methods. */
  private Pair call(Expr.Call c, List<Stmt> pre, Pos pos, Variable result) {
    List<Pair> args = new ArrayList<>();
    for (Expr a : c.args()) {
      args.add(visit(a, pre, pos, null));
    }
    CallTangents.Tangent t = calls.of(c, args, pre, pos, staging::cheap);
    if (!t.readsValue()) {
      return new Pair(t.value(), t.tangent());
    }
    // The tangent reads the call's value (a hand-written tangent's out): name it unless it is the
    // statement's whole right-hand side.
    Expr value = t.value();
    if (result == null) {
      Variable named = Variable.temp(Hints.of(c), c.type());
      pre.add(new Stmt.Assign(named, null, value, true, pos));
      Variable namedDot = tangent(named);
      pre.add(new Stmt.Assign(namedDot, null, t.tangentOf(new Expr.Ref(named)), true, pos));
      return new Pair(new Expr.Ref(named), new Expr.Ref(namedDot));
    }
    return new Pair(value, t.tangentOf(new Expr.Ref(result)));
  }

  /**
   * Simplified for reading: comparisons of constants folded ({@code 1 == 0} from an axis
   * argument), sums left to right ({@code aDot * b + a * bDot + cDot}, not {@code ... + (cDot)}),
   * and the two equal terms of a square's tangent as one ({@code 2.0 * x * xDot}). Tangents are
   * not bit-for-bit values of the user's code, so reassociating them is fine.
   */
  private static Expr tidy(Expr e) {
    return Exprs.fixedPoint(Style.apply(e), x -> Style.apply(Exprs.rewrite(x, Tangents::readable)));
  }

  private static Expr readable(Expr x) {
    if (x instanceof Expr.Binary b && b.op().isComparison() && b.left() instanceof Expr.Const l
        && b.right() instanceof Expr.Const r && l.type().isIntegral() && r.type().isIntegral()) {
      boolean v = switch (b.op()) {
        case EQ -> l.value() == r.value();
        case NE -> l.value() != r.value();
        case LT -> l.value() < r.value();
        case LE -> l.value() <= r.value();
        case GT -> l.value() > r.value();
        default -> l.value() >= r.value();
      };
      return Expr.Const.ofBoolean(v);
    }
    if (!(x instanceof Expr.Binary b) || !b.type().equals(Type.DOUBLE)) {
      return x;
    }
    if ((b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB) && b.right() instanceof Expr.Binary r
        && (r.op() == BinaryOp.ADD || r.op() == BinaryOp.SUB) && r.type().equals(Type.DOUBLE)) {
      BinaryOp last = b.op() == BinaryOp.ADD ? r.op() : r.op() == BinaryOp.ADD ? BinaryOp.SUB : BinaryOp.ADD;
      return new Expr.Binary(last, new Expr.Binary(b.op(), b.left(), r.left(), b.type()), r.right(), b.type());
    }
    if (b.op() == BinaryOp.ADD && b.left() instanceof Expr.Binary l && b.right() instanceof Expr.Binary r
        && l.op() == BinaryOp.MUL && r.op() == BinaryOp.MUL
        && l.left().equals(r.right()) && l.right().equals(r.left())) {
      Expr two = Expr.Const.ofDouble(2.0);
      return new Expr.Binary(BinaryOp.MUL, new Expr.Binary(BinaryOp.MUL, two, r.left(), b.type()), r.right(), b.type());
    }
    return x;
  }
}
