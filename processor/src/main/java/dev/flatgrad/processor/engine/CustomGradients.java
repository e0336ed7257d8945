package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.Nodes;
import dev.flatgrad.processor.fence.SupportedTypes;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.ClassContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written gradients: builds the generated method of a forward method with {@code
 * @CustomGradient}s, which returns the forward value and the hand-written gradients (so that
 * {@code checkFoo} tests them against the forward method). The fence has checked the signatures
 * and types ({@code fence.ClassFence}).
 */
final class CustomGradients {

  private CustomGradients() {}

  /** The generated method of a forward method with hand-written gradients. */
  static GradClassEmitter.Method build(ClassContext cls, GradientMethods.Entry entry) {
    ClassRef owner = cls.self();
    MethodDeclaration f = entry.method();
    List<Variable> params = new ArrayList<>();
    for (Parameter p : f.getParameters()) {
      params.add(Variable.parameter(p.getNameAsString(), cls.resolve(typeOf(p.getType()))));
    }
    Type result = typeOf(f.getType());
    Variable out = Variable.temp("out", result);
    Variable seed = result.isArray() ? Variable.parameter("dout", result) : null;
    Expr seedValue = seed != null ? new Expr.Ref(seed) : Expr.Const.ofDouble(1.0);
    List<Expr> args = params.stream().<Expr>map(Expr.Ref::new).toList();
    Callee forward = new Callee(owner, f.getNameAsString(), params.stream().map(Variable::type).toList(), result,
        Callee.Kind.INTRINSIC);
    List<Stmt> forwardCode = new ArrayList<>();
    forwardCode.add(new Stmt.Assign(out, null, new Expr.Call(null, forward, args, Pos.NONE), true, Pos.NONE));
    List<Stmt> backward = new ArrayList<>();
    Map<Variable, Expr> gradients = new LinkedHashMap<>();
    Set<Variable> wrt = new LinkedHashSet<>();
    for (int k = 0; k < entry.gradientParams().size(); k++) {
      String name = entry.gradientParams().get(k);
      Variable p = params.stream().filter(v -> v.hint().equals(name)).findFirst().orElseThrow();
      wrt.add(p);
      List<Expr> adjointArgs = new ArrayList<>(args);
      adjointArgs.add(new Expr.Ref(out));
      adjointArgs.add(seedValue);
      Callee adjoint = new Callee(owner, entry.customAdjoints().get(k).getNameAsString(),
          adjointArgs.stream().map(Expr::type).toList(), p.type(), Callee.Kind.INTRINSIC);
      Variable d = Variable.adjointOf(p);
      backward.add(new Stmt.Assign(d, null, new Expr.Call(null, adjoint, adjointArgs, Pos.NONE), true, Pos.NONE));
      gradients.put(p, new Expr.Ref(d));
    }
    IrMethod ir = new IrMethod(owner, f.getNameAsString(), params, wrt, result,
        Block.of(forwardCode.get(0), new Stmt.Return(new Expr.Ref(out), Pos.NONE)), out, Nodes.pos(f));
    Set<Variable> active = new LinkedHashSet<>(wrt);
    active.add(out);
    return new GradClassEmitter.Method(ir, entry.recordName(), forwardCode, backward, gradients, out, seed, active);
  }

  /** The IR type of a parameter or result, which the fence has found supported. */
  private static Type typeOf(com.github.javaparser.ast.type.Type t) {
    return SupportedTypes.of(t, Nodes.pos(t));
  }
}
