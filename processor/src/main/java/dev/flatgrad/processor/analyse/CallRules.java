package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.UserMethod;
import dev.flatgrad.processor.lower.UserMethods;
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

  private static AdjointRule build(UserMethod m) {
    List<Variable> inputs = new ArrayList<>();
    if (!m.isStatic()) {
      inputs.add(Variable.temp("self", Type.of(m.owner())));
    }
    int first = inputs.size();
    for (int i = 0; i < m.params().size(); i++) {
      inputs.add(Variable.temp(m.paramNames().get(i), m.params().get(i)));
    }
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
    Type record = Type.of(new ClassRef(grad.packageName(), grad.simpleName() + "." + m.recordName()));
    List<Expr> gradArgs = new ArrayList<>(args);
    if (m.result().isArray()) {
      gradArgs.add(new Expr.Ref(dout));
    }
    Callee gradient = new Callee(grad, m.name(), gradArgs.stream().map(Expr::type).toList(), record,
        Callee.Kind.INTRINSIC);
    Variable g = Variable.temp("d" + m.name(), record);
    locals.add(new Stmt.Assign(g, null, new Expr.Call(null, gradient, gradArgs, Pos.NONE), true, Pos.NONE));
    for (String p : m.gradientParams()) {
      Variable input = inputs.get(first + m.paramNames().indexOf(p));
      Callee accessor = new Callee(record.object(), "d" + p, List.of(), input.type(), Callee.Kind.INTRINSIC);
      Expr share = new Expr.Call(new Expr.Ref(g), accessor, List.of(), Pos.NONE);
      if (!m.result().isArray()) {
        // A scalar method's gradient is for an upstream gradient of 1: scale it.
        share = input.type().isArray()
            ? NdCalls.multiply(new Expr.Ref(dout), share)
            : new Expr.Binary(BinaryOp.MUL, new Expr.Ref(dout), share, Type.DOUBLE);
      }
      contributions.put(input, share);
    }
    return new AdjointRule(m.owner().simpleName() + "." + m.name(), inputs, out, dout, locals, contributions);
  }
}
