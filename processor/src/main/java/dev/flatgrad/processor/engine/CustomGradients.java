package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.GradientMethods;
import dev.flatgrad.processor.lower.Lowering;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-written gradients: checks each {@code @CustomGradient} method's signature against its
 * forward method, and builds the generated method that returns the forward value and the
 * hand-written gradients (so that {@code checkFoo} tests them against the forward method).
 */
final class CustomGradients {

  private CustomGradients() {}

  /** Reports every malformed {@code @CustomGradient} method of the class. */
  static void validate(TypeDeclaration<?> type, Diagnostics diagnostics) {
    Set<String> seen = new HashSet<>();
    for (MethodDeclaration adjoint : type.getMethods()) {
      Optional<GradientMethods.CustomGradient> annotation = GradientMethods.customGradient(adjoint);
      if (annotation.isEmpty()) {
        continue;
      }
      try {
        String key = validate(type, adjoint, annotation.get());
        if (!seen.add(key)) {
          throw new Problem(Lowering.pos(adjoint.getName()), Tag.CUSTOM_GRADIENT, "a second @CustomGradient for " + key + ": keep one");
        }
      } catch (Problem p) {
        diagnostics.error(p);
      }
    }
  }

  private static String validate(TypeDeclaration<?> type, MethodDeclaration adjoint, GradientMethods.CustomGradient c) {
    Pos pos = Lowering.pos(adjoint.getName());
    String name = adjoint.getNameAsString();
    if (c.of().isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient on " + name + " must name its forward method: @CustomGradient(of = \"...\")");
    }
    List<MethodDeclaration> forwards = type.getMethodsByName(c.of());
    if (forwards.isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient(of = \"" + c.of() + "\") on " + name + ": there is no method "
          + c.of() + " in " + type.getNameAsString());
    }
    Optional<MethodDeclaration> forward = GradientMethods.forwardOf(type, adjoint, c.of());
    if (forward.isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient on " + name + ": its parameters must be those of " + c.of()
          + " followed by out and dout");
    }
    MethodDeclaration f = forward.get();
    Optional<String> wrt = GradientMethods.wrtOf(f, c.wrt());
    if (wrt.isEmpty()) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, c.wrt().isEmpty()
          ? "@CustomGradient on " + name + ": " + c.of() + " has several parameters; say which this is the gradient for, with wrt = \"...\""
          : "@CustomGradient on " + name + ": " + c.of() + " has no parameter " + c.wrt());
    }
    Parameter param = f.getParameterByName(wrt.get()).orElseThrow();
    String expected = "static " + param.getType() + " " + name + "("
        + String.join(", ", f.getParameters().stream().map(p -> p.getType() + " " + p.getNameAsString()).toList())
        + (f.getParameters().isEmpty() ? "" : ", ") + f.getType() + " out, " + f.getType() + " dout)";
    List<Parameter> ps = adjoint.getParameters();
    int n = f.getParameters().size();
    boolean matches = ps.size() == n + 2
        && ps.get(n).getType().asString().equals(f.getType().asString())
        && ps.get(n + 1).getType().asString().equals(f.getType().asString())
        && adjoint.getType().asString().equals(param.getType().asString())
        && adjoint.isStatic() && f.isStatic() && !adjoint.isPrivate() && !f.isPrivate();
    if (!matches) {
      throw new Problem(pos, Tag.CUSTOM_GRADIENT, "@CustomGradient for the " + wrt.get() + " of " + c.of()
          + " must be declared " + expected + " (static, not private)");
    }
    return c.of() + "(" + wrt.get() + ")";
  }

  /** The generated method of a forward method with hand-written gradients. */
  static GradClassEmitter.Method build(ClassRef owner, GradientMethods.Entry entry) {
    MethodDeclaration f = entry.method();
    List<Variable> params = new ArrayList<>();
    for (Parameter p : f.getParameters()) {
      params.add(Variable.parameter(p.getNameAsString(), typeOf(p.getType())));
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
        Block.of(forwardCode.get(0), new Stmt.Return(new Expr.Ref(out), Pos.NONE)), out, Lowering.pos(f));
    Set<Variable> active = new LinkedHashSet<>(wrt);
    active.add(out);
    return new GradClassEmitter.Method(ir, entry.recordName(), forwardCode, backward, gradients, out, seed, active);
  }

  private static Type typeOf(com.github.javaparser.ast.type.Type t) {
    return dev.flatgrad.processor.lower.GradientMethods.typeOf(t).orElseThrow(
        () -> new Problem(Lowering.pos(t), Tag.CUSTOM_GRADIENT, "type " + t + " is not supported in a method with a gradient"));
  }
}
