package dev.flatgrad.processor.engine;

import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.Modes;
import dev.flatgrad.processor.forward.CallTangents;
import dev.flatgrad.processor.forward.Tangents;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.reverse.DeadStores;
import dev.flatgrad.processor.lower.SwappedBuffers;
import dev.flatgrad.processor.reverse.Gradient;
import dev.flatgrad.processor.reverse.RotationMoves;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The methods a {@code @Differentiable} method asks for beside its gradient, from its lowered IR:
 * the tangent method (the tangent program), and for {@code hessian = true} the H·v method, which
 * is the tangent program reversed by the same stages as the gradient (reverse over forward: the
 * adjoint of each tangent {@code xDot} is the gradient, the adjoint of {@code x} the
 * Hessian-vector product), with the Hessian and Jacobian built on them.
 */
final class ForwardModes {

  /** The reverse stages, as {@link MethodPipeline} runs them. */
  interface Reverse {
    Gradient.Reversed reverse(IrMethod ir, Differentiation diff, String label);
  }

  private final UserMethods users;
  private final Differentiation diff;
  private final Reverse reverse;

  ForwardModes(UserMethods users, Differentiation diff, Reverse reverse) {
    this.users = users;
    this.diff = diff;
    this.reverse = reverse;
  }

  /**
   * The methods {@code entry} asks for, from its lowered (not yet staged) IR: {@code lowered} with
   * its swapped buffers given copies, which the H·v method's backward pass needs (its copies {@code
   * swaps} made of its rotations' moves moved again where they can be, {@link RotationMoves}), and
   * {@code asWritten} with them swapped as the user wrote them, which is all the tangent method
   * needs, since it keeps nothing for later (no copy of a buffer a step).
   */
  ModeEmitter.Methods build(IrMethod lowered, IrMethod asWritten, Activity activity, GradientMethods.Entry entry,
      SwappedBuffers swaps) {
    Modes modes = entry.modes();
    if (!modes.hasTangent()) {
      return ModeEmitter.Methods.NONE;
    }
    String mode = modes.jacobian() && !modes.tangent() ? "Jacobian" : "tangent";
    Tangents.Program tangent =
        Tangents.of(asWritten, diff, activity, new CallTangents(users, false, lowered.name(), mode), false);
    List<Stmt> body = tangent.method().body().stmts();
    // Without its return, and without what neither the value nor its tangent reads.
    List<Stmt> tangentBody = DeadStores.remove(body.subList(0, body.size() - 1), List.of(),
        Set.of(tangent.value(), tangent.method().output())).forward();
    ModeEmitter.TangentMethod tangentMethod = new ModeEmitter.TangentMethod(
        tangent.method().params(), tangentBody, tangent.value(), tangent.method().output());
    ModeEmitter.HvpMethod hvp = null;
    if (modes.hessian()) {
      Tangents.Program program = Tangents.of(lowered, diff, activity,
          new CallTangents(users, true, lowered.name(), "Hessian-vector product"), true);
      Gradient.Reversed r = reverse.reverse(program.method(), diff, GeneratedNames.hvp(lowered.name()));
      Map<Variable, Expr> gradients = new LinkedHashMap<>();
      Map<Variable, Expr> products = new LinkedHashMap<>();
      List<Variable> wrt = lowered.wrtInOrder();
      for (int i = 0; i < wrt.size(); i++) {
        gradients.put(wrt.get(i), r.gradients().get(program.directions().get(i)));
        products.put(wrt.get(i), r.gradients().get(wrt.get(i)));
      }
      // What none of the results reads goes: the value, its copy and the two kinds of gradients.
      Set<Variable> returned = new HashSet<>(Set.of(program.value(), r.value()));
      gradients.values().forEach(g -> returned.addAll(Exprs.reads(g)));
      products.values().forEach(g -> returned.addAll(Exprs.reads(g)));
      DeadStores.Passes live = DeadStores.remove(r.forward(), r.backward(), returned);
      live = RotationMoves.apply(live.forward(), live.backward(), RotationMoves.withTangents(live.forward(),
          swaps.copiedMoves()), RotationMoves.withTangentBuffers(live.forward(), swaps.copiedBuffers()));
      List<Stmt> forward = new ArrayList<>(live.forward());
      Variable value = program.value();
      Stmt.Assign kept = (Stmt.Assign) forward.stream()
          .filter(s -> s instanceof Stmt.Assign a && a.target() == program.value()).findFirst().orElseThrow();
      if (kept.value() instanceof Expr.Ref ref) {
        // As for the gradient: a copy where the backward pass restores elements of the result's
        // array, the variable as it was where the pass restores the variable, else no copy at all.
        Expr keep = Gradient.keptValue(ref.var(), forward, live.backward());
        if (keep == null) {
          forward.remove(kept);
          value = ref.var();
        } else if (!(keep instanceof Expr.Ref)) {
          forward.set(forward.indexOf(kept), new Stmt.Assign(kept.target(), null, keep, true, kept.pos()));
        }
      }
      hvp = new ModeEmitter.HvpMethod(r.ir().params(), forward, live.backward(), gradients, products,
          value, r.value(), r.seed(), r.active());
    }
    return new ModeEmitter.Methods(lowered, entry.recordName(), modes, tangentMethod, hvp);
  }
}
