package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.UserMethod;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.rules.AdjointRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The adjoint rule of a call to one of the user's methods, made from what flatgrad generated
 * for it: the backward pass calls the callee's generated gradient method at the mirrored point
 * ({@code LayersGrad.affine(x, w, b, dout)}, then {@code .dw()} and friends), or, for a
 * hand-written gradient, its {@code @CustomGradient} methods.
 */
final class CallRules {

  private final UserMethods users;
  private final Map<String, AdjointRule> cache = new HashMap<>();

  CallRules(UserMethods users) {
    this.users = users;
  }

  Optional<AdjointRule> rule(Callee callee) {
    Optional<UserMethod> m = users.of(callee);
    if (m.isEmpty() || !m.get().hasGradient()) {
      return Optional.empty();
    }
    return Optional.of(cache.computeIfAbsent(callee.owner().qualifiedName() + "#" + callee.key(),
        k -> build(m.get())));
  }

  /**
   * Whether calls of this method are computed ahead, in the forward pass, into a record the
   * backward pass reads: the values its pullback reads ({@code OwnerGrad.mSaved}, for a method
   * with a saved-values form), or, for another method with a derived gradient and a scalar result,
   * its value and gradient (which the upstream gradient only scales), so that nothing runs twice.
   */
  boolean precomputes(Callee callee) {
    Optional<UserMethod> m = users.of(callee);
    return m.isPresent() && m.get().hasGradient() && m.get().customAdjoints().isEmpty()
        && (savedForm(m.get()) || m.get().result().isScalar());
  }

  /** Whether calls run {@code mSaved} and {@code mPullback}: the pullback runs the callee again. */
  private boolean savedForm(UserMethod m) {
    return m.hasSavedForm() && users.runsAgainAlike(m);
  }

  /**
   * The call whose record stands in for {@code call}: {@code OwnerGrad.mSaved(args)} for a method
   * with a saved-values form, else {@code OwnerGrad.m(args)}.
   */
  Expr.Call precomputedCall(Expr.Call call) {
    UserMethod m = users.of(call.callee()).orElseThrow();
    List<Expr> args = new ArrayList<>();
    if (call.receiver() != null) {
      args.add(call.receiver());
    }
    args.addAll(call.args());
    List<Type> types = args.stream().map(Expr::type).toList();
    Callee callee = savedForm(m)
        ? new Callee(m.gradientClass(), GeneratedNames.saved(m.name()), types, savedType(m), Callee.Kind.INTRINSIC)
        : new Callee(m.gradientClass(), m.name(), types, recordType(m), Callee.Kind.INTRINSIC);
    if (savedForm(m)) {
      savedCalls.put(callee, m);
    }
    return new Expr.Call(null, callee, args, call.pos());
  }

  /**
   * Whether the backward pass of a loop trip runs {@code mSaved} again rather than keep its
   * record on a tape: for a method with a scalar result (its forward pass costs about what a tape
   * would, and a tape of records would allocate one per trip); an array result's record is taped,
   * since running its forward pass again is what the record is there to save.
   */
  boolean recomputes(Expr e) {
    return e instanceof Expr.Call c && savedCalls.containsKey(c.callee())
        && savedCalls.get(c.callee()).result().isScalar();
  }

  private final Map<Callee, UserMethod> savedCalls = new HashMap<>();

  private final Map<Variable, AdjointRule> saved = new java.util.IdentityHashMap<>();

  private final Map<Variable, AdjointRule> precomputed = new java.util.IdentityHashMap<>();

  private final Map<Variable, AdjointRule> precomputedTangents = new java.util.IdentityHashMap<>();

  /**
   * The rule of a precomputed call: each argument gets {@code dout} times the record's gradient
   * (a scalar result's), or what the gradient method with {@code dout} gives (an array result's).
   */
  AdjointRule rule(Expr.Precomputed p) {
    if (p.call().callee().kind() == Callee.Kind.TANGENT) {
      return precomputedTangents.computeIfAbsent(p.record(), r -> tangentRule(p));
    }
    UserMethod callee = users.of(p.call().callee()).orElseThrow();
    if (p.record().type().equals(savedType(callee))) {
      return saved.computeIfAbsent(p.record(), r -> savedRule(callee, r));
    }
    if (p.call().type().isArray()) {
      // An array value read from a record computed ahead (by mTangent, in tangent code that is
      // reversed): its gradient comes from the gradient method with dout, as a plain call's does.
      return rule(p.call().callee()).orElseThrow();
    }
    return precomputed.computeIfAbsent(p.record(), r -> {
      UserMethod m = users.of(p.call().callee()).orElseThrow();
      List<Variable> inputs = inputs(m);
      int first = m.isStatic() ? 0 : 1;
      Variable out = Variable.temp("out", m.result());
      Variable dout = Variable.temp("dout", m.result());
      Map<Variable, Expr> contributions = new LinkedHashMap<>();
      for (String param : m.gradientParams()) {
        Variable input = inputs.get(first + m.paramNames().indexOf(param));
        Callee accessor = new Callee(r.type().object(), GeneratedNames.gradientComponent(param, m.paramNames()),
            List.of(), input.type(), Callee.Kind.INTRINSIC);
        contributions.put(input, scale(dout, new Expr.Call(new Expr.Ref(r), accessor, List.of(), Pos.NONE), input.type()));
      }
      return new AdjointRule(m.owner().simpleName() + "." + m.name(), inputs, out, dout, List.of(), contributions);
    });
  }

  /**
   * The rule of the directional derivative of a call (in the tangent code that second derivatives
   * reverse): the derivative is {@code sum_p grad_p(args) . pDot}, so each direction {@code pDot}
   * gets {@code dout} times the gradient and each argument {@code p} gets {@code dout} times the
   * Hessian-vector product, both from the callee's generated {@code mHvp}: its record, computed
   * ahead, for a scalar result; for an array result, a call with {@code dout} at the mirrored point.
   */
  private AdjointRule tangentRule(Expr.Precomputed p) {
    UserMethod m = users.of(p.call().callee()).orElseThrow();
    List<Variable> inputs = inputs(m);
    int first = m.isStatic() ? 0 : 1;
    Map<String, Variable> directions = new LinkedHashMap<>();
    for (String param : m.gradientParams()) {
      Variable input = inputs.get(first + m.paramNames().indexOf(param));
      directions.put(param, Variable.temp(Hints.tangent(param), input.type()));
    }
    List<Variable> all = new ArrayList<>(inputs);
    all.addAll(directions.values());
    Variable out = Variable.temp("out", m.result());
    Variable dout = Variable.temp("dout", m.result());
    ClassRef grad = m.gradientClass();
    Type hvpRecord = Type.of(new ClassRef(grad.packageName(),
        grad.simpleName() + "." + GeneratedNames.record(m.recordName(), GeneratedNames.HVP)));
    List<Stmt.Assign> locals = new ArrayList<>();
    Variable record = p.record();
    if (m.result().isArray()) {
      List<Expr> args = new ArrayList<>(all.stream().<Expr>map(Expr.Ref::new).toList());
      args.add(new Expr.Ref(dout));
      Callee hvp = new Callee(grad, GeneratedNames.hvp(m.name()), args.stream().map(Expr::type).toList(), hvpRecord,
          Callee.Kind.INTRINSIC);
      record = Variable.temp(GeneratedNames.hvp(m.name()), hvpRecord);
      locals.add(new Stmt.Assign(record, null, new Expr.Call(null, hvp, args, Pos.NONE), true, Pos.NONE));
    }
    Variable hvpValues = record;
    Map<Variable, Expr> contributions = new LinkedHashMap<>();
    GeneratedNames.hvpComponents(m.gradientParams(), m.paramNames()).forEach((param, names) -> {
      Variable input = inputs.get(first + m.paramNames().indexOf(param));
      contributions.put(input, share(m, dout, accessor(hvpValues, hvpRecord, names.product(), input.type())));
      Variable direction = directions.get(param);
      contributions.put(direction, share(m, dout, accessor(hvpValues, hvpRecord, names.gradient(), input.type())));
    });
    return new AdjointRule(m.owner().simpleName() + "." + GeneratedNames.tangent(m.name()), all, out, dout, locals, contributions);
  }

  private static Expr accessor(Variable record, Type recordType, String component, Type type) {
    Callee accessor = new Callee(recordType.object(), component, List.of(), type, Callee.Kind.INTRINSIC);
    return new Expr.Call(new Expr.Ref(record), accessor, List.of(), Pos.NONE);
  }

  /** A share from the H·v record: scaled by {@code dout} for a scalar result, as it is for an array's. */
  private static Expr share(UserMethod m, Variable dout, Expr share) {
    return m.result().isArray() ? share : scale(dout, share, share.type());
  }

  private static Type savedType(UserMethod m) {
    ClassRef grad = m.gradientClass();
    return Type.of(new ClassRef(grad.packageName(),
        grad.simpleName() + "." + GeneratedNames.record(m.recordName(), GeneratedNames.SAVED)));
  }

  private static Type recordType(UserMethod m) {
    ClassRef grad = m.gradientClass();
    return Type.of(new ClassRef(grad.packageName(), grad.simpleName() + "." + m.recordName()));
  }

  private static List<Variable> inputs(UserMethod m) {
    List<Variable> inputs = new ArrayList<>();
    if (!m.isStatic()) {
      inputs.add(Variable.temp("self", Type.of(m.owner())));
    }
    for (int i = 0; i < m.params().size(); i++) {
      inputs.add(Variable.temp(m.paramNames().get(i), m.params().get(i)));
    }
    return inputs;
  }

  /** A scalar method's gradient is for an upstream gradient of 1: scale it by {@code dout}. */
  private static Expr scale(Variable dout, Expr share, Type type) {
    return type.isArray()
        ? NdCalls.multiply(new Expr.Ref(dout), share)
        : new Expr.Binary(BinaryOp.MUL, new Expr.Ref(dout), share, Type.DOUBLE);
  }

  /**
   * The rule of a call computed ahead by {@code OwnerGrad.mSaved(args)} into {@code record}: its
   * backward pass is the callee's pullback, {@code OwnerGrad.mPullback(record, dout, dp...)},
   * which reads the record and adds into the caller's adjoint arrays. Each gradient parameter's
   * contribution only stands for that call (it reads the record, {@code dout}, and the result
   * when it is an array, which the record may hold): {@code Propagation} emits the pullback.
   */
  private static AdjointRule savedRule(UserMethod m, Variable record) {
    List<Variable> inputs = inputs(m);
    int first = m.isStatic() ? 0 : 1;
    Variable out = Variable.temp("out", m.result());
    Variable dout = Variable.temp("dout", m.result());
    List<Expr> reads = new ArrayList<>(List.of(new Expr.Ref(record), new Expr.Ref(dout)));
    List<Type> params = new ArrayList<>(reads.stream().map(Expr::type).toList());
    if (m.result().isArray()) {
      reads.add(new Expr.Ref(out));
    }
    List<Integer> accumulated = new ArrayList<>();
    Map<Variable, Expr> contributions = new LinkedHashMap<>();
    for (String p : m.gradientParams()) {
      int index = first + m.paramNames().indexOf(p);
      Variable input = inputs.get(index);
      accumulated.add(index);
      params.add(input.type());
      Callee share = new Callee(m.gradientClass(), GeneratedNames.pullback(m.name()),
          reads.stream().map(Expr::type).toList(), input.type(), Callee.Kind.INTRINSIC);
      contributions.put(input, new Expr.Call(null, share, reads, Pos.NONE));
    }
    Callee pullback = new Callee(m.gradientClass(), GeneratedNames.pullback(m.name()), params, Type.DOUBLE,
        Callee.Kind.PULLBACK);
    return new AdjointRule(m.owner().simpleName() + "." + m.name(), inputs, out, dout, List.of(), contributions,
        new AdjointRule.Pullback(pullback, accumulated, record));
  }

  private static AdjointRule build(UserMethod m) {
    List<Variable> inputs = inputs(m);
    int first = m.isStatic() ? 0 : 1;
    Variable out = Variable.temp("out", m.result());
    Variable dout = Variable.temp("dout", m.result());
    List<Stmt.Assign> locals = new ArrayList<>();
    Map<Variable, Expr> contributions = new LinkedHashMap<>();
    List<Expr> args = inputs.stream().<Expr>map(Expr.Ref::new).toList();
    if (!m.customAdjoints().isEmpty()) {
      for (int k = 0; k < m.gradientParams().size(); k++) {
        Variable input = inputs.get(first + m.paramNames().indexOf(m.gradientParams().get(k)));
        List<Expr> adjointArgs = new ArrayList<>(args);
        adjointArgs.add(new Expr.Ref(out));
        adjointArgs.add(new Expr.Ref(dout));
        Callee adjoint = new Callee(m.owner(), m.customAdjoints().get(k),
            adjointArgs.stream().map(Expr::type).toList(), input.type(), Callee.Kind.INTRINSIC);
        contributions.put(input, new Expr.Call(null, adjoint, adjointArgs, Pos.NONE));
      }
      return new AdjointRule(m.owner().simpleName() + "." + m.name(), inputs, out, dout, locals, contributions);
    }
    ClassRef grad = m.gradientClass();
    Type record = recordType(m);
    List<Expr> gradArgs = new ArrayList<>(args);
    if (m.result().isArray()) {
      gradArgs.add(new Expr.Ref(dout));
    }
    Callee gradient = new Callee(grad, m.name(), gradArgs.stream().map(Expr::type).toList(), record,
        Callee.Kind.INTRINSIC);
    Variable g = Variable.temp(Hints.adjoint(m.name()), record);
    locals.add(new Stmt.Assign(g, null, new Expr.Call(null, gradient, gradArgs, Pos.NONE), true, Pos.NONE));
    for (String p : m.gradientParams()) {
      Variable input = inputs.get(first + m.paramNames().indexOf(p));
      Callee accessor = new Callee(record.object(), GeneratedNames.gradientComponent(p, m.paramNames()),
          List.of(), input.type(), Callee.Kind.INTRINSIC);
      Expr share = new Expr.Call(new Expr.Ref(g), accessor, List.of(), Pos.NONE);
      if (!m.result().isArray()) {
        share = scale(dout, share, input.type());
      }
      contributions.put(input, share);
    }
    return new AdjointRule(m.owner().simpleName() + "." + m.name(), inputs, out, dout, locals, contributions);
  }
}
